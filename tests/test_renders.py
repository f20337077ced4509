"""The committed renders/ are current: each file is compared with what the main job would write
now, by its DOT source or data — never by pixels, which depend on the Graphviz build and fonts.

When one of these fails, run the main job (README) and commit renders/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmap.checks import check_corpus
from argmap.compare.pair import compare, to_markdown
from argmap.load.corpus import load_corpus
from argmap.compare.matrix import matrix, to_markdown as matrix_markdown
from argmap.render.dot import build_graph
from argmap.render.rows import build_rows_graph
from argmap.compare.typology import classify_all, to_markdown as classify_markdown
from argmap.render.viewer import _json_for_script, page_data

ROOT = Path(__file__).resolve().parent.parent
RENDERS = ROOT / "renders"
STALE = "renders/{} is stale: run 'argmap build arguments/ --out renders/' and commit renders/"


@pytest.fixture(scope="module")
def corpus():
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)  # the main job runs from the repository root; file names in renders are relative to it
    try:
        c = load_corpus([Path("arguments")])
        diagnostics = check_corpus(c)
    finally:
        os.chdir(cwd)
    return c, diagnostics


def test_every_map_has_current_dot_svg_and_html(corpus):
    c, diagnostics = corpus
    assert c.maps, "no maps in arguments/"
    for m in c.maps:
        dot = build_graph(m, None, c.sources).to_string()
        assert (RENDERS / f"{m.id}.dot").read_text(encoding="utf-8") == dot, STALE.format(f"{m.id}.dot")
        svg = (RENDERS / f"{m.id}.svg").read_text(encoding="utf-8")
        # the SVG was laid out from this DOT: every claim node is in it
        assert all(f'id="claim&#45;{re.sub("-", "&#45;", cid)}"' in svg for cid in m.claims_by_id), STALE.format(f"{m.id}.svg")
        page = (RENDERS / f"{m.id}.html").read_text(encoding="utf-8")
        data = _json_for_script(page_data(m, c, diagnostics))
        assert f'<script type="application/json" id="argmap-data">{data}</script>' in page, STALE.format(f"{m.id}.html")
    index = (RENDERS / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{m.id}.html"' in index for m in c.maps), STALE.format("index.html")


def test_comparisons_are_current(corpus):
    c, _ = corpus
    issues = dict(c.issues)
    order = sorted(c.maps, key=lambda m: m.id != "lin2013")  # the typology's source work is A in its pairs
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            result = compare(a, b, issues, c.known.values())
            stem = f"compare/{a.id}-vs-{b.id}"
            assert (RENDERS / f"{stem}.md").read_text(encoding="utf-8") == to_markdown(result), STALE.format(f"{stem}.md")
            dot = build_rows_graph(result, links_to="../").to_string()
            assert (RENDERS / f"{stem}.dot").read_text(encoding="utf-8") == dot, STALE.format(f"{stem}.dot")
    from argmap.compare.agreement import agreement
    from argmap.render.heatmap import agreement_svg

    ag = agreement(matrix(c.maps, issues))
    svg = (RENDERS / "compare/agreement.svg").read_text(encoding="utf-8")
    plain = agreement_svg(ag)  # the written one links the pairs' pages; the cells and figures are the same
    cells = lambda text: re.findall(r'<g class="cell"[^>]*>', text)  # noqa: E731
    assert cells(svg) == cells(plain), STALE.format("compare/agreement.svg")
    assert (RENDERS / "compare/matrix.md").read_text(encoding="utf-8") == matrix_markdown(matrix(c.maps, issues)), \
        STALE.format("compare/matrix.md")
    results = classify_all(c.maps, c.typologies, issues)
    assert (RENDERS / "compare/classify.md").read_text(encoding="utf-8") == classify_markdown(results, issues, c.maps), \
        STALE.format("compare/classify.md")


def test_no_stray_renders(corpus):
    """Every file in renders/ belongs to a current map or comparison (a renamed map leaves none behind)."""
    c, _ = corpus
    ids = {m.id for m in c.maps}
    for f in RENDERS.iterdir():
        if f.is_file():
            stem = f.name.split(".")[0]
            assert stem in ids | {"index"}, f"renders/{f.name} belongs to no map"
    for f in (RENDERS / "compare").iterdir():
        stem = f.name.split(".")[0]
        ok = stem in {"matrix", "classify", "agreement"} or any(stem == f"{a}-vs-{b}" for a in ids for b in ids if a != b)
        assert ok, f"renders/compare/{f.name} belongs to no comparison"


def test_exports_are_current(corpus):
    """renders/export/ holds each map's AIF, Argdown and GraphML, and the works' CSL-JSON
    bibliography, as `argmap export` writes them now."""
    from argmap.cli import EXPORTS, export_text
    from argmap.interchange.csljson import to_csl_json

    c, _ = corpus
    expected = set()
    for m in c.maps:
        for to, suffix in EXPORTS.items():
            name = f"{m.id}{suffix}"
            expected.add(name)
            assert (RENDERS / "export" / name).read_text(encoding="utf-8") == export_text(m, to), \
                STALE.format(f"export/{name}")
    bib = (RENDERS / "export" / "bibliography.csl.json").read_text(encoding="utf-8")
    assert bib == to_csl_json(c.maps), STALE.format("export/bibliography.csl.json")
    expected.add("bibliography.csl.json")
    assert {f.name for f in (RENDERS / "export").iterdir()} == expected, "renders/export/ holds stray files"
    index = (RENDERS / "index.html").read_text(encoding="utf-8")
    assert all(f'href="export/{m.id}.aif.json"' in index for m in c.maps), STALE.format("index.html")


def test_index_counts_problems(tmp_path):
    """The index says how many errors and warnings each map has (a map with a dangling premise)."""
    from argmap.model.diagnostics import Diagnostic
    from argmap.render.viewer import index_page

    c = load_corpus([ROOT / "arguments" / "thesis000-ch5.argmap.yaml"])
    m = c.maps[0]
    diags = [Diagnostic("R202", "x", m.file, 1, 1), Diagnostic("R209", "y", m.file, 2, 1)]
    assert "1 error(s), 1 warning(s)" in index_page(c, diags)
    assert "clean" in index_page(c, [])
