"""Reading an AIF JSON file: size limit, UTF-8, strict JSON with bounded nesting and numbers, and
where each node and edge is written (for diagnostics at the file's line and column)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from argmap.evidence.text import line_col, line_starts
from argmap.load.loader import _read
from argmap.model.diagnostics import Diagnostic

#: Largest AIF file `read_aif` accepts (AIFdb's biggest graphs are a few MB).
MAX_AIF_BYTES = 50 * 1024 * 1024
#: Deepest nesting of JSON arrays and objects `read_aif` accepts by default (the maps' own limit,
#: ``--max-depth``; an AIF file argmap writes nests 6 levels).
MAX_AIF_DEPTH = 64
#: Most digits of a JSON integer (Python refuses to convert more than 4,300; no id or field of an
#: AIF graph or a map needs more than a few).
MAX_DIGITS = 100


class _Refused(ValueError):
    """A JSON value :func:`read_aif` will not take (a number too long, ``NaN``, ``Infinity``)."""


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _Refused("number")
    return int(digits)


def _float(digits: str) -> float:
    value = float(digits)
    if value in (float("inf"), float("-inf")):
        raise _Refused("number")
    return value


def _constant(name: str) -> Any:
    raise _Refused("constant")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        raise _Refused("duplicate")
    return d


def read_aif(path: Path, *, max_bytes: int = MAX_AIF_BYTES, max_depth: int = MAX_AIF_DEPTH
             ) -> tuple[Any, str] | Diagnostic:
    """Read and parse an AIF JSON file.

    Parameters
    ----------
    path : Path
        The file (a regular file: a pipe or a device is refused unread).
    max_bytes : int
        Largest file read, in bytes.
    max_depth : int
        Deepest nesting of arrays and objects (the top-level value is depth 1).

    Returns
    -------
    (data, text)
        The parsed JSON (lone surrogates replaced: :func:`without_lone_surrogates`) and the decoded
        text (UTF-8; a BOM is accepted).
    Diagnostic
        ``X501`` (unusable input) when the file cannot be read, is larger than ``max_bytes``, is not
        UTF-8 or not JSON, nests deeper than ``max_depth``, has an object with the same key twice
        (JSON parsers silently keep one of the values), an integer of more than
        :data:`MAX_DIGITS` digits, a decimal number too large for a float (``1e999``), or
        ``NaN``/``Infinity`` (not JSON); at the place in the file.
    """
    got = _read(path, max_bytes)  # the maps' reader: size limit, unreadable file, UTF-8 position
    if isinstance(got, Diagnostic):
        return Diagnostic("X501", got.message, got.file, got.line or 1, got.column or 1)
    text, file = got
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        return Diagnostic("X501", f"not JSON: {exc.msg}", file, exc.lineno, exc.colno)
    except (_Refused, RecursionError, ValueError):
        return _problem(text, file, max_depth)
    if depth_over(data, max_depth):
        return _problem(text, file, max_depth)
    return (without_lone_surrogates(data) if may_hold_surrogates(text) else data), text


def depth_over(value: Any, max_depth: int) -> bool:
    """Whether ``value`` nests lists and dicts deeper than ``max_depth`` (walked level by level,
    without recursion)."""
    level = [value] if isinstance(value, (list, dict)) else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return True
        below: list[Any] = []
        for v in level:
            below += [x for x in (v.values() if type(v) is dict else v) if isinstance(x, (list, dict))]
        level = below
    return False


#: JSON tokens, for finding the place of a problem: a string, punctuation, a number, a literal.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|-?[A-Za-z]+')


def _tokens(text: str) -> Iterator[re.Match[str]]:
    return _TOKEN.finditer(text)


def _problem(text: str, file: str, max_depth: int) -> Diagnostic:
    """X501 at the first value :func:`read_aif` refuses, found by scanning the text's tokens."""
    starts = line_starts(text)
    stack: list[tuple[bool, dict[str, int]]] = []  # (is an object, key -> offset) per open collection
    key_next = False
    for m in _tokens(text):
        tok = m.group()
        where = line_col(starts, m.start())
        if tok in "{[":
            stack.append((tok == "{", {}))
            key_next = tok == "{"
            if len(stack) > max_depth:
                return Diagnostic("X501", f"not usable JSON: arrays and objects nest deeper than {max_depth} "
                                  "levels here (raise the limit with --max-depth)", file, *where)
        elif tok in "}]":
            if stack:
                stack.pop()
            key_next = False
        elif tok == ",":
            key_next = bool(stack) and stack[-1][0]
        elif tok == ":":
            key_next = False
        elif tok[0] == '"':
            if key_next:
                key = json.loads(tok)
                keys = stack[-1][1]
                if key in keys:
                    first = line_col(starts, keys[key])[0]
                    return Diagnostic("X501", f"the key {tok[:60]} appears twice in one object (first on line "
                                      f"{first}); JSON readers keep only one of the values, so the file is not "
                                      "imported. Remove one", file, *where)
                keys[key] = m.start()
            key_next = False
        elif tok[0] in "-0123456789":
            digits = len(re.match(r"-?([0-9]*)", tok).group(1))  # type: ignore[union-attr]
            if tok.lstrip("-").isdigit() and digits > MAX_DIGITS:
                return Diagnostic("X501", f"a whole number of {digits:,} digits (at most {MAX_DIGITS} are read)",
                                  file, *where)
            if not tok.lstrip("-").isdigit() and float(tok) in (float("inf"), float("-inf")):
                return Diagnostic("X501", f"the number {tok[:40]} is too large for a decimal number", file, *where)
        elif tok.lstrip("-") in ("NaN", "Infinity"):
            return Diagnostic("X501", f"not JSON: {tok} (JSON has no such number)", file, *where)
    return Diagnostic("X501", "not usable JSON: nested too deeply", file, 1, 1)


class Places:
    """1-based line and column of each node and edge in the JSON text, found by the position of
    its ``"nodeID"``/``"edgeID"`` key (the first occurrence of each id: ``nodes`` and ``edges`` come
    before ``locutions`` in every AIF writer we know)."""

    _KEY = re.compile(r'"(nodeID|edgeID)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+))')

    def __init__(self, text: str) -> None:
        self.text = text
        self._where: dict[tuple[str, str], int] | None = None  # found on first use
        self.starts: list[int] = []

    @property
    def where(self) -> dict[tuple[str, str], int]:
        if self._where is None:
            self.starts = line_starts(self.text)
            self._where = {}
            for mt in self._KEY.finditer(self.text):
                value = mt.group(2) if mt.group(2) is not None else mt.group(3)
                try:
                    value = json.loads(f'"{value}"')
                except ValueError:
                    pass
                self._where.setdefault((mt.group(1), value), mt.start())
        return self._where

    def node(self, nid: str) -> tuple[int, int]:
        where = self.where.get(("nodeID", nid))
        return line_col(self.starts, where) if where is not None else (1, 1)

    def edge(self, eid: str) -> tuple[int, int]:
        where = self.where.get(("edgeID", eid))
        return line_col(self.starts, where) if where is not None else (1, 1)


_SURROGATE = re.compile("[\ud800-\udfff]")
#: How a surrogate gets into parsed JSON: as an escape (UTF-8 text cannot hold one).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def may_hold_surrogates(text: str) -> bool:
    """Whether the JSON ``text`` may hold an escaped surrogate (``"\\ud800"``); when not, its
    parsed value needs no :func:`without_lone_surrogates`."""
    return _SURROGATE_ESCAPE.search(text) is not None


def _clean(s: str) -> str:
    if not _SURROGATE.search(s):
        return s
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def without_lone_surrogates(value: Any) -> Any:
    """``value`` with every string's lone surrogates (JSON allows ``"\\ud800"``, UTF-8 and YAML do
    not) replaced by U+FFFD, and split surrogate pairs joined, so that the map can be written and
    read back. Lists and dicts are changed in place (walked without recursion, so any depth is safe);
    a string is returned cleaned."""
    if isinstance(value, str):
        return _clean(value)
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, list):
            for i, x in enumerate(v):
                if isinstance(x, str):
                    v[i] = _clean(x)
                elif isinstance(x, (list, dict)):
                    stack.append(x)
        elif isinstance(v, dict):
            if any(_SURROGATE.search(k) for k in v):
                items = [(_clean(k), x) for k, x in v.items()]
                v.clear()
                v.update(items)
            for k, x in v.items():
                if isinstance(x, str):
                    v[k] = _clean(x)
                elif isinstance(x, (list, dict)):
                    stack.append(x)
    return value


def top_key_place(text: str, key: str) -> tuple[int, int]:
    """1-based (line, column) of ``key`` among the keys of the top-level JSON object of ``text``
    (its last occurrence, the one JSON readers keep), or (1, 1) when it is not there. Scans the
    text's tokens: call it for a message, not on every import."""
    starts = line_starts(text)
    depth, key_next, found = 0, False, None
    for m in _tokens(text):
        tok = m.group()
        if tok in "{[":
            depth += 1
            key_next = tok == "{" and depth == 1
        elif tok in "}]":
            depth -= 1
        elif tok == ",":
            key_next = depth == 1
        elif tok == ":":
            key_next = False
        elif tok[0] == '"' and key_next:
            if json.loads(tok) == key:
                found = m.start()
            key_next = False
    return line_col(starts, found) if found is not None else (1, 1)
