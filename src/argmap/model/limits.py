"""Resource limits: how much argmap reads from one untrusted input before it refuses it.

A map, an issues file, a manifest or an AIF file is written by a person or another tool, and a
hostile or broken one must not make argmap run out of memory or time (docs/security.md). Each limit
has a default generous enough for any real thesis and is overridable on the command line
(``argmap check --max-bytes … --max-depth … --max-nodes … --max-quote … --regex-timeout …``; the
same options on every command that loads maps).

=================  ==========  =====================================================  ==========
limit              default     what is counted                                         diagnostic
=================  ==========  =====================================================  ==========
``max_bytes``      20 MiB      size of one map or issues file, before it is read       L007
``max_source_bytes`` 64 MiB    size of one source text                                 E303
``max_depth``      64          nesting of YAML mappings and sequences                  L001
``max_nodes``      100,000     claims + inferences + attacks + quotes of one map       L009
``max_quote``      10,000      code points of one quote (longer ones are not searched) E312
``regex_timeout``  2.0 s       one manifest pattern applied to one source or quote     E313
=================  ==========  =====================================================  ==========

For scale: the largest map of the corpus (002, ``lin2013``) is 0.18 MB, nests 5 levels and has 462
nodes; the corpus's longest quote has 117 code points.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of one run (see the module docstring for the defaults and their diagnostics).

    Attributes
    ----------
    max_bytes : int
        Largest map or issues file read, in bytes (manifests: a quarter of it; AIF files: its own
        :data:`argmap.interchange.aif.MAX_AIF_BYTES`).
    max_source_bytes : int
        Largest source text read, in bytes (a 1,000-page thesis is about 3 MB of UTF-8).
    max_depth : int
        Deepest nesting of YAML collections accepted.
    max_nodes : int
        Most claims, inferences, attacks and quotes (together) one map may hold.
    max_quote : int
        Longest quote searched in its source, in Unicode code points.
    regex_timeout : float
        Longest time, in seconds, one manifest pattern (running head, footnote marker, page
        marker or break) may take on one text; patterns run with the ``regex`` module's
        ``timeout``.

    Raises
    ------
    ValueError
        A limit is not positive.
    """

    max_bytes: int = 20 * 1024 * 1024
    max_source_bytes: int = 64 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 100_000
    max_quote: int = 10_000
    regex_timeout: float = 2.0

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_source_bytes", "max_depth", "max_nodes", "max_quote", "regex_timeout"):
            value = getattr(self, name)
            if not value > 0 or value != value or value == float("inf"):
                raise ValueError(f"{name} must be positive, not {getattr(self, name)!r}")


#: The limits used when none are given.
DEFAULT_LIMITS = Limits()


class ReadRefused(OSError):
    """A file that :func:`read_bounded` will not read: not a regular file, or over the limit.

    Attributes
    ----------
    reason : str
        Why, with the fix (for a message after the file name).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.strerror = reason


def read_bounded(path: Path, max_bytes: int, *, option: str = "--max-bytes") -> bytes:
    """The bytes of the regular file ``path``, reading at most ``max_bytes`` (+1 to tell it is over).

    The size is not taken from ``stat`` (which says 0 for pipes and devices): a FIFO, a socket or a
    device such as ``/dev/zero`` is refused before it is opened (opening a FIFO would wait for a
    writer), and a regular file is read up to the limit only, so a file that grows while it is read
    cannot exhaust memory either.

    Raises
    ------
    IsADirectoryError
        ``path`` is a folder.
    ReadRefused
        ``path`` is not a regular file, or holds more than ``max_bytes`` bytes (the reason names
        ``option``, the command-line option that raises the limit).
    OSError
        It cannot be opened or read (missing, no permission, ...).
    """
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a folder, not a file", str(path))
    if not stat.S_ISREG(mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or
                stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise ReadRefused(f"is {kind}, not a regular file; give the path of a file")
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ReadRefused(f"file is over the limit of {max_bytes:,} bytes; split it into smaller files, "
                          f"or raise the limit with {option}")
    return data
