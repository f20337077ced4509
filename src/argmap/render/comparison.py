"""The comparison diagram of two works, side by side (``argmap render A B``): work A's cluster on the
left, the issues in the middle, work B's cluster on the right (a pydot graph; no Graphviz call)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pydot

from argmap.load.corpus import SourceCache
from argmap.model import Map
from argmap.render.escape import h, label_lines, q
from argmap.render.options import RenderOptions
from argmap.render.style import ATTACK_COLOUR, CLAIM_COLOURS, FONT, SUPPORT_COLOUR, claim_label, claim_style, claim_tooltip

if TYPE_CHECKING:
    from argmap.compare.pair import Comparison
    from argmap.model import Issue

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
    g = _frame(c)
    middle = pydot.Subgraph(rank="same")
    for row in c.rows:
        if row.status == "neither":
            continue
        colour = STATUS_COLOUR.get(row.status, "#777777")
        middle.add_node(pydot.Node(q(f"issue_{row.issue.id}"), shape="box", style=q("filled"), fillcolor="white",
                                   color=q(colour), penwidth="2.5", id=q(f"issue-{row.issue.id}"),
                                   tooltip=q(row.issue.question_en),
                                   label=f'<{label_lines(row.issue.question, 22)}<FONT COLOR="{colour}"><B>'
                                         f'{h(row.status)}</B></FONT>>'))
    g.add_subgraph(middle)
    for side, m, colour in (("a", c.a, "#eff6ff"), ("b", c.b, "#fdf4ff")):
        _add_work(g, c, side, m, colour, opts, sources)
    _add_across(g, c)
    return g


def _frame(c: "Comparison") -> pydot.Dot:
    """The empty graph: title with the agreement figure and the key, layout settings, defaults."""
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
                        margin=q("0.1,0.05"), fillcolor="white", color=q(CLAIM_COLOURS[1]))
    g.set_edge_defaults(penwidth="1.2", fontname=q(FONT), fontsize="9")
    return g


def _towards_middle(side: str, premise: str, conclusion: str, **attrs: str) -> pydot.Edge:
    """An edge drawn from premise towards conclusion, i.e. towards the middle."""
    if side == "a":
        return pydot.Edge(premise, conclusion, **attrs)
    return pydot.Edge(conclusion, premise, dir="back", **attrs)


def _add_work(g: pydot.Dot, c: "Comparison", side: str, m: Map, colour: str, opts: RenderOptions,
              sources: SourceCache | None) -> None:
    """Work ``m``'s cluster (its drawn claims, support and attacks among them, its position notes)
    and the edges from its positions to the issues in the middle."""
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
        attrs.update(claim_style(cl, cid in unsupported))
        sub.add_node(pydot.Node(q(f"{side}_{cid}"), **attrs))
    for prem, concl, skipped in _support_between(m, chosen):
        extra = {"style": "dotted", "label": q(f"via {skipped}")} if skipped else {}
        sub.add_edge(_towards_middle(side, q(f"{side}_{prem}"), q(f"{side}_{concl}"), color=q(SUPPORT_COLOUR),
                                     **extra))
    for att in m.attacks:
        if att.attacker.id in chosen and att.target.id in chosen:
            sub.add_edge(_towards_middle(side, q(f"{side}_{att.attacker.id}"), q(f"{side}_{att.target.id}"),
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
                sub.add_edge(_towards_middle(side, q(f"{side}_{cl.id}"), node, color=q("#8a6d00"), style="dashed"))
        status_colour = STATUS_COLOUR.get(row.status, "#777777")
        g.add_edge(_towards_middle(side, node, q(f"issue_{row.issue.id}"), color=q(status_colour), penwidth="2.5"))
    g.add_subgraph(sub)


def _add_across(g: pydot.Dot, c: "Comparison") -> None:
    """Cross-map links (bold) and passages both works quote (dotted) between the two clusters."""
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


def _position_labels(issue: "Issue", positions: tuple[str, ...]) -> str:
    labels = {p.id: f"{p.label} {p.label_en}" for p in issue.positions}
    return " / ".join(labels.get(p, p) for p in positions)
