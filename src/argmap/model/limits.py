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
``max_depth``      64          nesting of YAML mappings and sequences                  L001
``max_nodes``      100,000     claims + inferences + attacks + quotes of one map       L009
``max_quote``      10,000      code points of one quote (longer ones are not searched) E312
``regex_timeout``  2.0 s       one manifest pattern applied to one source or quote     E313
=================  ==========  =====================================================  ==========

For scale: the largest map of the corpus (002, ``lin2013``) is 0.18 MB, nests 5 levels and has 462
nodes; the corpus's longest quote has 117 code points.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of one run (see the module docstring for the defaults and their diagnostics).

    Attributes
    ----------
    max_bytes : int
        Largest map or issues file read, in bytes (manifests: a quarter of it; AIF files: its own
        :data:`argmap.interchange.aif.MAX_AIF_BYTES`).
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
    max_depth: int = 64
    max_nodes: int = 100_000
    max_quote: int = 10_000
    regex_timeout: float = 2.0

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_depth", "max_nodes", "max_quote", "regex_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)!r}")


#: The limits used when none are given.
DEFAULT_LIMITS = Limits()
