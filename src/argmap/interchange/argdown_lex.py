"""Argdown's tokens: the first stage of reading an Argdown document (https://argdown.org/syntax/).

The token kinds, their order and their context rules follow the lexer of ``@argdown/core`` 1.7
(the Argdown CLI that ``.ci/setup`` installs, MIT licence), so that argmap reads a document as the
Argdown tools do: at each position the first kind in :data:`ORDER` that matches wins; relation
symbols, statement numbers, list items and headings count only at the start of a line; a relation or
list line's indentation opens (``INDENT``) and closes (``DEDENT``) levels, and a blank line, a
statement number or an inference line closes them all; ``--`` at the start of a line opens an
inference, which ends at the next ``--``; comments (``//``, ``/* */``, ``<!-- -->``) are kept apart
with their places (argmap's own Argdown export keeps relation ids in them).

Positions are 1-based lines and columns counted in code points. Tokenising is one pass over the text,
linear in its length apart from the inline data ``{…}``, whose end is found by a bounded scan.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

from argmap.evidence.text import line_col, line_starts

#: Argdown's shortcodes (``.^.``, ``:heart:``, …) and the characters they stand for (from
#: @argdown/core's shortcodes table, MIT licence); each name is written ``.name.`` or ``:name:``.
SHORTCODES = {
    "A": "∀", "E": "∃", "O": "𝗢", "P": "𝗣", "->": "→", "<->": "↔", "~": "¬", "^": "∧", "v": "∨", "v_": "⊻",
    "<>": "◇", "[]": "◻", "happy": "😀", "smiley": "☺", "laugh": "😆", "lol": "😆", "rofl": "🤣",
    "joy": "😂", "heart": "❤", "?": "❓", "question": "❓", "love": "😍", "wink": "😉", "shush": "🤫",
    "meh": "😐", "eye-roll": "🙄", "sad": "😢", "disappointed": "😞", "scream": "😱", "+1": "👍",
    "up": "👍", "-1": "👎", "down": "👎", "think": "🤔", "star": "⭐", "y": "✔", "agree": "✔", "n": "❌",
    "disagree": "❌"}
SPECIAL = {**{f".{k}.": v for k, v in SHORTCODES.items()}, **{f":{k}:": v for k, v in SHORTCODES.items()},
           ".smile.": "☺", ":smile:": "☺️"}

_NL = "\r\n\u2028\u2029"  # what JavaScript's "." does not match
_DOT = f"[^{_NL}]"


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind (a name of :data:`ORDER`, or INDENT/DEDENT), the text it covers, and the
    1-based line and column where it starts."""

    kind: str
    image: str
    offset: int
    line: int
    column: int


_LINE_START = {
    "RELATION": re.compile(r"([ \t]*)(\+>|->|<?\+|<?-|><|_>|<_|_(?=\s))"),
    "INFERENCE_START": re.compile(r"[ \t]*-{2}"),
    "HEADING_START": re.compile(r"(#+) "),
    "STATEMENT_NUMBER": re.compile(r"[ \t]*\(\d+\)"),
    "ORDERED_LIST_ITEM": re.compile(r"([ \t]*)\d+\.(?=\s)"),
    "UNORDERED_LIST_ITEM": re.compile(r"([ \t]*)\*(?=\s)"),
}
_PLAIN = [
    ("LINK", re.compile(r"\[[^\]]+?\]\([^)]+?\)[ \t]?")),
    ("TAG", re.compile(r"#(?:\([^)]+\)|[a-zA-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+)[ \t]?")),
    ("STATEMENT_DEFINITION", re.compile(rf"\[{_DOT}+?\]:")),
    ("STATEMENT_REFERENCE", re.compile(rf"\[[^-]{_DOT}*?\]")),
    ("STATEMENT_MENTION", re.compile(rf"@\[{_DOT}+?\][ \t]?")),
    ("ARGUMENT_DEFINITION", re.compile(rf"<{_DOT}+?>:")),
    ("ARGUMENT_REFERENCE", re.compile(rf"<[^-]{_DOT}*?>")),
    ("ARGUMENT_MENTION", re.compile(rf"@<{_DOT}+?>[ \t]?")),
]
_RELATIONS = {"+>": "INCOMING_SUPPORT", "->": "INCOMING_ATTACK", "+": "OUTGOING_SUPPORT", "<+": "OUTGOING_SUPPORT",
              "-": "OUTGOING_ATTACK", "<-": "OUTGOING_ATTACK", "><": "CONTRADICTION", "_>": "INCOMING_UNDERCUT",
              "<_": "OUTGOING_UNDERCUT", "_": "OUTGOING_UNDERCUT"}
#: The relation token kinds (the symbol's meaning: docs/interchange.md).
RELATION_KINDS = frozenset(_RELATIONS.values())
_EMPTYLINE = re.compile(r"(?:[ \t]*(?:\r\n|\n)){2,}")
_NEWLINE = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
_FRONT_MATTER = re.compile(r"===+.*?===+", re.S)
_ESCAPED = re.compile(rf"\\{_DOT}(?: )*")
_SPECIAL = re.compile(r"\.[^\s]+?\.[ \t]?|:[^\s]+?:[ \t]?")
_SPACES = re.compile(r"[ \t]+")
_FREESTYLE = re.compile(r"[^\\@#*_\[\],.:;</>\-\r\n(){}]+")
_CONTROL = re.compile(r"[@#*_\[\],.:;</>\-(){}][ \t]?")
_INFERENCE_END = re.compile(r"-{2,}")
_EMPHASIS_START = [("**", re.compile(r"\*\*(?!\s)")), ("__", re.compile(r"__(?!\s)")),
                   ("*", re.compile(r"\*(?!\s)")), ("_", re.compile(r"_(?!\s)"))]
_END_AFTER = r"(?:[ \t]|(?=[\n\r)}_.,!?;:\-*]|$))"
_EMPHASIS_END = [("**", re.compile(r"\*\*" + _END_AFTER)), ("__", re.compile(r"__" + _END_AFTER)),
                 ("*", re.compile(r"\*" + _END_AFTER)), ("_", re.compile(r"_" + _END_AFTER))]
class _DataScan:
    """Where Argdown's inline data ``{…}`` ends, for every ``{`` of one text, in linear time overall.

    Argdown's ``Data`` token is the longest ``{…}`` that contains no ``}`` followed by a whitespace
    character and a character other than ``,``/``}``, and no line break that JavaScript's ``.``
    refuses (CR, U+2028, U+2029), and whose closing ``}`` is not followed by optional whitespace and
    ``,`` or ``}``. The two tables are built once, right to left."""

    def __init__(self, text: str) -> None:
        n = len(text)
        self.stop = array("q", [n]) * (n + 1)  # first position >= i where the content must stop (a '}' there may close)
        self.close = array("q", [-1]) * (n + 1)  # last position <= i of a '}' that may close data
        nxt = n
        for i in range(n - 1, -1, -1):
            ch = text[i]
            if ch in "\r\u2028\u2029":
                nxt = i - 1  # the content ends before it: a closing '}' may be at i - 1 at most
            elif ch == "}" and i + 2 < n and text[i + 1].isspace() and text[i + 2] not in ",}":
                nxt = i
            self.stop[i] = nxt
        follow = n  # the next non-whitespace character's position
        closable = bytearray(n)
        for i in range(n - 1, -1, -1):
            closable[i] = text[i] == "}" and (follow >= n or text[follow] not in ",}")
            if not text[i].isspace():
                follow = i
        last = -1
        for i in range(n):
            if closable[i]:
                last = i
            self.close[i] = last

    def end(self, start: int) -> int | None:
        """End offset (exclusive) of the data token opening at ``start``, or ``None``."""
        if start + 1 >= len(self.stop) - 1:
            return None
        stop = self.stop[start + 1]
        q = self.close[min(stop, len(self.close) - 2)] if stop >= start + 1 else -1
        return q + 1 if q > start else None


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.tokens: list[Token] = []
        self.comments: list[Token] = []
        self.indents = [0]
        self.emphasis: list[str] = []
        self.inference = False
        self.last_skipped_end = -1
        self.data: _DataScan | None = None
        self.closing: dict[str, int] = {}  # comment closer -> its next position (a cache)

    def data_end(self, pos: int) -> int | None:
        if self.data is None:
            self.data = _DataScan(self.text)
        return self.data.end(pos)

    def add(self, kind: str, start: int, end: int) -> None:
        line, col = line_col(self.starts, start)
        self.tokens.append(Token(kind, self.text[start:end], start, line, col))

    def last(self) -> str | None:
        return self.tokens[-1].kind if self.tokens else None

    def at_line_start(self, *, emptyline: bool = True) -> bool:
        last = self.last()
        return last is None or last == "NEWLINE" or (emptyline and last == "EMPTYLINE")

    def dedent_all(self, at: int) -> None:
        while len(self.indents) > 1:
            self.indents.pop()
            self.add("DEDENT", at, at)

    def indent_to(self, width: int, at: int) -> None:
        if width > self.indents[-1]:
            self.indents.append(width)
            self.add("INDENT", at, at)
        while len(self.indents) > 1 and width < self.indents[-1]:
            self.indents.pop()
            self.add("DEDENT", at, at)

    def comment_end(self, pos: int) -> int | None:
        """End of the comment that starts at ``pos`` (before its trailing line breaks), or ``None``."""
        text = self.text
        if text.startswith("//", pos):
            ends = [i for i in (text.find("\n", pos), text.find("\r", pos)) if i >= 0]
            return min(ends) if ends else None
        for opener, closer in (("/*", "*/"), ("<!--", "-->")):
            if text.startswith(opener, pos):
                at = self.closing.get(closer, -2)
                if at != -1 and at < pos + len(opener):
                    at = self.closing[closer] = text.find(closer, pos + len(opener))
                return at + len(closer) if at >= 0 else None
        return None

    def comment(self, pos: int) -> int | None:
        if self.text[pos] not in "/<" or (end := self.comment_end(pos)) is None:
            return None
        image = self.text[pos:end]
        if self.last() == "EMPTYLINE":
            end = re.compile(r"(?:[ \t]*(?:\r\n|\n|\r))*").match(self.text, end).end()
        elif self.last() == "NEWLINE":
            one = re.compile(r"[ \t]*(?:\r\n|\n|\r)(?![ \t]*(?:\r\n|\n|\r))").match(self.text, end)
            end = one.end() if one else end
        line, col = line_col(self.starts, pos)
        self.comments.append(Token("COMMENT", image, pos, line, col))
        self.last_skipped_end = end
        return end

    def step(self, pos: int) -> int:
        """Match one token (or skipped text) at ``pos``; the new position. Each kind is tried only
        where its first character is (the order of the kinds that may match is Argdown's)."""
        text = self.text
        ch = text[pos]
        if ch in "/<" and (end := self.comment(pos)) is not None:
            return end
        if self.inference:
            return self.step_inference(pos)
        if ch == "=" and (mt := _FRONT_MATTER.match(text, pos)) is not None:
            self.add("FRONT_MATTER", pos, mt.end())
            return mt.end()
        if ch == "{" and (end := self.data_end(pos)) is not None:
            self.add("DATA", pos, end)
            return end
        for kind, rx, first in (("ESCAPED_CHAR", _ESCAPED, "\\"), ("SPECIAL_CHAR", _SPECIAL, ".:")):
            if ch in first and (mt := rx.match(text, pos)) is not None:
                self.add(kind, pos, mt.end())
                return mt.end()
        if ch in " \t\r\n":
            if self.last() != "EMPTYLINE" and (mt := _EMPTYLINE.match(text, pos)) is not None:
                if mt.end() < len(text):
                    self.dedent_all(pos)
                self.add("EMPTYLINE", pos, mt.end())
                return mt.end()
            if (mt := _NEWLINE.match(text, pos)) is not None:
                self.add("NEWLINE", pos, mt.end())
                return mt.end()
        if self.at_line_start() and (end := self.line_start_token(pos)) is not None:
            return end
        return self.inline(pos)

    def line_start_token(self, pos: int) -> int | None:
        text = self.text
        if self.at_line_start(emptyline=False) and (mt := _LINE_START["INFERENCE_START"].match(text, pos)):
            self.dedent_all(pos)
            self.add("INFERENCE_START", pos, mt.end())
            self.inference = True
            return mt.end()
        if self.at_line_start() and (mt := _LINE_START["RELATION"].match(text, pos)):
            self.indent_to(len(mt.group(1)), pos)
            self.add(_RELATIONS[mt.group(2)], pos, mt.end())
            return mt.end()
        if self.at_line_start() and (mt := _LINE_START["HEADING_START"].match(text, pos)):
            self.add("HEADING_START", pos, mt.end())
            return mt.end()
        if self.at_line_start() and (mt := _LINE_START["STATEMENT_NUMBER"].match(text, pos)):
            self.dedent_all(pos)
            self.add("STATEMENT_NUMBER", pos, mt.end())
            return mt.end()
        for kind in ("ORDERED_LIST_ITEM", "UNORDERED_LIST_ITEM"):
            if self.at_line_start() and (mt := _LINE_START[kind].match(text, pos)):
                self.indent_to(len(mt.group(1)) + 1, pos)
                self.add(kind, pos, mt.end())
                return mt.end()
        return None

    def inline(self, pos: int) -> int:
        text = self.text
        if text[pos] not in "*_[#@<":
            return self.text_token(pos)
        if self.emphasis and self.tokens and self.last_skipped_end <= self.tokens[-1].offset + len(self.tokens[-1].image):
            mark, rx = next((m, r) for m, r in _EMPHASIS_END if m == self.emphasis[-1])
            if (mt := rx.match(text, pos)) is not None:
                self.emphasis.pop()
                self.add("EMPHASIS_END", pos, mt.end())
                return mt.end()
        for mark, rx in _EMPHASIS_START:
            if (mt := rx.match(text, pos)) is not None:
                self.emphasis.append(mark)
                self.add("EMPHASIS_START", pos, mt.end())
                return mt.end()
        for kind, rx in _PLAIN:
            if (mt := rx.match(text, pos)) is not None:
                self.add(kind, pos, mt.end())
                return mt.end()
        return self.text_token(pos)

    def text_token(self, pos: int) -> int:
        for kind, rx in (("SPACES", _SPACES), ("FREESTYLE", _FREESTYLE), ("CONTROL", _CONTROL)):
            if (mt := rx.match(self.text, pos)) is not None and mt.end() > pos:
                if kind == "SPACES":
                    self.last_skipped_end = mt.end()
                else:
                    self.add(kind, pos, mt.end())
                return mt.end()
        self.add("CONTROL", pos, pos + 1)  # a lone "\r" or other character no token takes
        return pos + 1

    def step_inference(self, pos: int) -> int:
        text = self.text
        if (mt := _NEWLINE.match(text, pos)) is not None:
            self.add("NEWLINE", pos, mt.end())
            return mt.end()
        for kind, rx in (("ESCAPED_CHAR", _ESCAPED), ("SPECIAL_CHAR", _SPECIAL), ("INFERENCE_END", _INFERENCE_END)):
            if (mt := rx.match(text, pos)) is not None:
                self.add(kind, pos, mt.end())
                if kind == "INFERENCE_END":
                    self.inference = False
                return mt.end()
        if text[pos] == "{" and (end := self.data_end(pos)) is not None:
            self.add("DATA", pos, end)
            return end
        if text[pos] == ",":
            self.add("LIST_DELIMITER", pos, pos + 1)
            return pos + 1
        return self.text_token(pos)


def tokenize(text: str) -> tuple[list[Token], list[Token]]:
    """The tokens of an Argdown document and its comments.

    Returns
    -------
    (tokens, comments)
        ``tokens`` in document order, with INDENT/DEDENT tokens for relation and list levels (every
        level opened is closed by the end); a final blank line is dropped. ``comments``: each comment
        with its place. Raises nothing: every character belongs to some token.
    """
    lexer = _Lexer(text)
    pos = 0
    while pos < len(text):
        pos = lexer.step(pos)
    if lexer.tokens and lexer.tokens[-1].kind == "EMPTYLINE":
        lexer.tokens.pop()
    lexer.dedent_all(len(text))
    return lexer.tokens, lexer.comments
