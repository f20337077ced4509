"""AIF import: an AIF JSON argument graph as an argmap document (the mapping:
:mod:`argmap.interchange.aif`). Every construct that cannot be mapped is reported as an ``X5xx``
diagnostic at its place in the JSON file; nothing is dropped silently."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import networkx as nx

from argmap.interchange.aif.export import DEFAULT_INFERENCE, DEFAULT_REPHRASE, EXT
from argmap.interchange.aif.parse import Places, without_lone_surrogates
from argmap.load.document import Doc
from argmap.model.diagnostics import Diagnostic

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
#: Key order of a claim in docs/format.md (the importer writes claims in it; ``note`` and the rest last).
_CLAIM_KEYS = ("id", "role", "text", "gloss", "section", "justification", "asserted_by", "evidence", "links")


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


def from_aif(data: Any, file: str, text: str = "", *, map_id: str | None = None, language: str = "en",
             thesis: str | None = None) -> Imported:
    """Build an argmap document from parsed AIF JSON.

    Parameters
    ----------
    data : Any
        Parsed JSON (:func:`argmap.interchange.aif.read_aif`).
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
    run = _Import(file, text)
    data = without_lone_surrogates(data)
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        run.report("X501", 'not an AIF graph: expected a JSON object with "nodes" and "edges" lists')
        return Imported(None, run.diags)
    top = data.get(EXT) if isinstance(data.get(EXT), dict) else {}
    run.read_nodes(data["nodes"])
    if not any(n["type"] == "I" for n in run.nodes.values()):
        run.report("X501", "the graph has no I-node (claim), so there is nothing to make a map of")
        return Imported(None, run.diags, dict(run.counts))
    run.read_edges(data["edges"])
    run.make_claims()
    run.make_inferences()
    run.make_attacks()
    run.read_locutions(_participants(data))
    run.report_unmapped()
    run.mark_thesis(thesis)
    doc = run.document(top, map_id, language)
    run.diags.sort(key=Diagnostic.sort_key)
    made = {"claims": len(run.claims), "inferences": len(run.inferences), "attacks": len(run.attacks)}
    return Imported(doc, run.diags, dict(run.counts), made)


class _Import:
    """The state of one :func:`from_aif` run: the graph read so far, the documents made from it,
    the ids used and the diagnostics. Its steps run in the order :func:`from_aif` calls them."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.places = Places(text)
        self.diags: list[Diagnostic] = []
        self.nodes: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.into: dict[str, list[str]] = defaultdict(list)
        self.out: dict[str, list[str]] = defaultdict(list)
        self.used: set[str] = set()
        self.claim_id: dict[str, str] = {}
        self.claims: dict[str, Doc] = {}
        self.inferences: list[Doc] = []
        self.attacks: list[Doc] = []
        self.s_id: dict[str, list[str]] = {}  # RA/MA nodeID -> the inference ids made of it
        self.handled: set[str] = set()  # YA and L nodeIDs read as locutions

    # -- reading the graph --------------------------------------------------------------------------

    def report(self, code: str, message: str, where: tuple[int, int] = (1, 1)) -> None:
        self.diags.append(Diagnostic(code, message, self.file, where[0], where[1]))

    def read_nodes(self, items: list[Any]) -> None:
        for i, n in enumerate(items):
            if not isinstance(n, dict) or "nodeID" not in n or not isinstance(n.get("type"), str):
                self.report("X502", f'nodes[{i}] is not an AIF node (needs "nodeID" and "type"); it is left out')
                continue
            nid = str(n["nodeID"])
            if nid in self.nodes:
                self.report("X502", f"nodeID {nid} is used twice; the second node (nodes[{i}], type {n['type']}) "
                                    f"is left out", self.places.node(nid))
                continue
            self.nodes[nid] = n
            self.order.append(nid)
            self.counts[n["type"]] += 1

    def read_edges(self, items: list[Any]) -> None:
        for i, e in enumerate(items):
            if not isinstance(e, dict) or "fromID" not in e or "toID" not in e:
                self.report("X503", f'edges[{i}] is not an AIF edge (needs "fromID" and "toID"); it is left out')
                continue
            a, b, eid = str(e["fromID"]), str(e["toID"]), str(e.get("edgeID", i))
            missing = [x for x in (a, b) if x not in self.nodes]
            if missing:
                self.report("X503", f"edge {eid} ({a} → {b}) names node {', '.join(missing)}, which the graph does "
                                    f"not have; the edge is left out", self.places.edge(eid))
                continue
            self.out[a].append(b)
            self.into[b].append(a)

    def kind(self, nid: str) -> str:
        return str(self.nodes[nid]["type"])

    def ext(self, nid: str) -> dict[str, Any]:
        x = self.nodes[nid].get(EXT)
        return x if isinstance(x, dict) else {}

    def node_text(self, nid: str) -> str:
        # text written by argmap (a node with the extension) is the claim's own, kept exactly (even
        # when it is only whitespace, which the format allows)
        t = self.nodes[nid].get("text")
        return "" if not isinstance(t, str) else t if self.ext(nid) and t else t.strip()

    def unmapped_edges(self, nid: str, other: list[str], why: str) -> None:
        if other:
            linked = ", ".join(f"{self.kind(x)}-node {x}" for x in other)
            self.report("X504", f"{self.kind(nid)}-node {nid} is linked to {linked}; {why}, so those edges are "
                                f"left out", self.places.node(nid))

    def incomplete(self, nid: str, lacks: str, what: str) -> None:
        self.report("X505", f"{self.kind(nid)}-node {nid} has no {lacks}, so it is not {what}; its I-nodes are kept "
                            f"as claims", self.places.node(nid))

    def new_id(self, nid: str, prefix: str, part: int = 1) -> str:
        wanted = self.ext(nid).get("id") if part == 1 else None
        if not (isinstance(wanted, str) and _ID.match(wanted)):
            wanted = prefix + re.sub(r"[^A-Za-z0-9_.\-]", "-", nid) + (f"-{part}" if part > 1 else "")
        candidate, k = wanted, 2
        while candidate in self.used:
            candidate, k = f"{wanted}-{k}", k + 1
        self.used.add(candidate)
        return candidate

    # -- making the map -----------------------------------------------------------------------------

    def make_claims(self) -> None:
        """I-nodes: claims."""
        self.claim_id = {nid: self.new_id(nid, "I") for nid in self.order if self.kind(nid) == "I"}
        for nid, cid in self.claim_id.items():
            x = {k: v for k, v in self.ext(nid).items() if k not in ("id", "text", "evidence")}
            t = self.node_text(nid)
            if not t:
                self.report("X509", f"I-node {nid} has no text; the claim's text says so — write the claim",
                            self.places.node(nid))
                t = f"[AIF I-node {nid} has no text]"
            doc: Doc = {"id": cid}
            if "role" in x:
                doc["role"] = x.pop("role")
            doc["text"] = t
            doc["gloss"] = x.pop("gloss", t)
            doc.update(x)
            if not self.ext(nid):
                doc["note"] = f"AIF I-node {nid} of {Path(self.file).name}"
            self.claims[nid] = doc

    def make_inferences(self) -> None:
        """RA- and MA-nodes: inferences (one per conclusion)."""
        kind = self.kind
        for nid in self.order:
            k = kind(nid)
            if k not in ("RA", "MA"):
                continue
            premises = [p for p in self.into[nid] if kind(p) == "I"]
            conclusions = [c for c in self.out[nid] if kind(c) == "I"]
            other = [x for x in self.into[nid] if kind(x) != "I" and kind(x) != "CA"] + \
                    [x for x in self.out[nid] if kind(x) != "I" and kind(x) != "CA"]
            self.unmapped_edges(nid, other, "argmap has no such relation")
            if not premises or not conclusions:
                self.incomplete(nid, "premise I-node" if not premises else "conclusion I-node", "an inference")
                continue
            if len(conclusions) > 1:
                self.report("X506", f"{k}-node {nid} has {len(conclusions)} conclusions; it becomes one inference "
                                    f"per conclusion, each with the same premises", self.places.node(nid))
            x = self.ext(nid)
            scheme = self.nodes[nid].get("scheme") if isinstance(self.nodes[nid].get("scheme"), str) else None
            if k == "MA":
                scheme = DEFAULT_REPHRASE
            elif scheme is None and self.node_text(nid) not in ("", "RA", DEFAULT_INFERENCE):
                scheme = self.node_text(nid)
            # a premise named twice: kept as the map wrote it when argmap wrote the node (lossless round
            # trip), else the repeated edge is one premise
            listed = premises if x else list(dict.fromkeys(premises))
            ids = []
            for j, c in enumerate(conclusions):
                fid = self.new_id(nid, k, j + 1)
                f: Doc = {"id": fid, "premises": [self.claim_id[p] for p in listed], "conclusion": self.claim_id[c]}
                if scheme:
                    f["scheme"] = scheme
                if isinstance(x.get("note"), str):
                    f["note"] = x["note"]
                self.inferences.append(f)
                ids.append(fid)
            self.s_id[nid] = ids

    def make_attacks(self) -> None:
        """CA-nodes: attacks, one per (attacker, target) pair; a target RA/MA-node makes an undercut."""
        kind = self.kind
        undercut_targets: list[tuple[Doc, str]] = []  # attack doc, RA nodeID
        for nid in self.order:
            if kind(nid) != "CA":
                continue
            attackers = [a for a in self.into[nid] if kind(a) == "I"]
            targets = [t for t in self.out[nid] if kind(t) in ("I", "RA", "MA")]
            other = [a for a in self.into[nid] if kind(a) != "I"] + \
                    [t for t in self.out[nid] if kind(t) not in ("I", "RA", "MA")]
            self.unmapped_edges(nid, other, "argmap attacks go from a claim to a claim or an inference")
            if not attackers or not targets:
                self.incomplete(nid, "attacking I-node" if not attackers else "target", "an attack")
                continue
            if len(attackers) > 1 or len(targets) > 1:
                self.report("X506", f"CA-node {nid} joins {len(attackers)} attacker(s) and {len(targets)} target(s); "
                                    f"it becomes one attack per pair (argmap's attacks have one attacker)",
                            self.places.node(nid))
            x = self.ext(nid)
            j = 0
            for a in attackers:
                for t in targets:
                    aid = self.new_id(nid, "CA", j + 1)
                    j += 1
                    doc = {"id": aid, "attacker": self.claim_id[a], "target": "",
                           "type": "rebuttal" if kind(t) == "I" else "undercut"}
                    if isinstance(x.get("note"), str):
                        doc["note"] = x["note"]
                    self.attacks.append(doc)
                    if kind(t) == "I":
                        doc["target"] = self.claim_id[t]
                    else:
                        undercut_targets.append((doc, t))
        for doc, t in undercut_targets:
            ids = self.s_id.get(t)
            if not ids:
                self.attacks.remove(doc)
                self.report("X505", f"attack {doc['id']} undercuts {kind(t)}-node {t}, which is not an inference "
                                    f"(see its own diagnostic); the attack is left out", self.places.node(t))
                continue
            doc["target"] = ids[0]
            if len(ids) > 1:
                self.report("X506", f"attack {doc['id']} undercuts {kind(t)}-node {t}, which became {len(ids)} "
                                    f"inferences; it now undercuts only {ids[0]}", self.places.node(t))

    def read_locutions(self, speakers: dict[str, str]) -> None:
        """L → YA → I chains: an evidence quote exported by argmap, or who asserts the claim."""
        kind, into, out = self.kind, self.into, self.out
        for nid in self.order:
            if kind(nid) != "YA":
                continue
            ls = [x for x in into[nid] if kind(x) == "L"]
            targets = [x for x in out[nid] if kind(x) == "I"]
            if len(ls) != 1 or len(targets) != 1 or len(into[nid]) != 1 or len(out[nid]) != 1:
                continue
            lnode, inode = ls[0], targets[0]
            self.handled.update((nid, lnode))
            claim = self.claims[inode]
            lx = self.ext(lnode).get("evidence")
            if isinstance(lx, dict):  # an evidence quote exported by argmap: the L-node's text is the quote
                quote = self.nodes[lnode].get("text")
                claim.setdefault("evidence", []).append({"quote": quote if isinstance(quote, str) else "", **lx})
                continue
            self._speaker_of(nid, lnode, inode, claim, speakers)

    def _speaker_of(self, nid: str, lnode: str, inode: str, claim: Doc, speakers: dict[str, str]) -> None:
        """The L-node ``lnode`` says who asserts ``claim``: keep its text in the claim's note and set
        ``asserted_by`` when it names a speaker (and the claim has no other)."""
        who, _ = _speaker(self.node_text(lnode))
        who = speakers.get(lnode) or who
        ya = self.node_text(nid)
        ya = "" if re.match(r"^YA_[0-9a-f]+$", ya) else ya + " "
        said = f"AIF locution {lnode}: {self.node_text(lnode)!r} ({ya}YA-node {nid})"
        claim["note"] = f"{claim['note']}; {said}" if claim.get("note") else said
        where = self.places.node(lnode)
        if who is None:
            self.report("X508", f"L-node {lnode} names no speaker; its text is kept in the note of claim "
                                f"{claim['id']}", where)
        elif "asserted_by" in claim and claim["asserted_by"].get("author") != who:
            self.report("X508", f"L-node {lnode}: claim {claim['id']} is already asserted by "
                                f"{claim['asserted_by']['author']}; speaker {who} is kept in the note only", where)
        else:
            claim["asserted_by"] = {"author": who}
            self.report("X508", f"L-node {lnode} ({who}) → YA {nid} → I-node {inode}: claim {claim['id']} is "
                                f"asserted by {who}", where)

    def report_unmapped(self) -> None:
        """Every other node (L, YA, TA, unknown types) is reported, with what it is linked to."""
        for nid in self.order:
            k = self.kind(nid)
            if k in ("I", "RA", "MA", "CA") or nid in self.handled:
                continue
            linked = ", ".join(f"{self.kind(x)}-node {x}" for x in self.into[nid] + self.out[nid]) or "nothing"
            why = {"L": "a locution not anchored to one I-node by one YA-node",
                   "YA": "an illocution that does not join one L-node to one I-node",
                   "TA": "a dialogue transition (argmap maps arguments, not dialogues)"}.get(
                       k, "a node type argmap does not know")
            self.report("X504", f"{k}-node {nid} ({self.node_text(nid)[:60]!r}) is {why}; linked to {linked}. It is "
                                f"not imported", self.places.node(nid))

    def mark_thesis(self, wanted: str | None) -> None:
        """Give the chosen I-node (see :func:`_choose_thesis`) ``role: thesis`` as its second key."""
        claims = self.claims
        chosen = _choose_thesis(claims, self.claim_id, self.inferences, self.attacks, wanted, self.file,
                                self.places, self.report)
        for nid, doc in claims.items():
            if doc.get("role") == "thesis" and nid != chosen:
                doc["role"] = "claim"
        if chosen is not None:
            claims[chosen] = {"id": claims[chosen]["id"], "role": "thesis",
                              **{k: v for k, v in claims[chosen].items() if k not in ("id", "role")}}
        for doc in claims.values():
            if doc.get("role") == "claim":
                del doc["role"]

    def document(self, top: dict[str, Any], map_id: str | None, language: str) -> Doc:
        """The map document: id, work (the extension's, else a placeholder naming the file), sources,
        claims in the key order of docs/format.md, inferences, attacks, positions, expect, note."""
        name = Path(self.file).name
        stem = re.sub(r"[^a-z0-9-]+", "-", name.lower().removesuffix(".json")).strip("-") or "aif"
        mid = map_id or (top.get("id") if isinstance(top.get("id"), str) else None) or stem
        work = top.get("work") if isinstance(top.get("work"), dict) else {
            "title": f"AIF graph {name}", "authors": [{"name": "unknown"}], "kind": "other",
            "language": language,
            "note": f"Imported from the AIF file {name} by argmap import; AIF records no title, author, "
                    f"date or language (the language is what --language said)."}
        doc = {"argmap": 1, "id": mid, "work": work,
               "sources": top.get("sources") if isinstance(top.get("sources"), list) else [],
               "claims": list(self.claims.values())}
        if self.inferences:
            doc["inferences"] = self.inferences
        if self.attacks:
            doc["attacks"] = self.attacks
        if isinstance(top.get("positions"), list):
            doc["positions"] = top["positions"]
        if isinstance(top.get("expect"), dict):
            doc["expect"] = top["expect"]
        if isinstance(top.get("note"), str):
            doc["note"] = top["note"]
        for c in doc["claims"]:
            ordered = {k: c.pop(k) for k in _CLAIM_KEYS if k in c}
            rest = dict(c)
            c.clear()
            c.update(ordered, **rest)
        return doc


def _speaker(text: str) -> tuple[str | None, str]:
    """``("VCBrown", "semesterisation is a good idea")`` from AraucariaDB's ``VCBrown says '…'`` or
    AIFdb's ``VCBrown : …``; ``(None, text)`` when the text names no speaker."""
    mt = re.match(r"^\s*(?P<who>[^'\n]{1,80}?) says '(?P<what>.*)'\s*$", text, re.S)
    if mt is None:
        mt = re.match(r"^\s*(?P<who>[^:\n]{1,80}?)\s+:\s+(?P<what>.*)$", text, re.S)
    if mt is None:
        return None, text
    return mt.group("who").strip(), mt.group("what")


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
                   wanted: str | None, file: str, places: Places, report: Callable[..., None]) -> str | None:
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
