"""The agreement heatmap: works × works, then the authors the works cite as extra rows, each cell
the agreement figure of ``argmap compare`` (docs/compare.md), drawn as a self-contained SVG
(no script, no external resource; every text escaped). The main job writes it to
``renders/compare/agreement.svg`` and inlines it in ``matrix.html``."""

from __future__ import annotations

import html
from typing import Mapping

from argmap.compare.agreement import Agreement, Cell
from argmap.output.wrap import width

CELL_W, CELL_H, HEAD_H, PAD, CHAR_W = 92, 34, 40, 12, 7.2
FONT = "'Noto Sans CJK TC','Noto Sans TC',sans-serif"
#: The colour scale: 0 (disagree) red, 0.5 (partly) yellow, 1 (agree) green; grey for undefined.
STOPS = ((0.0, (232, 125, 116)), (0.5, (247, 214, 112)), (1.0, (99, 190, 123)))
UNDEFINED, DIAGONAL = "#eaeef2", "#d0d7de"


def colour(figure: float | None) -> str:
    """The fill of a cell with agreement ``figure`` (``None``: undefined), as ``#rrggbb``."""
    if figure is None:
        return UNDEFINED
    f = min(max(figure, 0.0), 1.0)
    for (x0, c0), (x1, c1) in zip(STOPS, STOPS[1:]):
        if f <= x1:
            t = (f - x0) / (x1 - x0)
            return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(c0, c1))
    return "#" + "".join(f"{v:02x}" for v in STOPS[-1][1])


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def row_label(ag: Agreement, r: int) -> str:
    """A row's label: the work's id, or ``author year · citing-map``."""
    row = ag.rows[r]
    return row.label if row.attribution is None else f"{row.label} · {row.map.id}"


def cell_title(ag: Agreement, r: int, c: int) -> str:
    """The cell's tooltip, e.g. ``lin2013 vs gpr33-2011: 86% over 7 issues (6 agree, 0 partly,
    1 disagree): balancing, …``."""
    x: Cell = ag.cells[r][c]
    who = f"{row_label(ag, r)} vs {ag.columns[c].label}"
    if x.figure is None:
        return f"{who}: no issue addressed by both"
    counts = ", ".join(f"{n} {s}" for s, n in x.counts.items())
    return f"{who}: {x.figure:.0%} over {x.n} issue(s) ({counts}): {', '.join(x.issues)}"


def agreement_svg(ag: Agreement, links: Mapping[tuple[int, int], str] | None = None,
                  title: str = "Agreement between the works over the issues both address") -> str:
    """The heatmap as SVG text. ``links`` maps (row, column) to an href for the cell (the main job
    links each pair of works to its comparison page)."""
    links = links or {}
    label_w = PAD + CHAR_W * max([width(row_label(ag, r)) for r in range(len(ag.rows))] + [10])
    n_own = sum(1 for r in ag.rows if r.attribution is None)
    gap = 26 if n_own < len(ag.rows) else 0
    w = int(label_w + CELL_W * len(ag.columns) + 2 * PAD)
    h = int(30 + HEAD_H + CELL_H * len(ag.rows) + gap + 56)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="agreement" width="{w}" height="{h}" '
           f'viewBox="0 0 {w} {h}" font-family="{FONT}" font-size="12" role="img" aria-label="{_e(title)}">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{PAD}" y="22" font-size="15" font-weight="bold">{_e(title)}</text>']
    for c, col in enumerate(ag.columns):
        x = label_w + c * CELL_W + CELL_W / 2
        out.append(f'<text class="col" x="{x:.1f}" y="{30 + HEAD_H - 8}" text-anchor="middle" font-weight="bold">'
                   f'{_e(col.label)}<title>{_e(col.map.work.title)}</title></text>')
    y = 30.0 + HEAD_H
    for r in range(len(ag.rows)):
        if r == n_own and gap:
            out.append(f'<text x="{PAD}" y="{y + 17:.1f}" fill="#6b21a8" font-style="italic">'
                       'attributed: positions a work ascribes to the authors it cites</text>')
            y += gap
        out += _row(ag, r, y, label_w, links)
        y += CELL_H
    out += _scale(y + 18, label_w)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _row(ag: Agreement, r: int, y: float, label_w: float, links: Mapping[tuple[int, int], str]) -> list[str]:
    row = ag.rows[r]
    colour_label = "#6b21a8" if row.attribution is not None else "#1f2328"
    out = [f'<text class="row" x="{PAD}" y="{y + CELL_H / 2 + 4:.1f}" fill="{colour_label}">{_e(row_label(ag, r))}</text>']
    for c in range(len(ag.columns)):
        x = label_w + c * CELL_W
        cell = ag.cells[r][c]
        diagonal = row.attribution is None and row.map.id == ag.columns[c].map.id
        fill = DIAGONAL if diagonal else colour(cell.figure)
        text = "—" if diagonal else "n/a" if cell.figure is None else f"{cell.figure:.0%}"
        fig = "" if cell.figure is None or diagonal else f' data-figure="{cell.figure:.4f}"'
        body = (f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{CELL_W - 2}" height="{CELL_H - 2}" rx="3" fill="{fill}"/>'
                f'<text x="{x + CELL_W / 2:.1f}" y="{y + 16:.1f}" text-anchor="middle" font-weight="bold">{text}</text>'
                + ("" if diagonal or cell.figure is None else
                   f'<text x="{x + CELL_W / 2:.1f}" y="{y + 28:.1f}" text-anchor="middle" font-size="9" '
                   f'fill="#424a53">n={cell.n}</text>'))
        g = (f'<g class="cell" id="agreement-{r}-{c}" data-row="{_e(row_label(ag, r))}" '
             f'data-column="{_e(ag.columns[c].label)}"{fig}><title>{_e(cell_title(ag, r, c))}</title>{body}</g>')
        href = links.get((r, c))
        out.append(f'<a href="{_e(href)}">{g}</a>' if href and not diagonal else g)
    return out


def _scale(y: float, x0: float) -> list[str]:
    out = [f'<text x="{PAD}" y="{y + 12:.1f}">agreement</text>']
    for k in range(11):
        f = k / 10
        out.append(f'<rect x="{x0 + k * 22:.1f}" y="{y:.1f}" width="22" height="16" fill="{colour(f)}"/>')
    out.append(f'<text x="{x0:.1f}" y="{y + 30:.1f}" font-size="10">0% disagree</text>')
    out.append(f'<text x="{x0 + 121:.1f}" y="{y + 30:.1f}" font-size="10" text-anchor="middle">50%</text>')
    out.append(f'<text x="{x0 + 242:.1f}" y="{y + 30:.1f}" font-size="10" text-anchor="end">100% agree</text>')
    out.append(f'<rect x="{x0 + 262:.1f}" y="{y:.1f}" width="22" height="16" fill="{UNDEFINED}"/>'
               f'<text x="{x0 + 290:.1f}" y="{y + 12:.1f}" font-size="10">n/a: no issue in common</text>')
    return out
