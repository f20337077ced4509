"""AIF import: an AIF JSON argument graph as an argmap document (the mapping:
:mod:`argmap.interchange.aif`). Every construct that cannot be mapped is reported as an ``X5xx``
diagnostic at its place in the JSON file; nothing is dropped silently."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.interchange.aif.export import DEFAULT_INFERENCE, DEFAULT_REPHRASE, EXT
from argmap.interchange.aif.conform import conform
from argmap.interchange.aif.graph import AifGraph
from argmap.interchange.aif.parse import (MAX_AIF_DEPTH, depth_over, may_hold_surrogates, top_key_place,
                                          without_lone_surrogates)
from argmap.interchange.aif.speakers import participants, speaker
from argmap.interchange.aif.thesis import choose_thesis
from argmap.interchange.aif.schemes import ra_scheme
from argmap.load.document import Doc
from argmap.model.diagnostics import Diagnostic

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")  # (used with fullmatch: "$" would accept a final line break)
#: Most claims, inferences, attacks and quotes an imported map may hold by default (``argmap check``'s
#: own ``--max-nodes``: a bigger map would be refused with L009). The AIF graph may hold twice as many
#: nodes (a quote is two AIF nodes, L and YA) and four times as many edges.
MAX_NODES = 100_000
#: Most parts one S-node may be split into by default: attackers × targets of a CA-node, conclusions ×
#: premises of an RA- or MA-node with several conclusions (``argmap import --max-fan-out``).
MAX_FAN_OUT = 1_000

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
        How many claims, inferences and attacks were made, and ``default_schemes``: how many RA-nodes
        named only a placeholder such as ``Default`` (:mod:`argmap.interchange.aif.schemes`), which is
        not taken as a scheme.
    """

    doc: Doc | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    node_types: dict[str, int] = field(default_factory=dict)
    made: dict[str, int] = field(default_factory=dict)


def from_aif(data: Any, file: str, text: str = "", *, map_id: str | None = None, language: str = "en",
             thesis: str | None = None, max_nodes: int = MAX_NODES, max_fan_out: int = MAX_FAN_OUT,
             max_depth: int = MAX_AIF_DEPTH) -> Imported:
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
    max_nodes : int
        Most claims, inferences, attacks and quotes the map may hold (a map check refuses with L009
        beyond its own ``--max-nodes``); a graph of more than ``2 * max_nodes`` nodes or
        ``4 * max_nodes`` edges is refused before anything is made. Both are ``X501`` (no map).
    max_fan_out : int
        Most parts one S-node is split into (attackers × targets of a CA-node; conclusions ×
        premises of an RA/MA-node with several conclusions); a larger one is ``X510``, not imported.
    max_depth : int
        Deepest nesting of ``data`` (X501 beyond it; :func:`argmap.interchange.aif.read_aif` refuses
        such a file already).

    ``data`` is changed in place (lone surrogates replaced; when ``text`` is given, only if it holds
    an escaped surrogate). The map made always loads: an
    extension field that breaks the map format (schemas/argmap.schema.json) is left out and
    reported (``X511``); an edge argmap cannot represent (two I-nodes joined directly) is ``X504``.

    Returns
    -------
    Imported
        The document, ``X5xx`` diagnostics, and counts. Claim ids are the extension's ids or ``I`` +
        nodeID (``RA``/``CA``/``MA`` + nodeID for inferences and attacks), made unique.
    """
    run = _Import(file, text, max_nodes, max_fan_out)
    if _unusable(data, run, max_depth):
        return Imported(None, run.diags)
    if not text or may_hold_surrogates(text):
        data = without_lone_surrogates(data)
    top = data.get(EXT) if isinstance(data.get(EXT), dict) else {}
    try:
        run.read_nodes(data["nodes"])
        if not any(n["type"] == "I" for n in run.nodes.values()):
            run.report("X501", "the graph has no I-node (claim), so there is nothing to make a map of")
            return Imported(None, run.diags, dict(run.counts))
        run.read_edges(data["edges"])
        run.make_claims()
        run.make_inferences()
        run.make_attacks()
        run.read_locutions(participants(data))
    except _TooLarge:
        run.report("X501", f"the map would hold more than {max_nodes:,} claims, inferences, attacks and quotes "
                           f"(argmap check's limit); split the graph, or raise the limit with --max-nodes")
        return Imported(None, run.diags, dict(run.counts))
    run.report_unmapped()
    run.report_loose_edges()
    run.mark_thesis(thesis)
    doc = run.document(top, map_id, language)
    if not conform(doc, run.origin, run.report, run.default_work(language), run.stem()):
        return Imported(None, run.diags, dict(run.counts))
    run.diags.sort(key=Diagnostic.sort_key)
    made = {"claims": len(run.claims), "inferences": len(run.inferences), "attacks": len(run.attacks),
            "default_schemes": run.default_schemes}
    return Imported(doc, run.diags, dict(run.counts), made)


def _unusable(data: Any, run: _Import, max_depth: int) -> bool:
    """Report (X501) why ``data`` is no AIF graph to import: not the shape of one, more nodes or
    edges than ``run``'s limit allows, or nested deeper than ``max_depth``."""
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        run.report("X501", 'not an AIF graph: expected a JSON object with "nodes" and "edges" lists')
        return True
    for key, most in (("nodes", 2 * run.max_nodes), ("edges", 4 * run.max_nodes)):
        if len(data[key]) > most:
            run.report("X501", f"the graph has {len(data[key]):,} {key}, over the limit of {most:,} (a map may "
                               f"hold {run.max_nodes:,} claims, inferences, attacks and quotes); split the graph, "
                               f"or raise the limit with --max-nodes")
            return True
    if depth_over(data, max_depth):
        run.report("X501", f"not usable JSON: arrays and objects nest deeper than {max_depth} levels")
        return True
    return False


class _TooLarge(Exception):
    """The map being made crossed ``max_nodes``."""


class _Import(AifGraph):
    """The state of one :func:`from_aif` run: the graph read (:class:`AifGraph`), the documents made
    from it and the ids used. Its steps run in the order :func:`from_aif` calls them."""

    def __init__(self, file: str, text: str, max_nodes: int = MAX_NODES, max_fan_out: int = MAX_FAN_OUT) -> None:
        super().__init__(file, text)
        self.max_nodes = max_nodes
        self.max_fan_out = max_fan_out
        self.size = 0  # claims, inferences, attacks and quotes made so far
        self.next_part: dict[str, int] = {}  # id -> next number to try after it (new_id)
        self.evidence_of: dict[tuple[str, int], str] = {}  # (I nodeID, evidence index) -> L nodeID
        self.inference_of: list[str] = []  # RA/MA nodeID of each inference made
        self.attack_of: list[str] = []  # CA nodeID of each attack made
        self.used: set[str] = set()
        self.claim_id: dict[str, str] = {}
        self.claims: dict[str, Doc] = {}
        self.inferences: list[Doc] = []
        self.attacks: list[Doc] = []
        self.s_id: dict[str, list[str]] = {}  # RA/MA nodeID -> the inference ids made of it
        self.default_schemes = 0  # RA-nodes whose placeholder scheme name was dropped

    def grow(self, n: int = 1) -> None:
        """Count ``n`` more claims, inferences, attacks or quotes; :class:`_TooLarge` past the limit."""
        self.size += n
        if self.size > self.max_nodes:
            raise _TooLarge

    def new_id(self, nid: str, prefix: str, part: int = 1) -> str:
        wanted = self.ext(nid).get("id") if part == 1 else None
        if not (isinstance(wanted, str) and _ID.fullmatch(wanted)):
            wanted = prefix + re.sub(r"[^A-Za-z0-9_.\-]", "-", nid) + (f"-{part}" if part > 1 else "")
        candidate, k = wanted, self.next_part.get(wanted, 2)
        while candidate in self.used:  # each id's counter only grows: linear in the ids made
            candidate, k = f"{wanted}-{k}", k + 1
        self.next_part[wanted] = k
        self.used.add(candidate)
        return candidate

    # -- making the map -----------------------------------------------------------------------------

    def make_claims(self) -> None:
        """I-nodes: claims."""
        self.grow(sum(1 for nid in self.order if self.kind(nid) == "I"))
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
            x = self.ext(nid)
            # a premise named twice: kept as the map wrote it when argmap wrote the node (lossless round
            # trip), else the repeated edge is one premise
            listed = premises if x else list(dict.fromkeys(premises))
            if len(conclusions) > 1 and len(conclusions) * len(listed) > self.max_fan_out:
                self.report("X510", f"{k}-node {nid} has {len(conclusions)} conclusions and {len(listed)} premises: "
                                    f"one inference per conclusion would repeat the premises "
                                    f"{len(conclusions) * len(listed):,} times, over the limit of "
                                    f"{self.max_fan_out:,}; it is not imported (its I-nodes are kept as claims). "
                                    f"Raise the limit with --max-fan-out", self.places.node(nid))
                continue
            if len(conclusions) > 1:
                self.report("X506", f"{k}-node {nid} has {len(conclusions)} conclusions; it becomes one inference "
                                    f"per conclusion, each with the same premises", self.places.node(nid))
            if k == "MA":
                scheme = DEFAULT_REPHRASE
            else:  # a placeholder such as arguebuf's "Default" is no scheme (interchange/aif/schemes.py)
                scheme, dropped = ra_scheme(self.nodes[nid], self.node_text(nid), from_argmap=bool(x))
                self.default_schemes += dropped
            ids = []
            for j, c in enumerate(conclusions):
                self.grow()
                fid = self.new_id(nid, k, j + 1)
                f: Doc = {"id": fid, "premises": [self.claim_id[p] for p in listed], "conclusion": self.claim_id[c]}
                if scheme:
                    f["scheme"] = scheme
                if isinstance(x.get("note"), str):
                    f["note"] = x["note"]
                self.inferences.append(f)
                self.inference_of.append(nid)
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
            if len(attackers) * len(targets) > self.max_fan_out:
                self.report("X510", f"CA-node {nid} joins {len(attackers)} attacker(s) and {len(targets)} target(s): "
                                    f"one attack per pair would make {len(attackers) * len(targets):,} attacks, over "
                                    f"the limit of {self.max_fan_out:,}; it is not imported (its I-nodes are kept as "
                                    f"claims). Raise the limit with --max-fan-out", self.places.node(nid))
                continue
            if len(attackers) > 1 or len(targets) > 1:
                self.report("X506", f"CA-node {nid} joins {len(attackers)} attacker(s) and {len(targets)} target(s); "
                                    f"it becomes one attack per pair (argmap's attacks have one attacker)",
                            self.places.node(nid))
            x = self.ext(nid)
            j = 0
            for a in attackers:
                for t in targets:
                    self.grow()
                    aid = self.new_id(nid, "CA", j + 1)
                    j += 1
                    doc = {"id": aid, "attacker": self.claim_id[a], "target": "",
                           "type": "rebuttal" if kind(t) == "I" else "undercut"}
                    if isinstance(x.get("note"), str):
                        doc["note"] = x["note"]
                    self.attacks.append(doc)
                    self.attack_of.append(nid)
                    if kind(t) == "I":
                        doc["target"] = self.claim_id[t]
                    else:
                        undercut_targets.append((doc, t))
        dropped: set[int] = set()
        for doc, t in undercut_targets:
            ids = self.s_id.get(t)
            if not ids:
                dropped.add(id(doc))
                self.report("X505", f"attack {doc['id']} undercuts {kind(t)}-node {t}, which is not an inference "
                                    f"(see its own diagnostic); the attack is left out", self.places.node(t))
                continue
            doc["target"] = ids[0]
            if len(ids) > 1:
                self.report("X506", f"attack {doc['id']} undercuts {kind(t)}-node {t}, which became {len(ids)} "
                                    f"inferences; it now undercuts only {ids[0]}", self.places.node(t))
        if dropped:
            kept = [(doc, nid) for doc, nid in zip(self.attacks, self.attack_of) if id(doc) not in dropped]
            self.attacks, self.attack_of = [d for d, _ in kept], [n for _, n in kept]

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
            self.chains.update(((lnode, nid), (nid, inode)))
            claim = self.claims[inode]
            lx = self.ext(lnode).get("evidence")
            if isinstance(lx, dict):  # an evidence quote exported by argmap: the L-node's text is the quote
                self.grow()
                quote = self.nodes[lnode].get("text")
                evidence = claim.setdefault("evidence", [])
                self.evidence_of[(inode, len(evidence))] = lnode
                evidence.append({"quote": quote if isinstance(quote, str) else "", **lx})
                continue
            self._speaker_of(nid, lnode, inode, claim, speakers)

    def _speaker_of(self, nid: str, lnode: str, inode: str, claim: Doc, speakers: dict[str, str]) -> None:
        """The L-node ``lnode`` says who asserts ``claim``: keep its text in the claim's note and set
        ``asserted_by`` when it names a speaker (and the claim has no other)."""
        who, _ = speaker(self.node_text(lnode))
        who = speakers.get(lnode) or who
        ya = self.node_text(nid)
        ya = "" if re.match(r"^YA_[0-9a-f]+$", ya) else ya + " "
        said = f"AIF locution {lnode}: {self.node_text(lnode)!r} ({ya}YA-node {nid})"
        where = self.places.node(lnode)
        if "note" in claim and not isinstance(claim["note"], str):
            self.report("X511", f"I-node {inode}: the argmap extension's note is not text; it is replaced by the "
                                f"locution's", self.places.node(inode))
            del claim["note"]
        claim["note"] = f"{claim['note']}; {said}" if claim.get("note") else said
        if "asserted_by" in claim and not isinstance(claim["asserted_by"], dict):
            self.report("X511", f"I-node {inode}: the argmap extension's asserted_by is not a mapping; it is "
                                f"replaced by the locution's speaker", self.places.node(inode))
            del claim["asserted_by"]
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

    def origin(self, path: tuple[Any, ...]) -> tuple[str, tuple[int, int]]:
        """The AIF node a part of the document (``("claims", 3, "note")``) was made from: its name for a
        message, and its place in the file (top-level parts: the ``"argmap"`` key of the graph)."""
        part, i = path[0], path[1] if len(path) > 1 and isinstance(path[1], int) else None
        if part == "claims" and i is not None:
            nid = list(self.claims)[i]
            if len(path) > 3 and path[2] == "evidence" and (nid, path[3]) in self.evidence_of:
                lnode = self.evidence_of[(nid, path[3])]
                return f"L-node {lnode}", self.places.node(lnode)
            return f"I-node {nid}", self.places.node(nid)
        if part in ("inferences", "attacks") and i is not None:
            nid = (self.inference_of if part == "inferences" else self.attack_of)[i]
            return f"{self.kind(nid)}-node {nid}", self.places.node(nid)
        return "the graph's argmap extension", top_key_place(self.text, EXT)

    def mark_thesis(self, wanted: str | None) -> None:
        """Give the chosen I-node (:func:`argmap.interchange.aif.thesis.choose_thesis`) ``role: thesis``
        as its second key."""
        claims = self.claims
        chosen = choose_thesis(claims, self.claim_id, self.inferences, self.attacks, wanted, self.places, self.report)
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
        mid = map_id or (top.get("id") if isinstance(top.get("id"), str) else None) or self.stem()
        work = top.get("work") if isinstance(top.get("work"), dict) else self.default_work(language)
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

    def stem(self) -> str:
        """The AIF file's name made into a map id."""
        name = Path(self.file).name
        return re.sub(r"[^a-z0-9-]+", "-", name.lower().removesuffix(".json")).strip("-") or "aif"

    def default_work(self, language: str) -> Doc:
        """``work:`` when the graph carries none: a placeholder naming the file."""
        name = Path(self.file).name
        return {"title": f"AIF graph {name}", "authors": [{"name": "unknown"}], "kind": "other", "language": language,
                "note": f"Imported from the AIF file {name} by argmap import; AIF records no title, author, "
                        f"date or language (the language is what --language said)."}
