"""``argmap check --fix``: write resolved selectors (and, on request, corrected quotes) into a map.

The file is edited as text, not re-serialised: every edit replaces the characters of one scalar
value or inserts whole lines after one, at offsets taken from the YAML parser's marks. Comments,
key order, quoting style and blank lines elsewhere stay exactly as they were, and a file that needs
no change is not rewritten at all (byte-identical).

What is written, for each quote that :func:`argmap.evidence.anchoring.resolve` pins to one occurrence
(the resolution the check made of it, kept in ``Corpus.sources``: quotes are not searched twice):
``line``, ``start``, ``end``, ``page`` (when the source has a page marker there), ``prefix`` and
``suffix``. Existing values are replaced in place; missing keys are inserted as new lines (or, in a
flow mapping ``{...}``, before the closing brace) after the quote's last selector key. Each
readable source gets its current ``sha256`` recorded: the selectors now written are valid for that
version of the file (quotes left unpinned have no selectors that could go stale). With ``fix_quotes``, a quote that was
not found is replaced by its near miss when that passage is unique and at least
:data:`argmap.checks.FIX_QUOTE_SIMILARITY` percent similar.
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
from argmap.load.corpus import Corpus
from argmap.model import Map
from argmap.model.limits import read_bounded
from argmap.output import write_atomic
from argmap.evidence.sources import SourceText, join_lines
from argmap.load.yamlsafe import _Loader

#: Keys after which new selector keys are inserted (the last one present in the mapping).
EVIDENCE_KEYS = ("quote", "source", "line", "start", "end", "page", "prefix", "suffix")
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
    skipped: list[str] = field(default_factory=list)
    stale: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.pinned or self.quotes or self.hashes)


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

    def apply(self) -> str:
        out = self.text
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            out = out[:start] + new + out[end:]
        return out


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
        return FixReport(m.file, stale=True)
    text = raw.decode("utf-8")
    # libyaml's marks do not count a byte order mark: edit the text after it, and keep it
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom):]
    root = yaml.compose(text, Loader=_Loader)
    editor = _Editor(text)
    report = FixReport(m.file)
    for c in m.claims:
        for e in c.evidence:
            src = m.source_of(e)
            got = corpus.sources.get(src) if src else None
            if src is None or not isinstance(got, SourceText):
                continue
            r = corpus.sources.resolution(e, got, src.sha256)  # the check's own, when it ran first
            node = _node_at(root, e.path)
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
                continue
            fields = pin_span(got, span).as_fields()
            current = {"line": e.line, "start": e.start, "end": e.end, "page": e.page, "prefix": e.prefix,
                       "suffix": e.suffix}
            if any(current[k] != v for k, v in fields.items()):
                editor.set_fields(node, fields, EVIDENCE_KEYS)
                report.pinned += 1
    for i, s in enumerate(m.sources):
        got = corpus.sources.get(s)
        if isinstance(got, SourceText) and s.sha256 != got.sha256:
            editor.set_fields(_node_at(root, ("sources", i)), {"sha256": got.sha256}, SOURCE_KEYS)
            report.hashes += 1
    if report.changed and write:
        new = (bom + editor.apply()).encode("utf-8")
        if read_bounded(path, corpus.limits.max_bytes) != raw:  # saved by someone else while we worked
            return FixReport(m.file, stale=True)
        write_atomic(path, new)
    return report


def fix_corpus(corpus: Corpus, *, fix_quotes: bool = False) -> list[FixReport]:
    """:func:`fix_map` for every checked map of ``corpus`` (context maps are left alone)."""
    return [fix_map(m, corpus, fix_quotes=fix_quotes) for m in corpus.maps]


__all__ = ["FixReport", "fix_corpus", "fix_map", "yaml_scalar"]
