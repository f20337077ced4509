"""The comparison diagram a reader can read (``argmap render A B``, ``renders/compare/*.svg``): the
issues as rows down the middle, each work's position beside the row on its side with the few claims
that carry it, and the verdict (agree, partly, disagree) on the row; then the agreement figure, the
claims the maps link across, and the passages both quote. The full claim graph stays in the map
pages: with ``links_to``, each claim links to its place there.

It is one Graphviz node holding an HTML-like table (so rows and columns align exactly), built
with pydot; no Graphviz call here. Every text from a map is escaped with :func:`h`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

import pydot

from argmap.render.escape import h, label_lines, q
from argmap.render.style import ATTACK_COLOUR, FONT, LABEL_MARKS, SUPPORT_COLOUR
from argmap.render.viewer import claim_href

if TYPE_CHECKING:
    from argmap.compare.pair import Comparison, IssueRow, Stance
    from argmap.model import Claim, Issue, Map

SIDE_FILL = {"a": "#eff6ff", "b": "#fdf4ff"}
STATUS_COLOUR = {"agree": SUPPORT_COLOUR, "partly": "#d97706", "disagree": ATTACK_COLOUR}
STATUS_FILL = {"agree": "#dafbe1", "partly": "#fff8c5", "disagree": "#ffebe9"}
VERDICT = {"agree": "一致 agree", "partly": "部分一致 partly", "disagree": "分歧 disagree",
           "only-a": "單方 only {a}", "only-b": "單方 only {b}"}
GREY = "#6e7781"
#: Claims shown per position (the rest are counted: "+n more").
MAX_CLAIMS = 3
COLUMNS = 26


def build_rows_graph(c: "Comparison", *, links_to: str | None = None, max_claims: int = MAX_CLAIMS,
                     labels: Mapping[tuple[str, str], str] | None = None) -> pydot.Dot:
    """The diagram of comparison ``c`` as a pydot graph.

    Parameters
    ----------
    links_to : str or None
        Prefix of the map pages (``"../"`` from ``renders/compare/``): each claim links to
        ``{links_to}{map}.html#claim-{id}`` (:func:`argmap.render.viewer.claim_href`, percent-encoded).
        ``None``: no links.
    max_claims : int
        Claims shown per position; the others are counted.
    labels : mapping or None
        ``(map id, claim id)`` → ``in``/``out``/``undec`` (``argmap evaluate``): each claim gets
        its mark.
    """
    g = pydot.Dot(q(f"{c.a.id}-vs-{c.b.id}"), graph_type="digraph", strict=False)
    g.set("fontname", q(FONT))
    g.set("bgcolor", "white")
    g.set("margin", "0.2")
    g.set_node_defaults(fontname=q(FONT), fontsize="11")
    rows = [_header(c)] + [_row(c, r, links_to, max_claims, labels or {}) for r in c.rows if r.status != "neither"]
    rows += _footer(c)
    table = ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="5" CELLPADDING="6">' + "".join(rows) + "</TABLE>")
    g.add_node(pydot.Node("comparison", shape="plain", label=f"<{table}>", id=q("comparison")))
    return g


def _work(m: "Map") -> str:
    w = m.work
    who = f"{w.author_names} {w.year or ''}".strip()
    return (f'<FONT POINT-SIZE="13"><B>{h(m.id)}</B></FONT><BR/>{label_lines(w.title, 40)}'
            f'<FONT COLOR="{GREY}">{h(who)}</FONT>')


def _header(c: "Comparison") -> str:
    return (f'<TR><TD COLSPAN="2" BGCOLOR="{SIDE_FILL["a"]}" ALIGN="LEFT" BALIGN="LEFT">{_work(c.a)}</TD>'
            f'<TD BGCOLOR="#f6f8fa"><B>爭點 issue</B><BR/><FONT COLOR="{GREY}">判定 verdict</FONT></TD>'
            f'<TD COLSPAN="2" BGCOLOR="{SIDE_FILL["b"]}" ALIGN="LEFT" BALIGN="LEFT">{_work(c.b)}</TD></TR>')


def _row(c: "Comparison", r: "IssueRow", links_to: str | None, max_claims: int,
         labels: Mapping[tuple[str, str], str]) -> str:
    colour = STATUS_COLOUR.get(r.status, GREY)
    verdict = VERDICT[r.status].format(a=c.a.id, b=c.b.id)
    issue = (f'<TD BGCOLOR="white" BORDER="2" COLOR="{colour}" WIDTH="190">{label_lines(r.issue.question, 22)}'
             f'<FONT POINT-SIZE="9" COLOR="{GREY}">{label_lines(r.issue.question_en, 34)}</FONT>'
             f'<FONT POINT-SIZE="12" COLOR="{colour}"><B>{h(verdict)}</B></FONT></TD>')
    return ("<TR>" + _claims(c.a, r.a, "a", links_to, max_claims, labels) + _position(r.issue, r.a, r.status)
            + issue + _position(r.issue, r.b, r.status) + _claims(c.b, r.b, "b", links_to, max_claims, labels)
            + "</TR>")


def _position(issue: "Issue", s: "Stance", status: str) -> str:
    if not s.positions:
        return f'<TD BGCOLOR="#f6f8fa" WIDTH="120"><FONT COLOR="{GREY}">— 未處理<BR/>not addressed</FONT></TD>'
    by = {p.id: p for p in issue.positions}
    lines = []
    for pid in s.positions:
        p = by.get(pid)
        zh, en = (p.label, p.label_en) if p else (pid, pid)
        absent = " (by absence)" if p is not None and p.by_absence else ""
        lines.append(f"<B>{h(zh)}</B><BR/>" + f'<FONT POINT-SIZE="9">{h(en + absent)}</FONT>')
    fill = STATUS_FILL.get(status, "#fffbeb")
    return (f'<TD BGCOLOR="{fill}" BORDER="1" COLOR="{STATUS_COLOUR.get(status, GREY)}" WIDTH="120">'
            + "<BR/>/<BR/>".join(lines) + "</TD>")


def _claims(m: "Map", s: "Stance", side: str, links_to: str | None, max_claims: int,
            labels: Mapping[tuple[str, str], str]) -> str:
    if not s.claims:
        return f'<TD BGCOLOR="{SIDE_FILL[side]}" WIDTH="210"> </TD>'
    inner = []
    for cl in s.claims[:max_claims]:
        inner.append("<TR>" + _claim_cell(m, cl, links_to, labels.get((m.id, cl.id))) + "</TR>")
    more = len(s.claims) - max_claims
    if more > 0:
        inner.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{GREY}">+{more} more claim(s) in the map'
                     "</FONT></TD></TR>")
    return (f'<TD BGCOLOR="{SIDE_FILL[side]}" WIDTH="210" VALIGN="TOP"><TABLE BORDER="0" CELLSPACING="0" '
            f'CELLPADDING="2">{"".join(inner)}</TABLE></TD>')


def _claim_cell(m: "Map", cl: "Claim", links_to: str | None, label: str | None) -> str:
    mark = ""
    if label in LABEL_MARKS:
        colour, text = LABEL_MARKS[label]
        mark = f' <FONT COLOR="{colour}">{h(text.split()[0])}</FONT>'
    who = f'<FONT COLOR="#6b21a8">〔{h(cl.asserted_by.label())}〕</FONT> ' if cl.asserted_by else ""
    tooltip = f"{cl.id}: {cl.text}\n{cl.gloss}"
    href = f' HREF="{h(links_to + claim_href(m.id, cl.id))}" TARGET="_top"' if links_to is not None else ""
    return (f'<TD ALIGN="LEFT" BALIGN="LEFT"{href} TOOLTIP="{h(tooltip).replace(chr(10), "&#10;")}" ID="{h(f"claim-{m.id}-{cl.id}")}">'
            f'<FONT POINT-SIZE="10"><B>{h(cl.id)}</B>{mark} {who}{label_lines(cl.text, COLUMNS)}</FONT></TD>')


def _footer(c: "Comparison") -> list[str]:
    joint = c.jointly
    counts = {s: sum(1 for r in joint if r.status == s) for s in STATUS_COLOUR}
    figure = "undefined (no issue both address)" if c.agreement is None else (
        f"{c.agreement:.0%} over {len(joint)} issue(s) both address ("
        + ", ".join(f"{n} {s}" for s, n in counts.items()) + ")")
    out = [f'<TR><TD COLSPAN="5" BGCOLOR="#f6f8fa"><B>{h("agreement " + figure)}</B></TD></TR>']
    lines = [f"{x.a.id} {x.relation} {x.b.id}" + (f" (declared by {x.declared_in})" if x.declared_in else "")
             for x in c.links]
    if lines:
        out.append(_note_row("claims the maps link across", lines))
    shared = [f"「{s.passage}」: {c.a.id}#{s.a.claim.id} {'rejects' if s.a.rejects else 'asserts'}, "
              f"{c.b.id}#{s.b.claim.id} {'rejects' if s.b.rejects else 'asserts'} → {s.verdict} conclusion(s)"
              for s in c.shared if s.kind == "passage"]
    if shared:
        out.append(_note_row("passages both quote", shared))
    return out


def _note_row(title: str, lines: list[str]) -> str:
    body = "".join(f"{h(x)}<BR/>" for x in lines[:6])
    more = f'<FONT COLOR="{GREY}">+{len(lines) - 6} more</FONT><BR/>' if len(lines) > 6 else ""
    return (f'<TR><TD COLSPAN="5" ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="10"><B>{h(title)}</B><BR/>'
            f"{body}{more}</FONT></TD></TR>")
