"""Compare two works issue by issue: their positions, the claims and quotes behind them, the claims
the maps link across works, and claim pairs the maps do not link yet (suggestions).

The comparison is built from the model only (maps and the corpus's issues files); the reporters at
the end turn it into text, Markdown or JSON (schema: ``schemas/compare.schema.json``). The method
and the agreement figure are explained in docs/compare.md.

Status of an issue (IBIS: an issue and its positions; Kunz & Rittel 1970)
    Each work's *own* position set on the issue is the set of positions its map states without
    ``asserted_by`` (several only when marked ambiguous); ``not-addressed`` or no statement is the
    empty set. Then: both empty → ``neither``; one empty → ``only-a`` / ``only-b``; equal sets →
    ``agree``; overlapping sets → ``partly``; disjoint sets → ``disagree``.

Agreement figure
    Over the issues both works address (``agree``, ``partly``, ``disagree``), the mean of 1 for
    agree, 0.5 for partly and 0 for disagree; ``None`` when they address no issue jointly.

Shared evidence
    A *passage* both works quote (a common run of at least :data:`SHARED_MIN` letters, digits or
    CJK characters in a quote of each, occurring in the quotes of at most :data:`SHARED_MAX_CLAIMS`
    claims of the corpus, so that stock phrases such as 上海合作組織成員國 are not counted), or an
    *event* or *claim* a cross-map link says both treat (``same-event``, ``same-claim``). A common
    run must also be made of rare bigrams (mean IDF over the corpus's quotes at least
    :data:`SHARED_MIN_IDF` times ln(N/2), the IDF of a bigram found in the two quotes only):
    上海合作組織成員國 or 中國在中亞地區的 are shared by chance. For each,
    the conclusion each work draws is the set of its own issue positions the claim leads to through
    support (the claim, or a claim it transitively supports, is named by a position statement); when
    the work only reports the claim as someone else's and rebuts it, the positions its rebuttals lead
    to are used instead. Conclusions differ when one work asserts what the other rebuts, or when
    they reach disjoint positions on an issue; they are the same when they reach equal positions on
    every issue both reach.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Literal

import networkx as nx

# the similarity measures are also importable from here, where they were first defined
from argmap.compare.similarity import (SHARED_MAX_CLAIMS, SHARED_MIN, SHARED_MIN_IDF, SUGGESTION_MIN, _idf,
                                      bigrams, dice, normalise, shared_passages, suggest_pairs)
from argmap.output.markdown import md
from argmap.output.places import quote_location
from argmap.model import NOT_ADDRESSED, REBUTTAL, Claim, Evidence, Issue, Map, PositionStatement

Status = Literal["agree", "partly", "disagree", "only-a", "only-b", "neither"]
#: Weight of each status in the agreement figure (issues both works address).
AGREEMENT_WEIGHT = {"agree": 1.0, "partly": 0.5, "disagree": 0.0}
#: Suggested claim pairs: at most this many (each with at least similarity.SUGGESTION_MIN).
SUGGESTIONS = 10


@dataclass(frozen=True)
class Stance:
    """One work's own position on one issue: the position ids (empty when not addressed), the
    statements that give them, and the claims those statements name."""

    positions: tuple[str, ...]
    statements: tuple[PositionStatement, ...]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class IssueRow:
    """One issue: each work's stance, the status, and the positions each map *attributes* to
    others on it (``(map id, statement)``)."""

    issue: Issue
    a: Stance
    b: Stance
    status: Status
    attributed: tuple[tuple[str, PositionStatement], ...] = ()


@dataclass(frozen=True)
class Alignment:
    """A pair of claims, one from each work. ``relation`` is the link's (same-claim, contradicts,
    same-event, supports, attacks), or ``"suggested"`` with ``score`` (bigram Dice, 0–1) for a
    pair the maps do not link. ``declared_in`` is the id of the map that declares the link, or
    ``"both"``."""

    a: Claim
    b: Claim
    relation: str
    declared_in: str | None = None
    note: str | None = None
    score: float | None = None


@dataclass(frozen=True)
class Use:
    """How one work uses a claim: whether it asserts it (``holder`` is ``None``) or reports it as
    ``holder``'s, the ids of its claims that rebut it, and the work's own positions
    (``(issue id, position id)``) the claim leads to through support — or, for a reported claim the
    work rebuts, the positions its rebuttals lead to."""

    claim: Claim
    holder: str | None
    rebutted_by: tuple[str, ...]
    positions: tuple[tuple[str, str], ...]

    @property
    def rejects(self) -> bool:
        """The work reports the claim and rebuts it."""
        return bool(self.rebutted_by)


@dataclass(frozen=True)
class SharedEvidence:
    """The same passage (``kind="passage"``; ``passage`` is the common wording with punctuation and
    spaces removed, ``quote_a``/``quote_b`` the quotes holding it), or the same event or claim
    (``kind="same-event"`` / ``"same-claim"``, from a cross-map link), used by both works.
    ``verdict`` is ``"same"``, ``"different"`` or ``"unclear"`` (no issue position follows on
    both sides); ``issues`` lists the issues both uses reach."""

    kind: str
    a: Use
    b: Use
    verdict: Literal["same", "different", "unclear"]
    issues: tuple[str, ...] = ()
    passage: str | None = None
    quote_a: Evidence | None = None
    quote_b: Evidence | None = None


@dataclass(frozen=True)
class Comparison:
    """Everything :func:`compare` finds; ``agreement`` as defined in the module docstring."""

    a: Map
    b: Map
    rows: tuple[IssueRow, ...]
    links: tuple[Alignment, ...]
    suggestions: tuple[Alignment, ...]
    problems: tuple[str, ...] = field(default=())
    shared: tuple[SharedEvidence, ...] = field(default=())

    @property
    def jointly(self) -> tuple[IssueRow, ...]:
        """Rows of the issues both works address."""
        return tuple(r for r in self.rows if r.status in AGREEMENT_WEIGHT)

    @property
    def agreement(self) -> float | None:
        joint = self.jointly
        if not joint:
            return None
        return sum(AGREEMENT_WEIGHT[r.status] for r in joint) / len(joint)


def _stance(m: Map, issue_id: str) -> Stance:
    own = [p for p in m.positions if p.issue.id == issue_id and p.asserted_by is None]
    positions = tuple(dict.fromkeys(p.position.id for p in own if p.position.id != NOT_ADDRESSED))
    claims = tuple(dict.fromkeys(m.claims_by_id[r.id] for p in own for r in p.claims if r.id in m.claims_by_id))
    return Stance(positions, tuple(own), claims)


def _status(a: Stance, b: Stance) -> Status:
    sa, sb = set(a.positions), set(b.positions)
    if not sa and not sb:
        return "neither"
    if not sb:
        return "only-a"
    if not sa:
        return "only-b"
    if sa == sb:
        return "agree"
    return "partly" if sa & sb else "disagree"


class _Uses:
    """For one map: which own positions each claim leads to through support, and who rebuts it."""

    def __init__(self, m: Map) -> None:
        self.m = m
        g = nx.DiGraph()
        g.add_nodes_from(m.claims_by_id)
        for inf in m.inferences:
            for p in inf.premises:
                g.add_edge(p.id, inf.conclusion.id)
        self.graph = g
        self.named: dict[str, set[tuple[str, str]]] = {}
        for st in m.positions:
            if st.asserted_by is None and st.position.id != NOT_ADDRESSED:
                for r in st.claims:
                    self.named.setdefault(r.id, set()).add((st.issue.id, st.position.id))
        self.rebuttals: dict[str, list[str]] = {}
        for att in m.attacks:
            if att.type == REBUTTAL:
                self.rebuttals.setdefault(att.target.id, []).append(att.attacker.id)

    def reach(self, claim_id: str) -> set[tuple[str, str]]:
        if claim_id not in self.graph:
            return set()
        out: set[tuple[str, str]] = set()
        for c in {claim_id} | nx.descendants(self.graph, claim_id):
            out |= self.named.get(c, set())
        return out

    def use(self, c: Claim) -> Use:
        holder = c.asserted_by.label() if c.asserted_by else None
        rebutted = tuple(self.rebuttals.get(c.id, ())) if holder else ()
        if rebutted:
            positions = set().union(*(self.reach(r) for r in rebutted))
        elif holder:
            positions = set()  # reported without rebuttal: not the work's own conclusion
        else:
            positions = self.reach(c.id)
        return Use(c, holder, rebutted, tuple(sorted(positions)))


def _verdict(a: Use, b: Use) -> tuple[str, tuple[str, ...]]:
    pa: dict[str, set[str]] = {}
    pb: dict[str, set[str]] = {}
    for d, use in ((pa, a), (pb, b)):
        for issue, pos in use.positions:
            d.setdefault(issue, set()).add(pos)
    common = tuple(i for i in pa if i in pb)
    asserted_a, asserted_b = a.holder is None, b.holder is None
    if (asserted_a and b.rejects) or (asserted_b and a.rejects):
        return "different", common
    if any(not (pa[i] & pb[i]) for i in common):
        return "different", common
    if common and (asserted_a or a.rejects) and (asserted_b or b.rejects):
        return ("same" if all(pa[i] == pb[i] for i in common) else "unclear"), common
    return "unclear", common


def compare(a: Map, b: Map, issues: dict[str, Issue] | None = None, corpus: Iterable[Map] = ()) -> Comparison:
    """Compare works ``a`` and ``b`` on every issue of ``issues`` (issue id → issue, in the order
    the issues file gives), align their claims, suggest unlinked pairs, and find the evidence both
    use (passages both quote, judged rare against the quotes of ``corpus``; events and claims
    linked across the maps).

    A cross-map link whose target claim does not exist is not an alignment; it is listed in
    ``problems`` (``argmap check`` reports it as R204)."""
    issues = issues or {}
    rows = []
    for issue_id, issue in issues.items():
        sa, sb = _stance(a, issue_id), _stance(b, issue_id)
        attributed = tuple((m.id, p) for m in (a, b) for p in m.positions
                           if p.issue.id == issue_id and p.asserted_by is not None)
        rows.append(IssueRow(issue, sa, sb, _status(sa, sb), attributed))
    links: list[Alignment] = []
    problems: list[str] = []
    linked: set[tuple[str, str]] = set()
    declared: dict[tuple[str, str, str], int] = {}
    for src, dst, flip in ((a, b, False), (b, a, True)):
        for c in src.claims:
            for k in c.links:
                if k.map_id != dst.id:
                    continue
                target = dst.claims_by_id.get(k.claim_id)
                if target is None:
                    problems.append(f"{src.file}:{k.loc.line}:{k.loc.column}: link to {k.map_id}#{k.claim_id}, "
                                    f"which {dst.id} does not define")
                    continue
                pair = (target, c) if flip else (c, target)
                if (pair[0].id, pair[1].id, k.relation) in declared:
                    i = declared[(pair[0].id, pair[1].id, k.relation)]
                    links[i] = Alignment(pair[0], pair[1], k.relation, "both", links[i].note or k.note)
                    continue
                declared[(pair[0].id, pair[1].id, k.relation)] = len(links)
                links.append(Alignment(pair[0], pair[1], k.relation, src.id, k.note))
                linked.add((pair[0].id, pair[1].id))
    scored = suggest_pairs(a, b, linked)
    suggestions = tuple(Alignment(ca, cb, "suggested", score=round(s, 3)) for s, _, _, ca, cb in scored[:SUGGESTIONS])
    ua, ub = _Uses(a), _Uses(b)
    shared: list[SharedEvidence] = []
    for ca, ea, cb, eb, passage in shared_passages(a, b, corpus):
        x, y = ua.use(ca), ub.use(cb)
        verdict, common = _verdict(x, y)
        shared.append(SharedEvidence("passage", x, y, verdict, common, passage, ea, eb))  # type: ignore[arg-type]
    for link in links:
        if link.relation in ("same-event", "same-claim"):
            x, y = ua.use(link.a), ub.use(link.b)
            verdict, common = _verdict(x, y)
            shared.append(SharedEvidence(link.relation, x, y, verdict, common))  # type: ignore[arg-type]
    return Comparison(a, b, tuple(rows), tuple(links), suggestions, tuple(problems), tuple(shared))


# -- reporters -----------------------------------------------------------------------------------

STATUS_WORDS = {"agree": "agree", "partly": "partly agree", "disagree": "disagree",
                "only-a": "only {a} addresses it", "only-b": "only {b} addresses it", "neither": "neither addresses it"}


#: The former name of :func:`argmap.output.places.quote_location` here (kept importable for this round).
_where = quote_location


def _label(issue: Issue, pos: tuple[str, ...]) -> str:
    """``label (id)`` per position, ``/``-joined; ``label (id, by absence)`` for a position held by
    what a work leaves out (docs/encoding.md); ``not addressed`` for none."""
    if not pos:
        return "not addressed"
    labels = {p.id: p.label for p in issue.positions}
    absent = {p.id for p in issue.positions if p.by_absence}
    return " / ".join(f"{labels.get(p, p)} ({p}{', by absence' if p in absent else ''})" for p in pos)


def summary_line(c: Comparison, row: IssueRow) -> str:
    """One line per issue: question, each work's position, status."""
    status = STATUS_WORDS[row.status].format(a=c.a.id, b=c.b.id)
    return (f"{row.issue.question_en} — {c.a.id}: {_label(row.issue, row.a.positions)}; "
            f"{c.b.id}: {_label(row.issue, row.b.positions)} → {status}")


def _agreement_text(c: Comparison) -> str:
    if c.agreement is None:
        return "agreement: undefined (no issue addressed by both)"
    joint = c.jointly
    counts = {s: sum(r.status == s for r in joint) for s in AGREEMENT_WEIGHT}
    return (f"agreement: {c.agreement:.0%} over {len(joint)} issue(s) both address "
            f"({counts['agree']} agree, {counts['partly']} partly, {counts['disagree']} disagree; "
            "agree = 1, partly = 0.5, disagree = 0)")


VERDICT_WORDS = {"same": "same conclusion", "different": "different conclusions",
                 "unclear": "no common issue position follows"}


def _positions_text(issues: dict[str, Issue], positions: tuple[tuple[str, str], ...], only: tuple[str, ...] = ()) -> str:
    shown = [(i, p) for i, p in positions if not only or i in only]
    if not shown:
        return "no issue position"
    labels = {(i.id, p.id): p.label_en for i in issues.values() for p in i.positions}
    return "; ".join(f"{i}: {labels.get((i, p), p)}" for i, p in shown)


def use_text(m: Map, u: Use, issues: dict[str, Issue], only: tuple[str, ...] = ()) -> str:
    """How ``m`` uses a claim, in words: asserted or reported (and by whom, rebutted by what), and
    the positions it leads to (restricted to the issues in ``only`` when given)."""
    if u.holder and u.rejects:
        how = f"reports it as {u.holder}'s and rebuts it ({', '.join(u.rebutted_by)})"
    elif u.holder:
        how = f"reports it as {u.holder}'s"
    else:
        how = "asserts it"
    return f"{m.id}#{u.claim.id} {how} → {_positions_text(issues, u.positions, only)}"


def shared_lines(c: Comparison, issues: dict[str, Issue]) -> list[tuple[str, list[str]]]:
    """Each shared item as (heading, detail lines): what is shared and how each work uses it."""
    out = []
    for s in c.shared:
        if s.kind == "passage":
            head = (f"passage 「{s.passage}」: {quote_location(c.a, s.quote_a)} and {quote_location(c.b, s.quote_b)}"  # type: ignore[arg-type]
                    f" — {VERDICT_WORDS[s.verdict]}")
        else:
            head = f"{s.kind} link {c.a.id}#{s.a.claim.id} = {c.b.id}#{s.b.claim.id} — {VERDICT_WORDS[s.verdict]}"
        lines = []
        for m, u, e in ((c.a, s.a, s.quote_a), (c.b, s.b, s.quote_b)):
            lines.append(use_text(m, u, issues, s.issues))
            lines.append(f"  {u.claim.text}" + (f"  「{e.quote}」" if e is not None else ""))
        out.append((head, lines))
    return out


def _issue_map(c: Comparison) -> dict[str, Issue]:
    return {r.issue.id: r.issue for r in c.rows}


def to_text(c: Comparison, quotes: int = 2) -> str:
    """The comparison for a terminal: per issue the summary line, then each side's claims and up
    to ``quotes`` quotes per claim with source and line (or page)."""
    out = [f"{c.a.id} ({c.a.work.title}) vs {c.b.id} ({c.b.work.title})", _agreement_text(c), ""]
    for row in c.rows:
        out.append("■ " + summary_line(c, row))
        for m, stance in ((c.a, row.a), (c.b, row.b)):
            for cl in stance.claims:
                out.append(f"    {m.id}#{cl.id}  {cl.text}")
                for e in cl.evidence[:quotes]:
                    out.append(f"        「{e.quote}」 ({quote_location(m, e)})")
        for mid, p in row.attributed:
            out.append(f"    {mid} attributes to {p.holder}: {_label(row.issue, (p.position.id,))}")
        out.append("")
    out.append("Claims linked across the maps:")
    out += [f"  {x.a.id} —{x.relation}→ {x.b.id}  (declared in {x.declared_in})" for x in c.links] or ["  none"]
    out.append("Shared evidence (the same passage, event or claim used by both):")
    shared = shared_lines(c, _issue_map(c))
    for head, lines in shared:
        out.append("  " + head)
        out += ["      " + x for x in lines]
    if not shared:
        out.append("  none")
    out.append("Suggested pairs (not linked in the maps; similar wording, not checked by anyone):")
    out += [f"  {x.a.id} ~ {x.b.id}  {x.score:.2f}  {x.a.text} | {x.b.text}" for x in c.suggestions] or ["  none"]
    for p in c.problems:
        out.append(f"problem: {p}")
    return "\n".join(out) + "\n"


def _md(s: str | None) -> str:
    return md(s or "")


def to_markdown(c: Comparison, quotes: int = 2) -> str:
    """The comparison as Markdown for a paper: a stance table, then the evidence per issue."""
    a, b = c.a.id, c.b.id
    out = [f"# {a} vs {b}", "", f"- **{a}**: {_md(c.a.work.title)}", f"- **{b}**: {_md(c.b.work.title)}",
           f"- {_agreement_text(c)}", "", f"| issue | {a} | {b} | |", "|---|---|---|---|"]
    for row in c.rows:
        out.append(f"| {_md(row.issue.question_en)} | {_md(_label(row.issue, row.a.positions))} | "
                   f"{_md(_label(row.issue, row.b.positions))} | {STATUS_WORDS[row.status].format(a=a, b=b)} |")
    for row in c.rows:
        out += ["", f"## {_md(row.issue.question)}", "", f"*{_md(row.issue.question_en)}* — "
                + STATUS_WORDS[row.status].format(a=a, b=b)]
        for m, stance in ((c.a, row.a), (c.b, row.b)):
            out += ["", f"**{m.id}**: {_md(_label(row.issue, stance.positions))}"]
            out += [f"*How it was read*: {_md(st.note)}" for st in stance.statements if st.note]
            for cl in stance.claims:
                out.append(f"- {_md(cl.text)} ({_md(cl.gloss)})")
                out += [f"  - 「{_md(e.quote)}」 ({_md(quote_location(m, e))})" for e in cl.evidence[:quotes]]
        if row.attributed:
            out += [""] + [f"- {mid} attributes to {_md(p.holder)}: {_md(_label(row.issue, (p.position.id,)))}"
                           for mid, p in row.attributed]
    out += ["", "## Claims linked across the maps", ""]
    out += [f"- {a}#{_md(x.a.id)} *{_md(x.relation)}* {b}#{_md(x.b.id)} (declared in {_md(x.declared_in)})"
            for x in c.links] or ["none"]
    out += ["", "## Shared evidence", "", "The same passage quoted by both, or an event or claim a "
            "cross-map link says both treat, and whether they draw the same conclusion from it.", ""]
    shared = shared_lines(c, _issue_map(c))
    for head, lines in shared:
        out.append(f"- {_md(head)}")
        out += [f"  - {_md(x.strip())}" for x in lines[0::2]]
    if not shared:
        out.append("none")
    out += ["", "## Suggested pairs", "", "Similar wording (character-bigram Dice ≥ "
            f"{SUGGESTION_MIN}); not links, and not checked by anyone.", ""]
    out += [f"- {a}#{_md(x.a.id)} ~ {b}#{_md(x.b.id)} ({x.score:.2f})" for x in c.suggestions] or ["none"]
    return "\n".join(out) + "\n"


def to_json(c: Comparison) -> str:
    """The comparison as JSON (schemas/compare.schema.json)."""

    def stance(m: Map, s: Stance) -> dict[str, object]:
        return {"positions": list(s.positions),
                "claims": [{"id": cl.id, "text": cl.text, "gloss": cl.gloss,
                            "evidence": [{"quote": e.quote, "source": (m.source_of(e).raw_path if m.source_of(e) else None),
                                          "line": e.line, "page": e.page, "start": e.start, "end": e.end}
                                         for e in cl.evidence]} for cl in s.claims]}

    def use(m: Map, u: Use, e: Evidence | None) -> dict[str, object]:
        return {"claim": u.claim.id, "holder": u.holder, "rebutted_by": list(u.rebutted_by),
                "positions": [{"issue": i, "position": p} for i, p in u.positions],
                "quote": None if e is None else {"quote": e.quote, "line": e.line, "page": e.page,
                                                 "start": e.start, "end": e.end}}

    data = {
        "argmap-compare": 1,
        "a": {"id": c.a.id, "title": c.a.work.title},
        "b": {"id": c.b.id, "title": c.b.work.title},
        "agreement": None if c.agreement is None else round(c.agreement, 4),
        "agreement_definition": "mean over issues both address of agree = 1, partly = 0.5, disagree = 0",
        "issues": [{"id": r.issue.id, "question": r.issue.question, "question_en": r.issue.question_en,
                    "status": r.status, "summary": summary_line(c, r),
                    "a": stance(c.a, r.a), "b": stance(c.b, r.b),
                    "attributed": [{"map": mid, "holder": p.holder, "position": p.position.id} for mid, p in r.attributed]}
                   for r in c.rows],
        "links": [{"a": x.a.id, "b": x.b.id, "relation": x.relation, "declared_in": x.declared_in, "note": x.note}
                  for x in c.links],
        "suggestions": [{"a": x.a.id, "b": x.b.id, "score": x.score} for x in c.suggestions],
        "shared": [{"kind": x.kind, "passage": x.passage, "verdict": x.verdict, "issues": list(x.issues),
                    "a": use(c.a, x.a, x.quote_a), "b": use(c.b, x.b, x.quote_b)} for x in c.shared],
        "problems": list(c.problems),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
