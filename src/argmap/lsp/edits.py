"""Edits the server proposes: renaming an id across the map and every map that links to it, and
the code actions (pin a quote's selectors, replace a quote by its near miss, add a missing
``source:``), made by the same functions as ``argmap check --fix`` (:mod:`argmap.edit.fix`).

Edits are ``(path, [(start offset, end offset, new text), ...])`` in code points of the file's
current text; the server turns them into an LSP workspace edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap.checks import replaceable
from argmap.edit.fix import add_source_edits, plan_fixes
from argmap.evidence.sources import SourceText
from argmap.lsp.convert import Lines
from argmap.lsp.navigate import id_refs, link_refs, map_doc, model
from argmap.lsp.project import Doc, Folder
from argmap.lsp.targets import Target, item_of, split_ref
from argmap.model import Claim, Location, Map

#: A claim, inference or attack id (schemas/argmap.schema.json).
ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
FileEdits = dict[Path, list[tuple[int, int, str]]]


class Refused(Exception):
    """A rename or edit cannot be made; the message says why (shown to the user)."""


@dataclass(frozen=True)
class Renaming:
    """What a rename acts on: the map's document, the id, and whether it is a source id."""

    doc: Doc
    ident: str
    source: bool


def renaming(folder: Folder, doc: Doc, t: Target | None) -> Renaming:
    """What renaming at ``t`` would rename (a claim, inference, attack or source id, or through a
    ``map#claim`` reference the claim in the other map). Raises :class:`Refused`."""
    if t is None:
        raise Refused("put the cursor on a claim, inference, attack or source id")
    if t.kind == "mapref":
        ref = split_ref(t.value)
        other = map_doc(folder, ref[0]) if ref else None
        if other is None:
            raise Refused(f"no map {ref[0] if ref else t.value!r} in this folder")
        doc, t = other, Target("claim", ref[1], False, 0, 0, 0)
    if t.kind not in ("claim", "item", "inference", "attack", "source"):
        raise Refused("only claim, inference, attack and source ids can be renamed")
    if not doc.fresh:
        raise Refused(f"{doc.path.name} does not load as it is now; fix its problems first")
    m = model(doc)
    if t.kind == "source":
        if t.value not in m.sources_by_id:
            raise Refused(f"no source {t.value!r} in this map")
        return Renaming(doc, t.value, True)
    if item_of(m, t.value) is None:
        raise Refused(f"no claim, inference or attack {t.value!r} in this map")
    return Renaming(doc, t.value, False)


def _token_at(text: str, lines: Lines, loc: Location, expect: str, skip: int = 0) -> tuple[int, int] | None:
    """Offsets of ``expect`` at ``loc`` (after an opening quote, and ``skip`` more code points),
    or ``None`` when the text there is not ``expect``."""
    at = lines.offset(loc.line - 1, loc.column - 1)
    if text[at:at + 1] in ("'", '"'):
        at += 1
    at += skip
    return (at, at + len(expect)) if text[at:at + len(expect)] == expect else None


def rename_edits(folder: Folder, r: Renaming, new: str) -> FileEdits:
    """The edits that rename ``r.ident`` to ``new``: its definition, every reference in its map,
    and (for a claim) every ``map#claim`` link in the maps of the folder. Raises :class:`Refused`
    for a new name that is not an id, or is taken."""
    m: Map = model(r.doc)
    if not ID_PATTERN.fullmatch(new):
        raise Refused(f"{new!r} is not an id: a letter, then letters, digits, _ . -")
    taken = set(m.sources_by_id) if r.source else {x.id for x in (*m.claims, *m.inferences, *m.attacks)}
    if new in taken and new != r.ident:
        raise Refused(f"{new!r} is already used in this map")
    places: list[tuple[Doc, Location, int]] = []
    if r.source:
        places.append((r.doc, m.sources_by_id[r.ident].loc, -1))
        places += [(r.doc, e.source.loc, 0) for c in m.claims for e in c.evidence
                   if e.source is not None and e.source.id == r.ident]
    else:
        places.append((r.doc, item_of(m, r.ident).loc, 0))
        places += [(r.doc, ref.loc, 0) for ref in id_refs(m, r.ident)]
        if isinstance(item_of(m, r.ident), Claim):
            places += [(d, k.loc, len(m.id) + 1) for d, k in link_refs(folder, m.id, r.ident)]
    out: FileEdits = {}
    for d, loc, skip in places:
        lines = Lines(d.text)
        if skip < 0:  # a source entry: its id is the value of its 'id:' key
            loc = _source_id_loc(d, r.ident, loc)
            skip = 0
        got = _token_at(d.text, lines, loc, r.ident, skip) if loc is not None else None
        if got is None:
            raise Refused(f"{d.path.name} changed since it was checked; save it, then rename again")
        out.setdefault(d.path, []).append((got[0], got[1], new))
    return out


def _source_id_loc(doc: Doc, ident: str, entry: Location) -> Location | None:
    """Where a source entry's ``id`` value is (the entry's ``loc`` is its mapping's first key)."""
    located = doc.good.located if doc.good is not None else None
    if located is None:
        return None
    for i, s in enumerate(located.data.get("sources", ())):
        if isinstance(s, dict) and s.get("id") == ident:
            line, col = located.position(("sources", i, "id"))
            return Location(doc.file, line, col)
    return None


# -- code actions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A code action: its ``title``, LSP ``kind``, the ``edits`` to one file, whether it is the
    preferred fix, and the diagnostic codes (with their 1-based line and column) it fixes."""

    title: str
    kind: str
    edits: FileEdits
    preferred: bool = False
    fixes: tuple[tuple[str, int, int], ...] = ()


QUICKFIX, REFACTOR, FIX_ALL = "quickfix", "refactor.rewrite", "source.fixAll.argmap"


def quote_actions(folder: Folder, doc: Doc, claim: Claim, e: Any, codes: dict[str, tuple[int, int]]) -> list[Action]:
    """The actions for quote ``e`` of ``claim``: pin its selectors (when its passage is found and
    the selectors differ), replace it by its unique near miss (E301), add ``source:`` (E304).
    ``codes`` holds the diagnostics at the quote (code → 1-based line, column)."""
    m: Map = model(doc)
    out: list[Action] = []
    src = m.source_of(e)
    text = folder.sources.get(src) if src is not None else None
    if src is not None and isinstance(text, SourceText):
        r = folder.sources.resolution(e, text, src.sha256)
        edits, report = plan_fixes(m, folder.corpus(doc), doc.text, quotes=frozenset({e.path}), hashes=False)
        if report.pinned and r.span is not None:
            fixed = tuple((c, *codes[c]) for c in ("E305", "E309") if c in codes)
            out.append(Action(f"Pin the quote to {src.raw_path}:{r.span.line} (line, start/end, prefix/suffix)",
                              QUICKFIX if fixed else REFACTOR, {doc.path: edits}, bool(fixed), fixed))
        if r.status == "not-found" and replaceable(r.near):
            edits, report = plan_fixes(m, folder.corpus(doc), doc.text, fix_quotes=True,
                                       quotes=frozenset({e.path}), hashes=False)
            if report.quotes:
                fixed = tuple(("E301", *codes["E301"]) for _ in [0] if "E301" in codes)
                out.append(Action(f"Replace the quote by the passage at {src.raw_path}:{r.near.span.line} "
                                  f"({r.near.similarity:.1f}% similar)", QUICKFIX, {doc.path: edits}, True, fixed))
    if e.source is None and len(m.sources) > 1:
        out += _source_actions(folder, doc, m, e, codes)
    return out


def _source_actions(folder: Folder, doc: Doc, m: Map, e: Any, codes: dict[str, tuple[int, int]]) -> list[Action]:
    """``Add source: X`` for each source of the map, the ones where the quote is found first."""
    found, rest = [], []
    for s in m.sources:
        text = folder.sources.get(s)
        hit = isinstance(text, SourceText) and bool(text.find_all(e.quote, limit=2) or text.find_normalised(e.quote, limit=2))
        (found if hit else rest).append(s)
    fixed = tuple(("E304", *codes["E304"]) for _ in [0] if "E304" in codes)
    out = []
    for i, s in enumerate(found + rest):
        where = " (the quote occurs there)" if s in found else ""
        out.append(Action(f"Add 'source: {s.id}'{where}", QUICKFIX, {doc.path: add_source_edits(doc.text, e.path, s.id)},
                          preferred=i == 0 and len(found) == 1, fixes=fixed))
    return out


def fix_all_action(folder: Folder, doc: Doc) -> Action | None:
    """``argmap check --fix`` on the whole map, as one action (``None`` when it changes nothing)."""
    m: Map = model(doc)
    edits, report = plan_fixes(m, folder.corpus(doc), doc.text)
    if not report.changed:
        return None
    return Action(f"Pin every quote ({report.pinned} quote(s), {report.hashes} source hash(es): argmap check --fix)",
                  FIX_ALL, {doc.path: edits})
