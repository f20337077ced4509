"""The comparison diagram a reader can read (render/rows.py): issues as rows down the middle, each
work's position and the few claims that carry it on its side, the verdict on the row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.compare.pair import compare
from argmap.load.corpus import load_corpus
from argmap.render.rows import MAX_CLAIMS, VERDICT, build_rows_graph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus([ROOT / "arguments"])


def _table(graph) -> str:  # type: ignore[no-untyped-def]
    (node,) = [n for n in graph.get_nodes() if n.get_name() == "comparison"]
    return node.get("label")


def _rows(label: str) -> list[str]:
    """The top-level rows of the table label, each as its XML text (nested tables inside)."""
    import xml.etree.ElementTree as ET

    table = ET.fromstring(f"<L>{label[1:-1]}</L>").find("TABLE")
    return [ET.tostring(tr, encoding="unicode") for tr in table.findall("TR")]


@pytest.mark.parametrize("pair", [("lin2013", "gpr33-2011"), ("lin2013", "thesis001-ch2"),
                                  ("guo-wuping", "thesis000-ch5")])
def test_one_row_per_issue_with_positions_claims_and_verdict(corpus, pair):
    a, b = (corpus.known[x] for x in pair)
    c = compare(a, b, dict(corpus.issues), corpus.known.values())
    label = _table(build_rows_graph(c, links_to="../"))
    shown = [r for r in c.rows if r.status != "neither"]
    body = _rows(label)
    assert len(body) == 1 + len(shown) + 1 + bool(c.links) + any(s.kind == "passage" for s in c.shared)
    for r, row in zip(shown, body[1:]):
        verdict = VERDICT[r.status].format(a=a.id, b=b.id)
        assert f"<B>{verdict}</B>" in row and r.issue.question[:6] in row
        for side, m, stance in (("a", a, r.a), ("b", b, r.b)):
            for cl in stance.claims[:MAX_CLAIMS]:
                assert f'HREF="../{m.id}.html#claim-{cl.id}"' in row, (r.issue.id, cl.id)
            for cl in stance.claims[MAX_CLAIMS:]:
                assert f"#claim-{cl.id}\"" not in row
            if len(stance.claims) > MAX_CLAIMS:
                assert f"+{len(stance.claims) - MAX_CLAIMS} more claim(s)" in row
            if not stance.positions:
                assert "not addressed" in row
    figure = "undefined" if c.agreement is None else f"{c.agreement:.0%}"
    assert f"agreement {figure}" in label


def test_without_links_and_with_labels(corpus):
    a, b = corpus.known["lin2013"], corpus.known["gpr33-2011"]
    c = compare(a, b, dict(corpus.issues), corpus.known.values())
    plain = _table(build_rows_graph(c))
    assert "HREF" not in plain and "●" not in plain
    marked = _table(build_rows_graph(c, labels={("lin2013", "H"): "out", ("lin2013", "T"): "in"}))
    assert re.search(r"<B>H</B> <FONT COLOR=\"#b91c1c\">×</FONT>", marked)
    assert re.search(r"<B>T</B> <FONT COLOR=\"#15803d\">●</FONT>", marked)


def test_render_two_maps_with_evaluate_marks_the_claims(tmp_path):
    out = tmp_path / "cmp.dot"
    args = ["render", str(ROOT / "arguments/lin2013.argmap.yaml"), str(ROOT / "arguments/gpr33-2011.argmap.yaml"),
            "-o", str(out)]
    assert CliRunner().invoke(main, args + ["--evaluate"]).exit_code == 0
    dot = out.read_text(encoding="utf-8")
    assert dot.count("●") >= 10 and "HREF" not in dot
    assert CliRunner().invoke(main, args).exit_code == 0
    assert "●" not in out.read_text(encoding="utf-8")
