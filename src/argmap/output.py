"""Writing output files atomically, and reporting diagnostics as text or JSON."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

from argmap.diagnostics import Diagnostic


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an atomic rename,
    so that an interrupted write leaves the previous file intact and no partial file behind.

    Raises
    ------
    OSError
        The folder is not writable (the temporary file is removed).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
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


def text_report(diagnostics: Iterable[Diagnostic]) -> str:
    """One line per diagnostic, ``file:line:col: severity CODE message``."""
    return "".join(f"{d}\n" for d in diagnostics)


def json_report(diagnostics: Iterable[Diagnostic], **summary: object) -> str:
    """``{"diagnostics": [...], "summary": {...}}`` as indented JSON (UTF-8, not ASCII-escaped)."""
    items = [d.to_dict() for d in diagnostics]
    return json.dumps({"diagnostics": items, "summary": summary}, ensure_ascii=False, indent=2) + "\n"
