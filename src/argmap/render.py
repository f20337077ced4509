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

All text reaching DOT is escaped here: ``html.escape`` for HTML-like labels, and backslash/quote
escaping for quoted attributes (Graphviz interprets ``\\n``, ``\\l``, ``\\N`` in them).
"""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pydot

from argmap.corpus import SourceCache
from argmap.model import UNDERCUT, Claim, Map
from argmap.sources import SourceText
from argmap.wrap import wrap

if TYPE_CHECKING:
    from argmap.compare import Comparison
    from argmap.model import Issue

FONT = "Noto Sans CJK TC"
SUPPORT_COLOUR = "#2e7d32"
ATTACK_COLOUR = "#c62828"
Lang = Literal["zh", "en", "both"]


class RenderError(Exception):
    """Graphviz is missing or failed. The message says how to fix it."""


@dataclass(frozen=True)
class RenderOptions:
    """How to draw a map.

    Attributes
    ----------
    lang : {"zh", "en", "both"}
        Label text: the paraphrase in the source language, the English gloss, or both.
    columns : int
        Wrap width of claim text in display columns (a CJK character is 2).
    rankdir : {"TB", "LR", "BT", "RL"}
        Graphviz rank direction; ``TB`` puts the thesis on top.
    legend : bool
        Draw the legend under the title.
    """

    lang: Lang = "zh"
    columns: int = 30
    rankdir: str = "TB"
    legend: bool = True


def q(value: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as ``\\n``."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n") + '"'


def h(value: str) -> str:
    """Text escaped for a Graphviz HTML-like label."""
    return html.escape(value, quote=True)


def _lines(text: str, columns: int, **font: str) -> str:
    attrs = "".join(f' {k.upper().replace("_", "-")}="{v}"' for k, v in font.items())
    body = '<BR ALIGN="LEFT"/>'.join(h(line) for line in wrap(text, columns)) + '<BR ALIGN="LEFT"/>'
    return f"<FONT{attrs}>{body}</FONT>" if attrs else body


def _role_word(c: Claim) -> str:
    return {"thesis": "論旨 thesis", "implicit-premise": "隱含前提 implicit"}.get(c.role, "")


def claim_label(c: Claim, opts: RenderOptions, unsupported: bool) -> str:
    """The HTML-like label of a claim node (without the enclosing ``<`` ``>``)."""
    head = [f"<B>{h(c.id)}</B>"]
    if _role_word(c):
        head.append(f"<I>{_role_word(c)}</I>")
    if c.evidence:
        head.append(f'<FONT COLOR="#555555">引文 {len(c.evidence)}</FONT>')
    if unsupported:
        head.append('<FONT COLOR="#b45309"><B>⚠ 無證據 unsupported</B></FONT>')
    parts = ["  ".join(head) + '<BR ALIGN="LEFT"/>']
    if c.asserted_by is not None:
        parts.append(_lines(f"〔{c.asserted_by.label()} 主張 asserts〕", opts.columns, color="#6b21a8"))
    if opts.lang in ("zh", "both"):
        parts.append(_lines(c.text, opts.columns))
    if opts.lang in ("en", "both"):
        parts.append(_lines(c.gloss, opts.columns + 10, point_size="10" if opts.lang == "both" else "11",
                            color="#333333" if opts.lang == "both" else "#000000"))
    return "".join(parts)


def claim_tooltip(c: Claim, m: Map, sources: SourceCache | None) -> str:
    """Plain text shown on hover: id, text, gloss, attribution and every quote with its place."""
    out = [f"{c.id}: {c.text}", c.gloss]
    if c.asserted_by is not None:
        a = c.asserted_by
        out.append(f"asserted by {a.label()}" + (f", {a.work}" if a.work else ""))
    if c.justification:
        out.append(f"implicit: {c.justification}")
    for e in c.evidence:
        src = m.source_of(e)
        where = src.raw_path if src else "?"
        line = e.line
        if src is not None and sources is not None and line is None:
            text = sources.get(src)
            if isinstance(text, SourceText):
                spans = text.find_all(e.quote, limit=1)
                line = spans[0].line if spans else None
        out.append(f"「{e.quote}」 — {where}" + (f":{line}" if line else ""))
    return "\n".join(out)


def _legend() -> str:
    def swatch(fill: str, border: str, text: str, dashed: bool = False) -> str:
        style = ' STYLE="dashed"' if dashed else ""
        return (f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1"{style}>'
                f'<FONT POINT-SIZE="9">{text}</FONT></TD>')

    return ('<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="3"><TR>'
            + swatch("#dbeafe", "#1e3a8a", "論旨 thesis")
            + swatch("#ffffff", "#555555", "主張 claim")
            + swatch("#f3e8ff", "#6b21a8", "他人主張 attributed")
            + swatch("#f5f5f5", "#777777", "隱含前提 implicit", dashed=True)
            + swatch("#ffffff", "#d97706", "⚠ 無證據 unsupported")
            + f'<TD><FONT POINT-SIZE="9" COLOR="{SUPPORT_COLOUR}">━━▶ 支持 support</FONT></TD>'
            + f'<TD><FONT POINT-SIZE="9" COLOR="{ATTACK_COLOUR}">╍╍┫ 攻擊 attack (rebuttal / undercut → ●)</FONT></TD>'
            + "</TR></TABLE>")


def build_graph(m: Map, opts: RenderOptions | None = None, sources: SourceCache | None = None) -> pydot.Dot:
    """Build the pydot graph of a map (no Graphviz call)."""
    opts = opts or RenderOptions()
    unsupported = {c.id for c in m.unsupported_claims()}
    g = pydot.Dot(q(m.id), graph_type="digraph", strict=False)
    title = h(m.work.title) + "<BR/>" + h(f"{m.work.author_names} {m.work.year or ''}".strip())
    label = f'<FONT POINT-SIZE="16"><B>{title}</B></FONT>'
    if opts.legend:
        label = f'<TABLE BORDER="0"><TR><TD>{label}</TD></TR><TR><TD>{_legend()}</TD></TR></TABLE>'
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

    for c in m.claims_by_id.values():
        attrs: dict[str, str] = {"label": f"<{claim_label(c, opts, c.id in unsupported)}>",
                                 "tooltip": q(claim_tooltip(c, m, sources)), "id": q(f"claim-{c.id}")}
        if c.is_thesis:
            attrs.update(fillcolor=q("#dbeafe"), color=q("#1e3a8a"), penwidth="2.2")
        elif c.asserted_by is not None:
            attrs.update(fillcolor=q("#f3e8ff"), color=q("#6b21a8"))
        elif c.is_implicit:
            attrs.update(fillcolor=q("#f5f5f5"), style=q("rounded,filled,dashed"), color=q("#777777"))
        if c.id in unsupported:
            attrs.update(color=q("#d97706"), penwidth="2.5")
        g.add_node(pydot.Node(q(f"c_{c.id}"), **attrs))

    undercut = {a.target.id for a in m.attacks if a.type == UNDERCUT}
    claims = m.claims_by_id
    for inf in m.inferences_by_id.values():
        if inf.conclusion.id not in claims:
            continue
        premises = [p.id for p in inf.premises if p.id in claims]
        concl = q(f"c_{inf.conclusion.id}")
        support = {"color": q(SUPPORT_COLOUR), "arrowtail": "normal"}
        if len(premises) > 1 or inf.id in undercut:
            node = q(f"i_{inf.id}")
            g.add_node(pydot.Node(node, shape="circle", label='""', width="0.14", height="0.14",
                                  fixedsize="true", style="filled", fillcolor=q(SUPPORT_COLOUR),
                                  color=q(SUPPORT_COLOUR), id=q(f"inference-{inf.id}"),
                                  tooltip=q(f"{inf.id}: {' + '.join(premises)} → {inf.conclusion.id}")))
            g.add_edge(pydot.Edge(concl, node, **support, tooltip=q(inf.id)))
            for p in premises:
                g.add_edge(pydot.Edge(node, q(f"c_{p}"), dir="none", color=q(SUPPORT_COLOUR)))
        else:
            for p in premises:
                g.add_edge(pydot.Edge(concl, q(f"c_{p}"), **support, tooltip=q(inf.id)))

    for a in m.attacks:
        if a.attacker.id not in claims:
            continue
        if a.target.id in claims:
            target = q(f"c_{a.target.id}")
        elif a.target.id in m.inferences_by_id:
            target = q(f"i_{a.target.id}")
        else:
            continue
        g.add_edge(pydot.Edge(target, q(f"c_{a.attacker.id}"), color=q(ATTACK_COLOUR), style="dashed",
                              arrowtail="tee", tooltip=q(f"{a.id}: {a.type}")))

    if m.theses:
        top = pydot.Subgraph(rank="min")
        top.add_node(pydot.Node(q(f"c_{m.theses[0].id}")))
        g.add_subgraph(top)
    return g


def to_dot(m: Map, opts: RenderOptions | None = None, sources: SourceCache | None = None) -> str:
    """DOT source of the map's diagram."""
    return build_graph(m, opts, sources).to_string()


def render_map(m: Map, fmt: str = "svg", opts: RenderOptions | None = None,
               sources: SourceCache | None = None, prog: str = "dot") -> bytes:
    """The map's diagram as ``fmt``: ``dot`` (DOT text, no Graphviz needed), ``svg``, ``png`` or ``pdf``.

    Raises
    ------
    RenderError
        Graphviz is not installed, or it failed on the input.
    """
    graph = build_graph(m, opts, sources)
    if fmt == "dot":
        return graph.to_string().encode("utf-8")
    return layout(graph, fmt, prog)


def layout(graph: pydot.Dot, fmt: str = "svg", prog: str = "dot") -> bytes:
    """Run Graphviz ``prog`` on a built graph; raises :class:`RenderError` when it is missing or fails."""
    if shutil.which(prog) is None:
        raise RenderError(f"Graphviz '{prog}' is not installed; install it with "
                          "'sudo apt-get install -y graphviz fonts-noto-cjk'")
    try:
        return graph.create(prog=prog, format=fmt)
    except Exception as exc:  # pydot raises bare exceptions carrying Graphviz's stderr
        raise RenderError(f"Graphviz failed: {exc}") from exc


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
