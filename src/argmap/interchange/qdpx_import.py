"""REFI-QDA import: a ``.qdpx`` project as argmap maps whose quotes ``argmap check`` then proves.

Each text source of the project becomes a text file; each coded passage (``PlainTextSelection``)
becomes a quote at its code-point offsets (``start``/``end``), the check then finds it in that file.

- A project **argmap wrote** (``origin="argmap"``, codebook tree ``argmap claims``) gives back its
  maps: a map per code under ``argmap claims``, its work, sources, positions and claims from the
  descriptions' ``argmap:`` lines, each claim's quotes from the passages coded with it, inferences
  and attacks from the links (``supports (I5)``, ``rebuts (A1)``, ``undercuts I5 (A2)``), the
  manifest entries (matching settings) of its sources.
- **Any other project** (MAXQDA, NVivo, ATLAS.ti, QualCoder) gives one map of candidate quotes: a
  claim per coded passage, its text the passage (fidelity ``quotation``), its codes kept in its note.
  The argument — inferences, attacks, the thesis — is then the analyst's to write.

What cannot be imported is reported, never dropped silently: ``X528`` when the file is unusable (not a
ZIP, no ``.qde``, not QDA-XML, too large), ``X529`` for each part left out (sources that are not text,
passages outside their text, links argmap did not write, graphs, sets, variables).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from argmap.interchange.qdpx import NS, TAIL
from argmap.load.document import Doc
from argmap.model.diagnostics import Diagnostic

#: Bounds of an archive argmap opens: members, and bytes once uncompressed.
MAX_MEMBERS = 10_000
MAX_UNPACKED = 512 * 1024 * 1024
_LINK = re.compile(r"^(?:supports|rebuts|undercuts (?P<target>\S+)) \((?P<id>[A-Za-z][A-Za-z0-9_.\-]*)\)$")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@dataclass
class QdpxImported:
    """Result of :func:`from_qdpx`: the map documents (their source paths ``sources/<file>``), the texts
    to write as ``sources/<file>`` beside them, the manifest entries for ``sources/manifest.yaml``, the
    issues files (name → text) the maps' positions cite, the ``X528``/``X529`` diagnostics and the
    number of passages imported as quotes."""

    maps: list[Doc] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    manifest: list[dict[str, Any]] = field(default_factory=list)
    issues: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    quotes: int = 0


def _split(description: str | None) -> tuple[str, dict[str, Any]]:
    """A description's text for people and its ``argmap:`` data (``{}`` when it has none)."""
    text = description or ""
    head, sep, tail = text.rpartition("\n\n" + TAIL)
    if sep:
        try:
            data = json.loads(tail)
            return head, data if isinstance(data, dict) else {}
        except ValueError:
            pass
    return text, {}


def from_qdpx(data: bytes, file: str, *, map_id: str | None = None, language: str = "en") -> QdpxImported:
    """Import a REFI-QDA project archive.

    Parameters
    ----------
    data : bytes
        The ``.qdpx`` file's content (its size bounded by the caller).
    file : str
        Its path, for diagnostics.
    map_id, language : str
        For a project argmap did not write: the map's id (default: from the project's name) and the
        passages' language.

    Returns
    -------
    QdpxImported
        ``maps`` is empty, with an ``X528`` error, when the archive is unusable. Raises nothing.
    """
    out = QdpxImported()
    try:
        root, members = _open(data)
    except _Unusable as exc:
        out.diagnostics.append(Diagnostic("X528", exc.message, file, exc.line, exc.column))
        return out
    run = _Import(root, members, file, out)
    run.read_sources()
    if run.argmap_written():
        run.argmap_maps()
    else:
        run.candidate_map(map_id, language)
    run.report_rest()
    return out


class _Unusable(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _open(data: bytes) -> tuple[ET.Element, dict[str, zipfile.ZipInfo | zipfile.ZipFile]]:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _Unusable(f"not a .qdpx (ZIP) archive: {exc}") from None
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise _Unusable(f"the archive holds more than {MAX_MEMBERS} files or {MAX_UNPACKED} bytes once unpacked")
    qde = [i for i in infos if i.filename.lower().endswith(".qde") and "/" not in i.filename.strip("/")]
    if len(qde) != 1:
        raise _Unusable(f"a .qdpx archive holds one project .qde file at its top; this one holds {len(qde)}")
    raw = z.read(qde[0])
    if re.search(rb"<!DOCTYPE|<!ENTITY", raw[:4096] if b"<!" not in raw[4096:] else raw):
        raise _Unusable("the project XML declares a DOCTYPE or entities, which argmap does not read")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        line, col = exc.position
        raise _Unusable(f"{qde[0].filename} is not XML: {exc}", line, col + 1) from None
    if root.tag != _q("Project"):
        raise _Unusable(f"{qde[0].filename} is not a QDA-XML project (root <{root.tag}>, expected <Project> in {NS})")
    return root, {"zip": z, **{i.filename: i for i in infos}}


class _Import:
    def __init__(self, root: ET.Element, members: dict[str, Any], file: str, out: QdpxImported) -> None:
        self.root, self.members, self.file, self.out = root, members, file, out
        self.codes: dict[str, tuple[str, str, str | None]] = {}  # guid -> (name, description, parent guid)
        self.top: dict[str, str] = {}  # top-level code name -> guid
        for code in root.iterfind(f"{_q('CodeBook')}/{_q('Codes')}/{_q('Code')}"):
            self.read_code(code, None)
        self.texts: dict[str, tuple[str, str, dict[str, Any]]] = {}  # source guid -> (file, text, tail)
        self.passages: list[tuple[str, int, int, str, list[str], dict[str, Any], str]] = []
        self.used_files: set[str] = set()

    def report(self, message: str) -> None:
        self.out.diagnostics.append(Diagnostic("X529", message, self.file, 1, 1))

    def read_code(self, code: ET.Element, parent: str | None) -> None:
        gid = code.get("guid", "")
        self.codes[gid] = (code.get("name", ""), code.findtext(_q("Description")) or "", parent)
        if parent is None:
            self.top[code.get("name", "")] = gid
        for child in code.findall(_q("Code")):
            self.read_code(child, gid)

    def code_path(self, gid: str) -> str:
        names = []
        while gid in self.codes and len(names) < 64:
            name, _, parent = self.codes[gid]
            names.append(name)
            gid = parent or ""
        return "/".join(reversed(names))

    def read_sources(self) -> None:
        sources = self.root.find(_q("Sources"))
        for el in list(sources) if sources is not None else []:
            kind = el.tag.removeprefix(f"{{{NS}}}")
            name = el.get("name") or el.get("guid", "")
            if kind != "TextSource":
                self.report(f"{kind} {name!r} is not imported: argmap quotes text sources")
                continue
            text = self.source_text(el)
            if text is None:
                self.report(f"TextSource {name!r}: its text is neither in the project nor in the archive "
                            f"({el.get('plainTextPath')!r}); its coded passages are not imported")
                continue
            _, tail = _split(el.findtext(_q("Description")))
            file = self.file_name(name, tail)
            self.texts[el.get("guid", "")] = (file, text, tail)
            self.out.texts[file] = text
            if isinstance(tail.get("manifest"), dict):
                self.out.manifest.append({**tail["manifest"], "file": file})
            for sel in el.findall(_q("PlainTextSelection")):
                self.read_passage(el.get("guid", ""), sel, text, name)

    def source_text(self, el: ET.Element) -> str | None:
        content = el.findtext(_q("PlainTextContent"))
        if content is not None:
            return content
        path = el.get("plainTextPath") or ""
        if not path.startswith("internal://"):
            return None
        wanted = path.removeprefix("internal://")
        info = next((i for n, i in self.members.items() if n != "zip" and n.lower() == f"sources/{wanted}".lower()), None)
        if info is None:
            return None
        try:
            return self.members["zip"].read(info).decode("utf-8-sig")
        except (UnicodeDecodeError, zipfile.BadZipFile, OSError):
            return None

    def file_name(self, name: str, tail: dict[str, Any]) -> str:
        source = tail.get("source") if isinstance(tail.get("source"), dict) else {}
        base = PurePosixPath(str(source.get("path") or name)).name
        base = re.sub(r"[^\w.\-]+", "_", base).strip("._") or "source"
        base = base if base.endswith(".txt") else base + ".txt"
        candidate, k = base, 2
        while candidate in self.used_files or candidate == "manifest.yaml":
            candidate, k = f"{k}_{base}", k + 1
        self.used_files.add(candidate)
        return candidate

    def read_passage(self, source: str, sel: ET.Element, text: str, name: str) -> None:
        try:
            start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
        except ValueError:
            start, end = -1, -1
        if not 0 <= start < end <= len(text) or not text[start:end].strip():
            self.report(f"passage {sel.get('name')!r} of {name!r} ({sel.get('startPosition')}–"
                        f"{sel.get('endPosition')}) is not a stretch of text in its source ({len(text)} characters); "
                        f"not imported")
            return
        codes = [c.get("targetGUID", "") for c in sel.iterfind(f"{_q('Coding')}/{_q('CodeRef')}")]
        _, tail = _split(sel.findtext(_q("Description")))
        self.passages.append((source, start, end, text[start:end], codes, tail, sel.get("name") or ""))

    def argmap_written(self) -> bool:
        return self.root.get("origin") == "argmap" and "argmap claims" in self.top

    # -- a project argmap wrote ------------------------------------------------------------------------

    def argmap_maps(self) -> None:
        issues = _split(self.root.findtext(_q("Description"))).__getitem__(1).get("issues")
        if isinstance(issues, dict):
            self.out.issues = {re.sub(r"[^\w.\-]+", "_", PurePosixPath(str(k)).name): str(v)
                               for k, v in issues.items() if str(k).endswith(".issues.yaml")}
        cases = {}
        for case in self.root.iterfind(f"{_q('Cases')}/{_q('Case')}"):
            _, tail = _split(case.findtext(_q("Description")))
            if isinstance(tail.get("map"), str):
                cases[tail["map"]] = tail
        notes = {n.get("guid", ""): _split(n.findtext(_q("PlainTextContent")))[1]
                 for n in self.root.iterfind(f"{_q('Notes')}/{_q('Note')}")}
        tree = self.top["argmap claims"]
        for gid, (name, desc, parent) in list(self.codes.items()):
            if parent == tree:
                self.out.maps.append(self.argmap_map(gid, name, cases.get(name, {}), notes))

    def argmap_map(self, map_gid: str, mid: str, case: dict[str, Any], notes: dict[str, dict[str, Any]]) -> Doc:
        claim_of = {gid: name for gid, (name, _, parent) in self.codes.items() if parent == map_gid}
        claims = []
        for gid, cid in claim_of.items():
            text, rest = _split(self.codes[gid][1])
            doc: Doc = {"id": cid, **({"role": rest.pop("role")} if "role" in rest else {}), "text": text, **rest}
            quotes = sorted((p for p in self.passages if gid in p[4] and isinstance(p[5].get("evidence"), dict)),
                            key=lambda p: p[5].get("n", 0))
            if quotes:
                doc["evidence"] = [p[5]["evidence"] for p in quotes]
                self.out.quotes += len(quotes)
            claims.append(doc)
        inferences, attacks = self.argmap_links(claim_of, notes)
        doc = {"argmap": 1, "id": mid, "work": case.get("work") or {
            "title": f"map {mid} of a REFI-QDA project", "authors": [{"name": "unknown"}], "kind": "other",
            "language": "en"}, "sources": self.argmap_sources(case), "claims": claims}
        if inferences:
            doc["inferences"] = inferences
        if attacks:
            doc["attacks"] = attacks
        for key in ("positions", "expect", "note"):
            if case.get(key):
                doc[key] = case[key]
        return doc

    def argmap_sources(self, case: dict[str, Any]) -> list[Doc]:
        texts = case.get("texts") if isinstance(case.get("texts"), dict) else {}
        out = []
        for s in case.get("sources") or []:
            if not isinstance(s, dict):
                continue
            s = dict(s)
            got = self.texts.get(texts.get(s.get("id"), ""))
            if got is None:
                self.report(f"source {s.get('id')} of map {case.get('map')}: its text is not in the project; the "
                            f"map keeps its path {s.get('path')!r}")
            else:
                s["path"] = f"sources/{got[0]}"
                if s.get("sha256") and s["sha256"] != hashlib.sha256(got[1].encode("utf-8")).hexdigest():
                    del s["sha256"]
            out.append(s)
        return out

    def argmap_links(self, claim_of: dict[str, str], notes: dict[str, dict[str, Any]]) -> tuple[list[Doc], list[Doc]]:
        inferences: dict[str, Doc] = {}
        attacks: list[Doc] = []
        for link in self.root.iterfind(f"{_q('Links')}/{_q('Link')}"):
            origin, target = claim_of.get(link.get("originGUID", "")), link.get("targetGUID", "")
            if origin is None:
                continue  # another map's link (or not argmap's: reported by report_rest)
            mt = _LINK.match(link.get("name", ""))
            if mt is None:
                continue
            extra = {}
            ref = link.find(_q("NoteRef"))
            if ref is not None:
                extra = {k: v for k, v in notes.get(ref.get("targetGUID", ""), {}).items() if k in ("scheme", "note")}
            lid = mt.group("id")
            if link.get("name", "").startswith("supports") and target in claim_of:
                f = inferences.setdefault(lid, {"id": lid, "premises": [], "conclusion": claim_of[target], **extra})
                f["premises"].append(origin)
            elif link.get("name", "").startswith("rebuts") and target in claim_of:
                attacks.append({"id": lid, "attacker": origin, "target": claim_of[target], "type": "rebuttal", **extra})
            elif mt.group("target"):
                attacks.append({"id": lid, "attacker": origin, "target": mt.group("target"), "type": "undercut", **extra})
        return list(inferences.values()), attacks

    # -- any other project: candidate quotes ------------------------------------------------------------

    def candidate_map(self, map_id: str | None, language: str) -> None:
        name = self.root.get("name") or "REFI-QDA project"
        mid = map_id or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "qdpx"
        ids: dict[str, str] = {}
        sources = []
        for gid, (file, _, _) in self.texts.items():
            sid = re.sub(r"[^A-Za-z0-9_.\-]+", "-", file.removesuffix(".txt")).strip("-.") or "source"
            sid = sid if sid[:1].isalpha() else f"S-{sid}"
            while sid in ids.values():
                sid += "-2"
            ids[gid] = sid
            sources.append({"id": sid, "path": f"sources/{file}", "title": file})
        claims = []
        for n, (gid, start, end, passage, codes, _, label) in enumerate(self.passages, 1):
            named = "; ".join(sorted({self.code_path(c) for c in codes if c in self.codes})) or "none"
            claims.append({"id": f"Q{n}", "text": passage, "gloss": passage, "fidelity": "quotation",
                           "evidence": [{"quote": passage, "source": ids[gid], "start": start, "end": end}],
                           "note": f"Coded passage {label!r}; codes: {named}"})
        self.out.quotes += len(claims)
        if not claims:
            self.report("the project has no coded passage of a text source, so there is nothing to quote")
            return
        self.out.maps.append({
            "argmap": 1, "id": mid,
            "work": {"title": name, "authors": [{"name": "unknown"}], "kind": "other", "language": language,
                     "note": f"Imported from the REFI-QDA project {PurePosixPath(self.file).name} by argmap import."},
            "sources": sources, "claims": claims,
            "note": "Candidate quotes: one claim per coded passage of the project. The argument (inferences, "
                    "attacks, the thesis) is still to be written."})

    def report_rest(self) -> None:
        mine = self.argmap_written()
        parts = [("Links", "Link", "links"), ("Graphs", "Graph", "graphs"), ("Sets", "Set", "sets"),
                 ("Cases", "Case", "cases"), ("Variables", "Variable", "variables"), ("Notes", "Note", "notes")]
        for holder, item, what in parts:
            found = self.root.findall(f"{_q(holder)}/{_q(item)}")
            if found and not mine:
                self.report(f"{len(found)} {what} of the project are not imported (argmap imports coded passages "
                            f"of text sources)")
        if mine:
            odd = [link.get("name", "") for link in self.root.iterfind(f"{_q('Links')}/{_q('Link')}")
                   if not _LINK.match(link.get("name", ""))]
            if odd:
                self.report(f"{len(odd)} link(s) argmap did not write are not imported, e.g. {odd[0]!r}")
