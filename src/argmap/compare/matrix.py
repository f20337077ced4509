"""The matrix works × issues (``argmap compare --all``): every work's own position on every issue,
and the positions a work *attributes* to the authors it cites, marked as attributed with who says
so and where.

A row is one holder of positions:

* a mapped work's own positions (statements without ``asserted_by``), one row per map;
* an attributed holder: the statements of one map with the same ``asserted_by`` (author and year),
  one row per (map, holder). The row says which map attributes the positions and where: the
  statement's ``file:line`` in the map and the first quote of the claims it names
  (``source-file:line``).

A cell is the set of position ids (several when the statements are marked ``ambiguous``); empty
when the holder does not address the issue or states ``not-addressed``. A position the issues file
marks ``by_absence`` (held by what a work leaves out) is shown as such, so that it is never
confused with an empty cell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

from argmap.compare.pair import _label, _stance
from argmap.output.markdown import md
from argmap.output.places import quote_location
from argmap.model import NOT_ADDRESSED, Attribution, Issue, Map, PositionStatement
from argmap.output.wrap import width


@dataclass(frozen=True)
class MatrixRow:
    """One holder's positions. ``attribution`` is ``None`` for a map's own row; otherwise the row
    holds what ``map`` attributes to that author. ``cells`` maps issue id → position ids;
    ``statements`` issue id → the statements behind the cell."""

    map: Map
    attribution: Attribution | None
    cells: dict[str, tuple[str, ...]]
    statements: dict[str, tuple[PositionStatement, ...]]

    @property
    def label(self) -> str:
        """``lin2013`` for an own row; ``余建華（主編） 2009`` for an attributed one."""
        return self.map.id if self.attribution is None else self.attribution.label()

    def where(self, issue_id: str) -> str:
        """Where the cell's positions are stated: map ``file:line`` of the first statement, and the
        first quote of the claims it names (``source-file:line``), e.g.
        ``arguments/lin2013.argmap.yaml:2786, 002_….txt:419``. Empty for an empty cell."""
        for st in self.statements.get(issue_id, ()):
            if st.position.id == NOT_ADDRESSED:
                continue
            place = f"{st.loc.file}:{st.loc.line}"
            for r in st.claims:
                claim = self.map.claims_by_id.get(r.id)
                if claim is not None and claim.evidence:
                    return f"{place}, {quote_location(self.map, claim.evidence[0])}"
            return place
        return ""


@dataclass(frozen=True)
class Matrix:
    """Works (own rows first, in the order given) and attributed holders × issues."""

    issues: tuple[Issue, ...]
    rows: tuple[MatrixRow, ...]

    @property
    def own(self) -> tuple[MatrixRow, ...]:
        return tuple(r for r in self.rows if r.attribution is None)

    @property
    def attributed(self) -> tuple[MatrixRow, ...]:
        return tuple(r for r in self.rows if r.attribution is not None)


def matrix(maps: Iterable[Map], issues: dict[str, Issue]) -> Matrix:
    """The matrix of ``maps`` × ``issues`` (issue id → issue, in file order)."""
    maps = list(maps)
    own = []
    attributed: dict[tuple[str, str], MatrixRow] = {}
    for m in maps:
        cells, stmts = {}, {}
        for issue_id in issues:
            s = _stance(m, issue_id)
            cells[issue_id] = s.positions
            stmts[issue_id] = s.statements
        own.append(MatrixRow(m, None, cells, stmts))
    for m in maps:
        for st in m.positions:
            if st.asserted_by is None or st.issue.id not in issues:
                continue
            key = (m.id, st.asserted_by.label())
            row = attributed.setdefault(key, MatrixRow(m, st.asserted_by, {}, {}))
            if st.position.id != NOT_ADDRESSED:
                row.cells[st.issue.id] = tuple(dict.fromkeys(row.cells.get(st.issue.id, ()) + (st.position.id,)))
            row.statements[st.issue.id] = row.statements.get(st.issue.id, ()) + (st,)
    return Matrix(tuple(issues.values()), tuple(own) + tuple(attributed.values()))


# -- reporters -----------------------------------------------------------------------------------

def _cell(row: MatrixRow, issue: Issue) -> str:
    """Position ids, ``/``-joined, a position shown by absence marked ``(by absence)``; ``—`` when
    the holder does not address the issue."""
    pos = row.cells.get(issue.id, ())
    absent = {p.id for p in issue.positions if p.by_absence}
    return " / ".join(p + (" (by absence)" if p in absent else "") for p in pos) if pos else "—"


def _pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def to_text(mx: Matrix) -> str:
    """A table for the terminal (position ids; columns padded by display width), then the
    attributed rows' sources, then the issues and their positions as a key."""
    head = ["work"] + [i.id for i in mx.issues]
    body = [[r.label + (" *" if r.attribution else "")] + [_cell(r, i) for i in mx.issues] for r in mx.rows]
    widths = [max(width(x[k]) for x in [head] + body) for k in range(len(head))]
    out = ["  ".join(_pad(x, w) for x, w in zip(line, widths)).rstrip() for line in [head] + body]
    out.insert(1, "  ".join("-" * w for w in widths))
    if mx.attributed:
        out += ["", "* attributed: positions a work ascribes to an author it cites (who says so, where):"]
        for r in mx.attributed:
            where = "; ".join(f"{i}: {r.where(i)}" for i in r.statements)
            out.append(f"  {r.label} — according to {r.map.id} ({where})")
    out += ["", "Positions:"]
    for i in mx.issues:
        out.append(f"  {i.id}: {i.question_en}")
        out += [f"      {p.id} = {p.label} ({p.label_en})" for p in i.positions]
    return "\n".join(out) + "\n"


def _md(s: str | None) -> str:
    return md(s or "")


def to_markdown(mx: Matrix) -> str:
    """The matrix as Markdown tables: the works' own positions, then the attributed positions with
    who attributes them and where."""
    out = ["# Positions of the works on the issues", ""]
    out += [f"- **{i.id}**: {_md(i.question)}（{_md(i.question_en)}）" for i in mx.issues]
    out += ["", "| work | " + " | ".join(i.id for i in mx.issues) + " |", "|---|" + "---|" * len(mx.issues)]
    for r in mx.own:
        out.append(f"| **{_md(r.label)}** ({_md(r.map.work.title)}) | "
                   + " | ".join(_md(_label(i, r.cells.get(i.id, ()))) for i in mx.issues) + " |")
    if mx.attributed:
        out += ["", "## Attributed positions", "",
                "Positions a work ascribes to the authors it cites — *their* positions as that work reads them, "
                "not the citing work's own.", "", "| author | issue | position | according to | where |",
                "|---|---|---|---|---|"]
        for r in mx.attributed:
            for issue in mx.issues:
                if issue.id in r.statements:
                    work = f" {r.attribution.work}" if r.attribution and r.attribution.work else ""
                    out.append(f"| {_md(r.label + work)} | {issue.id} | {_md(_label(issue, r.cells.get(issue.id, ())))} | "
                               f"{r.map.id} | {_md(r.where(issue.id))} |")
    return "\n".join(out) + "\n"


def to_json(mx: Matrix) -> str:
    """The matrix as JSON: ``{"argmap-matrix": 1, "issues": [...], "rows": [...]}``; each row has
    ``map``, ``attributed`` (``null`` or ``{author, year, work}``), and per issue the position ids
    and where they are stated."""
    rows = []
    for r in mx.rows:
        a = r.attribution
        rows.append({"map": r.map.id, "label": r.label,
                     "attributed": None if a is None else {"author": a.author, "year": a.year, "work": a.work},
                     "cells": {i.id: {"positions": list(r.cells.get(i.id, ())),
                                      "by_absence": [p.id for p in i.positions
                                                     if p.by_absence and p.id in r.cells.get(i.id, ())],
                                      "where": r.where(i.id) or None}
                               for i in mx.issues}})
    data = {"argmap-matrix": 1, "issues": [{"id": i.id, "question": i.question, "question_en": i.question_en}
                                           for i in mx.issues], "rows": rows}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
