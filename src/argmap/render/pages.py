"""Self-contained HTML reports: a comparison of two works, the matrix works × issues, and the
camps by typology. One file each, inline CSS, no script, no network access (no CDN, no web font);
every piece of text from a map or a source goes through :func:`esc`, so a claim holding
``<script>`` or ``javascript:`` is shown as text.
"""

from __future__ import annotations

import html
from typing import Iterable

from argmap.compare.pair import (AGREEMENT_WEIGHT, STATUS_WORDS, SUGGESTION_MIN, VERDICT_WORDS, Comparison, _label,
                                 use_text)
from argmap.compare.matrix import Matrix
from argmap.model import Issue, Map
from argmap.output.places import quote_file_location, quote_location
from argmap.compare.typology import Classification, _camps, _reading_text, attributed_only, verdict

CSS = """
body{font-family:"Noto Sans CJK TC","Noto Sans TC","PingFang TC","Microsoft JhengHei",sans-serif;
 margin:2rem auto;max-width:72rem;padding:0 1rem;line-height:1.55;color:#1f2328}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}
th,td{border:1px solid #d0d7de;padding:.35rem .55rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}
.agree{background:#dafbe1}.partly{background:#fff8c5}.disagree{background:#ffebe9}
.only-a,.only-b,.neither{background:#f6f8fa;color:#57606a}
.same{color:#1a7f37}.different{color:#cf222e;font-weight:bold}.unclear{color:#57606a}
.quote{color:#0a3069}.where{color:#57606a;font-size:.85rem}.gloss{color:#57606a;font-size:.9rem}
.attributed{color:#6b21a8}.note{color:#57606a;font-size:.9rem}
.mismatch{color:#cf222e;font-weight:bold}.consistent{color:#1a7f37}
details{margin:.3rem 0}summary{cursor:pointer}
.heatmap{overflow-x:auto}.heatmap a:hover rect{stroke:#0969da;stroke-width:2}
"""


def esc(text: object) -> str:
    """``text`` escaped for HTML element content and attribute values."""
    return html.escape(str(text), quote=True)


def document(title: str, body: str, lang: str = "zh-Hant") -> str:
    """A complete HTML5 document with the inline stylesheet; ``body`` must already be escaped."""
    return (f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="argmap">\n<title>{esc(title)}</title>\n'
            f'<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n')


def _quote(m: Map, e) -> str:  # type: ignore[no-untyped-def]
    return (f'<span class="quote">「{esc(e.quote)}」</span> <span class="where" title="{esc(quote_file_location(m, e))}">'
            f'{esc(quote_location(m, e))}</span>')


def _claim(m: Map, claim, quotes: int) -> str:  # type: ignore[no-untyped-def]
    items = "".join(f"<li>{_quote(m, e)}</li>" for e in claim.evidence[:quotes])
    return (f'<li><b>{esc(m.id)}#{esc(claim.id)}</b> {esc(claim.text)} <span class="gloss">{esc(claim.gloss)}</span>'
            + (f"<ul>{items}</ul>" if items else "") + "</li>")


def compare_html(c: Comparison, quotes: int = 2) -> str:
    """The comparison of two works as one HTML page: stance table (rows coloured by status), the
    agreement figure with its definition, per issue the claims and quotes, links, shared evidence
    and suggestions."""
    a, b = c.a.id, c.b.id
    joint = c.jointly
    if c.agreement is None:
        figure = "undefined: no issue is addressed by both"
    else:
        counts = {s: sum(r.status == s for r in joint) for s in AGREEMENT_WEIGHT}
        figure = (f"<b>{c.agreement:.0%}</b> over {len(joint)} issue(s) both address "
                  f"({counts['agree']} agree, {counts['partly']} partly, {counts['disagree']} disagree)")
    out = [f"<h1>{esc(a)} vs {esc(b)}</h1>", "<ul>",
           f"<li><b>{esc(a)}</b>: {esc(c.a.work.author_names)} {esc(c.a.work.year or '')}, {esc(c.a.work.title)}</li>",
           f"<li><b>{esc(b)}</b>: {esc(c.b.work.author_names)} {esc(c.b.work.year or '')}, {esc(c.b.work.title)}</li>",
           "</ul>", f"<p>Agreement: {figure}. <span class=\"note\">Definition: mean over the issues both works "
           "address of agree = 1, partly = 0.5, disagree = 0 (docs/compare.md).</span></p>",
           f"<table><thead><tr><th>issue</th><th>{esc(a)}</th><th>{esc(b)}</th><th></th></tr></thead><tbody>"]
    for r in c.rows:
        out.append(f'<tr class="{r.status}"><td><a href="#issue-{esc(r.issue.id)}">{esc(r.issue.question)}</a><br>'
                   f'<span class="gloss">{esc(r.issue.question_en)}</span></td>'
                   f"<td>{esc(_label(r.issue, r.a.positions))}</td><td>{esc(_label(r.issue, r.b.positions))}</td>"
                   f"<td>{esc(STATUS_WORDS[r.status].format(a=a, b=b))}</td></tr>")
    out.append("</tbody></table>")
    for r in c.rows:
        out.append(f'<h2 id="issue-{esc(r.issue.id)}">{esc(r.issue.question)}</h2>'
                   f'<p class="gloss">{esc(r.issue.question_en)} — <span class="{r.status}">'
                   f"{esc(STATUS_WORDS[r.status].format(a=a, b=b))}</span></p>")
        for m, stance in ((c.a, r.a), (c.b, r.b)):
            out.append(f"<h3>{esc(m.id)}: {esc(_label(r.issue, stance.positions))}</h3>")
            out += [f'<p class="note">How it was read: {esc(st.note)}</p>' for st in stance.statements if st.note]
            if stance.claims:
                out.append("<ul>" + "".join(_claim(m, cl, quotes) for cl in stance.claims) + "</ul>")
        if r.attributed:
            out.append('<p class="attributed">Attributed (not the works\' own): '
                       + "; ".join(f"{esc(mid)} attributes to {esc(p.holder)}: {esc(_label(r.issue, (p.position.id,)))}"
                                   for mid, p in r.attributed) + "</p>")
    issues = {r.issue.id: r.issue for r in c.rows}
    out.append("<h2>Claims linked across the maps</h2>")
    out.append("<ul>" + "".join(f"<li>{esc(a)}#{esc(x.a.id)} <i>{esc(x.relation)}</i> {esc(b)}#{esc(x.b.id)} "
                                f'<span class="note">(declared in {esc(x.declared_in)})</span></li>'
                                for x in c.links) + "</ul>" if c.links else "<p>none</p>")
    out.append("<h2>Shared evidence</h2><p class=\"note\">The same passage quoted by both, or an event or claim a "
               "cross-map link says both treat, and whether they draw the same conclusion from it.</p>")
    if not c.shared:
        out.append("<p>none</p>")
    for s in c.shared:
        what = (f"passage 「{esc(s.passage)}」" if s.kind == "passage"
                else f"{esc(s.kind)} link {esc(a)}#{esc(s.a.claim.id)} = {esc(b)}#{esc(s.b.claim.id)}")
        out.append(f'<h3>{what} — <span class="{s.verdict}">{esc(VERDICT_WORDS[s.verdict])}</span></h3><ul>')
        for m, u, e in ((c.a, s.a, s.quote_a), (c.b, s.b, s.quote_b)):
            out.append(f"<li>{esc(use_text(m, u, issues, s.issues))}<br>{esc(u.claim.text)}"
                       + (f"<br>{_quote(m, e)}" if e is not None else "") + "</li>")
        out.append("</ul>")
    out.append(f"<h2>Suggested pairs</h2><p class=\"note\">Similar wording (IDF-weighted character-bigram Dice ≥ "
               f"{SUGGESTION_MIN}); not links, and not checked by anyone.</p>")
    if c.suggestions:
        out.append("<table><thead><tr><th>score</th><th>" + esc(a) + "</th><th>" + esc(b) + "</th></tr></thead><tbody>")
        out += [f"<tr><td>{x.score:.2f}</td><td><b>{esc(x.a.id)}</b> {esc(x.a.text)}</td>"
                f"<td><b>{esc(x.b.id)}</b> {esc(x.b.text)}</td></tr>" for x in c.suggestions]
        out.append("</tbody></table>")
    else:
        out.append("<p>none</p>")
    if c.problems:
        out.append("<h2>Problems</h2><ul>" + "".join(f"<li>{esc(p)}</li>" for p in c.problems) + "</ul>")
    return document(f"{a} vs {b} — argmap", "\n".join(out))


def matrix_html(mx: Matrix, comparisons: Iterable[tuple[str, str]] = (), heatmap: str | None = None) -> str:
    """The matrix as one HTML page; ``comparisons`` are (link target, label) pairs listed on top
    (the main job links its pairwise comparisons here); ``heatmap`` is the agreement heatmap's SVG
    (:func:`argmap.render.heatmap.agreement_svg`), inlined under them."""
    out = ["<h1>Positions of the works on the issues</h1>"]
    links = list(comparisons)
    if links:
        out.append("<p>Comparisons: " + " · ".join(f'<a href="{esc(href)}">{esc(text)}</a>' for href, text in links) + "</p>")
    if heatmap:
        out.append('<h2 id="agreement-heading">Agreement across all works</h2><p class="note">Each cell: over the '
                   "issues both address, agree = 1, partly = ½, disagree = 0 (docs/compare.md); hover a cell for "
                   "the counts and issues, click a pair of works for its comparison. Rows under the line are "
                   "authors a work cites, with the positions that work ascribes to them.</p>")
        out.append(f'<div class="heatmap">{heatmap}</div>')
    out.append("<ul>" + "".join(f"<li><b>{esc(i.id)}</b>: {esc(i.question)} <span class=\"gloss\">{esc(i.question_en)}</span></li>"
                                for i in mx.issues) + "</ul>")
    head = "".join(f"<th>{esc(i.id)}</th>" for i in mx.issues)
    out.append(f"<table><thead><tr><th>work</th>{head}</tr></thead><tbody>")
    for r in mx.own:
        cells = "".join(f'<td title="{esc(r.where(i.id))}">{esc(_label(i, r.cells.get(i.id, ())))}</td>' for i in mx.issues)
        out.append(f"<tr><th>{esc(r.label)}<br><span class=\"gloss\">{esc(r.map.work.title)}</span></th>{cells}</tr>")
    out.append("</tbody></table>")
    if mx.attributed:
        out.append("<h2>Attributed positions</h2><p class=\"note\">Positions a work ascribes to the authors it cites — "
                   "their positions as that work reads them, not the citing work's own.</p>")
        out.append("<table><thead><tr><th>author</th><th>issue</th><th>position</th><th>according to</th>"
                   "<th>where</th></tr></thead><tbody>")
        for r in mx.attributed:
            for i in mx.issues:
                if i.id in r.statements:
                    work = r.attribution.work if r.attribution and r.attribution.work else ""
                    out.append(f'<tr><td class="attributed">{esc(r.label)} {esc(work)}</td><td>{esc(i.id)}</td>'
                               f"<td>{esc(_label(i, r.cells.get(i.id, ())))}</td><td>{esc(r.map.id)}</td>"
                               f'<td class="where">{esc(r.where(i.id))}</td></tr>')
        out.append("</tbody></table>")
    return document("Positions × issues — argmap", "\n".join(out))


def classify_html(results: list[Classification], issues: dict[str, Issue], maps: Iterable[Map] = ()) -> str:
    """Camps by typology as one HTML page: stated, derived and assigned camps, readings, and each
    mismatch with its reasons and the claims and quotes on both sides."""
    maps = list(maps)
    out = ["<h1>Camps by typology</h1>"]
    for t in {c.typology.id: c.typology for c in results}.values():
        issue = issues[t.issue.id]
        out.append(f"<p>Typology <b>{esc(t.id)}</b> (source {esc(t.source or '—')}): the camp on <i>{esc(issue.id)}</i> "
                   "derived from " + ", ".join(f"<i>{esc(c.id)}</i>" for c in t.criteria) + ".</p>")
        out.append("<table><thead><tr><th>work</th><th>stated</th><th>derived</th><th>assigned</th><th></th></tr></thead><tbody>")
        rows = [c for c in results if c.typology.id == t.id]
        for c in rows:
            v = verdict(c)
            out.append(f"<tr><td>{esc(c.map.id)}</td><td>{esc(_camps(issue, c.stated.positions))}</td>"
                       f"<td>{esc(_camps(issue, c.derived))}</td><td>{esc(_camps(issue, c.assigned_camps))}</td>"
                       f'<td class="{esc(v.split()[0])}">{esc(v)}</td></tr>')
        out.append("</tbody></table>")
        for c in rows:
            out.append(f"<h2>{esc(c.map.id)}</h2><ul>" + "".join(f"<li>{esc(_reading_text(c, r, issues))}</li>" for r in c.readings) + "</ul>")
            for mm in c.mismatches:
                left, right = mm.kind.split("-vs-")
                out.append(f'<p class="mismatch">{esc(mm.kind)}: {esc(left)} {esc(_camps(issue, mm.left))}, '
                           f"{esc(right)} {esc(_camps(issue, mm.right))}</p><ul>")
                out += [f"<li>because {esc(x)}</li>" for x in mm.reasons]
                out += [f"<li>{esc(left)}: <ul>{_claim(m, cl, 1)}</ul></li>" for m, cl in mm.left_claims]
                out += [f"<li>{esc(right)}: <ul>{_claim(m, cl, 1)}</ul></li>" for m, cl in mm.right_claims]
                out.append("</ul>")
        for citing, counts in attributed_only(maps, t).items():
            out.append(f"<p>{esc(citing)} also assigns a camp to {sum(counts.values())} cited work(s) with no map here: "
                       + esc(", ".join(f"{n} {camp}" for camp, n in counts.items())) + ".</p>")
    return document("Camps by typology — argmap", "\n".join(out))
