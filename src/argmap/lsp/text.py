"""What the language server reads from the text itself, without a parse: how far a YAML token
reaches, where the cursor is in the document's structure, and which lines fold.

Everything here works on a list of lines (``text.split("\\n")``) with 0-based line indexes and
columns counted in Unicode code points, and never raises on any text: a half-typed or broken
document still gets completion, hover and folding from its indentation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: How far a quoted scalar or a flow collection is followed across lines.
MAX_TOKEN_LINES = 200

_KEY = re.compile(r"((?:- +)*)([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(?:[ \t]+|$)")
_WORD_STOP = " \t,[]{}#\"':"


def indent(line: str) -> int:
    """Leading spaces of ``line``."""
    return len(line) - len(line.lstrip(" "))


def quiet(line: str) -> bool:
    """Blank, or a comment only."""
    s = line.strip()
    return not s or s.startswith("#")


def _quoted_end(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """The position just after the quoted scalar that starts at (line, col)."""
    q = lines[line][col]
    l, c = line, col + 1
    while l < len(lines) and l < line + MAX_TOKEN_LINES:
        text = lines[l]
        while c < len(text):
            ch = text[c]
            if q == '"' and ch == "\\":
                c += 2
                continue
            if ch == q:
                if q == "'" and text[c + 1:c + 2] == "'":
                    c += 2
                    continue
                return (l, c + 1)
            c += 1
        l, c = l + 1, 0
    return (line, len(lines[line]))


def _flow_end(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """The position just after the flow collection that opens at (line, col)."""
    depth, l, c = 0, line, col
    while l < len(lines) and l < line + MAX_TOKEN_LINES:
        text = lines[l]
        while c < len(text):
            ch = text[c]
            if ch in "\"'":
                end = _quoted_end(lines, l, c)
                if end[0] != l:
                    l, c = end
                    text = lines[l]
                    continue
                c = end[1]
                continue
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
                if depth == 0:
                    return (l, c + 1)
            elif ch == "#" and (c == 0 or text[c - 1] in " \t"):
                break
            c += 1
        l, c = l + 1, 0
    return (line, len(lines[line]))


def _in_flow(text: str, col: int) -> bool:
    """Whether column ``col`` of ``text`` lies inside ``[...]`` or ``{...}`` opened on that line."""
    depth, quote = 0, ""
    for ch in text[:col]:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(0, depth - 1)
    return depth > 0


def token_end(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """The 0-based position just after the YAML token that starts at (``line``, ``col``): a quoted
    scalar (to its closing quote, across lines), a flow collection (to its bracket), a block scalar
    indicator (to the last line of its block), a key (to before its colon), or a plain scalar (to
    the end of the line, before a comment, or before ``,]}`` inside a flow collection). A position
    outside the text gives itself."""
    if not 0 <= line < len(lines) or not 0 <= col < len(lines[line]):
        return (line, col)
    text = lines[line]
    ch = text[col]
    if ch in "\"'":
        return _quoted_end(lines, line, col)
    if ch in "[{":
        return _flow_end(lines, line, col)
    if ch in "|>" and (col + 1 == len(text) or text[col + 1] in " \t-+0123456789#"):
        base, last = indent(text), line
        for l in range(line + 1, min(len(lines), line + 10_000)):
            if lines[l].strip() and indent(lines[l]) <= base:
                break
            if lines[l].strip():
                last = l
        return (last, len(lines[last])) if last != line else (line, len(text.rstrip()))
    flow = _in_flow(text, col)
    end = len(text)
    for i in range(col, len(text)):
        c = text[i]
        if c == "#" and i > col and text[i - 1] in " \t":
            end = i
            break
        if c == ":" and (i + 1 == len(text) or text[i + 1] in " \t"):
            end = i
            break
        if flow and c in ",]}":
            end = i
            break
    return (line, len(text[:end].rstrip()))


@dataclass(frozen=True)
class Cursor:
    """Where a position is in the document, read from indentation (works on broken YAML).

    Attributes
    ----------
    keys : tuple[str, ...]
        The keys from the top down to the key the position is under (the current line's own key
        last when the position is in its value), list indexes left out: ``("claims", "evidence",
        "source")``.
    in_key : bool
        The position is where a key is written (a line holding only a word being typed, or the key
        itself), not in a value.
    word : str
        The token under or just before the position (bounded by spaces, ``,[]{}#`` and quotes).
    start, end : int
        0-based columns of ``word`` on the line.
    key_col : int
        0-based column of the keys of the mapping the position is in (for :func:`sibling_value`).
    """

    keys: tuple[str, ...]
    in_key: bool
    word: str
    start: int
    end: int
    key_col: int = 0


def word_at(text: str, col: int) -> tuple[str, int, int]:
    """The word of ``text`` around column ``col`` (see :class:`Cursor`), with its columns."""
    col = max(0, min(col, len(text)))
    start = col
    while start > 0 and text[start - 1] not in _WORD_STOP:
        start -= 1
    end = col
    while end < len(text) and text[end] not in _WORD_STOP:
        end += 1
    return text[start:end], start, end


def line_key(text: str) -> tuple[int, int, str | None, int]:
    """(column of the first ``-`` of the line's item markers or -1, column of its key or of its
    content, its key or ``None``, column where its value starts)."""
    body = indent(text)
    m = _KEY.match(text, body)
    dash = body if text[body:body + 1] == "-" and text[body + 1:body + 2] in ("", " ") else -1
    if m is None:
        content = body
        while text[content:content + 1] == "-" and text[content + 1:content + 2] in ("", " "):
            content = indent_after(text, content + 1)
        return dash, content, None, content
    return dash, m.start(2), m.group(2), m.end()


def indent_after(text: str, col: int) -> int:
    """The first column at or after ``col`` that is not a space."""
    while col < len(text) and text[col] == " ":
        col += 1
    return col


def cursor_at(lines: list[str], line: int, col: int) -> Cursor:
    """The :class:`Cursor` at 0-based (``line``, ``col``)."""
    if not 0 <= line < len(lines):
        return Cursor((), True, "", col, col)
    text = lines[line]
    word, ws, we = word_at(text, col)
    dash, key_col, key, value_col = line_key(text)
    if key is not None and col > key_col + len(key):
        own: tuple[str, ...] = (key,)
        in_key = False
        target = key_col
    elif key is not None:
        own, in_key, target = (), True, key_col
    else:
        # no key on the line: a list entry ("- C1"), a word being typed as a key, or a continuation
        content = value_col
        in_key = dash < 0 and not _in_flow(text, col) and ":" not in text[content:col]
        own, target = (), (content if content < len(text) or dash >= 0 else min(col, content))
        if dash >= 0:
            in_key = False
            target = dash
    key_col = key_col if key is not None else (target if dash < 0 else -1)
    parents = _parents(lines, line, target, dash if dash >= 0 else -1)
    inner = _flow_key(text, col) if own and _in_flow(text, col) else None
    if inner is not None:  # inside "links: [{to: ...}]": the key of the flow mapping
        own, in_key = own + (inner[0],), inner[1]
    return Cursor(tuple(parents) + own, in_key, word, ws, we, key_col)


_FLOW_KEY = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*(:?)[^:]*$")


def _flow_key(text: str, col: int) -> tuple[str, bool] | None:
    """Inside a flow mapping on the line: (the key before the cursor, whether the cursor is still
    in that key); ``None`` when the innermost collection there is a list."""
    head = text[:col]
    cut = max(head.rfind("{"), head.rfind(","), head.rfind("["))
    if cut < 0 or head[cut] == "[" or (head[cut] == "," and head.rfind("{") < head.rfind("[")):
        return None
    m = _FLOW_KEY.match(head, cut + 1)
    if m is None:
        return None
    return m.group(1), not m.group(2)


def _parents(lines: list[str], line: int, target: int, dash: int) -> list[str]:
    """The keys of the mappings that hold a key at column ``target`` on ``line``, top down."""
    out: list[str] = []
    if dash >= 0:
        target = dash
    for l in range(line - 1, -1, -1):
        text = lines[l]
        if quiet(text):
            continue
        d, kc, key, _vc = line_key(text)
        if key is not None and kc < target:
            out.append(key)
            target = d if d >= 0 else kc
        elif d >= 0 and d < target:
            target = d
        if target == 0:
            break
    out.reverse()
    return out


def sibling_value(lines: list[str], line: int, key_col: int, key: str) -> str | None:
    """The plain value of ``key`` in the mapping whose keys sit at column ``key_col`` and that holds
    0-based ``line`` (searched up to that mapping's first key and down to its last)."""
    if not 0 <= line < len(lines) or key_col < 0:
        return None
    for step in (-1, 1):
        l = line
        while 0 <= l < len(lines) and abs(l - line) < 500:
            text = lines[l]
            d, c, k, v = line_key(text)
            if not quiet(text):
                if k == key and c == key_col:
                    return text[v:].split("#", 1)[0].strip().strip("\"'") or None
                if (d >= 0 and d < key_col and l != line and step == 1) or indent(text) < key_col and d < 0:
                    break
                if d >= 0 and d < key_col and step == -1:
                    break
            l += step
    return None


def folding_ranges(lines: list[str]) -> list[tuple[int, int]]:
    """0-based (first line, last line) of every block that spans several lines: a line followed by
    lines indented deeper (blank and comment lines inside count; trailing ones do not)."""
    out: list[tuple[int, int]] = []
    stack: list[tuple[int, int]] = []  # (indent, line) of the open blocks
    last_content = -1
    for l, text in enumerate(lines):
        if quiet(text):
            continue
        ind = indent(text)
        while stack and stack[-1][0] >= ind:
            _i, start = stack.pop()
            if last_content > start:
                out.append((start, last_content))
        stack.append((ind, l))
        last_content = l
    while stack:
        _i, start = stack.pop()
        if last_content > start:
            out.append((start, last_content))
    return sorted(out)
