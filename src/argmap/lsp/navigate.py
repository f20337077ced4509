"""Hover, go to definition and find references: from what the cursor is on
(:func:`argmap.lsp.targets.target_at`) to the claim, quote, source, map, issue or position it names.

Places are returned as :class:`Place` (a file, 1-based line and column in code points, and the
length of the token there); the server turns them into LSP locations with the file's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from argmap.evidence.sources import SourceText
from argmap.load.loader import schema
from argmap.lsp.project import ISSUES, MAP, Doc, Folder
from argmap.lsp.targets import Target, item_of, split_ref
from argmap.model import Claim, Evidence, Issue, Location, Map
from argmap.output.places import quote_location
from argmap.render.reading import quote_in_context


@dataclass(frozen=True)
class Place:
    """A place in a file: 1-based ``line``/``column`` (code points) and the token's ``length`` in
    code points (0: to the end of the token there, as the file's text shows it)."""

    path: Path
    line: int
    column: int
    length: int = 0


def _at(path: Path, loc: Location, length: int = 0) -> Place:
    return Place(path, loc.line, loc.column, length)


def model(doc: Doc | None) -> Map | None:
    return doc.good.model if doc is not None and doc.good is not None and doc.kind == MAP else None


def map_doc(folder: Folder, map_id: str) -> Doc | None:
    """The map of the folder with id ``map_id`` (its last good version)."""
    return next((d for d in folder.maps() if model(d) is not None and model(d).id == map_id), None)


def issue_of(folder: Folder, issue_id: str) -> tuple[Doc, Issue] | None:
    for d in folder.docs.values():
        if d.kind == ISSUES and d.good is not None:
            for issue in d.good.model.issues:
                if issue.id == issue_id:
                    return d, issue
    return None


# -- hover --------------------------------------------------------------------------------------


def _cite(m: Map) -> str:
    w = m.work
    return " ".join(x for x in (w.author_names, str(w.year or "")) if x)


def claim_markdown(m: Map, c: Claim, folder: Folder) -> str:
    """A claim for a hover: id, role, fidelity, section, text, gloss, attribution and its first quote
    with where it is (author and year of the work, file, line and page)."""
    head = [f"**{c.id}**", c.role]
    if c.fidelity:
        head.append(f"fidelity: {c.fidelity}")
    if c.section:
        head.append(f"§ {c.section}")
    out = [" · ".join(head), "", c.text, "", f"*{c.gloss}*"]
    if c.asserted_by:
        out += ["", f"asserted by {c.asserted_by.label()}" + (f", {c.asserted_by.work}" if c.asserted_by.work else "")]
    if c.evidence:
        e = c.evidence[0]
        q = quote_in_context(m, e, folder.sources)
        line = q.span.line if q.span else None
        page = q.page if q.page is not None else e.page
        more = f" (and {len(c.evidence) - 1} more)" if len(c.evidence) > 1 else ""
        out += ["", f"> 「{e.quote}」", "", f"— {_cite(m)}, {quote_location(m, e, line=line, page=page)}{more}"]
    elif c.is_implicit and c.justification:
        out += ["", f"implicit premise: {c.justification}"]
    return "\n".join(out)


def quote_markdown(m: Map, e: Evidence, folder: Folder) -> str:
    """A quote for a hover: the passage with its context in the source, and where it is."""
    q = quote_in_context(m, e, folder.sources, 1)
    if q.span is None:
        src = q.source
        text = folder.sources.get(src) if src is not None else None
        why = "its source cannot be read" if src is not None and not isinstance(text, SourceText) else (
            "it occurs several times; pin one with line:" if q.resolution and q.resolution.status == "ambiguous"
            else "not found in the source")
        return f"「{e.quote}」\n\n{why} ({quote_location(m, e)})"
    page = q.page if q.page is not None else e.page
    where = quote_location(m, e, line=q.span.line, page=page)
    return f"{q.before}**【{q.passage}】**{q.after}\n\n— {_cite(m)}, {where} (column {q.span.column})"


def hover_markdown(folder: Folder, doc: Doc, t: Target) -> str | None:
    """The hover text for target ``t`` of ``doc`` (Markdown), or ``None``."""
    m = model(doc)
    if t.kind == "quote" and m is not None and t.evidence is not None:
        return quote_markdown(m, t.evidence, folder)
    if t.kind == "field":
        return field_help(doc.kind, t.keys, t.value)
    if t.kind in ("claim", "item", "inference", "attack") and m is not None:
        item = item_of(m, t.value)
        if isinstance(item, Claim):
            return claim_markdown(m, item, folder)
        if item is not None and hasattr(item, "premises"):
            return f"**{item.id}** inference: {', '.join(p.id for p in item.premises)} → {item.conclusion.id}" + (
                f"\n\nscheme: {item.scheme}" if item.scheme else "")
        if item is not None:
            return f"**{item.id}** {item.type}: {item.attacker.id} → {item.target.id}"
    if t.kind == "mapref":
        ref = split_ref(t.value)
        other = model(map_doc(folder, ref[0])) if ref else None
        c = other.claims_by_id.get(ref[1]) if other is not None and ref else None
        return claim_markdown(other, c, folder) + f"\n\n(map {other.id})" if c is not None else None
    if t.kind == "source" and m is not None:
        s = m.sources_by_id.get(t.value)
        return f"**{s.id}**: {s.title}\n\n`{s.raw_path}`" if s else None
    if t.kind in ("issue", "position"):
        return _issue_markdown(folder, t)
    if t.kind == "map":
        other = model(map_doc(folder, t.value))
        return f"**{other.id}**: {other.work.title} ({_cite(other)})" if other else None
    return None


def _issue_markdown(folder: Folder, t: Target) -> str | None:
    got = issue_of(folder, t.value if t.kind == "issue" else (t.issue or ""))
    if got is None:
        return None
    issue = got[1]
    if t.kind == "issue":
        return f"**{issue.id}**: {issue.question}\n\n*{issue.question_en}*\n\npositions: " + ", ".join(
            p.id for p in issue.positions)
    p = next((p for p in issue.positions if p.id == t.value), None)
    if p is None:
        return "not addressed: the work says nothing on this issue" if t.value == "not-addressed" else None
    return f"**{p.id}** ({issue.id}): {p.label} · *{p.label_en}*\n\n{p.definition}"


def field_help(kind: str, keys: tuple[str, ...], key: str) -> str | None:
    """The schema's title and description of field ``key`` under the cursor's key path ``keys``."""
    sub = schema_at(kind, keys)
    prop = (sub or {}).get("properties", {}).get(key)
    if not prop:
        return None
    return f"**{key}**: {prop.get('title', '')}\n\n{prop.get('description', '')}".strip()


def schema_at(kind: str, keys: tuple[str, ...]) -> dict | None:
    """The schema of the mapping that holds keys at the key path ``keys`` (list levels skipped)."""
    name = {MAP: "argmap", ISSUES: "issues"}.get(kind, "manifest")
    sub: dict | None = schema(name)
    for key in keys:
        if sub is None:
            return None
        if sub.get("type") == "array":
            sub = sub.get("items")
        sub = (sub or {}).get("properties", {}).get(key)
    if sub is not None and sub.get("type") == "array":
        sub = sub.get("items")
    return sub


# -- definition and references ------------------------------------------------------------------


def definition(folder: Folder, doc: Doc, t: Target) -> list[Place]:
    """Where target ``t`` is defined (a claim's id, a map's id, a source entry, a quote's passage
    in its source file, an issue or a position)."""
    m = model(doc)
    if t.kind in ("claim", "item", "inference", "attack") and m is not None:
        item = item_of(m, t.value)
        return [_at(doc.path, item.loc, len(item.id))] if item is not None else []
    if t.kind == "mapref":
        ref = split_ref(t.value)
        other = map_doc(folder, ref[0]) if ref else None
        c = model(other).claims_by_id.get(ref[1]) if other is not None and ref else None
        if other is not None and c is None:
            return [_at(other.path, model(other).id_loc)]
        return [_at(other.path, c.loc, len(c.id))] if c is not None else []
    if t.kind == "map":
        other = map_doc(folder, t.value)
        return [_at(other.path, model(other).id_loc)] if other is not None else []
    if t.kind == "source" and m is not None:
        s = m.sources_by_id.get(t.value)
        return [_at(doc.path, s.loc)] if s is not None else []
    if t.kind == "path" and m is not None:
        s = next((s for s in m.sources if s.path_loc and s.path_loc.line == t.line + 1), None)
        return [Place(s.path.resolve(), 1, 1)] if s is not None and isinstance(folder.sources.get(s), SourceText) else []
    if t.kind == "quote" and m is not None and t.evidence is not None:
        return _quote_definition(folder, m, t.evidence)
    if t.kind in ("issue", "position"):
        got = issue_of(folder, t.value if t.kind == "issue" else (t.issue or ""))
        if got is None:
            return []
        d, issue = got
        if t.kind == "issue":
            return [_at(d.path, issue.loc, len(issue.id))]
        p = next((p for p in issue.positions if p.id == t.value), None)
        return [_at(d.path, p.loc, len(p.id))] if p is not None else []
    return []


def _quote_definition(folder: Folder, m: Map, e: Evidence) -> list[Place]:
    q = quote_in_context(m, e, folder.sources)
    if q.span is None or q.source is None:
        return []
    return [Place(q.source.path.resolve(), q.span.line, q.span.column, q.span.end - q.span.start)]


def references(folder: Folder, doc: Doc, t: Target, declaration: bool = True) -> list[Place]:
    """Every place that names target ``t``'s id: in this map (premises, conclusions, attackers,
    targets, positions), in every map of the folder that links to it (``map#claim``), and for
    issues and positions, in every map's ``positions``."""
    m = model(doc)
    out: list[Place] = []
    if t.kind in ("claim", "item", "inference", "attack") and m is not None:
        if declaration:
            out += definition(folder, doc, t)
        out += [_at(doc.path, r.loc, len(r.id)) for r in id_refs(m, t.value)]
        out += [Place(d.path, k.loc.line, k.loc.column, 0) for d, k in link_refs(folder, m.id, t.value)]
    elif t.kind == "mapref":
        ref = split_ref(t.value)
        other = map_doc(folder, ref[0]) if ref else None
        if other is not None:
            target = Target("claim", ref[1], True, 0, 0, 0)
            return references(folder, other, target, declaration)
    elif t.kind == "source" and m is not None:
        if declaration:
            out += definition(folder, doc, t)
        out += [_at(doc.path, e.source.loc, len(t.value)) for c in m.claims for e in c.evidence
                if e.source is not None and e.source.id == t.value]
    elif t.kind in ("issue", "position"):
        if declaration:
            out += definition(folder, doc, t)
        for d in folder.maps():
            other = model(d)
            for p in other.positions if other is not None else ():
                if t.kind == "issue" and p.issue.id == t.value:
                    out.append(_at(d.path, p.issue.loc, len(t.value)))
                elif t.kind == "position" and p.issue.id == t.issue and p.position.id == t.value:
                    out.append(_at(d.path, p.position.loc, len(t.value)))
    return out


def id_refs(m: Map, ident: str) -> Iterator:
    """The :class:`~argmap.model.Ref` s of ``m`` that name the claim, inference or attack ``ident``."""
    for f in m.inferences:
        yield from (r for r in (*f.premises, f.conclusion) if r.id == ident)
    for a in m.attacks:
        yield from (r for r in (a.attacker, a.target) if r.id == ident)
    for p in m.positions:
        yield from (r for r in p.claims if r.id == ident)


def link_refs(folder: Folder, map_id: str, claim_id: str) -> Iterator:
    """``(doc, link)`` for every link of every map of ``folder`` to ``map_id#claim_id``."""
    for d in folder.maps():
        other = model(d)
        for c in other.claims if other is not None else ():
            for k in c.links:
                if k.map_id == map_id and k.claim_id == claim_id:
                    yield d, k
