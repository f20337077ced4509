"""Agreement across all works: a figure for every pair of holders of positions (docs/compare.md).

The columns are the mapped works; the rows are the same works, then every author a work
*attributes* positions to (one row per author and citing map, as in the matrix). A cell is the
agreement figure of ``argmap compare`` computed from the two rows' position sets: over the issues
both address, the mean of agree = 1, partly = 0.5, disagree = 0; ``None`` (undefined) when they
address no issue in common.
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.compare.matrix import Matrix, MatrixRow
from argmap.compare.pair import AGREEMENT_WEIGHT


@dataclass(frozen=True)
class Cell:
    """One pair: ``figure`` in [0, 1] or ``None``; ``counts`` of agree, partly and disagree over the
    ``issues`` both address (issue ids, in the issues file's order)."""

    figure: float | None
    counts: dict[str, int]
    issues: tuple[str, ...]

    @property
    def n(self) -> int:
        return len(self.issues)


@dataclass(frozen=True)
class Agreement:
    """``rows`` × ``columns`` (matrix rows: the works' own rows are the columns) and their cells
    (``cells[r][c]``; the diagonal is a work against itself)."""

    rows: tuple[MatrixRow, ...]
    columns: tuple[MatrixRow, ...]
    cells: tuple[tuple[Cell, ...], ...]


def status(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    """``agree``, ``partly`` or ``disagree`` for two non-empty position sets (as ``compare`` decides
    an issue's status); ``None`` when either is empty (the issue is not addressed by both)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return None
    return "agree" if sa == sb else "partly" if sa & sb else "disagree"


def cell(a: MatrixRow, b: MatrixRow, issue_ids: tuple[str, ...]) -> Cell:
    """The agreement of rows ``a`` and ``b`` over ``issue_ids``."""
    counts = {s: 0 for s in AGREEMENT_WEIGHT}
    joint = []
    for i in issue_ids:
        s = status(a.cells.get(i, ()), b.cells.get(i, ()))
        if s is not None:
            counts[s] += 1
            joint.append(i)
    figure = sum(AGREEMENT_WEIGHT[s] * n for s, n in counts.items()) / len(joint) if joint else None
    return Cell(figure, counts, tuple(joint))


def agreement(mx: Matrix) -> Agreement:
    """Every row of the matrix (own works, then attributed authors) against every work."""
    ids = tuple(i.id for i in mx.issues)
    cols = mx.own
    rows = mx.own + mx.attributed
    return Agreement(rows, cols, tuple(tuple(cell(r, c, ids) for c in cols) for r in rows))
