"""Writing output files atomically, and reporting diagnostics as text or JSON."""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable

from argmap.model.diagnostics import Diagnostic


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an atomic rename,
    so that an interrupted write leaves the previous file intact and no partial file behind.

    Raises
    ------
    OSError
        The folder is not writable, the disk is full, the name is too long, ... (the temporary
        file is removed). Its ``filename`` is ``path``, never the temporary file's name.
    """
    try:
        _write_atomic(path, data)
    except OSError as exc:
        if exc.filename == str(path) and exc.filename2 is None:
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file stands where a folder of the path should be
        blocking = next((p for p in (path.parent, *path.parent.parents) if p.exists() and not p.is_dir()), path.parent)
        raise NotADirectoryError(errno.ENOTDIR, f"{blocking} is a file, not a folder", str(path)) from None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


#: Characters that must not reach a terminal raw: C0 controls but tab and line feed (ESC starts the
#: escape sequences that retitle, recolour or rewrite a terminal), DEL, C1 controls, and the bidi
#: embeddings, overrides and isolates that reorder what a line appears to say (CVE-2021-42574).
_NOT_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NOT_FOR_ONE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with the characters of :data:`_NOT_FOR_TERMINAL` written as visible escapes
    (``\\x1b``, ``\\u202e``), so map text printed to a terminal is shown, never obeyed. With
    ``one_line``, line feeds are escaped too (``\\x0a``)."""
    pattern = _NOT_FOR_ONE_LINE if one_line else _NOT_FOR_TERMINAL

    def visible(m: re.Match[str]) -> str:
        c = ord(m.group())
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    return pattern.sub(visible, text)


def text_report(diagnostics: Iterable[Diagnostic]) -> str:
    """One line per diagnostic, ``file:line:col: severity CODE message``; control and bidi characters
    from the maps are written as visible escapes (:func:`terminal_safe`), so each diagnostic stays
    one line and a hostile quote cannot drive the terminal."""
    return "".join(terminal_safe(str(d), one_line=True) + "\n" for d in diagnostics)


def json_report(diagnostics: Iterable[Diagnostic], **summary: object) -> str:
    """``{"diagnostics": [...], "summary": {...}}`` as indented JSON (UTF-8, not ASCII-escaped)."""
    items = [d.to_dict() for d in diagnostics]
    return json.dumps({"diagnostics": items, "summary": summary}, ensure_ascii=False, indent=2) + "\n"


class Progress:
    """A progress bar on standard error for long runs (loading, checking, rendering many maps).

    Shown only when standard error is a terminal, ``TERM`` is not ``dumb`` and the environment
    variable ``CI`` is unset or empty (GitHub Actions, GitLab CI and most others set ``CI=true``), so
    logs, pipes and CI output stay clean. Call the object as ``progress(label)`` to get a callback
    ``update(done, total)`` for one phase; a phase with fewer than ``minimum`` items draws nothing.
    The bar is click's (:func:`click.progressbar`)."""

    def __init__(self, minimum: int = 2) -> None:
        import os
        import sys

        self.enabled = (sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
                        and not os.environ.get("CI"))
        self.minimum = minimum

    def shows(self, total: int) -> bool:
        """Whether a phase of ``total`` items draws a bar (then per-item messages would break it)."""
        return self.enabled and total >= self.minimum

    def __call__(self, label: str):  # type: ignore[no-untyped-def]
        """The ``update(done, total)`` callback of a phase named ``label``."""
        import click

        state: dict[str, object] = {}

        def update(done: int, total: int) -> None:
            if not self.shows(total):
                return
            bar = state.get("bar")
            if bar is None:
                bar = click.progressbar(length=total, label=label, file=click.get_text_stream("stderr"),
                                        show_pos=True, show_percent=True, show_eta=True, width=30)
                bar.render_progress()
                state["bar"] = bar
            bar.update(done - bar.pos)  # type: ignore[attr-defined]
            if done >= total:
                bar.render_finish()  # type: ignore[attr-defined]

        return update
