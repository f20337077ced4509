"""Source texts and whitespace-insensitive quote search.

A scholar copies a sentence from a PDF viewer; the extracted text breaks it across lines (and, in
002, across page breaks of blank lines). Format version 1 therefore matches a quote after removing
all whitespace (``str.isspace``: spaces, tabs, line breaks, U+3000) from both quote and source, and
maps every match back to **code-point offsets of the original file** (agreeing with Python ``str``
indexing) and to 1-based line and column.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path

_NON_SPACE = re.compile(r"\S+")


def strip_space(text: str) -> str:
    """``text`` without any whitespace characters."""
    return "".join(_NON_SPACE.findall(text))


@dataclass(frozen=True, slots=True)
class Span:
    """An occurrence in the original text: ``start``/``end`` code-point offsets (``end`` exclusive),
    1-based ``line`` and ``column`` of ``start``, and the 1-based line of the last character."""

    start: int
    end: int
    line: int
    column: int
    end_line: int


@dataclass(frozen=True)
class SourceText:
    """One source file's text, indexed for matching.

    Attributes
    ----------
    text : str
        The file as decoded (BOM removed).
    squeezed : str
        ``text`` with all whitespace removed.
    offsets : array
        ``offsets[i]`` is the offset in ``text`` of ``squeezed[i]``.
    """

    text: str
    squeezed: str = field(init=False, repr=False)
    offsets: array = field(init=False, repr=False)
    line_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        chunks: list[str] = []
        offsets = array("l")
        for m in _NON_SPACE.finditer(self.text):
            chunks.append(m.group())
            offsets.extend(range(m.start(), m.end()))
        object.__setattr__(self, "squeezed", "".join(chunks))
        object.__setattr__(self, "offsets", offsets)
        starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        object.__setattr__(self, "line_starts", starts)

    @classmethod
    def read(cls, path: Path) -> "SourceText":
        """Read a UTF-8 file (a BOM is dropped).

        Raises
        ------
        OSError
            The file cannot be opened or read.
        UnicodeDecodeError
            The file is not UTF-8.
        """
        return cls(path.read_bytes().decode("utf-8-sig"))

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of code-point ``offset``."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def span(self, start: int, end: int) -> Span:
        line, col = self.line_col(start)
        end_line = self.line_col(max(start, end - 1))[0]
        return Span(start, end, line, col, end_line)

    def find_all(self, quote: str, limit: int = 1000) -> list[Span]:
        """Every occurrence of ``quote``, whitespace ignored on both sides, as original spans.

        Returns an empty list when the quote is not found or is only whitespace."""
        needle = strip_space(quote)
        if not needle:
            return []
        out: list[Span] = []
        i = self.squeezed.find(needle)
        while i != -1 and len(out) < limit:
            out.append(self.span(self.offsets[i], self.offsets[i + len(needle) - 1] + 1))
            i = self.squeezed.find(needle, i + 1)
        return out

    def matches_at(self, quote: str, start: int, end: int) -> bool:
        """True when ``text[start:end]`` equals ``quote`` with whitespace ignored."""
        return 0 <= start <= end <= len(self.text) and strip_space(self.text[start:end]) == strip_space(quote)
