"""Plain-text primitives of source texts: whitespace, lines and columns, spans, joined lines.

Offsets are code-point offsets into the decoded text (``end`` exclusive); lines and columns are
1-based, and lines end at ``"\\n"`` (see :mod:`argmap.evidence.sources`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_NON_SPACE = re.compile(r"\S+")


def strip_space(text: str) -> str:
    """``text`` without any whitespace characters."""
    return "".join(_NON_SPACE.findall(text))


def line_starts(text: str) -> list[int]:
    """Code-point offset of the start of each line of ``text`` (``[0, …]``; lines end with ``\\n``)."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def line_col(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of code-point ``offset``, given :func:`line_starts` of the text."""
    i = bisect.bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


@dataclass(frozen=True, slots=True)
class Span:
    """An occurrence in the original text: ``start``/``end`` code-point offsets (``end`` exclusive),
    1-based ``line`` and ``column`` of ``start``, and the 1-based line of the last character."""

    start: int
    end: int
    line: int
    column: int
    end_line: int


def join_lines(text: str) -> str:
    """``text`` with each whitespace run removed when it holds a line break and touches a
    non-ASCII (CJK) character, and collapsed to one space otherwise: how a passage broken across
    lines reads as one line ("Limited\\nbalance" keeps its space, "中\\n亞" does not)."""

    def repl(m: re.Match[str]) -> str:
        if "\n" not in m.group():
            return " "
        a = text[m.start() - 1] if m.start() > 0 else ""
        b = text[m.end()] if m.end() < len(text) else ""
        return "" if (not a or not b or not a.isascii() or not b.isascii()) else " "

    return re.sub(r"\s+", repl, text).strip()
