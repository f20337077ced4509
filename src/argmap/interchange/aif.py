"""AIF JSON: export a map as an argument graph of the Argument Interchange Format, and import one.

The AIF (Chesñevar et al. 2006, *Towards an argument interchange format*, Knowledge Engineering
Review 21(4); Reed et al. 2008 for I-/S-nodes and locutions) represents an argument as a graph of
**I-nodes** (information: claims) and **S-nodes** (scheme applications): **RA** (rule application:
an inference), **CA** (conflict application: an attack) and **MA** (preference/rephrase). Dialogue
is carried by **L-nodes** (locutions, "who said what"), **YA** (illocutionary anchoring, e.g.
*Asserting*) and **TA** (transitions). The JSON form is AIFdb's and OVA's::

    {"nodes": [{"nodeID": "1", "text": "...", "type": "I"}, ...],
     "edges": [{"edgeID": "1", "fromID": "1", "toID": "2", "formEdgeID": null}, ...],
     "locutions": [{"nodeID": "7", "personID": "1", ...}], "participants": [...]}

Mapping (both directions; ``docs/interchange.md`` has the full table and what is lost):

====================================  ======================================================
argmap                                AIF
====================================  ======================================================
claim                                 I-node (``text`` = the claim's text)
inference (premises → conclusion)     one RA-node; premise → RA → conclusion (linked premises
                                      share the RA); ``scheme`` → the RA's ``text``/``scheme``
inference with scheme                 MA-node (rephrase), both ways
``Default Rephrase``
rebuttal (attacker → claim)           CA-node; attacker → CA → target I-node
undercut (attacker → inference)       CA-node; attacker → CA → the inference's RA-node
evidence quote                        L-node (``text`` = the verbatim quote; selectors in its
                                      extension) → YA ``Asserting`` → I-node, with a
                                      ``locutions`` entry naming the work's author as participant
attribution (``asserted_by``)         an extension field; on import, an L-node whose text is
                                      ``Speaker says '…'`` or ``Speaker: …`` (or whose
                                      ``locutions`` entry names a participant) becomes
                                      ``asserted_by: {author: Speaker}``
everything else                       extension field ``"argmap"`` on the node (claim fields,
                                      inference/attack ids and notes, selectors) and at the top
                                      level (map id, work, sources, positions)
====================================  ======================================================

The importer reports every AIF construct it cannot map, with its place in the JSON file, as an
``X5xx`` diagnostic: nothing is dropped silently.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.model.diagnostics import Diagnostic
from argmap.load.loader import _read
from argmap.evidence.sources import line_col, line_starts
from argmap.load.document import Doc, attribution_doc, claim_doc, evidence_doc, position_doc, source_doc, work_doc
from argmap.model import Map

#: Key of argmap's extension object on AIF nodes and at the top level of an AIF document.
EXT = "argmap"
#: AIFdb's node texts for S-nodes without a named scheme.
DEFAULT_INFERENCE = "Default Inference"
DEFAULT_CONFLICT = "Default Conflict"
DEFAULT_REPHRASE = "Default Rephrase"
#: Largest AIF file `read_aif` accepts (AIFdb's biggest graphs are a few MB).
MAX_AIF_BYTES = 50 * 1024 * 1024

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
#: Key order of a claim in docs/format.md (the importer writes claims in it; ``note`` and the rest last).
_CLAIM_KEYS = ("id", "role", "text", "gloss", "section", "justification", "asserted_by", "evidence", "links")


# --------------------------------------------------------------------------------------------------
# export


def to_aif(m: Map) -> dict[str, Any]:
    """The map as an AIF JSON document (a ``dict`` ready for :func:`json.dumps`).

    Node and edge ids are consecutive integers written as strings, as AIFdb writes them; each node
    carries argmap's own id and fields in its ``"argmap"`` extension object so that
    :func:`from_aif` restores the map. No timestamps are written (the output is deterministic).

    Parameters
    ----------
    m : Map
        Any map the loader built (it need not pass ``argmap check``; a dangling premise or target is
        left out of the graph, as there is no node to draw the edge to).

    Returns
    -------
    dict
        ``{"nodes", "edges", "locutions", "participants", "argmap"}``.
    """
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    participants: list[dict[str, Any]] = []
    node_of: dict[str, str] = {}

    def node(kind: str, text: str, ext: Doc, **extra: Any) -> str:
        nid = str(len(nodes) + 1)
        nodes.append({"nodeID": nid, "text": text, "type": kind, **extra, EXT: ext})
        return nid

    def edge(a: str, b: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": a, "toID": b, "formEdgeID": None})

    person = {"participantID": "1", "firstname": m.work.author_names, "surname": ""}
    participants.append(person)

    for c in m.claims:
        node_of[c.id] = node("I", c.text, {k: v for k, v in claim_doc(c, evidence=False).items() if k != "text"})
    for f in m.inferences:
        if f.scheme == DEFAULT_REPHRASE:
            kind, text, extra = "MA", DEFAULT_REPHRASE, {}
        else:
            kind, text = "RA", f.scheme or DEFAULT_INFERENCE
            extra = {"scheme": f.scheme} if f.scheme else {}
        ext = {k: v for k, v in (("id", f.id), ("note", f.note)) if v is not None}
        ra = node_of[f.id] = node(kind, text, ext, **extra)
        for p in f.premises:
            if p.id in m.claims_by_id:
                edge(node_of[p.id], ra)
        if f.conclusion.id in m.claims_by_id:
            edge(ra, node_of[f.conclusion.id])
    for a in m.attacks:
        ext = {k: v for k, v in (("id", a.id), ("type", a.type), ("note", a.note)) if v is not None}
        ca = node_of[a.id] = node("CA", DEFAULT_CONFLICT, ext)
        if a.attacker.id in m.claims_by_id:
            edge(node_of[a.attacker.id], ca)
        if a.target.id in m.claims_by_id or a.target.id in m.inferences_by_id:
            edge(ca, node_of[a.target.id])
    for c in m.claims:
        for e in c.evidence:
            lid = node("L", e.quote, {"evidence": {k: v for k, v in evidence_doc(e).items() if k != "quote"}})
            locutions.append({"nodeID": lid, "personID": person["participantID"]})
            ya = node("YA", "Asserting", {})
            edge(lid, ya)
            edge(ya, node_of[c.id])
    top = {k: v for k, v in (
        ("argmap", 1), ("id", m.id), ("work", work_doc(m.work)),
        ("sources", [source_doc(s) for s in m.sources]),
        ("positions", [position_doc(p) for p in m.positions] or None), ("note", m.note)) if v is not None}
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants, EXT: top}


def dumps(doc: dict[str, Any]) -> str:
    """AIF JSON text: UTF-8 (not ASCII-escaped), two-space indented, ending with a newline."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------------------------------
# import


@dataclass
class Imported:
    """Result of :func:`from_aif`.

    Attributes
    ----------
    doc : dict or None
        The map as a document of ``docs/format.md`` (write it with
        :func:`argmap.load.document.dump_yaml`); ``None`` when the input is unusable.
    diagnostics : list of Diagnostic
        ``X5xx`` findings in the AIF file, at its 1-based line and column.
    node_types : dict
        How many AIF nodes of each type were read (``{"I": 4, "RA": 3, ...}``).
    made : dict
        How many claims, inferences and attacks were made.
    """

    doc: Doc | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    node_types: dict[str, int] = field(default_factory=dict)
    made: dict[str, int] = field(default_factory=dict)


class _Places:
    """1-based line and column of each node and edge in the JSON text, found by the position of
    its ``"nodeID"``/``"edgeID"`` key (the first occurrence of each id: ``nodes`` and ``edges`` come
    before ``locutions`` in every AIF writer we know)."""

    _KEY = re.compile(r'"(nodeID|edgeID)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+))')

    def __init__(self, text: str) -> None:
        self.starts = line_starts(text)
        self.where: dict[tuple[str, str], int] = {}
        for mt in self._KEY.finditer(text):
            value = mt.group(2) if mt.group(2) is not None else mt.group(3)
            try:
                value = json.loads(f'"{value}"')
            except ValueError:
                pass
            self.where.setdefault((mt.group(1), value), mt.start())

    def node(self, nid: str) -> tuple[int, int]:
        where = self.where.get(("nodeID", nid))
        return line_col(self.starts, where) if where is not None else (1, 1)

    def edge(self, eid: str) -> tuple[int, int]:
        where = self.where.get(("edgeID", eid))
        return line_col(self.starts, where) if where is not None else (1, 1)


def read_aif(path: Path, *, max_bytes: int = MAX_AIF_BYTES) -> tuple[Any, str] | Diagnostic:
    """Read and parse an AIF JSON file.

    Returns
    -------
    (data, text)
        The parsed JSON and the decoded text (UTF-8; a BOM is accepted).
    Diagnostic
        ``X501`` (unusable input) when the file cannot be read, is larger than ``max_bytes``, is not
        UTF-8 or not JSON; the position is where the JSON parser gave up.
    """
    got = _read(path, max_bytes)  # the maps' reader: size limit, unreadable file, UTF-8 position
    if isinstance(got, Diagnostic):
        return Diagnostic("X501", got.message, got.file, got.line or 1, got.column or 1)
    text, file = got
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Diagnostic("X501", f"not JSON: {exc.msg}", file, exc.lineno, exc.colno)
    except RecursionError:
        return Diagnostic("X501", "not usable JSON: nested too deeply", file, 1, 1)
    return data, text


def _speaker(text: str) -> tuple[str | None, str]:
    """``("VCBrown", "semesterisation is a good idea")`` from AraucariaDB's ``VCBrown says '…'`` or
    AIFdb's ``VCBrown : …``; ``(None, text)`` when the text names no speaker."""
    mt = re.match(r"^\s*(?P<who>[^'\n]{1,80}?) says '(?P<what>.*)'\s*$", text, re.S)
    if mt is None:
        mt = re.match(r"^\s*(?P<who>[^:\n]{1,80}?)\s+:\s+(?P<what>.*)$", text, re.S)
    if mt is None:
        return None, text
    return mt.group("who").strip(), mt.group("what")


def from_aif(data: Any, file: str, text: str = "", *, map_id: str | None = None, language: str = "en",
             thesis: str | None = None) -> Imported:
    """Build an argmap document from parsed AIF JSON.

    Parameters
    ----------
    data : Any
        Parsed JSON (:func:`read_aif`).
    file : str
        The AIF file's path, for diagnostics and provenance.
    text : str
        The JSON text, used only to locate nodes and edges (line, column) in diagnostics.
    map_id : str, optional
        Id of the new map (default: the argmap extension's id, else the file name made into an id).
    language : str
        BCP 47 language tag of the I-node texts (AIF records none). Default ``en``.
    thesis : str, optional
        The ``nodeID`` of the I-node to mark as thesis. Default: the extension's thesis, else the I-node
        that most claims lead to through support and attack (ties: the first in the file).

    Returns
    -------
    Imported
        The document, ``X5xx`` diagnostics, and counts. Claim ids are the extension's ids or ``I`` +
        nodeID (``RA``/``CA``/``MA`` + nodeID for inferences and attacks), made unique.
    """
    places = _Places(text)
    diags: list[Diagnostic] = []
    data = _without_lone_surrogates(data)

    def report(code: str, message: str, where: tuple[int, int] = (1, 1)) -> None:
        diags.append(Diagnostic(code, message, file, where[0], where[1]))

    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        report("X501", 'not an AIF graph: expected a JSON object with "nodes" and "edges" lists')
        return Imported(None, diags)
    top = data.get(EXT) if isinstance(data.get(EXT), dict) else {}

    # nodes -----------------------------------------------------------------------------------------
    nodes: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    counts: dict[str, int] = defaultdict(int)
    for i, n in enumerate(data["nodes"]):
        if not isinstance(n, dict) or "nodeID" not in n or not isinstance(n.get("type"), str):
            report("X502", f'nodes[{i}] is not an AIF node (needs "nodeID" and "type"); it is left out')
            continue
        nid = str(n["nodeID"])
        if nid in nodes:
            report("X502", f"nodeID {nid} is used twice; the second node (nodes[{i}], type {n['type']}) "
                           f"is left out", places.node(nid))
            continue
        nodes[nid] = n
        order.append(nid)
        counts[n["type"]] += 1
    if not any(n["type"] == "I" for n in nodes.values()):
        report("X501", "the graph has no I-node (claim), so there is nothing to make a map of")
        return Imported(None, diags, dict(counts))

    # edges -----------------------------------------------------------------------------------------
    into: dict[str, list[str]] = defaultdict(list)
    out: dict[str, list[str]] = defaultdict(list)
    for i, e in enumerate(data["edges"]):
        if not isinstance(e, dict) or "fromID" not in e or "toID" not in e:
            report("X503", f'edges[{i}] is not an AIF edge (needs "fromID" and "toID"); it is left out')
            continue
        a, b, eid = str(e["fromID"]), str(e["toID"]), str(e.get("edgeID", i))
        missing = [x for x in (a, b) if x not in nodes]
        if missing:
            report("X503", f"edge {eid} ({a} → {b}) names node {', '.join(missing)}, which the graph does not "
                           f"have; the edge is left out", places.edge(eid))
            continue
        out[a].append(b)
        into[b].append(a)

    def kind(nid: str) -> str:
        return str(nodes[nid]["type"])

    def ext(nid: str) -> dict[str, Any]:
        x = nodes[nid].get(EXT)
        return x if isinstance(x, dict) else {}

    def node_text(nid: str) -> str:
        # text written by argmap (a node with the extension) is the claim's own, kept exactly (even
        # when it is only whitespace, which the format allows)
        t = nodes[nid].get("text")
        return "" if not isinstance(t, str) else t if ext(nid) and t else t.strip()

    def unmapped_edges(nid: str, other: list[str], why: str) -> None:
        if other:
            report("X504", f"{kind(nid)}-node {nid} is linked to {', '.join(f'{kind(x)}-node {x}' for x in other)}; "
                           f"{why}, so those edges are left out", places.node(nid))

    def incomplete(nid: str, lacks: str, what: str) -> None:
        report("X505", f"{kind(nid)}-node {nid} has no {lacks}, so it is not {what}; its I-nodes are kept as "
                       f"claims", places.node(nid))

    # ids -------------------------------------------------------------------------------------------
    used: set[str] = set()

    def new_id(nid: str, prefix: str, part: int = 1) -> str:
        wanted = ext(nid).get("id") if part == 1 else None
        if not (isinstance(wanted, str) and _ID.match(wanted)):
            wanted = prefix + re.sub(r"[^A-Za-z0-9_.\-]", "-", nid) + (f"-{part}" if part > 1 else "")
        candidate, k = wanted, 2
        while candidate in used:
            candidate, k = f"{wanted}-{k}", k + 1
        used.add(candidate)
        return candidate

    claim_id = {nid: new_id(nid, "I") for nid in order if kind(nid) == "I"}

    # claims ----------------------------------------------------------------------------------------
    claims: dict[str, Doc] = {}
    for nid, cid in claim_id.items():
        x = {k: v for k, v in ext(nid).items() if k not in ("id", "text", "evidence")}
        t = node_text(nid)
        if not t:
            report("X509", f"I-node {nid} has no text; the claim's text says so — write the claim", places.node(nid))
            t = f"[AIF I-node {nid} has no text]"
        doc: Doc = {"id": cid}
        if "role" in x:
            doc["role"] = x.pop("role")
        doc["text"] = t
        doc["gloss"] = x.pop("gloss", t)
        doc.update(x)
        if not ext(nid):
            doc["note"] = f"AIF I-node {nid} of {Path(file).name}"
        claims[nid] = doc

    inferences: list[Doc] = []
    attacks: list[Doc] = []
    undercut_targets: list[tuple[Doc, str]] = []  # attack doc, RA nodeID
    s_id: dict[str, list[str]] = {}

    # RA and MA: inferences -------------------------------------------------------------------------
    for nid in order:
        k = kind(nid)
        if k not in ("RA", "MA"):
            continue
        premises = [p for p in into[nid] if kind(p) == "I"]
        conclusions = [c for c in out[nid] if kind(c) == "I"]
        other = [x for x in into[nid] if kind(x) != "I" and kind(x) != "CA"] + \
                [x for x in out[nid] if kind(x) != "I" and kind(x) != "CA"]
        unmapped_edges(nid, other, "argmap has no such relation")
        if not premises or not conclusions:
            incomplete(nid, "premise I-node" if not premises else "conclusion I-node", "an inference")
            continue
        if len(conclusions) > 1:
            report("X506", f"{k}-node {nid} has {len(conclusions)} conclusions; it becomes one inference per "
                           f"conclusion, each with the same premises", places.node(nid))
        x = ext(nid)
        scheme = nodes[nid].get("scheme") if isinstance(nodes[nid].get("scheme"), str) else None
        if k == "MA":
            scheme = DEFAULT_REPHRASE
        elif scheme is None and node_text(nid) not in ("", "RA", DEFAULT_INFERENCE):
            scheme = node_text(nid)
        # a premise named twice: kept as the map wrote it when argmap wrote the node (lossless round
        # trip), else the repeated edge is one premise
        listed = premises if x else list(dict.fromkeys(premises))
        ids = []
        for j, c in enumerate(conclusions):
            fid = new_id(nid, k, j + 1)
            f: Doc = {"id": fid, "premises": [claim_id[p] for p in listed], "conclusion": claim_id[c]}
            if scheme:
                f["scheme"] = scheme
            if isinstance(x.get("note"), str):
                f["note"] = x["note"]
            inferences.append(f)
            ids.append(fid)
        s_id[nid] = ids

    # CA: attacks -----------------------------------------------------------------------------------
    for nid in order:
        if kind(nid) != "CA":
            continue
        attackers = [a for a in into[nid] if kind(a) == "I"]
        targets = [t for t in out[nid] if kind(t) in ("I", "RA", "MA")]
        other = [a for a in into[nid] if kind(a) != "I"] + [t for t in out[nid] if kind(t) not in ("I", "RA", "MA")]
        where = places.node(nid)
        unmapped_edges(nid, other, "argmap attacks go from a claim to a claim or an inference")
        if not attackers or not targets:
            incomplete(nid, "attacking I-node" if not attackers else "target", "an attack")
            continue
        if len(attackers) > 1 or len(targets) > 1:
            report("X506", f"CA-node {nid} joins {len(attackers)} attacker(s) and {len(targets)} target(s); it "
                           f"becomes one attack per pair (argmap's attacks have one attacker)", where)
        x = ext(nid)
        j = 0
        for a in attackers:
            for t in targets:
                aid = new_id(nid, "CA", j + 1)
                j += 1
                doc = {"id": aid, "attacker": claim_id[a], "target": "", "type": "rebuttal" if kind(t) == "I" else "undercut"}
                if isinstance(x.get("note"), str):
                    doc["note"] = x["note"]
                attacks.append(doc)
                if kind(t) == "I":
                    doc["target"] = claim_id[t]
                else:
                    undercut_targets.append((doc, t))
    for doc, t in undercut_targets:
        ids = s_id.get(t)
        if not ids:
            attacks.remove(doc)
            report("X505", f"attack {doc['id']} undercuts {kind(t)}-node {t}, which is not an inference "
                           f"(see its own diagnostic); the attack is left out", places.node(t))
            continue
        doc["target"] = ids[0]
        if len(ids) > 1:
            report("X506", f"attack {doc['id']} undercuts {kind(t)}-node {t}, which became {len(ids)} "
                           f"inferences; it now undercuts only {ids[0]}", places.node(t))

    # L, YA, TA and other nodes ----------------------------------------------------------------------
    speakers = _participants(data)
    handled: set[str] = set()
    for nid in order:
        if kind(nid) != "YA":
            continue
        ls = [x for x in into[nid] if kind(x) == "L"]
        targets = [x for x in out[nid] if kind(x) == "I"]
        if len(ls) != 1 or len(targets) != 1 or len(into[nid]) != 1 or len(out[nid]) != 1:
            continue
        lnode, inode = ls[0], targets[0]
        handled.update((nid, lnode))
        claim = claims[inode]
        lx = ext(lnode).get("evidence")
        if isinstance(lx, dict):  # an evidence quote exported by argmap: the L-node's text is the quote
            quote = nodes[lnode].get("text")
            claim.setdefault("evidence", []).append({"quote": quote if isinstance(quote, str) else "", **lx})
            continue
        who, _ = _speaker(node_text(lnode))
        who = speakers.get(lnode) or who
        ya = node_text(nid)
        ya = "" if re.match(r"^YA_[0-9a-f]+$", ya) else ya + " "
        said = f"AIF locution {lnode}: {node_text(lnode)!r} ({ya}YA-node {nid})"
        claim["note"] = f"{claim['note']}; {said}" if claim.get("note") else said
        if who is None:
            report("X508", f"L-node {lnode} names no speaker; its text is kept in the note of claim {claim['id']}",
                   places.node(lnode))
        elif "asserted_by" in claim and claim["asserted_by"].get("author") != who:
            report("X508", f"L-node {lnode}: claim {claim['id']} is already asserted by "
                           f"{claim['asserted_by']['author']}; speaker {who} is kept in the note only",
                   places.node(lnode))
        else:
            claim["asserted_by"] = {"author": who}
            report("X508", f"L-node {lnode} ({who}) → YA {nid} → I-node {inode}: claim {claim['id']} is asserted "
                           f"by {who}", places.node(lnode))
    for nid in order:
        k = kind(nid)
        if k in ("I", "RA", "MA", "CA") or nid in handled:
            continue
        linked = ", ".join(f"{kind(x)}-node {x}" for x in into[nid] + out[nid]) or "nothing"
        why = {"L": "a locution not anchored to one I-node by one YA-node",
               "YA": "an illocution that does not join one L-node to one I-node",
               "TA": "a dialogue transition (argmap maps arguments, not dialogues)"}.get(k, "a node type argmap does not know")
        report("X504", f"{k}-node {nid} ({node_text(nid)[:60]!r}) is {why}; linked to {linked}. It is not "
                       f"imported", places.node(nid))

    # thesis ----------------------------------------------------------------------------------------
    chosen = _choose_thesis(claims, claim_id, inferences, attacks, thesis, file, places, report)
    for nid, doc in claims.items():
        if doc.get("role") == "thesis" and nid != chosen:
            doc["role"] = "claim"
    if chosen is not None:
        claims[chosen] = {"id": claims[chosen]["id"], "role": "thesis",
                          **{k: v for k, v in claims[chosen].items() if k not in ("id", "role")}}
    for doc in claims.values():
        if doc.get("role") == "claim":
            del doc["role"]

    # document --------------------------------------------------------------------------------------
    stem = re.sub(r"[^a-z0-9-]+", "-", Path(file).name.lower().removesuffix(".json")).strip("-") or "aif"
    mid = map_id or (top.get("id") if isinstance(top.get("id"), str) else None) or stem
    work = top.get("work") if isinstance(top.get("work"), dict) else {
        "title": f"AIF graph {Path(file).name}", "authors": [{"name": "unknown"}], "kind": "other",
        "language": language,
        "note": f"Imported from the AIF file {Path(file).name} by argmap import; AIF records no title, author, "
                f"date or language (the language is what --language said)."}
    doc = {"argmap": 1, "id": mid, "work": work,
           "sources": top.get("sources") if isinstance(top.get("sources"), list) else [],
           "claims": list(claims.values())}
    if inferences:
        doc["inferences"] = inferences
    if attacks:
        doc["attacks"] = attacks
    if isinstance(top.get("positions"), list):
        doc["positions"] = top["positions"]
    if isinstance(top.get("note"), str):
        doc["note"] = top["note"]
    made = {"claims": len(claims), "inferences": len(inferences), "attacks": len(attacks)}
    for c in doc["claims"]:
        ordered = {k: c.pop(k) for k in _CLAIM_KEYS if k in c}
        rest = dict(c)
        c.clear()
        c.update(ordered, **rest)
    diags.sort(key=Diagnostic.sort_key)
    return Imported(doc, diags, dict(counts), made)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: Any) -> Any:
    """``value`` with every string's lone surrogates (JSON allows ``"\\ud800"``, UTF-8 and YAML do
    not) replaced by U+FFFD, and split surrogate pairs joined, so that the map can be written and
    read back."""
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if isinstance(value, list):
        return [_without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value


def _participants(data: dict[str, Any]) -> dict[str, str]:
    """L-node id → speaker name, from AIFdb's ``locutions`` (personID) and ``participants``."""
    people: dict[str, str] = {}
    for p in data.get("participants") or ():
        if isinstance(p, dict) and "participantID" in p:
            name = " ".join(str(p.get(k) or "") for k in ("firstname", "surname")).strip()
            if name:
                people[str(p["participantID"])] = name
    said: dict[str, str] = {}
    for loc in data.get("locutions") or ():
        if isinstance(loc, dict) and str(loc.get("personID")) in people:
            said[str(loc.get("nodeID"))] = people[str(loc["personID"])]
    return said


def _choose_thesis(claims: dict[str, Doc], claim_id: dict[str, str], inferences: list[Doc], attacks: list[Doc],
                   wanted: str | None, file: str, places: _Places, report: Any) -> str | None:
    """nodeID of the I-node to mark as thesis (see :func:`from_aif`)."""
    if wanted is not None:
        if wanted in claims:
            return wanted
        report("X507", f"--thesis {wanted} is not an I-node of the graph; choosing one instead")
    marked = [nid for nid, d in claims.items() if d.get("role") == "thesis"]
    if len(marked) == 1 and wanted is None:
        return marked[0]
    g: nx.DiGraph = nx.DiGraph()
    g.add_nodes_from(claim_id.values())
    for f in inferences:
        for p in f["premises"]:
            g.add_edge(p, f["conclusion"])
    for a in attacks:
        if a["type"] == "rebuttal":
            g.add_edge(a["attacker"], a["target"])
    by_claim = {v: k for k, v in claim_id.items()}
    ids = list(claim_id.values())
    roots = [c for c in ids if g.out_degree(c) == 0] or ids
    reach = {c: len(nx.ancestors(g, c)) for c in roots}
    best = max(roots, key=lambda c: reach[c])  # max keeps the first of equals: file order breaks ties
    nid = by_claim[best]
    others = len(roots) - 1
    report("X507", f"I-node {nid} is taken as the thesis ({best}): {reach[best]} of "
                   f"{len(claim_id) - 1} other claims lead to it"
                   + (f"; {others} other claim(s) lead nowhere" if others else "")
                   + "; choose another with --thesis NODEID", places.node(nid))
    return nid
