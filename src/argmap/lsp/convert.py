"""Positions between argmap and LSP.

argmap counts 1-based lines and columns in Unicode code points; LSP counts 0-based lines and
columns in the *client's* code units (UTF-16 unless the client and server agree on UTF-8 or
UTF-32: LSP 3.17 ``general.positionEncodings``). A character beyond U+FFFF (a CJK Extension B
character, say) is two UTF-16 units and four UTF-8 units but one code point, so every column that
crosses the wire is converted with the line it is on.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable

from lsprotocol import types

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

UTF8, UTF16, UTF32 = types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf32


def units(text: str, encoding: str) -> int:
    """Length of ``text`` in the code units of ``encoding``."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + len(_ASTRAL.findall(text))


class Lines:
    """A text's lines, for converting positions (code points ↔ client units, offsets ↔ lines)."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.encoding = encoding
        self._starts: list[int] | None = None
        self._simple = encoding == UTF32 or (text.isascii() if encoding == UTF8 else not _ASTRAL.search(text))

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            starts, at = [0], 0
            for line in self.lines[:-1]:
                at += len(line) + 1
                starts.append(at)
            self._starts = starts
        return self._starts

    def line(self, i: int) -> str:
        return self.lines[i] if 0 <= i < len(self.lines) else ""

    def position(self, line: int, col: int) -> types.Position:
        """The LSP position of 0-based ``line`` and code-point ``col`` (clamped to the text)."""
        line = max(0, min(line, len(self.lines) - 1))
        text = self.lines[line]
        col = max(0, min(col, len(text)))
        return types.Position(line, col if self._simple else units(text[:col], self.encoding))

    def range(self, start: tuple[int, int], end: tuple[int, int]) -> types.Range:
        return types.Range(self.position(*start), self.position(*end))

    def from_client(self, pos: types.Position) -> tuple[int, int]:
        """0-based (line, code-point column) of an LSP position (clamped to the text)."""
        line = max(0, min(pos.line, len(self.lines) - 1))
        text = self.lines[line]
        if self._simple:
            return line, max(0, min(pos.character, len(text)))
        count = 0
        for i, ch in enumerate(text):
            if count >= pos.character:
                return line, i
            count += units(ch, self.encoding)
        return line, len(text)

    def offset(self, line: int, col: int) -> int:
        """Code-point offset of 0-based (line, col)."""
        line = max(0, min(line, len(self.lines) - 1))
        return self.starts[line] + min(col, len(self.lines[line]))

    def at_offset(self, offset: int) -> tuple[int, int]:
        """0-based (line, col) of a code-point offset."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i, offset - self.starts[i]

    def edits(self, edits: Iterable[tuple[int, int, str]]) -> list[types.TextEdit]:
        """LSP text edits of ``(start, end, new text)`` code-point offset edits."""
        return [types.TextEdit(self.range(self.at_offset(a), self.at_offset(b)), new) for a, b, new in edits]
