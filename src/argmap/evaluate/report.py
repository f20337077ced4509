"""The evaluation as text, Markdown and JSON (``argmap evaluate``; docs/evaluation.md).

Each report states every work's thesis first, then what is defeated and why (the accepted attack
that defeats each ``out`` claim or inference, and the roots it depends on), the positions of
other authors the works report, the changes when several works are evaluated together, and
finally every label.
"""

from __future__ import annotations

import json

from argmap.evaluate.across import Together, defeats, holder
from argmap.evaluate.framework import CLAIM
from argmap.evaluate.result import (BY_REASON, GIVEN, IN, NO_REASON, NO_SUPPORT, OUT, PREMISE_OUT, PREMISE_UNDEC,
                                    PREMISES_IN, REASON_UNDEC, REBUTTED, REBUTTER_UNDEC, UNDEC, UNDERCUT,
                                    UNDERCUT_UNDEC, Evaluation, Reason, Status)

MAX_ROOTS = 3
_BASIS = {"quoted": "given: stated with a quote, no reason needed", "implicit": "given: an implicit premise",
          "attributed": "given: another author's position, reported with a quote"}


class Names:
    """Node keys as readers see them: ``id`` when one map is evaluated, ``map#id`` otherwise."""

    def __init__(self, ev: Evaluation) -> None:
        self.ev = ev
        self.single = len(ev.maps) == 1

    def __call__(self, key: str) -> str:
        node = self.ev.framework.nodes.get(key)
        if node is None:
            return key
        return node.id if self.single else f"{node.map_id}#{node.id}"

    def text(self, key: str, limit: int = 32) -> str:
        """The claim's text (its paraphrase), cut to ``limit`` characters; ``""`` for an inference."""
        node = self.ev.framework.nodes[key]
        if node.kind != CLAIM:
            return ""
        m = next(m for m in self.ev.maps if m.id == node.map_id)
        text = m.claims_by_id[node.id].text
        return text if len(text) <= limit else text[: limit - 1] + "…"


def reason_text(r: Reason, name: Names) -> str:
    """One reason in words, e.g. ``rebutted by CR1 (attack A-CR1, arguments/x.argmap.yaml:12:5)``."""
    at = f" ({_via(r.via, name)}, {r.loc})" if r.loc else ""
    return {
        GIVEN: lambda: _BASIS.get(r.other, "given"),
        BY_REASON: lambda: f"by reason {name(r.other)}",
        PREMISES_IN: lambda: "all premises in, not undercut",
        REBUTTED: lambda: f"rebutted by {name(r.other)}{at}",
        UNDERCUT: lambda: f"undercut by {name(r.other)}{at}",
        PREMISE_OUT: lambda: f"premise {name(r.other)} is out",
        NO_REASON: lambda: f"reason {name(r.other)} is out",
        NO_SUPPORT: lambda: "no quote, no reason, not an implicit premise",
        REBUTTER_UNDEC: lambda: f"rebuttal by {name(r.other)} is undecided{at}",
        UNDERCUT_UNDEC: lambda: f"undercut by {name(r.other)} is undecided{at}",
        PREMISE_UNDEC: lambda: f"premise {name(r.other)} is undecided",
        REASON_UNDEC: lambda: f"reason {name(r.other)} is undecided",
    }[r.kind]()


def _via(via: str | None, name: Names) -> str:
    if via is None:
        return ""
    if " " in via:  # a cross-map link: "a#C1 contradicts b#C2"
        return f"link {via}"
    return f"attack {via.split('#', 1)[1] if name.single else via}"


def status_text(s: Status, name: Names) -> str:
    """Why a node has its label: its immediate reasons and, for ``out``, the roots below them."""
    why = "; ".join(reason_text(r, name) for r in s.why) or "—"
    if s.label == OUT and s.roots and [r for r in s.roots] != [r for r in s.why]:
        shown = [reason_text(r, name) for r in s.roots[:MAX_ROOTS]]
        more = f" (+{len(s.roots) - MAX_ROOTS} more)" if len(s.roots) > MAX_ROOTS else ""
        why += " ← " + "; ".join(shown) + more
    return why


def _header(ev: Evaluation) -> list[str]:
    n = len(ev.labellings)
    what = {"grounded": "the grounded labelling",
            "preferred": f"{n} preferred labelling(s)", "stable": f"{n} stable labelling(s)"}[ev.semantics]
    done = "" if ev.complete else f" — enumeration stopped ({ev.stopped}): more may exist"
    works = ", ".join(f"{m.id} ({m.work.author_names} {m.work.year or ''})".replace(" )", ")") for m in ev.maps)
    return [f"evaluate {works}: {ev.semantics} semantics, {what}{done} ({ev.seconds:.2f} s)"]


def theses(ev: Evaluation) -> list[tuple[str, str, str]]:
    """(map id, thesis key, label summary) for each map's thesis (maps without one are skipped)."""
    out = []
    for m in ev.maps:
        for t in m.theses[:1]:
            key = ev.framework.key(m.id, t.id)
            if key is not None:
                out.append((m.id, key, ev.summary(key)))
    return out


def _counts(ev: Evaluation, map_id: str, lab: dict[str, Status]) -> str:
    parts = []
    for kind, word in ((CLAIM, "claims"), ("inference", "inferences")):
        keys = [k for k, n in ev.framework.nodes.items() if n.kind == kind and n.map_id == map_id]
        c = {x: sum(1 for k in keys if lab[k].label == x) for x in (IN, OUT, UNDEC)}
        parts.append(f"{word} {c[IN]} in, {c[OUT]} out, {c[UNDEC]} undec")
    return "; ".join(parts)


def _varying(ev: Evaluation) -> list[str]:
    return [k for k in ev.framework.nodes if len({lab[k].label for lab in ev.labellings}) > 1]


def to_text(ev: Evaluation, together: Together | None = None) -> str:
    """The plain-text report (see the module docstring)."""
    name = Names(ev)
    lines = _header(ev)
    if not ev.labellings:
        lines.append(f"no {ev.semantics} labelling exists: every labelling leaves some argument undecided"
                     if ev.complete else "no labelling found before the search stopped")
    for map_id, key, summary in theses(ev):
        why = status_text(ev.labellings[0][key], name) if len(ev.labellings) == 1 else ""
        lines.append(f"thesis {name(key)}: {summary}" + (f" — {why}" if why else ""))
    for n, lab in enumerate(ev.labellings, 1):
        if len(ev.labellings) > 1:
            varying = _varying(ev)
            lines.append(f"\nlabelling {n} of {len(ev.labellings)}: "
                         + ", ".join(f"{name(k)} {lab[k].label}" for k in varying))
        for m in ev.maps:
            lines.append(f"  {m.id}: {_counts(ev, m.id, lab)}")
        lines += _defeated_lines(ev, lab, name)
    lines += _attributed_lines(ev, name)
    if together is not None:
        lines += _together_lines(together, name)
    lines.append("\nevery label" + ("" if len(ev.labellings) <= 1 else " (in k/n: in k of the n labellings)") + ":")
    for key in ev.framework.nodes:
        lines.append(f"  {ev.summary(key):7} {name(key)}  {name.text(key)}".rstrip())
    for msg in ev.framework.ignored:
        lines.append(f"warning: {msg}")
    return "\n".join(lines) + "\n"


def _defeated_lines(ev: Evaluation, lab: dict[str, Status], name: Names) -> list[str]:
    lines = []
    for label, title in ((OUT, "out, and what defeats each"), (UNDEC, "undecided, and why")):
        keys = [k for k in ev.framework.nodes if lab[k].label == label]
        if keys:
            lines.append(f"  {title} ({len(keys)}):")
            lines += [f"    {name(k)}  {name.text(k)}\n        {status_text(lab[k], name)}" for k in keys]
    return lines


def attributed(ev: Evaluation) -> dict[str, list[str]]:
    """Attributed claims by holder (``author year (in map)``), keys in map order."""
    out: dict[str, list[str]] = {}
    for key, node in ev.framework.nodes.items():
        if node.kind == CLAIM and node.holder:
            out.setdefault(holder(ev, key), []).append(key)
    return out


def _attributed_lines(ev: Evaluation, name: Names) -> list[str]:
    groups = attributed(ev)
    if not groups:
        return []
    keys = [k for ks in groups.values() for k in ks]
    n_out = sum(1 for k in keys if ev.summary(k) == OUT)
    lines = [f"\npositions of other authors reported by the work(s): {len(keys)} claim(s) of {len(groups)} "
             f"author(s); {n_out} out"]
    for h, ks in groups.items():
        lines.append(f"  {h}: " + ", ".join(f"{name(k)} {ev.summary(k)}" for k in ks))
    return lines


def _together_lines(t: Together, name: Names) -> list[str]:
    lines = ["\ntogether (through the cross-map links) vs each map alone:"]
    if not t.changes:
        lines.append("  no label changes: no work's links defeat or rescue another's claims")
    for ch in t.changes:
        by = f" (roots in {', '.join(ch.by)})" if ch.by else ""
        lines.append(f"  {name(t.joint.framework.alias.get(ch.key, ch.key))}: {ch.alone} alone → {ch.together} "
                     f"together{by}")
    cross = defeats(t.joint, across=True)
    if cross:
        lines.append("  claims defeated across works (defeater → defeated: claims):")
        lines += [f"    {a} → {b}: {n}" for (a, b), n in sorted(cross.items())]
    return lines


def to_markdown(ev: Evaluation, together: Together | None = None) -> str:
    """The report as Markdown: the theses, a table of what is out and why, the reported authors,
    the changes together, and a table of every label."""
    name = Names(ev)
    out = ["# " + _header(ev)[0].replace("evaluate ", "Evaluation of ", 1), ""]
    for map_id, key, summary in theses(ev):
        out.append(f"- thesis **{_md(name(key))}**: **{summary}**")
    for n, lab in enumerate(ev.labellings, 1):
        out += ["", f"## Labelling {n} of {len(ev.labellings)}" if len(ev.labellings) > 1 else "## Defeated", ""]
        out += [f"- {m.id}: {_counts(ev, m.id, lab)}" for m in ev.maps] + [""]
        keys = [k for k in ev.framework.nodes if lab[k].label in (OUT, UNDEC)]
        if keys:
            out += ["| node | label | claim | why |", "|---|---|---|---|"]
            out += [f"| {_md(name(k))} | {lab[k].label} | {_md(name.text(k))} | {_md(status_text(lab[k], name))} |"
                    for k in keys]
    groups = attributed(ev)
    if groups:
        out += ["", "## Positions of other authors the works report", ""]
        out += [f"- {_md(h)}: " + ", ".join(f"{_md(name(k))} {ev.summary(k)}" for k in ks) for h, ks in groups.items()]
    if together is not None:
        out += ["", "## Together vs alone", ""] + [f"- {_md(x.strip())}" for x in _together_lines(together, name)[1:]]
    out += ["", "## Every label", "", "| node | label | claim |", "|---|---|---|"]
    out += [f"| {_md(name(k))} | {ev.summary(k)} | {_md(name.text(k))} |" for k in ev.framework.nodes]
    return "\n".join(out) + "\n"


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _reason_json(r: Reason) -> dict[str, object]:
    return {"kind": r.kind, "node": r.other, "via": r.via, "at": str(r.loc) if r.loc else None}


def to_json(ev: Evaluation, together: Together | None = None) -> str:
    """The report as JSON: ``semantics``, ``maps``, ``complete``, ``stopped``, ``seconds``, ``theses``
    (map → thesis key and label), ``nodes`` (key → map, id, kind, basis, holder), ``labellings``
    (each: key → label, why, roots; a reason is kind, node, via, at = ``file:line:col``),
    ``changes`` (when several maps: key, alone, together, by) and ``ignored``."""
    doc: dict[str, object] = {
        "semantics": ev.semantics, "maps": [m.id for m in ev.maps], "complete": ev.complete,
        "stopped": ev.stopped, "seconds": round(ev.seconds, 3),
        "theses": {m: {"node": k, "label": s} for m, k, s in theses(ev)},
        "nodes": {k: {"map": n.map_id, "id": n.id, "kind": n.kind, "basis": n.basis or None, "holder": n.holder,
                      "members": list(n.members), "at": str(n.loc)} for k, n in ev.framework.nodes.items()},
        "labellings": [{k: {"label": s.label, "why": [_reason_json(r) for r in s.why],
                            "roots": [_reason_json(r) for r in s.roots]} for k, s in lab.items()}
                       for lab in ev.labellings],
        "ignored": ev.framework.ignored,
    }
    if together is not None:
        doc["changes"] = [{"node": c.key, "alone": c.alone, "together": c.together, "by": list(c.by)}
                          for c in together.changes]
        doc["defeats_across"] = [{"defeater": a, "defeated": b, "claims": n}
                                 for (a, b), n in sorted(defeats(ev, across=True).items())]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
