"""``argmap classify``: derive each work's camp from its positions on a typology's criteria issues,
and set it beside the camp the work states for itself and the camp other works assign it.

A typology (``typologies:`` in an issues file; docs/format.md) names an issue whose positions are
camps, the criteria issues, and one rule per camp: the camp holds when, for every criterion the rule
names, the work's own position is one of those listed. In the corpus this is 林伯雍 2013's typology
of the SCO literature (non-, low- and high-balancing; 002 ch. 2 §3).

Derivation
    A work's *readings* are the combinations of its own positions on the criteria (one per
    criterion; several readings when a position is marked ambiguous; ``not-addressed`` when it has
    none). A camp may have several rules (each a combination of criteria positions, ``not-addressed``
    allowed); :attr:`Reading.rules` names the rules that hold for a reading, and the derived camps are
    the camps of the rules that hold for at least one reading. A reading no rule matches is
    *unclassified*; for it, :attr:`Reading.near` lists the camps whose rules fail only on criteria
    the work does not address, with the fewest positions each would need.
Stated and assigned
    The *stated* camp is the work's own position on the typology's issue; an *assigned* camp is a
    position on that issue another map attributes to this work (``asserted_by`` with ``map:`` equal
    to this work's map id).
Mismatches
    Stated vs derived, assigned vs derived and assigned vs stated, whenever both sides are known and
    the sets differ; each with the claims (and their quotes) on both sides.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from dataclasses import dataclass
from typing import Iterable

from argmap.compare.pair import Stance, _label, _stance
from argmap.output.markdown import md
from argmap.output.places import quote_location
from argmap.model import NOT_ADDRESSED, Claim, Issue, Map, PositionStatement, Typology


@dataclass(frozen=True)
class Reading:
    """One combination of criterion positions (``(issue id, position id)``; ``not-addressed`` when
    the work states none), the camps whose rules hold for it, the rules that hold (their labels:
    :attr:`~argmap.model.CampRule.label`), and — when none holds — the camps it would fall in if it
    took the listed positions on criteria it leaves open."""

    values: tuple[tuple[str, str], ...]
    camps: tuple[str, ...]
    near: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mismatch:
    """Two camp sets for one work that differ: ``kind`` is ``stated-vs-derived``,
    ``assigned-vs-derived`` or ``assigned-vs-stated``; ``left``/``right`` are the camp sets and
    ``left_claims``/``right_claims`` the claims behind the camps in which they differ
    (``(map, claim)``; on the derived side, the claims stating the criteria that decide); ``reasons``
    says which rule holds or fails, and why."""

    kind: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    left_claims: tuple[tuple[Map, Claim], ...]
    right_claims: tuple[tuple[Map, Claim], ...]
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Classification:
    """One work under one typology."""

    map: Map
    typology: Typology
    criteria: tuple[tuple[Issue, Stance], ...]
    readings: tuple[Reading, ...]
    stated: Stance
    assigned: tuple[tuple[Map, PositionStatement], ...]
    mismatches: tuple[Mismatch, ...]

    @property
    def derived(self) -> tuple[str, ...]:
        """Camps with a rule that holds for some reading, each once, in the order of their first rule."""
        got = {c for r in self.readings for c in r.camps}
        return tuple(dict.fromkeys(r.camp.id for r in self.typology.camps if r.camp.id in got))

    @property
    def assigned_camps(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.position.id for _, p in self.assigned if p.position.id != NOT_ADDRESSED))

    @property
    def unclassified(self) -> bool:
        """Some reading matches no rule."""
        return any(not r.camps for r in self.readings)


def _claims(m: Map, statements: Iterable[PositionStatement]) -> tuple[tuple[Map, Claim], ...]:
    out = {}
    for st in statements:
        for r in st.claims:
            c = m.claims_by_id.get(r.id)
            if c is not None:
                out[(m.id, c.id)] = (m, c)
    return tuple(out.values())


def classify(m: Map, typology: Typology, issues: dict[str, Issue], maps: Iterable[Map] = ()) -> Classification:
    """Classify work ``m`` by ``typology``; ``maps`` are searched for camps attributed to ``m``.

    Raises
    ------
    KeyError
        The typology names an issue not in ``issues`` (``argmap check`` reports it as R216).
    """
    criteria = tuple((issues[c.id], _stance(m, c.id)) for c in typology.criteria)
    options = [[(issue.id, p) for p in (stance.positions or (NOT_ADDRESSED,))] for issue, stance in criteria]
    readings = []
    for combo in itertools.product(*options):
        values = dict(combo)
        held = [rule for rule in typology.camps if all(values.get(c.id) in allowed for c, allowed in rule.when)]
        camps = tuple(dict.fromkeys(rule.camp.id for rule in held))
        near: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
        if not camps:
            for rule in typology.camps:
                if all(values.get(c.id) in allowed or values.get(c.id) == NOT_ADDRESSED for c, allowed in rule.when):
                    need = tuple((c.id, allowed) for c, allowed in rule.when if values.get(c.id) not in allowed)
                    if rule.camp.id not in near or len(need) < len(near[rule.camp.id]):
                        near[rule.camp.id] = need
        readings.append(Reading(tuple(combo), camps, tuple(near.items()), tuple(rule.label for rule in held)))
    stated = _stance(m, typology.issue.id)
    assigned = tuple((other, p) for other in maps if other.id != m.id for p in other.positions
                     if p.issue.id == typology.issue.id and p.asserted_by is not None and p.asserted_by.map == m.id)
    result = Classification(m, typology, criteria, tuple(readings), stated, assigned, ())  # mismatches below
    crit_stance = {issue.id: stance for issue, stance in criteria}

    def side_claims(kind: str, camps: set[str]) -> tuple[tuple[Map, Claim], ...]:
        if kind == "stated":
            return _claims(m, [st for st in stated.statements if st.position.id in camps])
        if kind == "assigned":
            return tuple(x for other, p in assigned if p.position.id in camps for x in _claims(other, (p,)))
        return ()

    def why_derived(only_other: set[str], only_derived: set[str]) -> tuple[tuple[str, ...], tuple[tuple[Map, Claim], ...]]:
        reasons: list[str] = []
        crits: list[str] = []
        for camp in sorted(only_other):
            rules = [r for r in typology.camps if r.camp.id == camp]
            if not rules:
                reasons.append(f"no rule of {typology.id} derives {camp}")
                continue
            for rule in rules:
                by = f" (rule {rule.id})" if rule.id and len(rules) > 1 else ""
                for c, allowed in rule.when:
                    got = crit_stance[c.id].positions if c.id in crit_stance else ()
                    if not set(got or (NOT_ADDRESSED,)) & set(allowed):
                        reasons.append(f"{camp}{by} needs {c.id} = {' or '.join(allowed)}; {m.id} states "
                                       f"{' / '.join(got) or NOT_ADDRESSED}")
                        crits.append(c.id)
        for camp in sorted(only_derived):
            for rule in typology.camps:
                if rule.camp.id != camp or not any(rule.label in r.rules for r in result.readings):
                    continue
                by = f" by rule {rule.id}" if rule.id else ""
                reasons.append(f"{camp} holds{by}: " + ", ".join(
                    f"{c.id} = {' / '.join(crit_stance[c.id].positions) or NOT_ADDRESSED}" for c, _ in rule.when))
                crits += [c.id for c, _ in rule.when]
        claims = tuple(x for cid in dict.fromkeys(crits) if cid in crit_stance
                       for x in _claims(m, crit_stance[cid].statements))
        return tuple(reasons), claims

    sides = {"stated": stated.positions, "derived": result.derived, "assigned": result.assigned_camps}
    mismatches = []
    for left, right in (("stated", "derived"), ("assigned", "derived"), ("assigned", "stated")):
        lc, rc = sides[left], sides[right]
        if not (lc and rc) or set(lc) == set(rc):
            continue
        only_l, only_r = set(lc) - set(rc), set(rc) - set(lc)
        if right == "derived":
            reasons, rcl = why_derived(only_l, only_r)
        else:
            reasons, rcl = (), side_claims(right, only_r or set(rc))
        mismatches.append(Mismatch(f"{left}-vs-{right}", lc, rc, side_claims(left, only_l or set(lc)), rcl, reasons))
    return dataclasses.replace(result, mismatches=tuple(mismatches))


def classify_all(maps: Iterable[Map], typologies: Iterable[Typology], issues: dict[str, Issue]) -> list[Classification]:
    """Every map under every typology whose issues are all defined."""
    maps = list(maps)
    out = []
    for t in typologies:
        if t.issue.id not in issues or any(c.id not in issues for c in t.criteria):
            continue
        out += [classify(m, t, issues, maps) for m in maps]
    return out


def attributed_only(maps: Iterable[Map], typology: Typology) -> dict[str, dict[str, int]]:
    """Camps assigned (by attribution) to authors that have no map: citing map id → camp → count."""
    maps = list(maps)
    ids = {m.id for m in maps}
    out: dict[str, dict[str, int]] = {}
    for m in maps:
        for p in m.positions:
            if (p.issue.id == typology.issue.id and p.asserted_by is not None and p.asserted_by.map not in ids
                    and p.position.id != NOT_ADDRESSED):
                counts = out.setdefault(m.id, {})
                counts[p.position.id] = counts.get(p.position.id, 0) + 1
    return out


# -- reporters -----------------------------------------------------------------------------------

def _camps(issue: Issue, camps: tuple[str, ...]) -> str:
    return _label(issue, camps) if camps else "—"


def _value(issues: dict[str, Issue], issue_id: str, position: str) -> str:
    """``issue = position``, with ``(by absence)`` for a position held by what a work leaves out."""
    issue = issues.get(issue_id)
    absent = issue is not None and any(p.id == position and p.by_absence for p in issue.positions)
    return f"{issue_id} = {position}" + (" (by absence)" if absent else "")


def _reading_text(c: Classification, r: Reading, issues: dict[str, Issue]) -> str:
    """One line per reading: its criteria positions, then the camp(s) and the rule(s) that hold, or
    why none does."""
    vals = ", ".join(_value(issues, i, p) for i, p in r.values)
    if r.camps:
        rules = [rule for rule in c.typology.camps if rule.label in r.rules]
        return f"{vals} → " + "; ".join(f"{rule.camp.id} by rule {rule.label}" + (f" ({_lines(rule.note)})" if _lines(rule.note) else "")
                                        for rule in rules)
    if r.near:
        would = "; ".join(f"{camp} if " + " and ".join(f"{i} were {' or '.join(v)}" for i, v in need)
                          for camp, need in r.near)
        return f"{vals} → no rule holds (would be {would})"
    return f"{vals} → no rule holds"


_LINE_REF = re.compile(r"\b00\d:\d+(?:[-–]\d+)?")


def _lines(note: str | None) -> str:
    """The source-line references (``002:421``) a rule's note cites, comma-joined, in order."""
    return ", ".join(dict.fromkeys(_LINE_REF.findall(note or "")))


def criterion_claims(c: Classification) -> tuple[tuple[str, str, tuple[tuple[Map, Claim], ...]], ...]:
    """For each criterion and each of the work's own positions on it: ``(issue id, position id,
    claims)``, the claims the position statement names (in order; empty for ``not-addressed``)."""
    out = []
    for issue, stance in c.criteria:
        if not stance.positions:
            out.append((issue.id, NOT_ADDRESSED, ()))
        for pos in stance.positions:
            out.append((issue.id, pos, _claims(c.map, [st for st in stance.statements if st.position.id == pos])))
    return tuple(out)


def _evidence(m: Map, cl: Claim) -> str:
    e = cl.evidence[0] if cl.evidence else None
    return f"{m.id}#{cl.id} {cl.text}" + (f" 「{e.quote}」 ({quote_location(m, e)})" if e else "")


def verdict(c: Classification) -> str:
    """One phrase: consistent, mismatch, unclassified, or not classifiable."""
    if c.mismatches:
        return "mismatch"
    if c.unclassified and not c.derived:
        return "unclassified"
    if c.unclassified:
        return "partly classified"
    return "consistent" if c.stated.positions else "derived only"


def to_text(results: list[Classification], issues: dict[str, Issue], maps: Iterable[Map] = ()) -> str:
    """Per work: stated, derived (with each reading) and assigned camps, then each mismatch with the
    claims and quotes on both sides."""
    out: list[str] = []
    for c in results:
        issue = issues[c.typology.issue.id]
        out.append(f"{c.map.id} ({c.map.work.author_names} {c.map.work.year or ''}".rstrip() + f"): {verdict(c)}")
        out.append(f"    stated:   {_camps(issue, c.stated.positions)}")
        out.append(f"    derived:  {_camps(issue, c.derived)}")
        for r in c.readings:
            out.append(f"              {_reading_text(c, r, issues)}")
        for issue_id, pos, claims in criterion_claims(c):
            out.append(f"      {_value(issues, issue_id, pos)}" + (":" if claims else " (no claims)"))
            out += [f"          {_evidence(m, cl)}" for m, cl in claims]
        assigned = (", ".join(f"{_label(issue, (p.position.id,))} by {o.id}" for o, p in c.assigned)
                    if c.assigned else "— (no map attributes a camp to it)")
        out.append(f"    assigned: {assigned}")
        for mm in c.mismatches:
            left, right = mm.kind.split("-vs-")
            out.append(f"    ≠ {mm.kind}: {left} {_camps(issue, mm.left)} but {right} {_camps(issue, mm.right)}")
            out += [f"        because {x}" for x in mm.reasons]
            out += [f"        {left}: {_evidence(m, cl)}" for m, cl in mm.left_claims]
            out += [f"        {right}: {_evidence(m, cl)}" for m, cl in mm.right_claims]
        out.append("")
    for t in {c.typology.id: c.typology for c in results}.values():
        for citing, counts in attributed_only(maps, t).items():
            total = sum(counts.values())
            out.append(f"{citing} also assigns a camp to {total} cited work(s) with no map here: "
                       + ", ".join(f"{n} {camp}" for camp, n in counts.items()) + " (argmap compare --all lists them)")
    return "\n".join(out).rstrip() + "\n"


def _md(s: str | None) -> str:
    return md(s or "")


def to_markdown(results: list[Classification], issues: dict[str, Issue], maps: Iterable[Map] = ()) -> str:
    """A table (work, stated, derived, assigned, verdict), then the readings and mismatches."""
    out = ["# Camps by typology", ""]
    for t in {c.typology.id: c.typology for c in results}.values():
        issue = issues[t.issue.id]
        out += [f"Typology **{t.id}** (source {_md(t.source) or '—'}): camp on *{issue.id}* derived from "
                + ", ".join(f"*{c.id}*" for c in t.criteria) + ".", "",
                "| work | stated | derived | assigned | |", "|---|---|---|---|---|"]
        rows = [c for c in results if c.typology.id == t.id]
        for c in rows:
            out.append(f"| {c.map.id} | {_md(_camps(issue, c.stated.positions))} | {_md(_camps(issue, c.derived))} | "
                       f"{_md(_camps(issue, c.assigned_camps))} | {verdict(c)} |")
        for c in rows:
            out += ["", f"## {c.map.id}", ""]
            out += [f"- {_md(_reading_text(c, r, issues))}" for r in c.readings]
            for issue_id, pos, claims in criterion_claims(c):
                out.append(f"- *{_md(_value(issues, issue_id, pos))}*" + (":" if claims else " (no claims)"))
                out += [f"  - {_md(_evidence(m, cl))}" for m, cl in claims]
            for mm in c.mismatches:
                left, right = mm.kind.split("-vs-")
                out.append(f"- **{mm.kind}**: {left} {_md(_camps(issue, mm.left))}, {right} {_md(_camps(issue, mm.right))}")
                out += [f"  - because {_md(x)}" for x in mm.reasons]
                out += [f"  - {left}: {_md(_evidence(m, cl))}" for m, cl in mm.left_claims]
                out += [f"  - {right}: {_md(_evidence(m, cl))}" for m, cl in mm.right_claims]
        for citing, counts in attributed_only(maps, t).items():
            out += ["", f"{citing} also assigns a camp to {sum(counts.values())} cited work(s) with no map here: "
                    + ", ".join(f"{n} {camp}" for camp, n in counts.items()) + "."]
    return "\n".join(out) + "\n"


def to_json(results: list[Classification]) -> str:
    """``{"argmap-classify": 1, "works": [...]}``: per work and typology the stated, derived and
    assigned camps, the readings and the mismatches (claim ids as ``map#claim``)."""
    works = []
    for c in results:
        works.append({
            "map": c.map.id, "typology": c.typology.id, "verdict": verdict(c),
            "stated": list(c.stated.positions), "derived": list(c.derived), "assigned": list(c.assigned_camps),
            "assigned_by": sorted({o.id for o, _ in c.assigned}),
            "readings": [{"criteria": dict(r.values), "camps": list(r.camps), "rules": list(r.rules),
                          "near": [{"camp": camp, "needs": {i: list(v) for i, v in need}} for camp, need in r.near]}
                         for r in c.readings],
            "criteria": [{"issue": i, "position": p, "claims": [f"{m.id}#{cl.id}" for m, cl in claims]}
                         for i, p, claims in criterion_claims(c)],
            "mismatches": [{"kind": mm.kind, "left": list(mm.left), "right": list(mm.right),
                            "left_claims": [f"{m.id}#{cl.id}" for m, cl in mm.left_claims],
                            "right_claims": [f"{m.id}#{cl.id}" for m, cl in mm.right_claims],
                            "reasons": list(mm.reasons)} for mm in c.mismatches]})
    return json.dumps({"argmap-classify": 1, "works": works}, ensure_ascii=False, indent=2) + "\n"
