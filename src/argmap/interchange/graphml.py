"""GraphML export for network-analysis tools (Gephi, yEd, Cytoscape), written by networkx.

The graph is the map's argument graph in AIF's shape, so that linked premises and undercuts survive:

- one node per **claim** (``kind = "claim"``) with ``label`` (the claim id), ``text``, ``gloss``,
  ``role`` (thesis, claim, implicit-premise), ``section``, ``asserted_by`` (the attribution's label,
  e.g. ``余建華 2009``), ``quotes`` (number of evidence quotes), ``quote`` (the first quote) and
  ``place`` (its ``source file:line``);
- one node per **inference** (``kind = "inference"``) with ``label`` (the inference id), ``scheme``
  and ``linked`` (true when it has several premises);
- edges ``premise`` (premise claim → inference), ``conclusion`` (inference → conclusion claim),
  ``rebuttal`` (attacker claim → claim) and ``undercut`` (attacker claim → inference), each with
  ``relation`` and, for attacks, ``label`` (the attack id).

Node ids are ``claim:<id>`` and ``inference:<id>``; edge ids are ``e1``, ``e2``, … (unique in the graph, as
GraphML requires). GraphML
(http://graphml.graphdrawing.org/) is written with typed ``<key>`` declarations (string, boolean,
long); attributes a node does not have are left out rather than written empty. A reference to an id
the map does not define (``argmap check`` reports it as R202) is left out of the graph.
"""

from __future__ import annotations

import io
import re

from typing import Any

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from argmap.model import Map


def to_networkx(m: Map) -> "nx.MultiDiGraph":
    """The map as a ``networkx.MultiDiGraph`` (shape and attributes: module docstring)."""
    g: nx.MultiDiGraph = nx.MultiDiGraph(name=m.id, title=m.work.title, authors=m.work.author_names)
    for c in m.claims:
        attrs: dict[str, object] = {"kind": "claim", "label": c.id, "text": c.text, "gloss": c.gloss,
                                    "role": c.role, "quotes": len(c.evidence)}
        if c.section:
            attrs["section"] = c.section
        if c.asserted_by is not None:
            attrs["asserted_by"] = c.asserted_by.label()
        if c.evidence:
            e = c.evidence[0]
            attrs["quote"] = e.quote
            source = m.source_of(e)
            if source is not None:
                attrs["place"] = f"{source.raw_path}:{e.line}" if e.line else source.raw_path
        g.add_node(f"claim:{c.id}", **attrs)
    for f in m.inferences:
        fid = f"inference:{f.id}"
        g.add_node(fid, kind="inference", label=f.id, linked=f.linked, **({"scheme": f.scheme} if f.scheme else {}))
        for p in f.premises:
            if p.id in m.claims_by_id:
                g.add_edge(f"claim:{p.id}", fid, key=f"e{g.number_of_edges() + 1}", relation="premise")
        if f.conclusion.id in m.claims_by_id:
            g.add_edge(fid, f"claim:{f.conclusion.id}", key=f"e{g.number_of_edges() + 1}", relation="conclusion")
    for a in m.attacks:
        if a.attacker.id not in m.claims_by_id:
            continue
        if a.type == "rebuttal" and a.target.id in m.claims_by_id:
            g.add_edge(f"claim:{a.attacker.id}", f"claim:{a.target.id}", key=f"e{g.number_of_edges() + 1}",
                       relation="rebuttal", label=a.id)
        elif a.type == "undercut" and a.target.id in m.inferences_by_id:
            g.add_edge(f"claim:{a.attacker.id}", f"inference:{a.target.id}", key=f"e{g.number_of_edges() + 1}",
                       relation="undercut", label=a.id)
    return g


#: Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF; lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value: object) -> object:
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _graph_data_first(graph: Any) -> None:
    """Move the ``<data>`` children of a ``<graph>`` element before its nodes and edges.

    networkx appends the graph's own data (``name``, ``title``, ``authors``) after the last edge;
    GraphML allows ``<data>`` anywhere in a ``<graph>``, but graph-tool then attaches it to the last
    edge. Written first, every reader takes it as the graph's."""
    data = [child for child in graph if child.tag == "data"]
    for child in data:
        graph.remove(child)
    for i, child in enumerate(data):
        graph.insert(i, child)


def to_graphml(m: Map) -> str:
    """GraphML text of :func:`to_networkx` (UTF-8 XML declaration, ends with a newline), written by
    networkx's GraphML writer with the graph's data (``name``, ``title``, ``authors``) moved before the
    nodes and edges (see :func:`_graph_data_first`).

    Characters that XML 1.0 cannot represent (C0 control characters other than tab, line feed and
    carriage return, e.g. U+000B) are written as U+FFFD; everything else is escaped by the XML writer.
    """
    g = to_networkx(m)
    for _, attrs in g.nodes(data=True):
        attrs.update({k: _xml_safe(v) for k, v in attrs.items()})
    for _, _, attrs in g.edges(data=True):
        attrs.update({k: _xml_safe(v) for k, v in attrs.items()})
    g.graph.update({k: _xml_safe(v) for k, v in g.graph.items()})  # node ids are map ids: ASCII by the schema
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(g)
    for graph in writer.xml.iter("graph"):
        _graph_data_first(graph)
    buf = io.BytesIO()
    writer.dump(buf)
    text = buf.getvalue().decode("utf-8")
    return text if text.endswith("\n") else text + "\n"
