"""``argmap check --fix``: write resolved selectors (and, on request, corrected quotes) into a map.

The file is edited as text, not re-serialised: every edit replaces the characters of one scalar
value or inserts whole lines after one, at offsets taken from the YAML parser's marks. Comments,
key order, quoting style and blank lines elsewhere stay exactly as they were, and a file that needs
no change is not rewritten at all (byte-identical).

What is written, for each quote that :func:`argmap.evidence.anchoring.resolve` pins to one occurrence
(the resolution the check made of it, kept in ``Corpus.sources``: quotes are not searched twice):
``line``, ``start``, ``end``, ``page`` (when the source knows the page there), ``page_end`` (when
the quote crosses a page break; a ``page_end`` of a quote that does not is removed), ``prefix`` and
``suffix``. Existing values are replaced in place; missing keys are inserted as new lines (or, in a
flow mapping ``{...}``, before the closing brace) after the quote's last selector key. Each
readable source gets its current ``sha256`` recorded: the selectors now written are valid for that
version of the file (quotes left unpinned have no selectors that could go stale). With ``fix_quotes``, a quote that was
not found is replaced by its near miss when that passage is unique and at least
:data:`argmap.checks.FIX_QUOTE_SIMILARITY` percent similar.

In a map with several sources, a quote without ``source:`` that its default source does not hold
(or that has no default source to come from: E304) gets ``source:`` naming the one source where it
is found, when exactly one of the map's sources holds it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from argmap.evidence.anchoring import pin_span
from argmap.checks import replaceable
from argmap.evidence.anchoring import Resolution
from argmap.load.corpus import Corpus
from argmap.model import Evidence, Map, Source
from argmap.model.limits import read_bounded
from argmap.output import write_atomic
from argmap.evidence.sources import SourceText, join_lines
from argmap.load.yamlsafe import _Loader

#: Keys after which new selector keys are inserted (the last one present in the mapping).
EVIDENCE_KEYS = ("quote", "source", "line", "start", "end", "page", "page_end", "prefix", "suffix")
SOURCE_KEYS = ("id", "path", "sha256")


@dataclass
class FixReport:
    """What :func:`fix_map` changed in one file (counts), and the quotes it could not pin.
    ``stale`` is True when the file was not edited because its bytes are no longer those the
    check read (an editor saved it in between): nothing is written, the counts are 0."""

    file: str
    pinned: int = 0
    quotes: int = 0
    hashes: int = 0
    sourced: int = 0
    skipped: list[str] = field(default_factory=list)
    stale: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.pinned or self.quotes or self.hashes or self.sourced)


def yaml_scalar(value: int | str) -> str:
    """``value`` as a YAML flow scalar: an integer as digits, text double-quoted (JSON escapes,
    which YAML accepts, plus ``\\uXXXX`` or ``\\UXXXXXXXX`` for anything not printable)."""
    if isinstance(value, int):
        return str(value)
    out = json.dumps(value, ensure_ascii=False)
    # YAML's \u takes exactly 4 hex digits: a character beyond U+FFFF needs \U and 8
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
                   for c in out)


def _node_at(root: yaml.Node, path: tuple[Any, ...]) -> yaml.Node:
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == part)
        else:
            node = node.value[part]
    return node


#: A line break as YAML (1.1, PyYAML) reads one: CR LF, CR, LF, NEL, LS or PS.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _line_end(text: str, i: int) -> int:
    """Offset just after the line break that ends the line holding offset ``i`` (or len(text))."""
    m = _BREAK.search(text, i)
    return len(text) if m is None else m.end()


def newline_of(text: str) -> str:
    """The line end a file uses (its first line break: ``"\r\n"``, ``"\r"`` or ``"\n"``; ``"\n"``
    when it has none, or starts with a NEL, LS or PS), so inserted lines keep the file's style."""
    m = _BREAK.search(text)
    return m.group() if m is not None and m.group() in ("\r\n", "\r", "\n") else "\n"


class _Editor:
    """Collects non-overlapping (start, end, replacement) edits and applies them back to front."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = newline_of(text)
        self.edits: list[tuple[int, int, str]] = []

    def replace_value(self, node: yaml.ScalarNode, value: int | str) -> bool:
        if node.style in ("|", ">"):
            return False
        self.edits.append((node.start_mark.index, node.end_mark.index, yaml_scalar(value)))
        return True

    def set_fields(self, mapping: yaml.MappingNode, fields: dict[str, int | str], after: tuple[str, ...]) -> None:
        """Give ``mapping`` these ``fields``: replace differing values, insert missing keys after
        the last key of ``after`` present in the mapping."""
        present = {k.value: v for k, v in mapping.value}
        missing = {}
        for key, value in fields.items():
            node = present.get(key)
            if node is None:
                missing[key] = value
            elif isinstance(node, yaml.ScalarNode) and _scalar_value(node) != value:
                self.replace_value(node, value)
        if not missing:
            return
        if mapping.flow_style:
            close = mapping.end_mark.index - 1
            while close > 0 and self.text[close - 1].isspace():
                close -= 1
            self.edits.append((close, close, "".join(f", {k}: {yaml_scalar(v)}" for k, v in missing.items())))
            return
        anchor = [v for k, v in mapping.value if k.value in after][-1]
        if isinstance(anchor, yaml.ScalarNode) and anchor.style in ("|", ">"):
            i = anchor.end_mark.index
            while i > 0 and self.text[i - 1].isspace():
                i -= 1
            at = _line_end(self.text, i)
        else:
            at = _line_end(self.text, anchor.end_mark.index)
        indent = " " * mapping.value[0][0].start_mark.column
        lines = "".join(f"{indent}{k}: {yaml_scalar(v)}{self.newline}" for k, v in missing.items())
        if at == len(self.text) and not self.text.endswith(("\r", "\n", "\x85", "\u2028", "\u2029")):
            lines = self.newline + lines
        self.edits.append((at, at, lines))

    def remove_key(self, mapping: yaml.MappingNode, key: str) -> None:
        """Remove ``key`` and its (scalar) value from ``mapping``: in block style its whole line,
        in a flow mapping the entry with the comma before (or after) it."""
        for i, (k, v) in enumerate(mapping.value):
            if k.value != key:
                continue
            if mapping.flow_style:
                a, b = k.start_mark.index, v.end_mark.index
                j = a
                while j > 0 and self.text[j - 1] in " \t\n":
                    j -= 1
                if j > 0 and self.text[j - 1] == ",":
                    a = j - 1
                elif i + 1 < len(mapping.value):
                    b = mapping.value[i + 1][0].start_mark.index
                self.edits.append((a, b, ""))
            else:
                a = self.text.rfind("\n", 0, k.start_mark.index) + 1
                self.edits.append((a, _line_end(self.text, v.end_mark.index), ""))
            return

    def apply(self) -> str:
        return apply_edits(self.text, self.edits)


def _scalar_value(node: yaml.ScalarNode) -> int | str:
    if node.style is None and node.tag.endswith(":int"):
        try:
            return int(node.value)
        except ValueError:
            return node.value
    return node.value


def fix_map(m: Map, corpus: Corpus, *, fix_quotes: bool = False, write: bool = True) -> FixReport:
    """Pin every resolvable quote of ``m`` in its file (see the module docstring).

    Returns the counts; writes the file atomically only when something changed and ``write``, and
    only while the file holds the bytes the map was loaded from (``m.sha256``) and that this
    function read: otherwise nothing is written and ``stale`` is set. A map file that is a symbolic
    link is followed: its target is edited and the link stays. Line ends are the file's own (LF,
    CR LF or a lone CR).

    Raises
    ------
    OSError
        The map file cannot be read or written.
    """
    path = m.path.resolve()  # a symbolic link: fix its target, keep the link
    raw = read_bounded(path, corpus.limits.max_bytes)
    if m.sha256 is not None and hashlib.sha256(raw).hexdigest() != m.sha256:
        return FixReport(m.file, stale=True)  # saved by someone else since it was checked
    text = raw.decode("utf-8")
    edits, report = plan_fixes(m, corpus, text, fix_quotes=fix_quotes)
    if report.changed and write:
        new = apply_edits(text, edits).encode("utf-8")
        if read_bounded(path, corpus.limits.max_bytes) != raw:  # saved by someone else while we worked
            return FixReport(m.file, stale=True)
        write_atomic(path, new)
    return report


Edit = tuple[int, int, str]
"""One text edit: replace ``text[start:end]`` (code-point offsets) by the string."""


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (back to front)."""
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def plan_fixes(m: Map, corpus: Corpus, text: str, *, fix_quotes: bool = False,
               quotes: frozenset[tuple[Any, ...]] | None = None, hashes: bool = True) -> tuple[list[Edit], FixReport]:
    """The edits :func:`fix_map` would make to ``text``, the map file's text that ``m`` was loaded
    from (a leading byte order mark is kept; offsets count it), and their counts. ``quotes``, when
    given, limits the edits to the quotes at those data paths (``Evidence.path``); ``hashes`` False
    leaves the sources' ``sha256`` alone. Writes nothing.

    Raises
    ------
    yaml.YAMLError
        ``text`` is not YAML (it is not the text ``m`` was loaded from).
    """
    # libyaml's marks do not count a byte order mark: edit the text after it, and keep it
    bom = 1 if text.startswith("\ufeff") else 0
    root = yaml.compose(text[bom:], Loader=_Loader)
    editor = _Editor(text[bom:])
    report = FixReport(m.file)
    _plan_quotes(m, corpus, root, editor, report, fix_quotes, quotes)
    if hashes:
        for i, s in enumerate(m.sources):
            got = corpus.sources.get(s)
            if isinstance(got, SourceText) and s.sha256 != got.sha256:
                editor.set_fields(_node_at(root, ("sources", i)), {"sha256": got.sha256}, SOURCE_KEYS)
                report.hashes += 1
    return [(a + bom, b + bom, new) for a, b, new in editor.edits], report


def add_source_edits(text: str, evidence_path: tuple[Any, ...], source_id: str) -> list[Edit]:
    """The edit that gives the quote at ``evidence_path`` (``Evidence.path``) the field
    ``source: <source_id>``, on a line of its own after ``quote:`` (or inside a flow mapping).

    Raises
    ------
    yaml.YAMLError, StopIteration, IndexError
        ``text`` is not YAML or has no mapping at ``evidence_path``.
    """
    bom = 1 if text.startswith("\ufeff") else 0
    editor = _Editor(text[bom:])
    node = _node_at(yaml.compose(text[bom:], Loader=_Loader), evidence_path)
    editor.set_fields(node, {"source": source_id}, ("quote",))
    return [(a + bom, b + bom, new) for a, b, new in editor.edits]


def _plan_quotes(m: Map, corpus: Corpus, root: yaml.Node, editor: _Editor, report: FixReport, fix_quotes: bool,
                 quotes: frozenset[tuple[Any, ...]] | None) -> None:
    """The selector (and, with ``fix_quotes``, quote) edits of :func:`plan_fixes`."""
    for c in m.claims:
        for e in c.evidence:
            if quotes is not None and e.path not in quotes:
                continue
            found = _source_and_resolution(m, e, corpus)
            if found is None:
                continue
            src, got, r, named = found
            node = _node_at(root, e.path)
            named = {"source": src.id} if named else {}
            report.sourced += bool(named)
            span = r.span
            if r.status == "not-found" and fix_quotes and replaceable(r.near):
                new_quote = join_lines(got.visible(r.near.span.start, r.near.span.end))
                quote_node = _node_at(root, e.path + ("quote",))
                if editor.replace_value(quote_node, new_quote):
                    report.quotes += 1
                    span = r.near.span
            if span is None:
                why = "not found" if r.status == "not-found" else f"occurs {len(r.occurrences)} times"
                report.skipped.append(f"{m.file}:{e.loc.line}:{e.loc.column}: claim {c.id!r}: {why}")
                if named:
                    editor.set_fields(node, named, EVIDENCE_KEYS)
                continue
            pin = pin_span(got, span)
            fields = pin.as_fields()
            current = {"line": e.line, "start": e.start, "end": e.end, "page": e.page, "page_end": e.page_end,
                       "prefix": e.prefix, "suffix": e.suffix}
            stale_end = e.page_end is not None and pin.page is not None and pin.page_end is None
            if any(current[k] != v for k, v in fields.items()) or stale_end or named:
                editor.set_fields(node, {**named, **fields}, EVIDENCE_KEYS)
                if stale_end:  # the quote no longer crosses a page break
                    editor.remove_key(node, "page_end")
                report.pinned += 1


def _source_and_resolution(m: Map, e: Evidence, corpus: Corpus
                           ) -> tuple[Source, SourceText, Resolution, bool] | None:
    """The source quote ``e`` is in, its text, the quote's resolution there, and whether
    ``source:`` must be written to say so (the quote names none and is not in the map's default
    source, but in exactly one other); ``None`` when no readable source holds it."""
    src = m.source_of(e)
    got = corpus.sources.get(src) if src else None
    r = corpus.sources.resolution(e, got, src.sha256) if src and isinstance(got, SourceText) else None
    if e.source is not None or len(m.sources) < 2 or (r is not None and r.status != "not-found"):
        return None if r is None else (src, got, r, False)  # type: ignore[return-value]
    holders = []
    for other in m.sources:
        text = corpus.sources.get(other)
        if other is src or not isinstance(text, SourceText):
            continue
        found = corpus.sources.resolution(e, text, other.sha256, near=False)
        if found.status != "not-found":
            holders.append((other, text, found, True))
    if len(holders) == 1:
        return holders[0]
    return None if r is None else (src, got, r, False)  # type: ignore[return-value]


def fix_corpus(corpus: Corpus, *, fix_quotes: bool = False) -> list[FixReport]:
    """:func:`fix_map` for every checked map of ``corpus`` (context maps are left alone)."""
    return [fix_map(m, corpus, fix_quotes=fix_quotes) for m in corpus.maps]


__all__ = ["Edit", "FixReport", "add_source_edits", "apply_edits", "fix_corpus", "fix_map", "plan_fixes",
           "yaml_scalar"]
