"""Parse a map again after an edit by parsing only the list items that changed.

A map is a top-level mapping whose large values are block lists (``claims:``, ``inferences:``,
``attacks:``, ``positions:``). :class:`ChunkedParser` cuts the text into the **glue** (the text with
the items of those lists removed) and one **chunk** per list item, parses each piece on its own with
:func:`argmap.load.yamlsafe.parse`, and keeps the result of every piece by its text; after a one-line
edit only the edited item (and the glue, when the edit is there) is parsed again. The pieces are put
together into the :class:`~argmap.load.yamlsafe.Located` a parse of the whole text gives: the same
data, and the same 1-based line and column for every value and key.

Why the pieces parse as the whole does: the glue is the text with each item line blanked and the
list's key line written ``key: []``; its parse must give ``key`` the empty list at that very place,
so the key is a real top-level key (not inside a quoted scalar or a flow collection that began
earlier). An item chunk runs from its ``- `` line (at the list's column *k*) to the next one; every
other line in it is blank, a comment, or indented more than *k*, so in the whole text nothing in it
ends the list early, and nothing outside it continues into it. Each chunk must parse alone as a list
of exactly one item: a quoted scalar, flow collection or block scalar that does not end inside its
chunk makes that parse fail. Whenever anything is unusual (a parse of a piece fails, a line break
other than LF, a byte order mark, a tab in the indentation, no such list), the whole text is parsed
instead, so a problem is always reported as a parse of the whole reports it, at the same place.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from argmap.load.yamlsafe import Located, YamlProblem, parse

# The patterns below match from the line break before a line ("\n" is found fast; a pattern that
# starts with "^" in multi-line mode is tried at every character): the text is searched with a
# line break put in front of it, so offsets in it are those of the text plus one.

#: A top-level key that opens a block (nothing after the colon but a comment).
_TOP_KEY = re.compile(r"\n([A-Za-z_][A-Za-z0-9_-]*):[ \t]*(?:#[^\n]*)?(?=\n|$)")
_QUIET_LINES = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*")
_UNUSUAL = re.compile("[\r\x85\u2028\u2029\ufeff]|\n *\t")

Path = tuple[Any, ...]


@functools.cache
def _item(k: int) -> re.Pattern[str]:
    """A list item's first line at column ``k`` (0-based), from the line break before it."""
    return re.compile(rf"\n {{{k}}}-(?= |\n|$)")


@functools.cache
def _end(k: int) -> re.Pattern[str]:
    """The first line that ends a list whose items are at column ``k``: not blank, not a comment,
    indented ``k`` or less, and not an item."""
    return re.compile(rf"\n(?! {{{k + 1}}})(?! {{{k}}}-(?: |\n|$))(?=[ ]*[^ \n#])")


def regions(text: str) -> list[tuple[int, str, int, list[int], int]]:
    """The block lists of the top-level mapping of ``text``: ``(offset of the key's line, key,
    column k of the items, offsets of the items' first lines, offset where the list ends)``."""
    out = []
    nl = "\n" + text  # offset i in nl is offset i - 1 in text; a line starts after each "\n"
    pos = 0
    while True:
        m = _TOP_KEY.search(nl, pos)
        if m is None:
            return out
        if m.end() >= len(nl):
            return out
        first = _QUIET_LINES.match(nl, m.end() + 1).end()  # the first line after the key's that says something
        eol = nl.find("\n", first)
        line = nl[first:eol if eol >= 0 else len(nl)]
        k = len(line) - len(line.lstrip(" "))
        if first >= len(nl) or not _item(k).match(nl, first - 1):
            pos = m.end()
            continue
        stop = _end(k).search(nl, first)
        end = stop.start() if stop else len(nl) - 1
        items = [x.start() for x in _item(k).finditer(nl, first - 1, end + 1)]
        out.append((m.start(), m.group(1), k, items, end))
        pos = end


#: Per list key, per item: (line offset of the item's first line, positions relative to it).
_Lists = dict[str, list[tuple[int, Mapping[Path, tuple[int, int]]]]]


class _Positions(Mapping[Path, tuple[int, int]]):
    """The glue's positions and each chunk's, shifted to the chunk's place, as one mapping; a
    lookup costs about what a dict lookup costs, and nothing is copied when the pieces are put
    together. ``heads`` overrides the glue (the place of each list itself)."""

    def __init__(self, glue: Mapping[Path, tuple[int, int]], lists: _Lists, heads: dict[Path, tuple[int, int]]) -> None:
        self._glue, self._lists, self._heads = glue, lists, heads

    def __getitem__(self, path: Path) -> tuple[int, int]:
        if len(path) >= 2 and path[0] in self._lists:
            items = self._lists[path[0]]
            idx = path[1]
            if type(idx) is not int or not 0 <= idx < len(items):
                raise KeyError(path)
            offset, rel = items[idx]
            line, col = rel[path[2:]]
            return (line + offset, col)
        if path in self._heads:
            return self._heads[path]
        return self._glue[path]

    def __contains__(self, path: object) -> bool:
        try:
            self[path]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[Path]:
        yield from self._glue
        for path in self._heads:
            if path not in self._glue:
                yield path
        for key, items in self._lists.items():
            for idx, (_offset, rel) in enumerate(items):
                for suffix in rel:
                    yield (key, idx) + suffix

    def __len__(self) -> int:
        return sum(1 for _ in self)


class ChunkedParser:
    """``parser(text, max_depth)``: :func:`argmap.load.yamlsafe.parse` of ``text``, reusing the
    pieces of the previous call that did not change (module docstring). One per document; it keeps
    only the pieces of its last text. Raises :class:`~argmap.load.yamlsafe.YamlProblem` exactly as
    ``parse`` does (a text with a problem is always parsed whole). The result's ``values`` and
    ``keys`` are read-only mappings (not dicts) with the same content as ``parse``'s.

    Attributes
    ----------
    parsed : int
        Pieces parsed by the last call (0 when it reused every piece; -1 when it parsed the text
        whole), for tests and benchmarks.
    """

    def __init__(self) -> None:
        self._pieces: dict[tuple[str, int], tuple[Any, dict[Path, tuple[int, int]], dict[Path, tuple[int, int]]]] = {}
        self._glue: dict[tuple[str, int], Located] = {}
        self.parsed = 0

    def __call__(self, text: str, max_depth: int = 64) -> Located:
        got = None
        if not _UNUSUAL.search(text):
            try:
                got = self._chunked(text, max_depth)
            except YamlProblem:
                got = None
        if got is None:
            self._pieces, self._glue, self.parsed = {}, {}, -1
            return parse(text, max_depth=max_depth)
        return got

    def _chunked(self, text: str, max_depth: int) -> Located | None:
        found = regions(text)
        if not found:
            return None
        self.parsed = 0
        glue_parts, at = [], 0
        for key_at, key, _k, items, end in found:
            eol = text.find("\n", key_at)
            glue_parts += [text[at:key_at], f"{key}: []", text[eol:items[0]], "\n" * text.count("\n", items[0], end)]
            at = end
        glue = self._parse_glue("".join(glue_parts) + text[at:], max_depth)
        if not isinstance(glue.data, dict):
            return None
        data = dict(glue.data)
        pieces: dict[tuple[str, int], Any] = {}
        values: _Lists = {}
        keys: _Lists = {}
        heads: dict[Path, tuple[int, int]] = {}
        line, at = 0, 0
        for key_at, key, k, items, end in found:
            line += text.count("\n", at, key_at)
            at = key_at
            if data.get(key) != [] or glue.values.get((key,)) != (line + 1, len(key) + 3) \
                    or glue.keys.get((key,)) != (line + 1, 1):
                return None
            out, vals, ks = [], [], []
            for a, b in zip(items, items[1:] + [end]):
                line += text.count("\n", at, a)
                at = a
                chunk = text[a:b] if text.endswith("\n", a, b) else text[a:b] + "\n"
                piece = self._piece(chunk, k, max_depth, pieces)
                if piece is None:
                    return None
                out.append(piece[0])
                vals.append((line, piece[1]))
                ks.append((line, piece[2]))
            data[key], values[key], keys[key] = out, vals, ks
            heads[(key,)] = (vals[0][0] + 1, k + 1)
        self._pieces = pieces
        return Located(data, _Positions(glue.values, values, heads), _Positions(glue.keys, keys, {}))  # type: ignore[arg-type]

    def _parse_glue(self, glue: str, max_depth: int) -> Located:
        got = self._glue.get((glue, max_depth))
        if got is None:
            got = parse(glue, max_depth=max_depth)
            self.parsed += 1
        self._glue = {(glue, max_depth): got}
        return got

    def _piece(self, chunk: str, k: int, max_depth: int, pieces: dict[tuple[str, int], Any]) -> Any:
        """``(item data, values, keys)`` of ``chunk`` (one list item at column ``k``; positions
        relative to the chunk's first line), from the cache or parsed now, one level shallower (in
        the map it sits inside the top mapping's list); ``None`` when it is not exactly one list
        item at that column."""
        cache_key = (chunk, max_depth)
        piece = self._pieces.get(cache_key) or pieces.get(cache_key)
        if piece is None:
            if max_depth < 2:
                return None
            located = parse(chunk, max_depth=max_depth - 1)
            self.parsed += 1
            if not (isinstance(located.data, list) and len(located.data) == 1
                    and located.values.get(()) == (1, k + 1)):
                return None
            vals = {p[1:]: (line, col) for p, (line, col) in located.values.items() if p}
            ks = {p[1:]: (line, col) for p, (line, col) in located.keys.items()}
            piece = (located.data[0], vals, ks)
        pieces[cache_key] = piece
        return piece
