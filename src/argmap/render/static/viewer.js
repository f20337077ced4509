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
  var FIDELITY = {quotation: "引語 quotation (the claim is the author's own words)",
    paraphrase: "轉述 paraphrase (the same content in other words)",
    summary: "撮要 summary (condenses two or more passages)",
    interpretation: "詮釋 interpretation (the encoder's reading of what the text implies)",
    reconstruction: "重構 reconstruction (an implicit premise)"};

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
    if (c.fidelity) {
      panel.appendChild(el("p", "fidelity to the text: " + (FIDELITY[c.fidelity] || c.fidelity) +
        (c.fidelity === "interpretation" && c.note ? " — " + c.note : ""), "meta fidelity"));
    }
    if (c.justification) { panel.appendChild(el("p", "implicit premise, because: " + c.justification, "meta")); }
    if (c.evaluation) {
      var ev = el("p", null, "eval eval-" + c.evaluation.label);
      ev.id = "panel-eval";
      ev.appendChild(el("b", {"in": "● 成立 in", "out": "× 不成立 out", "undec": "？ 未定 undec"}[c.evaluation.label]));
      ev.appendChild(document.createTextNode(" (grounded, this map alone): " + c.evaluation.why));
      panel.appendChild(ev);
      if (c.evaluation.by.length) {
        var by = el("p", "defeated by: ", "meta");
        c.evaluation.by.forEach(function (b) { by.appendChild(ref(b)); by.appendChild(document.createTextNode(" ")); });
        panel.appendChild(by);
      }
    }
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
      var where = el("div", "[" + (k + 1) + "] " + e.where, "where");
      where.title = e.at;
      li.appendChild(where);
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
    if (scroll) { view.centre(id); }
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
    var e = claims[id].evaluation;
    if (e) { li.appendChild(el("span", " " + {"in": "●", "out": "×", "undec": "？"}[e.label], "eval-" + e.label)); }
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
  var view = zoomable(document.getElementById("diagram"), function () {
    return document.querySelector(".svg-" + lang() + " svg");
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
    view.fit();
  }
  toggle.addEventListener("click", function () { setLang(lang() === "zh" ? "en" : "zh"); });
  function fromHash() {
    var m = /^#claim-(.+)$/.exec(location.hash);
    if (m) { select(decodeURIComponent(m[1]), true); }
  }
  window.addEventListener("hashchange", fromHash);
  view.fit();
  fromHash();

  // The diagram's view: its scale (1 = the size Graphviz gave it, "100 %") and scroll position.
  // Zooming resizes the SVG (its viewBox keeps the drawing) and keeps the point under the pointer,
  // or the view's centre, in place; panning scrolls the diagram, so scrollIntoView keeps working.
  function zoomable(box, svgNow) {
    var MIN = 0.02, MAX = 8, STEP = 1.25;
    var scale = 1, fitted = true, label = document.getElementById("zoom-level");
    function natural(svg) {
      if (!svg.hasAttribute("data-w")) {
        var b = svg.viewBox && svg.viewBox.baseVal, w = b && b.width, h = b && b.height;
        if (!w || !h) { var r = svg.getBoundingClientRect(); w = r.width; h = r.height; }
        else { w *= 4 / 3; h *= 4 / 3; }  // Graphviz's viewBox is in points: 1 pt = 4/3 px
        svg.setAttribute("data-w", w);
        svg.setAttribute("data-h", h);
      }
      return {w: +svg.getAttribute("data-w"), h: +svg.getAttribute("data-h")};
    }
    function apply(s, ax, ay) {
      var svg = svgNow();
      if (!svg) { return; }
      s = Math.min(MAX, Math.max(MIN, s));
      var n = natural(svg), old = svg.getBoundingClientRect(), r = box.getBoundingClientRect();
      if (ax === undefined) { ax = box.clientWidth / 2; ay = box.clientHeight / 2; }
      // the drawing's point (in natural pixels) under the anchor, before the change
      var px = (ax + r.left - old.left) / (old.width / n.w || 1), py = (ay + r.top - old.top) / (old.height / n.h || 1);
      scale = s;
      svg.style.width = (n.w * s) + "px";
      svg.style.height = (n.h * s) + "px";
      svg.style.marginTop = Math.max(0, (box.clientHeight - n.h * s) / 2) + "px";
      var now = svg.getBoundingClientRect();
      box.scrollLeft += now.left - r.left + px * s - ax;
      box.scrollTop += now.top - r.top + py * s - ay;
      if (label) { label.textContent = Math.round(s * 100) + " %"; }
      box.setAttribute("data-scale", String(s));
    }
    function fit() {
      var svg = svgNow();
      if (!svg) { return; }
      var n = natural(svg);
      fitted = true;
      apply(Math.min(1, (box.clientWidth - 8) / n.w, (box.clientHeight - 8) / n.h));
      box.scrollLeft = 0;
      box.scrollTop = 0;
    }
    function zoom(factor, ax, ay) { fitted = false; apply(scale * factor, ax, ay); }
    function actual() { fitted = false; apply(1); }
    function centre(id) {
      var n = document.querySelector(".svg-" + lang() + ' g.node[data-claim="' + CSS.escape(id) + '"]');
      if (!n) { return; }
      if (scale < 1) { actual(); }
      var a = n.getBoundingClientRect(), r = box.getBoundingClientRect();
      box.scrollLeft += a.left + a.width / 2 - (r.left + box.clientWidth / 2);
      box.scrollTop += a.top + a.height / 2 - (r.top + box.clientHeight / 2);
    }
    var actions = {"zoom-in": function () { zoom(STEP); }, "zoom-out": function () { zoom(1 / STEP); },
                   "zoom-fit": fit, "zoom-actual": actual};
    Object.keys(actions).forEach(function (name) {
      var b = document.getElementById(name);
      if (b) { b.addEventListener("click", actions[name]); }
    });
    document.addEventListener("keydown", function (ev) {
      var t = ev.target, tag = t && t.tagName;
      if (ev.ctrlKey || ev.metaKey || ev.altKey || tag === "INPUT" || tag === "TEXTAREA" || (t && t.isContentEditable)) { return; }
      var act = {"+": "zoom-in", "=": "zoom-in", "-": "zoom-out", "_": "zoom-out", "0": "zoom-fit", "1": "zoom-actual"}[ev.key];
      if (act) { ev.preventDefault(); actions[act](); }
    });
    box.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey && !ev.metaKey) { return; }  // a plain wheel scrolls; with Ctrl it zooms at the pointer
      ev.preventDefault();
      var r = box.getBoundingClientRect();
      zoom(ev.deltaY < 0 ? STEP : 1 / STEP, ev.clientX - r.left, ev.clientY - r.top);
    }, {passive: false});
    var drag = null, dragged = false;
    box.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0 || ev.pointerType === "touch") { return; }
      drag = {x: ev.clientX, y: ev.clientY, left: box.scrollLeft, top: box.scrollTop, id: ev.pointerId, on: false};
      dragged = false;
    });
    box.addEventListener("pointermove", function (ev) {
      if (!drag || ev.pointerId !== drag.id) { return; }
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.on && Math.abs(dx) + Math.abs(dy) < 5) { return; }
      if (!drag.on) { drag.on = true; box.classList.add("panning"); box.setPointerCapture(ev.pointerId); }
      box.scrollLeft = drag.left - dx;
      box.scrollTop = drag.top - dy;
    });
    function end() {
      if (drag && drag.on) { dragged = true; box.classList.remove("panning"); }
      drag = null;
    }
    box.addEventListener("pointerup", end);
    box.addEventListener("pointercancel", end);
    box.addEventListener("click", function (ev) {  // the click that ends a drag selects nothing
      if (dragged) { ev.stopPropagation(); ev.preventDefault(); dragged = false; }
    }, true);
    window.addEventListener("resize", function () { if (fitted) { fit(); } else { apply(scale); } });
    return {fit: fit, zoom: zoom, actual: actual, centre: centre, scale: function () { return scale; }};
  }
})();
