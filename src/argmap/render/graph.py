"""The diagram of one map: a map → a pydot graph (pure, testable without Graphviz) → DOT text, or
SVG/PNG/PDF through :mod:`argmap.render.graphviz`.

Layout conventions (those of Argdown and Rationale, thesis on top):

* every edge is written from conclusion (or attack target) to premise (or attacker) with
  ``dir=back``, so ``dot`` ranks the thesis first and draws the arrowhead at the conclusion;
* **support** is a solid green edge with a normal arrowhead; **attack** a dashed red edge with a
  ``tee`` head; an **undercut** ends on the small inference node it attacks;
* inferences with linked premises (or that are undercut) get a small round node of their own, where
  the premises meet; single-premise inferences are a direct edge;
* claims are styled by :mod:`argmap.render.style` (the same style as in the comparison diagram).

Options (:class:`~argmap.render.options.RenderOptions`) can also draw each quote as a node of its
own under its claim (``evidence``), draw only the neighbourhood of one claim (``focus``/``depth``,
:mod:`argmap.render.focus`), and group claims into boxes by the section of the work or by the author
they are attributed to (``cluster``).
"""

from __future__ import annotations

import pydot

from argmap.load.corpus import SourceCache
from argmap.model import UNDERCUT, Claim, Map
from argmap.render.escape import h, q
from argmap.render.focus import neighbourhood
from argmap.render.graphviz import engine_for, layout
from argmap.render.options import RenderOptions
from argmap.render.style import (ATTACK_COLOUR, CLAIM_COLOURS, EVIDENCE_BORDER, EVIDENCE_EDGE_COLOUR, EVIDENCE_FILL,
                                 FONT, LABEL_MARKS, OUT_TEXT, SUPPORT_COLOUR, claim_label, claim_style, claim_tooltip, evidence_label,
                                 legend, quote_place)


def _cluster_key(c: Claim, how: str) -> str | None:
    """The cluster label of a claim (``None``: outside every cluster)."""
    if how == "section":
        return c.section or None
    if how == "author" and c.asserted_by is not None:
        return f"〔{c.asserted_by.label()}〕"
    return None


def build_graph(m: Map, opts: RenderOptions | None = None, sources: SourceCache | None = None) -> pydot.Dot:
    """Build the pydot graph of a map (no Graphviz call).

    Parameters
    ----------
    m : Map
        The map drawn.
    opts : RenderOptions, optional
        What to draw and how; the defaults draw the whole map.
    sources : SourceCache, optional
        Reads source texts to find the line of quotes that give none (tooltips, quote nodes).

    Returns
    -------
    pydot.Dot
        A digraph: claim nodes ``c_<id>`` (SVG id ``claim-<id>``), inference nodes ``i_<id>``
        (``inference-<id>``), with ``evidence`` quote nodes ``e_<id>_<k>`` (``evidence-<id>-<k>``,
        k from 1), and with ``cluster`` subgraphs ``cluster_s1``, ``cluster_s2`` … (sections) or
        ``cluster_a1`` … (authors), numbered in order of first appearance of the drawn claims.

    Raises
    ------
    ValueError
        ``opts.focus`` is not a claim of the map (the message suggests close ids).
    """
    return _MapDiagram(m, opts or RenderOptions(), sources).build()


def to_dot(m: Map, opts: RenderOptions | None = None, sources: SourceCache | None = None) -> str:
    """DOT source of the map's diagram (see :func:`build_graph`; raises its ``ValueError``)."""
    return build_graph(m, opts, sources).to_string()


def render_map(m: Map, fmt: str = "svg", opts: RenderOptions | None = None,
               sources: SourceCache | None = None, prog: str | None = None) -> bytes:
    """The map's diagram as ``fmt``: ``dot`` (DOT text, no Graphviz needed), ``svg``, ``png`` or ``pdf``.

    Parameters
    ----------
    prog : str, optional
        Graphviz layout program; ``None`` (default) chooses with :func:`engine_for`, which gives
        ``dot`` for every map of ordinary size.

    Raises
    ------
    RenderError
        Graphviz is not installed, or it failed on the input.
    ValueError
        ``opts.focus`` is not a claim of the map.
    """
    graph = build_graph(m, opts, sources)
    if fmt == "dot":
        return graph.to_string().encode("utf-8")
    return layout(graph, fmt, prog or engine_for(graph))


def _statuses(m: Map) -> dict[str, tuple[str, str]]:
    """Claim or inference id → (grounded label, why in words), the map evaluated alone."""
    from argmap.evaluate.report import Names, status_text
    from argmap.evaluate.result import evaluate

    ev = evaluate([m])
    name = Names(ev)
    return {ev.framework.nodes[k].id: (s.label, status_text(s, name)) for k, s in ev.labellings[0].items()}


class _MapDiagram:
    """One run of :func:`build_graph`: the graph, what is drawn (focus), and the clusters made so far.
    Claims, then inferences, then attacks are added, in map order (the DOT text depends on it)."""

    def __init__(self, m: Map, opts: RenderOptions, sources: SourceCache | None) -> None:
        self.m, self.opts, self.sources = m, opts, sources
        self.unsupported = {c.id for c in m.unsupported_claims()}
        self.claims = m.claims_by_id
        self.drawn: dict[str, int] | None = None
        self.hidden: dict[str, int] = {}
        if opts.focus is not None:
            self.drawn, self.hidden = neighbourhood(m, opts.focus, opts.depth)
        self.clusters: dict[str, pydot.Cluster] = {}
        self.inference_nodes: set[str] = set()
        self.status: dict[str, tuple[str, str]] = _statuses(m) if opts.evaluate else {}
        self.g = self._frame()

    def shown(self, cid: str) -> bool:
        return cid in self.claims and (self.drawn is None or cid in self.drawn)

    def build(self) -> pydot.Dot:
        self._claims()
        self._inferences()
        self._attacks()
        m = self.m
        if m.theses and self.shown(m.theses[0].id):
            top = pydot.Subgraph(rank="min")
            top.add_node(pydot.Node(q(f"c_{m.theses[0].id}")))
            self.g.add_subgraph(top)
        return self.g

    def _frame(self) -> pydot.Dot:
        """The empty graph: title (and focus) over the legend, layout settings, node and edge defaults."""
        m, opts = self.m, self.opts
        g = pydot.Dot(q(m.id), graph_type="digraph", strict=False)
        title = h(m.work.title) + "<BR/>" + h(f"{m.work.author_names} {m.work.year or ''}".strip())
        label = f'<FONT POINT-SIZE="16"><B>{title}</B></FONT>'
        if opts.focus is not None:
            label += f'<BR/><FONT POINT-SIZE="12">{h(f"focus: {opts.focus}, depth {opts.depth}")}</FONT>'
        if opts.legend:
            label = (f'<TABLE BORDER="0"><TR><TD>{label}</TD></TR><TR><TD>'
                     f'{legend(opts.evidence, opts.focus is not None, "grounded" if opts.evaluate else None)}'
                     '</TD></TR></TABLE>')
        g.set("label", f"<{label}>")
        g.set("labelloc", "t")
        g.set("rankdir", opts.rankdir)
        g.set("fontname", q(FONT))
        g.set("nodesep", "0.3")
        g.set("ranksep", "0.45")
        g.set("newrank", "true")
        g.set("bgcolor", "white")
        g.set_node_defaults(shape="box", style=q("rounded,filled"), fontname=q(FONT), fontsize="11",
                            margin=q("0.12,0.06"), fillcolor="white", color=q(CLAIM_COLOURS[1]))
        g.set_edge_defaults(dir="back", penwidth="1.3")
        return g

    def _container(self, c: Claim) -> pydot.Dot | pydot.Cluster:
        """The graph or the cluster (made on first use) that holds claim ``c``."""
        opts = self.opts
        key = _cluster_key(c, opts.cluster)
        if key is None:
            return self.g
        if key not in self.clusters:
            n = len(self.clusters) + 1
            kind = "s" if opts.cluster == "section" else "a"
            fill, border = ("#f8fafc", "#94a3b8") if kind == "s" else ("#faf5ff", "#6b21a8")
            sub = pydot.Cluster(f"{kind}{n}", label=f"<<B>{h(key)}</B>>", style=q("rounded,filled"),
                                fillcolor=q(fill), color=q(border), fontname=q(FONT), fontsize="11",
                                labeljust="l", id=q(f"cluster-{opts.cluster}-{n}"), tooltip=q(key))
            self.clusters[key] = sub
            self.g.add_subgraph(sub)
        return self.clusters[key]

    def _claims(self) -> None:
        m, opts, hidden, unsupported = self.m, self.opts, self.hidden, self.unsupported
        for c in self.claims.values():
            if not self.shown(c.id):
                continue
            label, why = self.status.get(c.id, (None, ""))
            attrs: dict[str, str] = {"label": f"<{claim_label(c, opts, c.id in unsupported, hidden.get(c.id, 0), label)}>",
                                     "tooltip": q(claim_tooltip(c, m, self.sources)
                                                  + (f"\n⋯ {hidden[c.id]} neighbouring claim(s) not drawn"
                                                     if c.id in hidden else "")
                                                  + (f"\nevaluation (grounded): {label} — {why}" if label else "")),
                                     "id": q(f"claim-{c.id}")}
            attrs.update(claim_style(c, c.id in unsupported, focus=c.id == opts.focus, label=label))
            box = self._container(c)
            box.add_node(pydot.Node(q(f"c_{c.id}"), **attrs))
            if opts.evidence:
                self._quotes(c, box)

    def _quotes(self, c: Claim, box: pydot.Dot | pydot.Cluster) -> None:
        """One note-shaped node per quote of ``c`` (in ``box``), joined to the claim by a dotted edge."""
        for k, e in enumerate(c.evidence, start=1):
            place = quote_place(e, self.m, self.sources)
            box.add_node(pydot.Node(q(f"e_{c.id}_{k}"), shape="note", style="filled",
                                    fillcolor=q(EVIDENCE_FILL), color=q(EVIDENCE_BORDER), fontsize="9",
                                    margin=q("0.08,0.04"), id=q(f"evidence-{c.id}-{k}"),
                                    label=f"<{evidence_label(e, place, self.opts.columns)}>",
                                    tooltip=q(f"「{e.quote}」 — {place}" + (f"\n{e.note}" if e.note else ""))))
            self.g.add_edge(pydot.Edge(q(f"c_{c.id}"), q(f"e_{c.id}_{k}"), color=q(EVIDENCE_EDGE_COLOUR),
                                       style="dotted", arrowtail="empty", arrowsize="0.6", penwidth="1",
                                       tooltip=q(f"quote {k} of {c.id}")))

    def _inferences(self) -> None:
        m, g, claims, drawn = self.m, self.g, self.claims, self.drawn
        undercut = {a.target.id for a in m.attacks if a.type == UNDERCUT}
        # undercut inferences whose attacker is drawn: their node is drawn with the conclusion even when
        # none of their premises is, so that the undercut (one step) stays visible
        undercut_drawn = {a.target.id for a in m.attacks if a.type == UNDERCUT and self.shown(a.attacker.id)}
        for inf in m.inferences_by_id.values():
            if inf.conclusion.id not in claims:
                continue
            premises = [p.id for p in inf.premises if p.id in claims]
            as_node = len(premises) > 1 or inf.id in undercut
            tip = f"{inf.id}: {' + '.join(premises)} → {inf.conclusion.id}"
            if drawn is not None:
                if inf.conclusion.id not in drawn:
                    continue
                premises = [p for p in premises if p in drawn]
                if not premises and not (as_node and inf.id in undercut_drawn):
                    continue
            concl = q(f"c_{inf.conclusion.id}")
            label, why = self.status.get(inf.id, (None, ""))
            colour = OUT_TEXT if label == "out" else SUPPORT_COLOUR
            support = {"color": q(colour), "arrowtail": "normal"}
            if label == "out":
                support["style"] = "dotted"
            mark = f"\nevaluation (grounded): {label} — {why}" if label else ""
            if as_node:
                node = q(f"i_{inf.id}")
                self.inference_nodes.add(inf.id)
                fill = SUPPORT_COLOUR if label in (None, "in") else "white"
                ring = LABEL_MARKS[label][0] if label in ("out", "undec") else SUPPORT_COLOUR
                g.add_node(pydot.Node(node, shape="circle", label='""', width="0.14", height="0.14",
                                      fixedsize="true", style="filled", fillcolor=q(fill),
                                      **({"penwidth": "1.6"} if label in ("out", "undec") else {}),
                                      color=q(ring), id=q(f"inference-{inf.id}"), tooltip=q(tip + mark)))
                g.add_edge(pydot.Edge(concl, node, **support, tooltip=q(inf.id + mark)))
                for p in premises:
                    g.add_edge(pydot.Edge(node, q(f"c_{p}"), dir="none", color=q(colour),
                                          **({"style": "dotted"} if label == "out" else {})))
            else:
                for p in premises:
                    g.add_edge(pydot.Edge(concl, q(f"c_{p}"), **support, tooltip=q(inf.id + mark)))

    def _attacks(self) -> None:
        m, claims = self.m, self.claims
        for a in m.attacks:
            if not self.shown(a.attacker.id):
                continue
            if a.target.id in claims:
                if not self.shown(a.target.id):
                    continue
                target = q(f"c_{a.target.id}")
            elif a.target.id in m.inferences_by_id:
                if self.drawn is not None and a.target.id not in self.inference_nodes:
                    continue
                target = q(f"i_{a.target.id}")
            else:
                continue
            inert = self.status.get(a.attacker.id, ("in", ""))[0] != "in"
            self.g.add_edge(pydot.Edge(target, q(f"c_{a.attacker.id}"), color=q(OUT_TEXT if inert else ATTACK_COLOUR),
                                       style="dashed", arrowtail="tee",
                                       tooltip=q(f"{a.id}: {a.type}" + (" (its attacker is not in: no effect)"
                                                                         if inert else ""))))
