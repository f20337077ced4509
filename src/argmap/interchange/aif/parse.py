"""Reading an AIF JSON file: size limit, UTF-8, JSON, and where each node and edge is written (for
diagnostics at the file's line and column)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from argmap.evidence.text import line_col, line_starts
from argmap.load.loader import _read
from argmap.model.diagnostics import Diagnostic

#: Largest AIF file `read_aif` accepts (AIFdb's biggest graphs are a few MB).
MAX_AIF_BYTES = 50 * 1024 * 1024


def read_aif(path: Path, *, max_bytes: int = MAX_AIF_BYTES) -> tuple[Any, str] | Diagnostic:
    """Read and parse an AIF JSON file.

    Returns
    -------
    (data, text)
        The parsed JSON and the decoded text (UTF-8; a BOM is accepted).
    Diagnostic
        ``X501`` (unusable input) when the file cannot be read, is larger than ``max_bytes``, is not
        UTF-8 or not JSON; the position is where the JSON parser gave up.
    """
    got = _read(path, max_bytes)  # the maps' reader: size limit, unreadable file, UTF-8 position
    if isinstance(got, Diagnostic):
        return Diagnostic("X501", got.message, got.file, got.line or 1, got.column or 1)
    text, file = got
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Diagnostic("X501", f"not JSON: {exc.msg}", file, exc.lineno, exc.colno)
    except RecursionError:
        return Diagnostic("X501", "not usable JSON: nested too deeply", file, 1, 1)
    return data, text


class Places:
    """1-based line and column of each node and edge in the JSON text, found by the position of
    its ``"nodeID"``/``"edgeID"`` key (the first occurrence of each id: ``nodes`` and ``edges`` come
    before ``locutions`` in every AIF writer we know)."""

    _KEY = re.compile(r'"(nodeID|edgeID)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+))')

    def __init__(self, text: str) -> None:
        self.starts = line_starts(text)
        self.where: dict[tuple[str, str], int] = {}
        for mt in self._KEY.finditer(text):
            value = mt.group(2) if mt.group(2) is not None else mt.group(3)
            try:
                value = json.loads(f'"{value}"')
            except ValueError:
                pass
            self.where.setdefault((mt.group(1), value), mt.start())

    def node(self, nid: str) -> tuple[int, int]:
        where = self.where.get(("nodeID", nid))
        return line_col(self.starts, where) if where is not None else (1, 1)

    def edge(self, eid: str) -> tuple[int, int]:
        where = self.where.get(("edgeID", eid))
        return line_col(self.starts, where) if where is not None else (1, 1)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(value: Any) -> Any:
    """``value`` with every string's lone surrogates (JSON allows ``"\\ud800"``, UTF-8 and YAML do
    not) replaced by U+FFFD, and split surrogate pairs joined, so that the map can be written and
    read back."""
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if isinstance(value, list):
        return [without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    return value
