"""The interactive page of a map (``argmap render MAP -o map.html``) and the corpus index page.

One self-contained HTML file per map: the diagram as inline SVG (one in Chinese, one in English,
switched by a toggle), a search box, and a side panel. Clicking a claim (or pressing Enter on it:
every claim node is keyboard-focusable) shows its text in both languages, who asserts it, its
premises, what it supports, its attackers and what it attacks (all clickable), its cross-map links
(which open the other map's page at that claim), the positions it establishes, each quote
highlighted inside its source context with file, line, column and page, and the claim's
diagnostics. ``#claim-ID`` in the address opens the page at that claim.

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
from typing import Iterable
from urllib.parse import quote as urlquote

from argmap.evidence.anchoring import resolve
from argmap.load.corpus import Corpus
from argmap.model.diagnostics import Diagnostic, Severity
from argmap.model import Map
from argmap.evidence.sources import SourceText

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
    ``column``, ``page``; ``found`` false when the quote is not in its source) and diagnostics."""
    diags = _claim_diagnostics(m, diagnostics)
    known = set(corpus.known)
    claims = {}
    for c in m.claims_by_id.values():
        evidence = []
        for e in c.evidence:
            src = m.source_of(e)
            text = corpus.sources.get(src) if src else None
            item: dict[str, object] = {"quote": e.quote, "file": src.raw_path if src else None, "found": False,
                                       "line": e.line, "column": None, "page": e.page, "before": "", "after": "",
                                       "passage": e.quote, "note": e.note}
            if isinstance(text, SourceText) and src is not None:
                r = resolve(e, text, src.sha256, near=False, max_quote=corpus.limits.max_quote)
                if r.span is not None:
                    before, passage, after = text.context(r.span.start, r.span.end, CONTEXT_SENTENCES)
                    page = text.page_at(r.span.start)
                    item.update(found=True, line=r.span.line, column=r.span.column, before=before, passage=passage,
                                after=after, page=page if page is not None else e.page)
            evidence.append(item)
        claims[c.id] = {
            "id": c.id, "text": c.text, "gloss": c.gloss, "role": c.role, "section": c.section,
            "justification": c.justification, "note": c.note,
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
        }
    w = m.work
    return {"map": m.id, "file": m.file, "work": {"title": w.title, "title_en": w.title_en, "authors": w.author_names,
                                                   "year": w.year, "kind": w.kind},
            "claims": claims, "order": list(claims)}


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


CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK TC","Noto Sans TC","PingFang TC","Microsoft JhengHei",sans-serif;
 color:#1f2328;display:flex;flex-direction:column;height:100vh}
header{display:flex;gap:1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid #d0d7de;flex-wrap:wrap}
header h1{font-size:1.05rem;margin:0;flex:1 1 20rem}
main{display:flex;flex:1;min-height:0}
#diagram{flex:1;overflow:auto;background:#fff}
#diagram svg{display:block}
#side{width:30rem;max-width:45vw;border-left:1px solid #d0d7de;overflow:auto;padding:.75rem 1rem;background:#f6f8fa}
body[data-lang="zh"] .svg-en, body[data-lang="en"] .svg-zh{display:none}
g.node.claim{cursor:pointer}
g.node.claim:focus{outline:3px solid #0969da}
g.node.selected path, g.node.selected polygon{stroke:#cf222e;stroke-width:4}
g.node.dim{opacity:.18}
#panel h2{font-size:1.1rem;margin:.2rem 0}
#panel h3{font-size:.95rem;margin:1rem 0 .3rem}
.gloss,.where,.meta{color:#57606a;font-size:.88rem}
.attributed{color:#6b21a8}
mark{background:#fff3b0;padding:0 .1em}
.ctx{background:#fff;border:1px solid #d0d7de;border-radius:4px;padding:.4rem .6rem;margin:.3rem 0}
.diag-error{color:#cf222e}.diag-warning{color:#9a6700}.diag-info{color:#57606a}
button.ref{font:inherit;color:#0969da;background:none;border:none;padding:0;cursor:pointer;text-align:left}
button.ref:hover,button.ref:focus{text-decoration:underline}
#list{list-style:none;padding:0;margin:.5rem 0;max-height:16rem;overflow:auto;border-top:1px solid #d0d7de}
#list li{padding:.15rem 0}
#list li[hidden]{display:none}
input[type=search]{font:inherit;padding:.25rem .5rem;width:16rem}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var claims = data.claims;
  var body = document.body;
  var panel = document.getElementById("panel");
  var current = null;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function lang() { return body.getAttribute("data-lang"); }
  function nodesOf(id) {
    return document.querySelectorAll('g.node[data-claim="' + CSS.escape(id) + '"]');
  }
  function ref(id, label) {
    var b = el("button", label || id, "ref");
    b.type = "button";
    b.setAttribute("data-goto", id);
    b.addEventListener("click", function () { select(id, true); });
    return b;
  }
  function claimLine(id) {
    var li = el("li");
    li.appendChild(ref(id));
    var c = claims[id];
    if (c) { li.appendChild(document.createTextNode(" " + (lang() === "en" ? c.gloss : c.text))); }
    return li;
  }
  function section(title, items) {
    if (!items.length) { return; }
    panel.appendChild(el("h3", title));
    var ul = el("ul");
    items.forEach(function (i) { ul.appendChild(i); });
    panel.appendChild(ul);
  }
  function render(id) {
    var c = claims[id];
    panel.textContent = "";
    var h = el("h2");
    h.appendChild(el("span", c.id));
    h.appendChild(document.createTextNode(" "));
    h.appendChild(el("span", c.role === "thesis" ? "論旨 thesis" : c.role === "implicit-premise" ? "隱含前提 implicit premise" : "", "meta"));
    panel.appendChild(h);
    var first = el("p", lang() === "en" ? c.gloss : c.text, "claim-text");
    first.id = "panel-text";
    panel.appendChild(first);
    panel.appendChild(el("p", lang() === "en" ? c.text : c.gloss, "gloss"));
    if (c.section) { panel.appendChild(el("p", "§ " + c.section, "meta")); }
    panel.appendChild(el("p", c.asserted_by ? "asserted by " + c.asserted_by.label +
      (c.asserted_by.work ? ", " + c.asserted_by.work : "") + " (the work reports this claim)"
      : "asserted by " + (data.work.authors || "the author") + " (the work's own claim)",
      c.asserted_by ? "attributed" : "meta"));
    if (c.justification) { panel.appendChild(el("p", "implicit premise, because: " + c.justification, "meta")); }
    var prem = [];
    c.premises.forEach(function (f) {
      f.claims.forEach(function (p) {
        var li = claimLine(p);
        li.appendChild(el("span", " (" + f.inference + (f.linked ? ", linked" : "") + ")", "meta"));
        prem.push(li);
      });
    });
    section("Premises (support it)", prem);
    section("Supports", c.supports.map(function (s) { return claimLine(s.claim); }));
    section("Attacked by", c.attackers.map(function (a) {
      var li = claimLine(a.claim);
      li.appendChild(el("span", " (" + a.type + (a.target !== c.id ? " of " + a.target : "") + ")", "meta"));
      return li;
    }));
    section("Attacks", c.attacks.map(function (a) {
      var li = claims[a.target] ? claimLine(a.target) : el("li", a.target);
      li.appendChild(el("span", " (" + a.type + ")", "meta"));
      return li;
    }));
    section("Links to other maps", c.links.map(function (k) {
      var li = el("li");
      li.appendChild(el("span", k.relation + " "));
      if (k.href) {
        var a = el("a", k.map + "#" + k.claim);
        a.setAttribute("href", k.href);
        a.className = "xlink";
        li.appendChild(a);
      } else {
        li.appendChild(el("span", k.map + "#" + k.claim + " (map not in this corpus)"));
      }
      if (k.note) { li.appendChild(el("span", " — " + k.note, "meta")); }
      return li;
    }));
    section("Positions", c.positions.map(function (p) {
      return el("li", p.issue + " = " + p.position + (p.holder ? " (held by " + p.holder + ")" : ""));
    }));
    section("Evidence", c.evidence.map(function (e, k) {
      var li = el("li");
      li.className = "evidence";
      var where = (e.file || "?") + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "") +
        (e.page !== null && e.page !== undefined ? ", p. " + e.page : "");
      li.appendChild(el("div", "[" + (k + 1) + "] " + where, "where"));
      var ctx = el("div", null, "ctx");
      if (e.found) {
        ctx.appendChild(document.createTextNode(e.before));
        ctx.appendChild(el("mark", e.passage));
        ctx.appendChild(document.createTextNode(e.after));
      } else {
        ctx.appendChild(el("mark", e.quote));
        ctx.appendChild(el("div", "not found in the source (run argmap check)", "diag-error"));
      }
      li.appendChild(ctx);
      if (e.note) { li.appendChild(el("div", "note: " + e.note, "meta")); }
      return li;
    }));
    section("Diagnostics", c.diagnostics.map(function (d) {
      return el("li", d.where + ": " + d.severity + " " + d.code + " " + d.message, "diag-" + d.severity);
    }));
    if (!c.diagnostics.length) { panel.appendChild(el("p", "No diagnostics.", "meta")); }
  }
  function select(id, scroll) {
    if (!claims[id]) { return; }
    document.querySelectorAll("g.node.selected").forEach(function (n) { n.classList.remove("selected"); });
    nodesOf(id).forEach(function (n) { n.classList.add("selected"); });
    current = id;
    render(id);
    if (location.hash !== "#claim-" + id) { history.replaceState(null, "", "#claim-" + id); }
    if (scroll) {
      var n = document.querySelector(".svg-" + lang() + ' g.node[data-claim="' + CSS.escape(id) + '"]');
      if (n && n.scrollIntoView) { n.scrollIntoView({block: "center", inline: "center"}); }
    }
  }
  document.querySelectorAll("g.node").forEach(function (n) {
    var m = /^(?:zh|en)-claim-(.+)$/.exec(n.id);
    if (!m || !claims[m[1]]) { return; }
    var id = m[1];
    n.setAttribute("data-claim", id);
    n.classList.add("claim");
    n.setAttribute("tabindex", "0");
    n.setAttribute("role", "button");
    n.setAttribute("aria-label", id + ": " + claims[id].text);
    n.addEventListener("click", function () { select(id, false); });
    n.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(id, false); }
    });
  });
  var list = document.getElementById("list");
  data.order.forEach(function (id) {
    var li = el("li");
    li.setAttribute("data-claim", id);
    li.appendChild(ref(id));
    li.appendChild(el("span", " " + claims[id].text, "list-text"));
    list.appendChild(li);
  });
  var search = document.getElementById("search");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    data.order.forEach(function (id) {
      var c = claims[id];
      var hit = !q || (id + " " + c.text + " " + c.gloss).toLowerCase().indexOf(q) >= 0;
      list.querySelector('li[data-claim="' + CSS.escape(id) + '"]').hidden = !hit;
      nodesOf(id).forEach(function (n) { n.classList.toggle("dim", !hit); });
    });
  });
  var toggle = document.getElementById("lang");
  function setLang(l) {
    body.setAttribute("data-lang", l);
    toggle.textContent = l === "zh" ? "English" : "中文";
    toggle.setAttribute("aria-label", l === "zh" ? "Show English" : "顯示中文");
    list.querySelectorAll("li").forEach(function (li) {
      var c = claims[li.getAttribute("data-claim")];
      li.querySelector(".list-text").textContent = " " + (l === "en" ? c.gloss : c.text);
    });
    if (current) { render(current); }
  }
  toggle.addEventListener("click", function () { setLang(lang() === "zh" ? "en" : "zh"); });
  function fromHash() {
    var m = /^#claim-(.+)$/.exec(location.hash);
    if (m) { select(decodeURIComponent(m[1]), true); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
"""


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
        f'<div id="diagram" aria-label="argument map"><div class="svg-zh">{inline_svg(svg_zh, "zh-")}</div>'
        f'<div class="svg-en">{inline_svg(svg_en, "en-")}</div></div>\n'
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
