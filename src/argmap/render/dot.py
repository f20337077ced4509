"""Render: a map → DOT text (pure, testable without Graphviz) → SVG/PNG/PDF through Graphviz.

Layout conventions (those of Argdown and Rationale, thesis on top):

* every edge is written from conclusion (or attack target) to premise (or attacker) with
  ``dir=back``, so ``dot`` ranks the thesis first and draws the arrowhead at the conclusion;
* **support** is a solid green edge with a normal arrowhead; **attack** a dashed red edge with a
  ``tee`` head; an **undercut** ends on the small inference node it attacks;
* inferences with linked premises (or that are undercut) get a small round node of their own, where
  the premises meet; single-premise inferences are a direct edge;
* the thesis is blue with a heavy border; attributed claims are violet with their author on a
  header line; implicit premises are grey and dashed; unsupported claims have an orange border and
  the mark 「⚠ 無證據」;
* every claim node carries an SVG tooltip with its text, English gloss and all its quotes.

Options (:class:`RenderOptions`) can also draw each quote as a node of its own under its claim
(``evidence``), draw only the neighbourhood of one claim (``focus``/``depth``), and group claims
into boxes by the section of the work or by the author they are attributed to (``cluster``).
:func:`engine_for` picks the Graphviz layout program: ``dot`` unless the graph is too large for it.

All text reaching DOT is escaped here so that Graphviz draws it literally: :func:`h` for HTML-like
labels (``html.escape``, and backslashes doubled: Graphviz substitutes ``\\N``, ``\\G`` … in their
text too), :func:`q` for quoted attributes (backslashes, quotes and ``&`` escaped: Graphviz
interprets ``\\n``, ``\\l``, ``\\N`` and decodes entities in them); characters XML cannot carry
become U+FFFD (Graphviz parses HTML-like labels as XML and writes SVG). :func:`layout` writes SVG
tooltips itself (Graphviz 2.43 unescapes them twice).
"""

from __future__ import annotations

import difflib
import html
import re
import shutil
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pydot

from argmap.load.corpus import SourceCache
from argmap.model import UNDERCUT, Claim, Evidence, Map
from argmap.evidence.sources import SourceText
from argmap.output.wrap import wrap

if TYPE_CHECKING:
    import networkx as nx

    from argmap.compare.pair import Comparison
    from argmap.model import Issue

FONT = "Noto Sans CJK TC"
SUPPORT_COLOUR = "#2e7d32"
ATTACK_COLOUR = "#c62828"
FOCUS_COLOUR = "#b91c1c"
EVIDENCE_FILL = "#fffbeb"
EVIDENCE_BORDER = "#a8a29e"
EVIDENCE_EDGE_COLOUR = "#9e9e9e"
Lang = Literal["zh", "en", "both"]
ClusterBy = Literal["none", "section", "author"]
CLUSTER_CHOICES: tuple[str, ...] = ("none", "section", "author")


class RenderError(Exception):
    """Graphviz is missing or failed. The message says how to fix it."""


@dataclass(frozen=True)
class RenderOptions:
    """How to draw a map.

    With every field at its default the diagram is the whole map, quotes only in tooltips, no
    clusters, with the legend.

    Attributes
    ----------
    lang : {"zh", "en", "both"}
        Label text: the paraphrase in the source language, the English gloss, or both.
    columns : int
        Wrap width of claim text (and of quotes) in display columns (a CJK character is 2).
    rankdir : {"TB", "LR", "BT", "RL"}
        Graphviz rank direction; ``TB`` puts the thesis on top.
    legend : bool
        Draw the legend under the title (``False``: no legend table at all).
    evidence : bool
        Draw each quote as a node of its own (a note shape with 「quote」 and ``file:line``,
        ``p. N``), joined to its claim by a grey dotted edge and ranked under it. ``False``: quotes
        are only in the claim's tooltip.
    focus : str or None
        Id of a claim: draw only the claims within ``depth`` steps of it (see :func:`neighbourhood`).
        ``None``: the whole map.
    depth : int
        Steps from ``focus`` (``0``: the focus claim alone). Ignored without ``focus``.
    cluster : {"none", "section", "author"}
        Group claims in boxes: ``"section"`` by :attr:`Claim.section` (claims without a section stay
        outside), ``"author"`` by the label of :attr:`Claim.asserted_by` (the work's own claims stay
        outside).

    Raises
    ------
    ValueError
        ``cluster`` is not one of the three values, or ``depth`` is not an integer ≥ 0.
    """

    lang: Lang = "zh"
    columns: int = 30
    rankdir: str = "TB"
    legend: bool = True
    evidence: bool = False
    focus: str | None = None
    depth: int = 1
    cluster: ClusterBy = "none"

    def __post_init__(self) -> None:
        if self.cluster not in CLUSTER_CHOICES:
            raise ValueError(f"cluster must be one of {', '.join(CLUSTER_CHOICES)}, not {self.cluster!r}")
        if isinstance(self.depth, bool) or not isinstance(self.depth, int) or self.depth < 0:
            raise ValueError(f"depth must be an integer >= 0, not {self.depth!r}")


#: Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF; lone
#: surrogates). Graphviz parses HTML-like labels as XML and writes SVG, so they are written as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def q(value: str) -> str:
    """A DOT double-quoted string for an escString attribute (tooltip, plain label, id, name), shown
    literally: backslashes and quotes escaped (so ``\\N``, ``\\l`` stay text), ``&`` as ``&amp;``
    (Graphviz decodes HTML entities in tooltips and labels), newlines as ``\\n``, carriage returns
    dropped, and characters XML cannot carry as U+FFFD."""
    value = _xml_safe(value).replace("\r", "").replace("&", "&amp;")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def h(value: str) -> str:
    """Text escaped for a Graphviz HTML-like label, shown literally: ``html.escape`` (markup,
    entities), backslashes doubled (Graphviz substitutes ``\\N``, ``\\G`` … in the text of HTML-like
    labels too, and reads ``\\\\`` as one backslash), characters XML cannot carry as U+FFFD."""
    return html.escape(_xml_safe(value), quote=True).replace("\\", "\\\\")


def _lines(text: str, columns: int, **font: str) -> str:
    attrs = "".join(f' {k.upper().replace("_", "-")}="{v}"' for k, v in font.items())
    body = '<BR ALIGN="LEFT"/>'.join(h(line) for line in wrap(text, columns)) + '<BR ALIGN="LEFT"/>'
    return f"<FONT{attrs}>{body}</FONT>" if attrs else body


def _role_word(c: Claim) -> str:
    return {"thesis": "論旨 thesis", "implicit-premise": "隱含前提 implicit"}.get(c.role, "")


def claim_label(c: Claim, opts: RenderOptions, unsupported: bool, hidden: int = 0) -> str:
    """The HTML-like label of a claim node (without the enclosing ``<`` ``>``).

    Parameters
    ----------
    c : Claim
        The claim drawn.
    opts : RenderOptions
        Language and wrap width.
    unsupported : bool
        Add the mark 「⚠ 無證據 unsupported」.
    hidden : int
        Number of neighbouring claims not drawn (focus view); when > 0 the header ends with
        ``⋯ +hidden`` so that a reader knows the map continues there.

    Returns
    -------
    str
        The label; every text from the map is escaped with :func:`h`.
    """
    head = [f"<B>{h(c.id)}</B>"]
    if _role_word(c):
        head.append(f"<I>{_role_word(c)}</I>")
    if c.evidence:
        head.append(f'<FONT COLOR="#555555">引文 {len(c.evidence)}</FONT>')
    if unsupported:
        head.append('<FONT COLOR="#b45309"><B>⚠ 無證據 unsupported</B></FONT>')
    if hidden:
        head.append(f'<FONT COLOR="{FOCUS_COLOUR}"><B>⋯ +{hidden}</B></FONT>')
    parts = ["  ".join(head) + '<BR ALIGN="LEFT"/>']
    if c.asserted_by is not None:
        parts.append(_lines(f"〔{c.asserted_by.label()} 主張 asserts〕", opts.columns, color="#6b21a8"))
    if opts.lang in ("zh", "both"):
        parts.append(_lines(c.text, opts.columns))
    if opts.lang in ("en", "both"):
        parts.append(_lines(c.gloss, opts.columns + 10, point_size="10" if opts.lang == "both" else "11",
                            color="#333333" if opts.lang == "both" else "#000000"))
    return "".join(parts)


def _quote_place(e: Evidence, m: Map, sources: SourceCache | None) -> tuple[str, int | None]:
    """(source file as written in the map, or ``?``; line of the quote, or ``None`` if unknown).

    The line is the evidence's own ``line``, else the line of its first occurrence in the source
    text when ``sources`` can read it."""
    src = m.source_of(e)
    where = src.raw_path if src else "?"
    line = e.line
    if src is not None and sources is not None and line is None:
        text = sources.get(src)
        if isinstance(text, SourceText):
            spans = text.find_all(e.quote, limit=1)
            line = spans[0].line if spans else None
    return where, line


def quote_place(e: Evidence, m: Map, sources: SourceCache | None = None) -> str:
    """Where a quote is, for display: ``file:line`` (``file`` alone when the line is unknown, ``?``
    when the source is), followed by ``, p. N`` when the evidence has a page."""
    where, line = _quote_place(e, m, sources)
    out = where + (f":{line}" if line else "")
    return out + (f", p. {e.page}" if e.page is not None and e.page != "" else "")


def claim_tooltip(c: Claim, m: Map, sources: SourceCache | None) -> str:
    """Plain text shown on hover: id, text, gloss, attribution and every quote with its place."""
    out = [f"{c.id}: {c.text}", c.gloss]
    if c.asserted_by is not None:
        a = c.asserted_by
        out.append(f"asserted by {a.label()}" + (f", {a.work}" if a.work else ""))
    if c.justification:
        out.append(f"implicit: {c.justification}")
    for e in c.evidence:
        where, line = _quote_place(e, m, sources)
        out.append(f"「{e.quote}」 — {where}" + (f":{line}" if line else ""))
    return "\n".join(out)


def evidence_label(e: Evidence, place: str, columns: int) -> str:
    """The HTML-like label of a quote node (without ``<`` ``>``): 「quote」 wrapped to ``columns``
    display columns in a small font, then ``place`` (see :func:`quote_place`) on a line of its own.
    All text is escaped with :func:`h`."""
    return (_lines(f"「{e.quote}」", columns, point_size="9")
            + f'<FONT POINT-SIZE="8" COLOR="#666666">{h(place)}</FONT><BR ALIGN="LEFT"/>')


def _legend(evidence: bool = False, focus: bool = False) -> str:
    def swatch(fill: str, border: str, text: str, dashed: bool = False) -> str:
        style = ' STYLE="dashed"' if dashed else ""
        return (f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1"{style}>'
                f'<FONT POINT-SIZE="9">{text}</FONT></TD>')

    extra = ""
    if evidence:
        extra += swatch(EVIDENCE_FILL, EVIDENCE_BORDER, "「引文」 quote ┈ file:line")
    if focus:
        extra += swatch("#ffffff", FOCUS_COLOUR, f'焦點 focus  <FONT COLOR="{FOCUS_COLOUR}">⋯ +n</FONT> 未繪 not drawn')
    return ('<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="3"><TR>'
            + swatch("#dbeafe", "#1e3a8a", "論旨 thesis")
            + swatch("#ffffff", "#555555", "主張 claim")
            + swatch("#f3e8ff", "#6b21a8", "他人主張 attributed")
            + swatch("#f5f5f5", "#777777", "隱含前提 implicit", dashed=True)
            + swatch("#ffffff", "#d97706", "⚠ 無證據 unsupported")
            + extra
            + f'<TD><FONT POINT-SIZE="9" COLOR="{SUPPORT_COLOUR}">━━▶ 支持 support</FONT></TD>'
            + f'<TD><FONT POINT-SIZE="9" COLOR="{ATTACK_COLOUR}">╍╍┫ 攻擊 attack (rebuttal / undercut → ●)</FONT></TD>'
            + "</TR></TABLE>")


# -- focus: the neighbourhood of one claim ----------------------------------------------------------

def step_graph(m: Map) -> "nx.Graph":
    """The undirected graph of one-step neighbours between the map's claims.

    Nodes are all claim ids. One step joins each premise of an inference to its conclusion (not the
    premises of a linked inference to each other), the attacker of a rebuttal to its target, and the
    attacker of an undercut to the conclusion of the inference it undercuts. References to ids that
    are not claims (or, for undercuts, inferences) of the map are skipped.
    """
    import networkx as nx  # only needed for focus views; keeps `import argmap.render.dot` light

    g = nx.Graph()
    claims = m.claims_by_id
    g.add_nodes_from(claims)
    for inf in m.inferences_by_id.values():
        if inf.conclusion.id in claims:
            g.add_edges_from((p.id, inf.conclusion.id) for p in inf.premises
                             if p.id in claims and p.id != inf.conclusion.id)
    for a in m.attacks:
        if a.attacker.id not in claims:
            continue
        if a.target.id in claims:
            target = a.target.id
        elif a.target.id in m.inferences_by_id:
            target = m.inferences_by_id[a.target.id].conclusion.id
        else:
            continue
        if target in claims and target != a.attacker.id:
            g.add_edge(a.attacker.id, target)
    return g


def neighbourhood(m: Map, focus: str, depth: int) -> tuple[dict[str, int], dict[str, int]]:
    """The claims within ``depth`` steps of claim ``focus`` (steps as in :func:`step_graph`).

    Parameters
    ----------
    m : Map
        The map.
    focus : str
        Id of one of its claims.
    depth : int
        Largest number of steps, ≥ 0 (``0``: the focus claim alone).

    Returns
    -------
    (dict, dict)
        Claim id → steps from ``focus`` for every claim drawn; and claim id → number of its
        neighbours that are not drawn, for the drawn claims at the boundary that have some.

    Raises
    ------
    ValueError
        ``focus`` is not a claim of the map (the message suggests close ids), or ``depth`` < 0.
    """
    import networkx as nx

    if focus not in m.claims_by_id:
        close = difflib.get_close_matches(focus, list(m.claims_by_id), n=3, cutoff=0.5)
        hint = "; did you mean " + ", ".join(repr(c) for c in close) + "?" if close else ""
        raise ValueError(f"no claim {focus!r} in map {m.id!r}" + hint)
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise ValueError(f"depth must be an integer >= 0, not {depth!r}")
    g = step_graph(m)
    drawn = nx.single_source_shortest_path_length(g, focus, cutoff=depth)
    hidden = {c: n for c in drawn if (n := sum(1 for x in g.neighbors(c) if x not in drawn))}
    return dict(drawn), hidden


# -- the single-map diagram -------------------------------------------------------------------------

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
    opts = opts or RenderOptions()
    unsupported = {c.id for c in m.unsupported_claims()}
    claims = m.claims_by_id
    drawn: dict[str, int] | None = None
    hidden: dict[str, int] = {}
    if opts.focus is not None:
        drawn, hidden = neighbourhood(m, opts.focus, opts.depth)

    def shown(cid: str) -> bool:
        return cid in claims and (drawn is None or cid in drawn)

    g = pydot.Dot(q(m.id), graph_type="digraph", strict=False)
    title = h(m.work.title) + "<BR/>" + h(f"{m.work.author_names} {m.work.year or ''}".strip())
    label = f'<FONT POINT-SIZE="16"><B>{title}</B></FONT>'
    if opts.focus is not None:
        label += f'<BR/><FONT POINT-SIZE="12">{h(f"focus: {opts.focus}, depth {opts.depth}")}</FONT>'
    if opts.legend:
        label = (f'<TABLE BORDER="0"><TR><TD>{label}</TD></TR><TR><TD>'
                 f'{_legend(opts.evidence, opts.focus is not None)}</TD></TR></TABLE>')
    g.set("label", f"<{label}>")
    g.set("labelloc", "t")
    g.set("rankdir", opts.rankdir)
    g.set("fontname", q(FONT))
    g.set("nodesep", "0.3")
    g.set("ranksep", "0.45")
    g.set("newrank", "true")
    g.set("bgcolor", "white")
    g.set_node_defaults(shape="box", style=q("rounded,filled"), fontname=q(FONT), fontsize="11",
                        margin=q("0.12,0.06"), fillcolor="white", color=q("#555555"))
    g.set_edge_defaults(dir="back", penwidth="1.3")

    clusters: dict[str, pydot.Cluster] = {}

    def container(c: Claim) -> pydot.Dot | pydot.Cluster:
        key = _cluster_key(c, opts.cluster)
        if key is None:
            return g
        if key not in clusters:
            n = len(clusters) + 1
            kind = "s" if opts.cluster == "section" else "a"
            fill, border = ("#f8fafc", "#94a3b8") if kind == "s" else ("#faf5ff", "#6b21a8")
            sub = pydot.Cluster(f"{kind}{n}", label=f"<<B>{h(key)}</B>>", style=q("rounded,filled"),
                                fillcolor=q(fill), color=q(border), fontname=q(FONT), fontsize="11",
                                labeljust="l", id=q(f"cluster-{opts.cluster}-{n}"), tooltip=q(key))
            clusters[key] = sub
            g.add_subgraph(sub)
        return clusters[key]

    for c in claims.values():
        if not shown(c.id):
            continue
        attrs: dict[str, str] = {"label": f"<{claim_label(c, opts, c.id in unsupported, hidden.get(c.id, 0))}>",
                                 "tooltip": q(claim_tooltip(c, m, sources)
                                              + (f"\n⋯ {hidden[c.id]} neighbouring claim(s) not drawn"
                                                 if c.id in hidden else "")),
                                 "id": q(f"claim-{c.id}")}
        if c.is_thesis:
            attrs.update(fillcolor=q("#dbeafe"), color=q("#1e3a8a"), penwidth="2.2")
        elif c.asserted_by is not None:
            attrs.update(fillcolor=q("#f3e8ff"), color=q("#6b21a8"))
        elif c.is_implicit:
            attrs.update(fillcolor=q("#f5f5f5"), style=q("rounded,filled,dashed"), color=q("#777777"))
        if c.id in unsupported:
            attrs.update(color=q("#d97706"), penwidth="2.5")
        if c.id == opts.focus:
            attrs.update(color=q(FOCUS_COLOUR), penwidth="3.5")
        box = container(c)
        box.add_node(pydot.Node(q(f"c_{c.id}"), **attrs))
        if opts.evidence:
            for k, e in enumerate(c.evidence, start=1):
                place = quote_place(e, m, sources)
                box.add_node(pydot.Node(q(f"e_{c.id}_{k}"), shape="note", style="filled",
                                        fillcolor=q(EVIDENCE_FILL), color=q(EVIDENCE_BORDER), fontsize="9",
                                        margin=q("0.08,0.04"), id=q(f"evidence-{c.id}-{k}"),
                                        label=f"<{evidence_label(e, place, opts.columns)}>",
                                        tooltip=q(f"「{e.quote}」 — {place}" + (f"\n{e.note}" if e.note else ""))))
                g.add_edge(pydot.Edge(q(f"c_{c.id}"), q(f"e_{c.id}_{k}"), color=q(EVIDENCE_EDGE_COLOUR),
                                      style="dotted", arrowtail="empty", arrowsize="0.6", penwidth="1",
                                      tooltip=q(f"quote {k} of {c.id}")))

    undercut = {a.target.id for a in m.attacks if a.type == UNDERCUT}
    # undercut inferences whose attacker is drawn: their node is drawn with the conclusion even when
    # none of their premises is, so that the undercut (one step) stays visible
    undercut_drawn = {a.target.id for a in m.attacks if a.type == UNDERCUT and shown(a.attacker.id)}
    inference_nodes: set[str] = set()
    for inf in m.inferences_by_id.values():
        if inf.conclusion.id not in claims:
            continue
        premises = [p.id for p in inf.premises if p.id in claims]
        as_node = len(premises) > 1 or inf.id in undercut
        tip = q(f"{inf.id}: {' + '.join(premises)} → {inf.conclusion.id}")
        if drawn is not None:
            if inf.conclusion.id not in drawn:
                continue
            premises = [p for p in premises if p in drawn]
            if not premises and not (as_node and inf.id in undercut_drawn):
                continue
        concl = q(f"c_{inf.conclusion.id}")
        support = {"color": q(SUPPORT_COLOUR), "arrowtail": "normal"}
        if as_node:
            node = q(f"i_{inf.id}")
            inference_nodes.add(inf.id)
            g.add_node(pydot.Node(node, shape="circle", label='""', width="0.14", height="0.14",
                                  fixedsize="true", style="filled", fillcolor=q(SUPPORT_COLOUR),
                                  color=q(SUPPORT_COLOUR), id=q(f"inference-{inf.id}"), tooltip=tip))
            g.add_edge(pydot.Edge(concl, node, **support, tooltip=q(inf.id)))
            for p in premises:
                g.add_edge(pydot.Edge(node, q(f"c_{p}"), dir="none", color=q(SUPPORT_COLOUR)))
        else:
            for p in premises:
                g.add_edge(pydot.Edge(concl, q(f"c_{p}"), **support, tooltip=q(inf.id)))

    for a in m.attacks:
        if not shown(a.attacker.id):
            continue
        if a.target.id in claims:
            if not shown(a.target.id):
                continue
            target = q(f"c_{a.target.id}")
        elif a.target.id in m.inferences_by_id:
            if drawn is not None and a.target.id not in inference_nodes:
                continue
            target = q(f"i_{a.target.id}")
        else:
            continue
        g.add_edge(pydot.Edge(target, q(f"c_{a.attacker.id}"), color=q(ATTACK_COLOUR), style="dashed",
                              arrowtail="tee", tooltip=q(f"{a.id}: {a.type}")))

    if m.theses and shown(m.theses[0].id):
        top = pydot.Subgraph(rank="min")
        top.add_node(pydot.Node(q(f"c_{m.theses[0].id}")))
        g.add_subgraph(top)
    return g


def to_dot(m: Map, opts: RenderOptions | None = None, sources: SourceCache | None = None) -> str:
    """DOT source of the map's diagram (see :func:`build_graph`; raises its ``ValueError``)."""
    return build_graph(m, opts, sources).to_string()


# -- choosing the layout program --------------------------------------------------------------------

#: Largest number of edges beyond a tree (edges − nodes) that ``dot`` lays out within a few seconds
#: here; denser graphs go to ``sfdp``. See :func:`engine_for` for the measurements.
DOT_MAX_EXTRA_EDGES = 800
#: Graph attributes :func:`layout` sets for ``sfdp`` (unless the graph sets them itself): no
#: overlapping nodes (``prism``), straight edges drawn under the nodes. ``splines=true`` (edges routed
#: around nodes) would be nicer but is far too slow on the graphs sfdp is chosen for (see
#: :func:`engine_for`).
SFDP_ATTRIBUTES = {"overlap": "prism", "splines": "false", "outputorder": "edgesfirst"}
_PSEUDO_NODES = frozenset({"node", "edge", "graph"})


def graph_size(graph: pydot.Graph) -> tuple[int, int]:
    """(distinct nodes, edges) of a pydot graph, counting those inside subgraphs and clusters; the
    ``node``/``edge``/``graph`` default statements are not nodes."""
    names: set[str] = set()
    edges = 0
    stack = [graph]
    while stack:
        sub = stack.pop()
        names.update(n.get_name() for n in sub.get_nodes() if n.get_name() not in _PSEUDO_NODES)
        for e in sub.get_edges():
            edges += 1
            names.update((str(e.get_source()), str(e.get_destination())))
        stack.extend(sub.get_subgraphs())
    return len(names), edges


def engine_for(graph: pydot.Graph) -> str:
    """The Graphviz program to lay out ``graph`` with: ``"dot"``, or ``"sfdp"`` for graphs too dense
    for it.

    ``dot`` draws the layered diagram this module is designed for (thesis on top, every edge pointing
    up), so it is kept whenever it finishes within a few seconds. What makes ``dot`` slow is not the
    number of nodes but the edges beyond a tree (its crossing minimisation and the long edges
    between distant ranks): a tree of 5,000 claims takes it 4.3 s (``sfdp`` 11 s), but 500 claims
    with 3 supports each (1,494 edges) already 4.1 s, and 1,000 such claims 32 s (``sfdp`` 1.2 s).
    The rule is therefore: ``"sfdp"`` when ``edges − nodes`` (see :func:`graph_size`) exceeds
    :data:`DOT_MAX_EXTRA_EDGES` (800, where ``dot`` needs about 1.5–3 s), else ``"dot"``. Quote nodes (``evidence=True``) add one node and one edge each, so they never
    change the choice. With ``sfdp`` (force-directed, no layers: ``rankdir`` and the thesis's
    ``rank=min`` are ignored) :func:`layout` sets :data:`SFDP_ATTRIBUTES` (``overlap=prism``,
    straight edges: ``splines=true`` takes sfdp 595 s and ``splines=curved`` 6.2 s on 1,000 claims × 3).

    Measured by ``benchmarks/bench_render.py`` (``layout(build_graph(m, opts), "svg", prog)``, median
    of 3 in seconds; Graphviz 2.43, 2-core VM; synthetic maps: every claim supports 1–3 random
    earlier ones; "extra" is ``edges − nodes``):

    ===================================  =====  =====  =====  =====  =====
    graph                                nodes  edges  extra  dot    sfdp
    ===================================  =====  =====  =====  =====  =====
    lin2013 (corpus map), defaults       167    191    24     0.14   0.15
    lin2013, ``evidence=True``           422    446    24     0.27
    lin2013, ``cluster="section"``       167    191    24     0.10
    lin2013, ``focus="T"``, ``depth=2``  28     29     1      0.04
    synthetic 250 claims × 3             250    744    494    0.66
    synthetic 450 claims × 3             450    1344   894    3.31
    synthetic 500 claims × 3             500    1494   994    4.12
    synthetic 750 claims × 3             750    2244   1494   8.47
    synthetic 1,000 claims × 3           1000   2994   1994   32.4   1.19
    synthetic 1,000 claims × 2           1000   1997   997    2.85
    synthetic 5,000 claims × 1 (tree)    5000   4999   -1     4.33   11.0
    ===================================  =====  =====  =====  =====  =====

    With ``sfdp`` on 1,000 claims × 3: ``splines=curved`` 6.15 s; ``splines=true`` 595 s (one run).
    Every corpus map is far below the limit (lin2013, the largest, has 24 extra edges). GUIDE §4
    gives 11.5 s for a dense 1,000-node DAG; the synthetic edges here join claims at random
    distances, so many span several ranks, which is likely why ``dot`` takes longer on them.

    Parameters
    ----------
    graph : pydot.Graph
        A built graph, e.g. from :func:`build_graph`.

    Returns
    -------
    str
        ``"dot"`` or ``"sfdp"``.
    """
    nodes, edges = graph_size(graph)
    return "sfdp" if edges - nodes > DOT_MAX_EXTRA_EDGES else "dot"


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


def layout(graph: pydot.Dot, fmt: str = "svg", prog: str = "dot") -> bytes:
    """Run Graphviz ``prog`` on a built graph; raises :class:`RenderError` when it is missing or fails.

    With ``prog="sfdp"`` the graph attributes of :data:`SFDP_ATTRIBUTES` that the graph does not set
    itself are set on ``graph`` (it is changed in place) before the layout.

    For SVG, tooltips are not left to Graphviz: Graphviz 2.43 runs its escape substitution twice on
    tooltips, so that the ``\\\\N`` :func:`q` writes for a literal ``\\N`` still becomes the node's
    name (later versions differ again). Each tooltip is therefore given to Graphviz as a plain
    placeholder, and the SVG's ``xlink:title`` gets the literal text back, XML-escaped, afterwards;
    ``graph`` keeps its tooltips."""
    if shutil.which(prog) is None:
        raise RenderError(f"Graphviz '{prog}' is not installed; install it with "
                          "'sudo apt-get install -y graphviz fonts-noto-cjk'")
    if prog == "sfdp":
        for key, value in SFDP_ATTRIBUTES.items():
            if graph.get(key) is None:
                graph.set(key, value)
    tooltips: list[tuple[pydot.Common, str]] = []
    if fmt == "svg":
        stack: list[pydot.Graph] = [graph]
        while stack:
            sub = stack.pop()
            for obj in (sub, *sub.get_nodes(), *sub.get_edges()):
                tip = obj.get("tooltip")
                if tip is not None:
                    obj.set("tooltip", f'"{_TOOLTIP_KEY}{len(tooltips)}"')
                    tooltips.append((obj, tip))
            stack.extend(sub.get_subgraphs())
    try:
        out = graph.create(prog=prog, format=fmt)
    except Exception as exc:  # pydot raises bare exceptions carrying Graphviz's stderr
        raise RenderError(f"Graphviz failed: {exc}") from exc
    finally:
        for obj, tip in tooltips:
            obj.set("tooltip", tip)
    if not tooltips:
        return out

    def literal(m: re.Match[bytes]) -> bytes:
        text = _dot_text(tooltips[int(m.group(1))][1])
        attr = html.escape(text, quote=True).replace("\n", "&#10;").replace("\t", "&#9;")
        return b'xlink:title="' + attr.encode("utf-8") + b'"'
    return re.sub(rb'xlink:title="' + _TOOLTIP_KEY.encode() + rb'(\d+)"', literal, out)


#: Placeholder tooltip given to Graphviz by :func:`layout` (letters only: Graphviz writes ``-`` as
#: ``&#45;``), followed by the tooltip's number.
_TOOLTIP_KEY = "argmapTooltip"


def _dot_text(value: str) -> str:
    """The text of a DOT string written by :func:`q`: quotes removed, ``\\n`` (and ``\\l``, ``\\r``)
    a line break, any other escaped character itself, then HTML entities decoded."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    value = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nlr" else m.group(1), value, flags=re.S)
    return html.unescape(value)


# -- the comparison diagram: two works side by side ------------------------------------------------

COMPARISON_KEY = ("issues in the middle: green agree, orange partly, red disagree, grey one work only · "
                  "yellow notes: each work's position · green arrows: support (dotted: via claims not drawn) · "
                  "red dashed: rebuttal · bold lines across: cross-map links · dotted lines across: "
                  "a passage both quote (red: different conclusions)")
STATUS_COLOUR = {"agree": SUPPORT_COLOUR, "partly": "#d97706", "disagree": ATTACK_COLOUR}
#: Cross-map link relations drawn as agreement; the others (contradicts, attacks) as contradiction.
AGREEING = frozenset({"same-claim", "same-event", "supports"})


def _selected(c: "Comparison", side: str) -> list[str]:
    """Claim ids of one side drawn in the comparison diagram: its theses, the claims its own
    position statements name, and the claims in cross-map links and shared evidence."""
    m = c.a if side == "a" else c.b
    ids = [t.id for t in m.theses]
    for row in c.rows:
        ids += [cl.id for cl in (row.a if side == "a" else row.b).claims]
    for x in c.links:
        ids.append((x.a if side == "a" else x.b).id)
    for s in c.shared:
        ids.append((s.a if side == "a" else s.b).claim.id)
    return [i for i in dict.fromkeys(ids) if i in m.claims_by_id]


def _support_between(m: Map, selected: list[str]) -> list[tuple[str, str, int]]:
    """(premise, conclusion, claims skipped) for every selected claim and the nearest selected
    claims it supports, following inferences through claims that are not drawn."""
    up: dict[str, set[str]] = {}
    for inf in m.inferences:
        for p in inf.premises:
            up.setdefault(p.id, set()).add(inf.conclusion.id)
    chosen = set(selected)
    out = []
    for start in selected:
        seen, frontier, depth = {start}, [start], 0
        while frontier:
            nxt = []
            for x in frontier:
                for y in sorted(up.get(x, ())):
                    if y in seen:
                        continue
                    seen.add(y)
                    if y in chosen:
                        out.append((start, y, depth))
                    else:
                        nxt.append(y)
            frontier, depth = nxt, depth + 1
    return out


def build_comparison_graph(c: "Comparison", opts: RenderOptions | None = None,
                           sources: SourceCache | None = None) -> pydot.Dot:
    """The comparison diagram of two works (no Graphviz call), laid out left to right as a mirror:
    work A's cluster on the left, the issues in the middle, work B's cluster on the right.

    Each cluster holds the work's theses, the claims behind its positions and the claims in
    cross-map links or shared evidence, with support between them pointing towards the middle
    (dotted and labelled "via n" where n claims that are not drawn are skipped), and one node per
    position the work takes, fed by the claims that establish it. Each issue node in the middle
    joins the two positions, coloured by status (green agree, orange partly, red disagree, grey
    when one work only addresses it). Across the middle: cross-map links (green same-claim,
    same-event, supports; red contradicts, attacks) and shared passages (green when the works
    draw the same conclusion, red when they differ)."""
    opts = opts or RenderOptions(columns=24, legend=False)
    g = pydot.Dot(q(f"{c.a.id}-vs-{c.b.id}"), graph_type="digraph", strict=False)
    figure = "undefined" if c.agreement is None else f"{c.agreement:.0%}"
    g.set("label", f'<<FONT POINT-SIZE="16"><B>{h(c.a.id)} ↔ {h(c.b.id)}</B></FONT><BR/>'
                   f'{h(f"agreement {figure} over {len(c.jointly)} issue(s) both address")}<BR/>'
                   f'<FONT POINT-SIZE="9">{h(COMPARISON_KEY)}</FONT>>')
    g.set("labelloc", "t")
    g.set("rankdir", "LR")
    g.set("fontname", q(FONT))
    g.set("newrank", "true")
    g.set("nodesep", "0.2")
    g.set("ranksep", "0.6")
    g.set("bgcolor", "white")
    g.set_node_defaults(shape="box", style=q("rounded,filled"), fontname=q(FONT), fontsize="10",
                        margin=q("0.1,0.05"), fillcolor="white", color=q("#555555"))
    g.set_edge_defaults(penwidth="1.2", fontname=q(FONT), fontsize="9")

    def edge(side: str, premise: str, conclusion: str, **attrs: str) -> pydot.Edge:
        """An edge drawn from premise towards conclusion, i.e. towards the middle."""
        if side == "a":
            return pydot.Edge(premise, conclusion, **attrs)
        return pydot.Edge(conclusion, premise, dir="back", **attrs)

    middle = pydot.Subgraph(rank="same")
    for row in c.rows:
        if row.status == "neither":
            continue
        colour = STATUS_COLOUR.get(row.status, "#777777")
        middle.add_node(pydot.Node(q(f"issue_{row.issue.id}"), shape="box", style=q("filled"), fillcolor="white",
                                   color=q(colour), penwidth="2.5", id=q(f"issue-{row.issue.id}"),
                                   tooltip=q(row.issue.question_en),
                                   label=f'<{_lines(row.issue.question, 22)}<FONT COLOR="{colour}"><B>'
                                         f'{h(row.status)}</B></FONT>>'))
    g.add_subgraph(middle)
    for side, m, colour in (("a", c.a, "#eff6ff"), ("b", c.b, "#fdf4ff")):
        sub = pydot.Cluster(f"cluster_{side}", label=f"<<B>{h(m.id)}</B><BR/>"
                            f"{h(m.work.author_names)} {h(str(m.work.year or ''))}<BR/>{h(m.work.title)}>",
                            style="filled", fillcolor=q(colour), color=q("#999999"), fontname=q(FONT))
        sub.set_name(f"cluster_{side}")
        chosen = _selected(c, side)
        unsupported = {x.id for x in m.unsupported_claims()}
        for cid in chosen:
            cl = m.claims_by_id[cid]
            attrs = {"label": f"<{claim_label(cl, opts, cid in unsupported)}>", "id": q(f"{m.id}-claim-{cid}"),
                     "tooltip": q(claim_tooltip(cl, m, sources))}
            if cl.is_thesis:
                attrs.update(fillcolor=q("#dbeafe"), color=q("#1e3a8a"), penwidth="2")
            elif cl.asserted_by is not None:
                attrs.update(fillcolor=q("#f3e8ff"), color=q("#6b21a8"))
            sub.add_node(pydot.Node(q(f"{side}_{cid}"), **attrs))
        for prem, concl, skipped in _support_between(m, chosen):
            extra = {"style": "dotted", "label": q(f"via {skipped}")} if skipped else {}
            sub.add_edge(edge(side, q(f"{side}_{prem}"), q(f"{side}_{concl}"), color=q(SUPPORT_COLOUR), **extra))
        for att in m.attacks:
            if att.attacker.id in chosen and att.target.id in chosen:
                sub.add_edge(edge(side, q(f"{side}_{att.attacker.id}"), q(f"{side}_{att.target.id}"),
                                  color=q(ATTACK_COLOUR), style="dashed", arrowhead="tee", arrowtail="tee"))
        for row in c.rows:
            stance = row.a if side == "a" else row.b
            if not stance.positions:
                continue
            node = q(f"{side}_pos_{row.issue.id}")
            sub.add_node(pydot.Node(node, shape="note", fillcolor="#fffbe6", color=q("#8a6d00"),
                                    id=q(f"{m.id}-position-{row.issue.id}"),
                                    tooltip=q(f"{row.issue.question_en}: {', '.join(stance.positions)}"),
                                    label=f'<<B>{h(_position_labels(row.issue, stance.positions))}</B>>'))
            for cl in stance.claims:
                if cl.id in chosen:
                    sub.add_edge(edge(side, q(f"{side}_{cl.id}"), node, color=q("#8a6d00"), style="dashed"))
            colour = STATUS_COLOUR.get(row.status, "#777777")
            g.add_edge(edge(side, node, q(f"issue_{row.issue.id}"), color=q(colour), penwidth="2.5"))
        g.add_subgraph(sub)
    for x in c.links:
        colour = SUPPORT_COLOUR if x.relation in AGREEING else ATTACK_COLOUR
        g.add_edge(pydot.Edge(q(f"a_{x.a.id}"), q(f"b_{x.b.id}"), dir="none", constraint="false", style="bold",
                              color=q(colour), label=q(x.relation), fontcolor=q(colour)))
    for s in c.shared:
        if s.kind != "passage":
            continue
        colour = {"same": SUPPORT_COLOUR, "different": ATTACK_COLOUR}.get(s.verdict, "#777777")
        g.add_edge(pydot.Edge(q(f"a_{s.a.claim.id}"), q(f"b_{s.b.claim.id}"), dir="none", constraint="false",
                              style="dotted", penwidth="2", color=q(colour), fontcolor=q(colour),
                              label=q(f"「{s.passage}」 {s.verdict}")))
    return g


def _position_labels(issue: "Issue", positions: tuple[str, ...]) -> str:
    labels = {p.id: f"{p.label} {p.label_en}" for p in issue.positions}
    return " / ".join(labels.get(p, p) for p in positions)
