"""Strict, safe YAML reading with the position of every node.

PyYAML's safe loader keeps the last of two duplicate keys without a word, expands aliases (a
"billion laughs" bomb parses in milliseconds and then exhausts anything that walks the result), and
forgets where each value came from. This module builds plain Python data (dict, list, str, int,
float, bool, None) directly from the parser's **event stream**, so that it can

* reject anchors and aliases before anything is expanded (``L004``),
* reject duplicate keys (``L003``) and non-core tags (``L005``),
* record the 1-based line and column of every value and every mapping key.

Timestamps are *not* converted: ``date: 2013-08-01`` stays the string ``"2013-08-01"`` so that the
data is JSON-compatible for the JSON Schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from argmap.evidence.sources import line_col, line_starts

from yaml import SafeLoader as _PyLoader

try:  # libyaml's parser is ~4x faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _Loader = _PyLoader  # type: ignore[misc]

#: A path into the data, as jsonschema's ``error.absolute_path``: keys and list indexes.
Path = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_resolver = Resolver()
_constructor = SafeConstructor()
_CONSTRUCT = {
    _CORE + "int": _constructor.construct_yaml_int,
    _CORE + "float": _constructor.construct_yaml_float,
    _CORE + "bool": _constructor.construct_yaml_bool,
    _CORE + "null": _constructor.construct_yaml_null,
}


class YamlProblem(Exception):
    """The text is not acceptable YAML for argmap.

    Attributes
    ----------
    code : str
        Diagnostic code (``L001`` syntax, ``L003`` duplicate key, ``L004`` alias, ``L005`` tag,
        ``L006`` empty, ``L008`` several documents).
    message : str
        Human-readable explanation with the fix.
    line, column : int
        1-based position (0 when unknown).
    related : tuple[int, int] or None
        1-based (line, column) of the other place the problem involves: for ``L003``, the first
        occurrence of the key (``None`` for the other codes).
    """

    def __init__(self, code: str, message: str, line: int = 0, column: int = 0,
                 related: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column
        self.related = related


@dataclass(frozen=True, slots=True)
class Located:
    """Parsed YAML plus positions.

    Attributes
    ----------
    data : Any
        The document as plain JSON-compatible Python data.
    values : dict[Path, tuple[int, int]]
        1-based (line, column) where each value starts, keyed by its path (``()`` is the root).
    keys : dict[Path, tuple[int, int]]
        1-based (line, column) of the *key* of each mapping entry, keyed by the entry's path.
    """

    data: Any
    values: dict[Path, tuple[int, int]]
    keys: dict[Path, tuple[int, int]]

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of ``path`` (its key when ``key`` and it has one), else of its nearest ancestor."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


#: First characters of plain scalars that may resolve to something other than a string (YAML 1.1
#: implicit resolvers: numbers, booleans, null, ...); any other plain scalar is a string at once.
_MAYBE_TYPED = frozenset(k for k in Resolver.yaml_implicit_resolvers if k)


def _scalar(event: yaml.ScalarEvent, pos: Any = _pos) -> Any:
    tag = event.tag
    if event.implicit[0] and tag in (None, "!"):
        value = event.value
        if value and value[0] not in _MAYBE_TYPED:
            return value
        tag = _resolver.resolve(yaml.ScalarNode, value, event.implicit)
    elif tag in (None, "!"):
        return event.value  # quoted scalars are strings
    if tag not in _ALLOWED_TAGS:
        if tag == _CORE + "timestamp":
            return event.value
        line, col = pos(event.start_mark)
        raise YamlProblem("L005", f"YAML tag {tag!r} is not allowed; remove it (only plain values are read)",
                          line, col)
    build = _CONSTRUCT.get(tag)
    if build is None:
        return event.value
    try:
        return build(yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark))
    except (ValueError, KeyError, IndexError, TypeError):  # e.g. "!!int x": PyYAML's constructors raise
        line, col = pos(event.start_mark)
        raise YamlProblem("L001", f"{event.value!r} is not a valid {tag.replace(_CORE, '!!')}; remove the tag "
                          "or correct the value", line, col) from None


def parse(text: str, *, max_depth: int = 64) -> Located:
    """Parse one YAML document strictly.

    Parameters
    ----------
    text : str
        The YAML text (already decoded; a leading BOM is ignored).
    max_depth : int
        Deepest nesting of mappings and sequences accepted. The first mapping or sequence past it
        is reported as ``L001`` at its own 1-based line and column, whatever nesting limit of its
        own the installed PyYAML/libyaml has (libyaml's is 1,000 levels, met while it reads ahead).

    Returns
    -------
    Located
        The data and the position of every value and key.

    Raises
    ------
    YamlProblem
        On a syntax error (``L001``), duplicate key (``L003``), anchor or alias (``L004``),
        a non-core tag (``L005``), an empty document (``L006``), several documents (``L008``) or
        nesting deeper than ``max_depth`` (``L001``).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return _parse(text, max_depth, _Loader)
    except _ParserFailed as failed:
        if _Loader is _PyLoader:
            raise failed.problem from None
        # libyaml (PyYAML >= 6.0.3) has nesting limits of its own (1,000 flow or block levels) that
        # its scanner meets while reading ahead, before argmap's --max-depth sees the level past the
        # limit. argmap's limit must not depend on the parser's: read the text again with PyYAML's
        # pure-Python parser (no such limit), which yields events one at a time; if argmap's own
        # nesting limit is what the text breaks first, that is the problem to report.
        try:
            return _parse(text, max_depth, _PyLoader)
        except YamlProblem as problem:
            if problem.code == "L001" and problem.message.startswith(_TOO_DEEP):
                raise problem from None
        except _ParserFailed as again:
            if again.problem.message.startswith(_TOO_DEEP):
                raise again.problem from None
        raise failed.problem from None


_TOO_DEEP = "nesting deeper than "


class _ParserFailed(Exception):
    """The YAML parser itself refused the text (``problem`` says where and why, as L001)."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _parse(text: str, max_depth: int, loader: Any) -> Located:
    """Build the data of ``text`` from ``loader``'s event stream (see :func:`parse`).

    Raises :class:`YamlProblem` for what argmap refuses, :class:`_ParserFailed` wrapping an L001
    when the parser itself fails."""
    pos = _pos
    if any(ch in text for ch in "\x85\u2028\u2029") or "\r" in text.replace("\r\n", ""):
        # libyaml also ends lines at a lone CR, NEL, LS and PS, even inside quoted text; editors,
        # grep -n and argmap's sources count line feeds only, so positions come from the mark's
        # code-point index instead
        starts = line_starts(text)

        def pos(mark: Any) -> tuple[int, int]:
            return line_col(starts, mark.index)

    built = _Builder(max_depth, pos)
    try:
        built.read(yaml.parse(text, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        raise _ParserFailed(_syntax_error(exc, text, pos)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (e.g. NUL, other C0 controls)
        index = exc.position if isinstance(exc.position, int) else 0
        # libyaml reports a byte offset into the UTF-8 text: count the code points before it
        index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        line, col = line_col(line_starts(text), index)
        raise YamlProblem("L001", f"character U+{ord(exc.character) if isinstance(exc.character, str) else exc.character:04X} "
                                  f"is not allowed in YAML (control characters other than tab and line breaks); "
                                  f"remove it", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("L001", "YAML error: " + " ".join(str(exc).split()), 1, 1) from None
    if not built.have_root:
        raise YamlProblem("L006", "the file is empty; a map starts with 'argmap: 1'", 1, 1)
    return Located(built.root, built.values, built.keys)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, pos: Any) -> YamlProblem:
    """The L001 for a syntax error the parser reports, at its line and column (a position past the
    end of the file is put after the last character of its last line)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = pos(mark) if mark is not None else (1, 1)
    lines = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
    if lines and line > len(lines):  # the end of the file: on its last line, after its last character
        line, col = len(lines), len(lines[-1]) + 1
    what = " ".join(x for x in (exc.context, exc.problem) if x) or str(exc)
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        what = "a tab character cannot indent YAML; indent with spaces"
    return YamlProblem("L001", f"YAML syntax error: {what}", line, col)


class _Builder:
    """Builds plain data from a stream of parser events, with the position of every value and key.

    ``stack`` holds one ``[container, path, pending_key, key_position, seen_keys, is_sequence]``
    per open mapping or sequence."""

    def __init__(self, max_depth: int, pos: Any) -> None:
        self.max_depth = max_depth
        self.pos = pos
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.have_root = False
        self.documents = 0

    def attach(self, value: Any, start: tuple[int, int]) -> Path | None:
        """Put ``value`` into the open container (or make it the root); its path, or ``None`` when
        it is a mapping key."""
        stack, values = self.stack, self.values
        if not stack:
            self.root, self.have_root = value, True
            values[()] = start
            return ()
        top = stack[-1]
        container, path = top[0], top[1]
        if top[5]:  # a sequence
            p = path + (len(container),)
            container.append(value)
            values[p] = start
            return p
        if top[2] is None:  # this scalar is a key
            if not isinstance(value, (str, int, float, bool)):
                raise YamlProblem("L001", "mapping keys must be plain text", *start)
            key = str(value) if not isinstance(value, str) else value
            seen = top[4]
            if key in seen:
                first = seen[key]
                raise YamlProblem("L003", f"duplicate key {key!r} (first at line {first[0]}); "
                                  "remove one of them — YAML would silently keep only the last", *start,
                                  related=first)
            seen[key] = start
            top[2], top[3] = key, start
            return None
        key = top[2]
        p = path + (key,)
        container[key] = value
        values[p], self.keys[p] = start, top[3]
        top[2] = None
        return p

    def read(self, events: Any) -> None:
        """Build from ``events``; raises :class:`YamlProblem` for what argmap refuses (L001, L004,
        L005, L008) and lets the parser's own errors through."""
        pos, stack, attach = self.pos, self.stack, self.attach
        scalar, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        for event in events:
            kind = type(event)
            if kind is scalar:
                if event.anchor is not None:
                    raise YamlProblem("L004", f"anchor &{event.anchor} is not allowed; remove it and write values "
                                      "out in full", *pos(event.start_mark))
                attach(_scalar(event, pos), pos(event.start_mark))
            elif kind in collection_end:
                stack.pop()
            elif kind is mapping_start or kind is sequence_start:
                self._open(event, kind is sequence_start)
            elif kind is yaml.AliasEvent:
                raise YamlProblem("L004", f"alias *{event.anchor} is not allowed; write the value out in full",
                                  *pos(event.start_mark))
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise YamlProblem("L008", "a map file holds one YAML document; remove the second '---'",
                                      *pos(event.start_mark))

    def _open(self, event: Any, is_list: bool) -> None:
        """A mapping or sequence starts: check it, attach it, make it the open container."""
        pos, stack = self.pos, self.stack
        if event.anchor is not None:
            raise YamlProblem("L004", f"anchor &{event.anchor} is not allowed; remove it and write values "
                              "out in full", *pos(event.start_mark))
        tag = event.tag
        if tag not in (None, "!") and tag not in _ALLOWED_TAGS:
            raise YamlProblem("L005", f"YAML tag {tag!r} is not allowed; remove it", *pos(event.start_mark))
        if stack and not stack[-1][5] and stack[-1][2] is None:
            raise YamlProblem("L001", "mapping keys must be plain text, not a mapping or list",
                              *pos(event.start_mark))
        if len(stack) >= self.max_depth:
            raise YamlProblem("L001", f"{_TOO_DEEP}{self.max_depth} levels; flatten the data, or raise "
                              "the limit with --max-depth", *pos(event.start_mark))
        container: Any = [] if is_list else {}
        path = self.attach(container, pos(event.start_mark))
        assert path is not None
        stack.append([container, path, None, None, {}, is_list])
