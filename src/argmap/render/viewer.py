"""The interactive page of a map (``argmap render MAP -o map.html``) and the corpus index page.

One self-contained HTML file per map: the diagram as inline SVG (one in Chinese, one in English,
switched by a toggle), a search box, and a side panel. Clicking a claim (or pressing Enter on it:
every claim node is keyboard-focusable) shows its text in both languages, who asserts it, its
premises, what it supports, its attackers and what it attacks (all clickable), its cross-map links
(which open the other map's page at that claim), the positions it establishes, each quote
highlighted inside its source context with its place (file, line and page, as
:func:`argmap.output.places.quote_location` writes it everywhere), and the claim's diagnostics.
``#claim-ID`` in the address opens the page at that claim.

Nothing is loaded from the network. The data reaches the page as JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped as ``\\u003c`` etc., and
the script writes every text with ``textContent``, never ``innerHTML``; so a claim or quote holding
``<script>`` or ``javascript:`` is shown as text. Links are built here from map and claim ids
(percent-encoded, relative), never taken from map text.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from typing import Iterable
from urllib.parse import quote as urlquote

from argmap.load.corpus import Corpus
from argmap.model.diagnostics import Diagnostic, Severity
from argmap.model import Evidence, Map
from argmap.output.places import quote_file_location, quote_location
from argmap.render.reading import quote_in_context

#: Sentences of source context shown on either side of a quote.
CONTEXT_SENTENCES = 1


def claim_href(map_id: str, claim_id: str) -> str:
    """Relative link to a claim on its map's page, e.g. ``gpr33-2011.html#claim-C28``
    (percent-encoded, so no map text can make it a ``javascript:`` URL)."""
    return f"{urlquote(map_id, safe='')}.html#claim-{urlquote(claim_id, safe='')}"


def _claim_diagnostics(m: Map, diagnostics: Iterable[Diagnostic]) -> dict[str, list[dict[str, object]]]:
    """Diagnostics of ``m``'s file, assigned to the claim whose YAML entry holds their line."""
    starts = sorted((c.loc.line, c.id) for c in m.claims)
    out: dict[str, list[dict[str, object]]] = {}
    for d in diagnostics:
        if d.file != m.file or not d.line:
            continue
        owner = None
        for line, cid in starts:
            if line <= d.line:
                owner = cid
            else:
                break
        if owner is not None:
            out.setdefault(owner, []).append({"code": d.code, "severity": str(getattr(d.severity, "value", d.severity)),
                                              "message": d.message,
                                              "where": f"{d.file}:{d.line}:{d.column}"})
    return out


def page_data(m: Map, corpus: Corpus, diagnostics: Iterable[Diagnostic] = ()) -> dict[str, object]:
    """Everything the page shows about ``m``, as JSON-ready data: the work, and per claim its text,
    gloss, role, section, attribution, premises, conclusions, attackers, targets, links (with
    ``href``), positions, quotes in context (``before``/``quote``/``after``, ``file``, ``line``,
    ``column``, ``page``, and ``where``, the location as readers are shown it; ``found`` false when
    the quote is not in its source), diagnostics, and its ``evaluation`` (grounded, the map alone:
    ``label``, ``why`` in words, ``by``: the ids of the claims whose accepted attacks defeat it)."""
    diags = _claim_diagnostics(m, diagnostics)
    evaluation = _evaluation(m)
    known = set(corpus.known)
    claims = {}
    for c in m.claims_by_id.values():
        evidence = []
        for e in c.evidence:
            evidence.append(_evidence_item(m, e, corpus))
        claims[c.id] = {
            "id": c.id, "text": c.text, "gloss": c.gloss, "role": c.role, "section": c.section,
            "justification": c.justification, "note": c.note, "fidelity": c.fidelity,
            "asserted_by": None if c.asserted_by is None else {
                "label": c.asserted_by.label(), "work": c.asserted_by.work},
            "premises": [{"inference": f.id, "claims": [p.id for p in f.premises], "linked": f.linked}
                         for f in m.reasons_for(c.id)],
            "supports": [{"inference": f.id, "claim": f.conclusion.id} for f in m.supported_by(c.id)],
            "attackers": [{"attack": a.id, "claim": a.attacker.id, "type": a.type, "target": a.target.id}
                          for a in m.objections_to(c.id)],
            "attacks": [{"attack": a.id, "target": a.target.id, "type": a.type} for a in m.attacks_by(c.id)],
            "links": [{"map": k.map_id, "claim": k.claim_id, "relation": k.relation, "note": k.note,
                       "href": claim_href(k.map_id, k.claim_id) if k.map_id in known else None}
                      for k in c.links],
            "positions": [{"issue": p.issue.id, "position": p.position.id, "holder": p.holder}
                          for p in m.positions_of(c.id)],
            "evidence": evidence,
            "diagnostics": diags.get(c.id, []),
            "evaluation": evaluation.get(c.id),
        }
    w = m.work
    return {"map": m.id, "file": m.file, "work": {"title": w.title, "title_en": w.title_en, "authors": w.author_names,
                                                   "year": w.year, "kind": w.kind},
            "claims": claims, "order": list(claims)}


def _evaluation(m: Map) -> dict[str, dict[str, object]]:
    """Claim id → its grounded label (the map alone), why in words, and the defeating claims' ids."""
    from argmap.evaluate.report import Names, status_text
    from argmap.evaluate.result import evaluate

    ev = evaluate([m])
    name = Names(ev)
    out: dict[str, dict[str, object]] = {}
    for key, st in ev.labellings[0].items():
        node = ev.framework.nodes[key]
        if node.kind == "claim":
            by = [name(r.other) for r in st.roots if r.kind in ("rebutted", "undercut")]
            out[node.id] = {"label": st.label, "why": status_text(st, name), "by": list(dict.fromkeys(by))}
    return out


def _evidence_item(m: Map, e: Evidence, corpus: Corpus) -> dict[str, object]:
    """What the page shows of one quote: found in its source (:func:`quote_in_context`) or not, and
    where: ``where`` for readers (:func:`argmap.output.places.quote_location`, a citation with the
    page found), ``at`` for tools (:func:`argmap.output.places.quote_file_location`, ``file:line``)."""
    q = quote_in_context(m, e, corpus.sources, CONTEXT_SENTENCES)
    item: dict[str, object] = {"quote": e.quote, "file": q.source.raw_path if q.source else None, "found": False,
                               "line": e.line, "column": None, "page": e.page, "page_end": e.page_end,
                               "before": "", "after": "",
                               "passage": e.quote, "note": e.note}
    if q.span is not None:
        item.update(found=True, line=q.span.line, column=q.span.column, before=q.before, passage=q.passage,
                    after=q.after, page=q.page if q.page is not None else e.page,
                    page_end=q.page_end if q.page is not None else e.page_end)
    item["where"] = quote_location(m, e, line=item["line"], page=item["page"],  # type: ignore[arg-type]
                                   page_end=item["page_end"])  # type: ignore[arg-type]
    item["at"] = quote_file_location(m, e, line=item["line"], page=item["page"])  # type: ignore[arg-type]
    return item


def _json_for_script(data: object) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.S)


def inline_svg(svg: str, prefix: str) -> str:
    """Graphviz SVG made fit to sit inside an HTML page beside another: the XML prologue and
    comments dropped, every ``id`` prefixed with ``prefix`` (so two SVGs of one map do not clash)."""
    svg = _PROLOGUE.sub("", svg)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return re.sub(r'\bid="', f'id="{prefix}', svg)


def _asset(name: str) -> str:
    """The text of ``static/<name>`` (package data of :mod:`argmap.render`)."""
    return resources.files("argmap.render").joinpath("static", name).read_text(encoding="utf-8")


#: The page's stylesheet and script (``static/viewer.css``, ``static/viewer.js``), inlined into
#: every map page, each after a line break.
CSS = "\n" + _asset("viewer.css")
SCRIPT = "\n" + _asset("viewer.js")


def map_page(m: Map, corpus: Corpus, svg_zh: str, svg_en: str, diagnostics: Iterable[Diagnostic] = (),
             index_href: str | None = "index.html") -> str:
    """The interactive page of ``m``: both SVGs inline (``svg_zh``, ``svg_en``: Graphviz output of
    the map with ``lang="zh"`` and ``lang="en"``), the claim data (:func:`page_data`) and the script."""
    data = page_data(m, corpus, diagnostics)
    w = m.work
    title = f"{m.id} — {w.title}"
    nav = f'<a href="{html.escape(index_href, quote=True)}">index</a>' if index_href else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hant">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="argmap">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        '<body data-lang="zh">\n<header>\n'
        f"<h1>{html.escape(w.title)} <span class=\"meta\">{html.escape(w.author_names)} {html.escape(str(w.year or ''))}"
        f" · {html.escape(m.id)}</span></h1>\n"
        '<label>Search claims <input type="search" id="search" placeholder="id, 中文 or English"></label>\n'
        '<button type="button" id="lang" aria-label="Show English">English</button>\n'
        f"{nav}\n</header>\n<main>\n"
        '<div id="stage"><div class="zoom" role="toolbar" aria-label="zoom">'
        '<button type="button" id="zoom-out" title="zoom out (-)" aria-label="zoom out">−</button>'
        '<button type="button" id="zoom-in" title="zoom in (+)" aria-label="zoom in">+</button>'
        '<button type="button" id="zoom-fit" title="fit to the window (0)">fit</button>'
        '<button type="button" id="zoom-actual" title="actual size (1)">100 %</button>'
        '<span id="zoom-level" aria-live="polite"></span></div>\n'
        f'<div id="diagram" aria-label="argument map"><div class="svg-zh">{inline_svg(svg_zh, "zh-")}</div>'
        f'<div class="svg-en">{inline_svg(svg_en, "en-")}</div></div></div>\n'
        '<aside id="side" aria-label="claim details">\n<div id="panel" aria-live="polite">'
        '<p class="meta">Click a claim in the map, or choose one below, to see its text, reasons, objections and '
        "quotes in their source.</p></div>\n"
        '<h3>Claims</h3><ul id="list"></ul>\n</aside>\n</main>\n'
        f'<script type="application/json" id="argmap-data">{_json_for_script(data)}</script>\n'
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n")


def _export_cell(page: str, exports: list[tuple[str, str]]) -> str:
    if not exports:
        return ""
    links = " · ".join(f'<a href="export/{page}{suffix}">{html.escape(label)}</a>' for suffix, label in exports)
    return f"<td>{links}</td>"


def index_page(corpus: Corpus, diagnostics: Iterable[Diagnostic], extra: Iterable[tuple[str, str]] = (),
               exports: Iterable[tuple[str, str]] = ()) -> str:
    """The corpus index: per map its work, counts, check result and links to its page and SVG, and
    to its interchange files (``exports``: ``(suffix, label)`` pairs, linked as
    ``export/<id><suffix>``); then ``extra`` links (``(href, label)``, e.g. the comparisons)."""
    exports = list(exports)
    diagnostics = list(diagnostics)
    rows = []
    for m in corpus.maps:
        mine = [d for d in diagnostics if d.file == m.file]
        errors = sum(d.severity is Severity.ERROR for d in mine)
        warnings = sum(d.severity is Severity.WARNING for d in mine)
        status = "clean" if not errors and not warnings else f"{errors} error(s), {warnings} warning(s)"
        quotes = sum(len(c.evidence) for c in m.claims)
        page = urlquote(m.id, safe="")
        rows.append(f'<tr><td><a href="{page}.html">{html.escape(m.id)}</a></td>'
                    f"<td>{html.escape(m.work.author_names)} {html.escape(str(m.work.year or ''))}</td>"
                    f"<td>{html.escape(m.work.title)}<br><span class=\"gloss\">{html.escape(m.work.title_en or '')}</span></td>"
                    f"<td>{len(m.claims)}</td><td>{quotes}</td><td>{html.escape(status)}</td>"
                    f'<td><a href="{page}.svg">SVG</a></td>'
                    + _export_cell(page, exports) + "</tr>")
    links = "".join(f'<li><a href="{html.escape(href, quote=True)}">{html.escape(label)}</a></li>' for href, label in extra)
    css = ("body{font-family:'Noto Sans CJK TC',sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}"
           "table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.35rem .55rem;text-align:left;"
           "vertical-align:top}th{background:#f6f8fa}.gloss{color:#57606a;font-size:.9rem}")
    return ('<!DOCTYPE html>\n<html lang="zh-Hant">\n<head>\n<meta charset="utf-8">\n<title>argmap — corpus</title>\n'
            f"<style>{css}</style>\n</head>\n<body>\n<h1>Argument maps</h1>\n"
            "<table><thead><tr><th>map</th><th>author</th><th>work</th><th>claims</th><th>quotes</th><th>check</th>"
            "<th>diagram</th>" + ("<th>interchange</th>" if exports else "") + "</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n"
            + (f"<h2>Comparisons</h2><ul>{links}</ul>\n" if links else "") + "</body>\n</html>\n")
