"""REFI-QDA export: maps and their sources as a ``.qdpx`` project for qualitative-analysis software
(MAXQDA, NVivo, ATLAS.ti, QualCoder), in the REFI-QDA Project exchange format (QDA-XML 1.0).

A ``.qdpx`` file is a ZIP archive of ``project.qde`` (XML in the namespace ``urn:QDA-XML:project:1.0``)
and ``sources/``, the texts the project codes. The mapping (``docs/interchange.md`` has the table):

- each **source text** of the maps is a ``TextSource`` whose ``plainTextPath`` is
  ``internal://<guid>.txt``, the text as argmap reads it (UTF-8);
- each **verified quote** (one the check finds in its source) is a ``PlainTextSelection`` at its
  0-based code-point offsets ``startPosition``/``endPosition`` (end exclusive, as argmap's
  ``start``/``end``), coded with its claim, the claim's role and the positions that cite the claim;
- the **codebook** has three trees: ``argmap claims`` (a code per map, under it a code per claim whose
  description is the claim's text), ``argmap claim roles`` (thesis, claim, implicit-premise) and
  ``argmap issues`` (a code per issue, under it a code per position);
- each **work** is a ``Case`` with the variables ``author``, ``year`` and ``title`` and references to
  its sources;
- each **support** (one per premise of an inference) and each **attack** is a ``Link`` between claim
  codes (an undercut links the attacker to the link of the inference it undercuts); a note holds an
  inference's scheme and note;
- each **map** is a ``Graph``: a vertex per claim, an edge per link, laid out by rank (the thesis on top).

Descriptions begin with text for people and may end with a line ``argmap: {…}`` (JSON) holding what
argmap needs to read the project back (``argmap import --from qdpx``). GUIDs are derived from the map
and element ids (uuid5), the archive has fixed timestamps: the same maps give the same bytes.
"""

from __future__ import annotations

import io
import json
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.evidence.sources import SourceText
from argmap.load.corpus import SourceCache
from argmap.load.loader import _read
from argmap.load.manifest import MANIFEST_NAME
from argmap.load.yamlsafe import YamlProblem, parse as parse_yaml
from argmap.model.diagnostics import Diagnostic
from argmap.model.limits import DEFAULT_LIMITS
from argmap.load.document import claim_doc, evidence_doc, position_doc, source_doc, work_doc
from argmap.model import Map, Source

NS = "urn:QDA-XML:project:1.0"
ET.register_namespace("", NS)
#: Marks the machine-readable last line of a description.
TAIL = "argmap: "
_ROLES = ("thesis", "claim", "implicit-premise")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def guid(*parts: str) -> str:
    """A deterministic GUID for an argmap element (uuid5 of its kind and ids)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "argmap:" + "/".join(parts)))


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _el(parent: ET.Element, tag: str, **attrs: Any) -> ET.Element:
    return ET.SubElement(parent, _q(tag), {k: str(v) for k, v in attrs.items() if v is not None})


def _described(parent: ET.Element, text: str, data: dict[str, Any] | None = None) -> None:
    body = text + (f"\n\n{TAIL}{json.dumps(data, ensure_ascii=False, sort_keys=True)}" if data else "")
    if body:
        _el(parent, "Description").text = _xml_safe(body)


def _xml_safe(text: str) -> str:
    return "".join(ch if ch in "\t\n\r" or (" " <= ch and ch not in "\ufffe\uffff" and not "\ud800" <= ch <= "\udfff")
                   else "\ufffd" for ch in text)


@dataclass
class QdpxExport:
    """What :func:`to_qdpx` made: the archive's bytes, how many quotes became selections, and the
    quotes left out with why (``(map id, claim id, quote number, reason)``)."""

    data: bytes
    selections: int = 0
    skipped: list[tuple[str, str, int, str]] = field(default_factory=list)


def to_qdpx(maps: list[Map], sources: SourceCache, *, name: str = "argmap corpus",
            issue_files: tuple[Path, ...] = ()) -> QdpxExport:
    """The maps as a REFI-QDA project archive (``.qdpx``; layout: module docstring).

    Parameters
    ----------
    maps : list of Map
        Loaded maps (ids distinct).
    sources : SourceCache
        Reads the source texts and resolves the quotes (a quote that is not found, or whose source
        cannot be read, is left out and listed in ``skipped``).
    name : str
        The project's name.
    issue_files : tuple of Path
        The ``*.issues.yaml`` files the maps' positions cite: their text travels in the project's
        description, so that an import gives back maps whose positions resolve.
    """
    b = _Builder(sources)
    root = ET.Element(_q("Project"), {"name": name, "origin": "argmap", "creatingUserGUID": b.user})
    users = _el(root, "Users")
    _el(users, "User", guid=b.user, name="argmap")
    texts = b.collect(maps)
    b.codebook(_el(root, "CodeBook"), maps)
    variables = _el(root, "Variables")
    for var, kind in (("author", "Text"), ("year", "Integer"), ("title", "Text")):
        _el(variables, "Variable", guid=guid("variable", var), name=var, typeOfVariable=kind)
    cases = _el(root, "Cases")
    for m in maps:
        b.case(cases, m)
    b.sources_el(_el(root, "Sources"), texts)
    links = b.links(maps)
    if b.notes:
        notes = _el(root, "Notes")
        for gid, text in b.notes:
            note = _el(notes, "Note", guid=gid, name="argmap")
            _el(note, "PlainTextContent").text = _xml_safe(text)
    if links:
        holder = _el(root, "Links")
        for attrs in links:
            link = _el(holder, "Link", **{k: v for k, v in attrs.items() if k != "note"})
            if attrs.get("note"):
                _el(link, "NoteRef", targetGUID=attrs["note"])
    graphs = _el(root, "Graphs")
    for m in maps:
        b.graph(graphs, m, [a for a in links if a["map"] == m.id])
    issues = {}
    for path in issue_files:
        got = _read(path, DEFAULT_LIMITS.max_bytes)
        if not isinstance(got, Diagnostic):
            issues[path.name] = got[0]
    _described(root, f"{len(maps)} argument map(s) exported by argmap", {"issues": issues} if issues else None)
    for a in links:
        a.pop("map", None)
    for link in root.iter(_q("Link")):
        link.attrib.pop("map", None)
    ET.indent(root, "  ")
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for arcname, payload in [("project.qde", xml)] + [(f"sources/{g}.txt", t.text.encode("utf-8"))
                                                           for g, (t, _, _) in texts.items()]:
            info = zipfile.ZipInfo(arcname, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, payload)
    return QdpxExport(buf.getvalue(), b.selection_count, b.skipped)


class _Builder:
    def __init__(self, sources: SourceCache) -> None:
        self.cache = sources
        self.user = guid("user", "argmap")
        self.selections: dict[str, list[tuple[int, int, str, list[str], dict[str, Any]]]] = {}
        self.skipped: list[tuple[str, str, int, str]] = []
        self.selection_count = 0
        self.notes: list[tuple[str, str]] = []
        self.positions: dict[tuple[str, str], list[str]] = {}  # (map, claim) -> position code guids

    def collect(self, maps: list[Map]) -> dict[str, tuple[SourceText, Source, str]]:
        """The source texts (by TextSource guid) and, for each, its verified quotes."""
        texts: dict[str, tuple[SourceText, Source, str]] = {}
        for m in maps:
            for p in m.positions:
                for ref in p.claims:
                    self.positions.setdefault((m.id, ref.id), []).append(guid("position", p.issue.id, p.position.id))
            for c in m.claims:
                for k, e in enumerate(c.evidence, 1):
                    source = m.source_of(e)
                    text = self.cache.get(source) if source is not None else ("E301", "names no source of the map")
                    if not isinstance(text, SourceText):
                        self.skipped.append((m.id, c.id, k, f"{text[0]}: {text[1]}"))
                        continue
                    r = self.cache.resolution(e, text, source.sha256, near=False)
                    if r.status != "found" or r.span is None:
                        self.skipped.append((m.id, c.id, k, f"the quote is {r.status} in {source.raw_path}"))
                        continue
                    gid = guid("source", text.sha256 or str(source.path))
                    texts.setdefault(gid, (text, source, m.id))
                    codes = [guid("claim", m.id, c.id), guid("role", c.role)] + self.positions.get((m.id, c.id), [])
                    data = {"map": m.id, "claim": c.id, "n": k, "evidence": evidence_doc(e)}
                    self.selections.setdefault(gid, []).append((r.span.start, r.span.end, f"{c.id}: {e.quote}",
                                                                codes, data))
                    self.selection_count += 1
        return texts

    def codebook(self, book: ET.Element, maps: list[Map]) -> None:
        codes = _el(book, "Codes")
        claims = _el(codes, "Code", guid=guid("tree", "claims"), name="argmap claims", isCodable="false")
        for m in maps:
            per_map = _el(claims, "Code", guid=guid("map", m.id), name=m.id, isCodable="false")
            _described(per_map, f"{m.work.author_names}: {m.work.title}")
            for c in m.claims:
                code = _el(per_map, "Code", guid=guid("claim", m.id, c.id), name=c.id, isCodable="true")
                rest = {k: v for k, v in claim_doc(c, evidence=False).items() if k not in ("id", "text")}
                _described(code, c.text, rest)
        roles = _el(codes, "Code", guid=guid("tree", "roles"), name="argmap claim roles", isCodable="false")
        for role in _ROLES:
            _el(roles, "Code", guid=guid("role", role), name=role, isCodable="true")
        issues = _el(codes, "Code", guid=guid("tree", "issues"), name="argmap issues", isCodable="false")
        seen: dict[str, ET.Element] = {}
        done: set[str] = set()
        for m in maps:
            for p in m.positions:
                if p.issue.id not in seen:
                    seen[p.issue.id] = _el(issues, "Code", guid=guid("issue", p.issue.id), name=p.issue.id,
                                           isCodable="false")
                pid = guid("position", p.issue.id, p.position.id)
                if pid not in done:
                    done.add(pid)
                    _el(seen[p.issue.id], "Code", guid=pid, name=p.position.id, isCodable="true")

    def case(self, cases: ET.Element, m: Map) -> None:
        w = m.work
        case = _el(cases, "Case", guid=guid("case", m.id), name=f"{w.author_names} {w.year or ''}".strip())
        texts = {}
        for s in m.sources:
            text = self.cache.get(s)
            if isinstance(text, SourceText):
                texts[s.id] = guid("source", text.sha256 or str(s.path))
        data = {"map": m.id, "work": work_doc(w), "sources": [source_doc(s) for s in m.sources], "texts": texts,
                "positions": [position_doc(p) for p in m.positions] or None,
                "expect": {x.id: x.label for x in m.expect} or None, "note": m.note}
        _described(case, w.title, {k: v for k, v in data.items() if v is not None})
        values = (("author", "TextValue", w.author_names), ("year", "IntegerValue", w.year), ("title", "TextValue", w.title))
        for var, kind, value in values:
            if value is not None:
                vv = _el(case, "VariableValue")
                _el(vv, "VariableRef", targetGUID=guid("variable", var))
                _el(vv, kind).text = _xml_safe(str(value))
        for gid in dict.fromkeys(texts.values()):
            if gid in self.selections:
                _el(case, "SourceRef", targetGUID=gid)

    def sources_el(self, holder: ET.Element, texts: dict[str, tuple[SourceText, Source, str]]) -> None:
        for gid, (text, source, mid) in texts.items():
            ts = _el(holder, "TextSource", guid=gid, name=source.title, plainTextPath=f"internal://{gid}.txt",
                     creatingUser=self.user)
            data = {"map": mid, "source": source_doc(source), "manifest": _manifest_entry(source)}
            _described(ts, source.raw_path, {k: v for k, v in data.items() if v is not None})
            for n, (start, end, label, codes, data) in enumerate(sorted(self.selections.get(gid, []),
                                                                        key=lambda s: (s[0], s[1]))):
                sel = _el(ts, "PlainTextSelection", guid=guid("quote", gid, str(n), data["map"], data["claim"]),
                          name=label[:80], startPosition=start, endPosition=end, creatingUser=self.user)
                _described(sel, label, data)
                for code in codes:
                    coding = _el(sel, "Coding", guid=guid("coding", str(sel.get("guid")), code), creatingUser=self.user)
                    _el(coding, "CodeRef", targetGUID=code)

    def links(self, maps: list[Map]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        first_link: dict[tuple[str, str], str] = {}
        for m in maps:
            claims = {c.id for c in m.claims}
            for f in m.inferences:
                note = self.note(m.id, f.id, {"scheme": f.scheme, "note": f.note})
                for p in f.premises:
                    if p.id in claims and f.conclusion.id in claims:
                        gid = guid("link", m.id, f.id, p.id)
                        first_link.setdefault((m.id, f.id), gid)
                        out.append({"map": m.id, "guid": gid, "name": f"supports ({f.id})", "direction": "OneWay",
                                    "color": "#2E7D32", "originGUID": guid("claim", m.id, p.id),
                                    "targetGUID": guid("claim", m.id, f.conclusion.id), "note": note})
            for a in m.attacks:
                target = guid("claim", m.id, a.target.id) if a.type == "rebuttal" else first_link.get((m.id, a.target.id))
                if a.attacker.id not in claims or target is None or (a.type == "rebuttal" and a.target.id not in claims):
                    continue
                name = f"rebuts ({a.id})" if a.type == "rebuttal" else f"undercuts {a.target.id} ({a.id})"
                out.append({"map": m.id, "guid": guid("link", m.id, a.id), "name": name, "direction": "OneWay",
                            "color": "#C62828", "originGUID": guid("claim", m.id, a.attacker.id), "targetGUID": target,
                            "note": self.note(m.id, a.id, {"note": a.note})})
        return out

    def note(self, mid: str, ident: str, fields: dict[str, Any]) -> str | None:
        fields = {k: v for k, v in fields.items() if v}
        if not fields:
            return None
        gid = guid("note", mid, ident)
        self.notes.append((gid, "\n".join(f"{k}: {v}" for k, v in fields.items()) + f"\n\n{TAIL}" +
                           json.dumps(fields, ensure_ascii=False, sort_keys=True)))
        return gid

    def graph(self, graphs: ET.Element, m: Map, links: list[dict[str, Any]]) -> None:
        g = _el(graphs, "Graph", guid=guid("graph", m.id), name=m.id)
        rank = _ranks(m)
        column: dict[int, int] = {}
        vertex = {}
        for c in m.claims:
            r = rank.get(c.id, max(rank.values(), default=0) + 1)
            x = column.get(r, 0)
            column[r] = x + 1
            vertex[guid("claim", m.id, c.id)] = gid = guid("vertex", m.id, c.id)
            _el(g, "Vertex", guid=gid, representedGUID=guid("claim", m.id, c.id), name=c.id, firstX=40 + 260 * x,
                firstY=40 + 160 * r, secondX=240 + 260 * x, secondY=140 + 160 * r, shape="RoundedRectangle")
        link_target = {a["guid"]: a["targetGUID"] for a in links}
        for a in links:
            target = a["targetGUID"] if a["targetGUID"] in vertex else link_target.get(a["targetGUID"])
            if a["originGUID"] in vertex and target in vertex:
                _el(g, "Edge", guid=guid("edge", a["guid"]), representedGUID=a["guid"], name=a["name"],
                    sourceVertex=vertex[a["originGUID"]], targetVertex=vertex[target], color=a["color"],
                    direction="OneWay", lineStyle="solid" if a["name"].startswith("supports") else "dashed")


def _manifest_entry(source: Source) -> dict[str, Any] | None:
    """The entry of the source's file in the ``manifest.yaml`` beside it (its matching settings and
    bibliographic data), as written; ``None`` when there is none or it cannot be read."""
    path = source.path.parent / MANIFEST_NAME
    got = _read(path, DEFAULT_LIMITS.max_bytes) if path.is_file() else None
    if got is None or isinstance(got, Diagnostic):
        return None
    try:
        data = parse_yaml(got[0]).data
    except YamlProblem:
        return None
    entries = data.get("sources") if isinstance(data, dict) else None
    return next((e for e in entries or [] if isinstance(e, dict) and e.get("file") == source.path.name), None)


def _ranks(m: Map) -> dict[str, int]:
    """Each claim's distance from the thesis through inferences and attacks (the thesis is 0)."""
    into: dict[str, list[str]] = {}
    for f in m.inferences:
        into.setdefault(f.conclusion.id, []).extend(p.id for p in f.premises)
    concluded = {f.id: f.conclusion.id for f in m.inferences}
    for a in m.attacks:
        into.setdefault(concluded.get(a.target.id, a.target.id), []).append(a.attacker.id)
    rank: dict[str, int] = {}
    frontier = [c.id for c in m.theses]
    for c in frontier:
        rank[c] = 0
    while frontier:
        nxt = []
        for c in frontier:
            for p in into.get(c, []):
                if p not in rank:
                    rank[p] = rank[c] + 1
                    nxt.append(p)
        frontier = nxt
    return rank
