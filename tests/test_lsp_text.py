"""The language server's text helpers, in process: positions in the client's units (a character
beyond U+FFFF is 2 UTF-16 units, 4 UTF-8 units, 1 code point), how far a YAML token reaches, where
the cursor is in a half-typed document, and what folds."""

from __future__ import annotations

from lsprotocol import types as T

from argmap.lsp.convert import UTF8, UTF16, UTF32, Lines
from argmap.lsp.text import cursor_at, folding_ranges, token_end

ASTRAL = "𠀀"  # U+20000, CJK Extension B


def test_columns_in_each_encoding():
    text = f"  - id: C1\n    text: {ASTRAL}甲 乙\n"
    col = text.split("\n")[1].index("乙")  # code points: 4 + 6 + 1 + 1 + 1 = 13
    assert Lines(text, UTF32).position(1, col) == T.Position(1, 13)
    assert Lines(text, UTF16).position(1, col) == T.Position(1, 14)
    assert Lines(text, UTF8).position(1, col) == T.Position(1, 10 + 4 + 3 + 1)
    for enc in (UTF8, UTF16, UTF32):
        lines = Lines(text, enc)
        assert lines.from_client(lines.position(1, col)) == (1, col)
    # an offset edit becomes a range on the right line and column
    (edit,) = Lines(text, UTF16).edits([(text.index("乙"), text.index("乙") + 1, "丙")])
    assert edit.range == T.Range(T.Position(1, 14), T.Position(1, 15)) and edit.new_text == "丙"


def test_token_extents():
    lines = ['  - quote: "a \\" b"  # c', "    premises: [A1, B2]", "    note: |", "      one", "      two",
             "    text: plain words # comment", "    key: value", "    q: 'it''s", "      more'"]
    assert token_end(lines, 0, 11) == (0, 19)  # a quoted scalar with an escaped quote
    assert token_end(lines, 1, 14) == (1, 22)  # a flow list
    assert token_end(lines, 1, 19) == (1, 21)  # an item inside it
    assert token_end(lines, 2, 10) == (4, 9)  # a block scalar: to its last line
    assert token_end(lines, 5, 10) == (5, 21)  # a plain scalar, before the comment
    assert token_end(lines, 6, 4) == (6, 7)  # a key, before its colon
    assert token_end(lines, 7, 7) == (8, 11)  # a single-quoted scalar across lines, '' inside
    assert token_end(lines, 99, 0) == (99, 0)  # outside the text: itself


def test_cursor_in_half_typed_text():
    lines = ["claims:", "  - id: T", "    evidence:", "      - quote: 甲", "        sou", "    links: [{to: m#",
             "inferences:", "  - id: I1", "    premises:", "      - "]
    c = cursor_at(lines, 4, 11)
    assert c.keys == ("claims", "evidence") and c.in_key and c.word == "sou"
    c = cursor_at(lines, 5, 21)
    assert c.keys == ("claims", "links", "to") and not c.in_key
    c = cursor_at(lines, 9, 8)
    assert c.keys == ("inferences", "premises") and not c.in_key and c.word == ""
    c = cursor_at(lines, 3, 16)
    assert c.keys == ("claims", "evidence", "quote") and c.word == "甲"


def test_folding_by_indentation():
    lines = ["claims:", "  - id: T", "    text: x", "", "  - id: U", "    text: y", "note: z"]
    assert folding_ranges(lines) == [(0, 5), (1, 2), (4, 5)]
