"""An AIF graph as the importer reads it: its nodes and edges by id, and the reports of what
cannot be mapped (:class:`AifGraph`, the base of :class:`argmap.interchange.aif.importer._Import`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from argmap.interchange.aif.export import EXT
from argmap.interchange.aif.parse import Places
from argmap.model.diagnostics import Diagnostic

#: Most nodes named in one diagnostic's list of links.
_LISTED = 10


class AifGraph:
    """The nodes (by nodeID, in file order) and edges of one AIF file, and the diagnostics found.

    Attributes
    ----------
    file : str
        The AIF file's path, for diagnostics.
    nodes : dict
        nodeID → the node's JSON object; ``order`` lists the nodeIDs in file order.
    into, out : dict
        nodeID → the nodeIDs of the edges that end at it, that start at it.
    edges : list
        (fromID, toID, edgeID) of every edge read.
    handled, reported : set
        nodeIDs read as a locution (L and YA); nodeIDs reported with all their links.
    chains : set
        The (from, to) edges read as locutions (L → YA, YA → I).
    """

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.places = Places(text)
        self.diags: list[Diagnostic] = []
        self.nodes: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.into: dict[str, list[str]] = defaultdict(list)
        self.out: dict[str, list[str]] = defaultdict(list)
        self.edges: list[tuple[str, str, str]] = []
        self.handled: set[str] = set()
        self.reported: set[str] = set()
        self.chains: set[tuple[str, str]] = set()

    def report(self, code: str, message: str, where: tuple[int, int] = (1, 1)) -> None:
        self.diags.append(Diagnostic(code, message, self.file, where[0], where[1]))

    def listed(self, nids: list[str]) -> str:
        """``"I-node 1, RA-node 2"``, the first :data:`_LISTED` of ``nids`` and how many more."""
        text = ", ".join(f"{self.kind(x)}-node {x}" for x in nids[:_LISTED])
        return text + (f" and {len(nids) - _LISTED} more" if len(nids) > _LISTED else "")

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
            self.edges.append((a, b, eid))

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
            linked = self.listed(other)
            self.report("X504", f"{self.kind(nid)}-node {nid} is linked to {linked}; {why}, so those edges are "
                                f"left out", self.places.node(nid))

    def incomplete(self, nid: str, lacks: str, what: str) -> None:
        self.report("X505", f"{self.kind(nid)}-node {nid} has no {lacks}, so it is not {what}; its I-nodes are kept "
                            f"as claims", self.places.node(nid))

    def report_unmapped(self) -> None:
        """Every other node (L, YA, TA, unknown types) is reported, with what it is linked to."""
        for nid in self.order:
            k = self.kind(nid)
            if k in ("I", "RA", "MA", "CA") or nid in self.handled:
                continue
            linked = self.listed(self.into[nid] + self.out[nid]) or "nothing"
            self.reported.add(nid)
            why = {"L": "a locution not anchored to one I-node by one YA-node",
                   "YA": "an illocution that does not join one L-node to one I-node",
                   "TA": "a dialogue transition (argmap maps arguments, not dialogues)"}.get(
                       k, "a node type argmap does not know")
            self.report("X504", f"{k}-node {nid} ({self.node_text(nid)[:60]!r}) is {why}; linked to {linked}. It is "
                                f"not imported", self.places.node(nid))

    def report_loose_edges(self) -> None:
        """Every edge no step used or reported: two I-nodes joined directly (AIF puts an RA, CA or MA
        node between them), or an L-node read as a locution joined to an I-node directly."""
        s_nodes = ("RA", "MA", "CA")
        for a, b, eid in self.edges:
            if (self.kind(a) in s_nodes or self.kind(b) in s_nodes or a in self.reported or b in self.reported
                    or (a, b) in self.chains):
                continue
            self.report("X504", f"edge {eid} joins {self.kind(a)}-node {a} to {self.kind(b)}-node {b} directly, "
                                f"without an RA, CA or MA node between them; argmap has no such relation, so the "
                                f"edge is not imported", self.places.edge(eid))
