"""AIF export: a map as an AIF JSON argument graph (the mapping: :mod:`argmap.interchange.aif`)."""

from __future__ import annotations

import json
from typing import Any

from argmap.load.document import Doc, claim_doc, evidence_doc, position_doc, source_doc, work_doc
from argmap.model import Map

#: Key of argmap's extension object on AIF nodes and at the top level of an AIF document.
EXT = "argmap"
#: AIFdb's node texts for S-nodes without a named scheme.
DEFAULT_INFERENCE = "Default Inference"
DEFAULT_CONFLICT = "Default Conflict"
DEFAULT_REPHRASE = "Default Rephrase"


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
        ("positions", [position_doc(p) for p in m.positions] or None),
        ("expect", {x.id: x.label for x in m.expect} or None), ("note", m.note)) if v is not None}
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants, EXT: top}


def dumps(doc: dict[str, Any]) -> str:
    """AIF JSON text: UTF-8 (not ASCII-escaped), two-space indented, ending with a newline."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
