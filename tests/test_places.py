"""One location format shown to readers, one quote-in-context cut, one resolution per quote and run
(issue #17)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from argmap.compare.pair import compare, to_markdown, to_text
from argmap.load.corpus import load_corpus
from argmap.model import Evidence, Location
from argmap.model import Author, Work
from argmap.output.places import cite_label, quote_file_location, quote_location
from argmap.render.pages import compare_html
from argmap.render.reading import CLOSE, OPEN, quote_in_context, show_claim
from argmap.render.style import claim_tooltip, quote_place
from argmap.render.viewer import page_data
from tests.conftest import SOURCE_TEXT, base_map
from tests.test_positions import ISSUES

ROOT = Path(__file__).resolve().parent.parent


def write_pair(tmp_path: Path, evidence: dict) -> tuple:
    """Two maps whose claim C1 has ``evidence``, their source in ``sources/src.txt``."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "x.issues.yaml").write_text(yaml.safe_dump(ISSUES, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
    for mid in ("alpha", "beta"):
        m = base_map()
        m["id"] = mid
        m["sources"][0]["path"] = "sources/src.txt"
        m["claims"][1]["evidence"] = [dict(evidence)]
        m["positions"] = [{"issue": "balancing", "position": "high", "claims": ["C1"]},
                          {"issue": "aimed", "position": "yes", "claims": ["T"]}]
        (tmp_path / f"{mid}.argmap.yaml").write_text(yaml.safe_dump(m, allow_unicode=True, sort_keys=False),
                                                      encoding="utf-8")
    corpus = load_corpus([tmp_path])
    a, b = sorted(corpus.maps, key=lambda m: m.id)
    return corpus, a, b


@pytest.mark.parametrize("selectors, expected, tools", [
    ({"line": 5, "page": 7}, "王小明 2013, p. 7", "src.txt:5, p. 7"),
    ({"line": 5, "page": 7, "page_end": 8}, "王小明 2013, pp. 7–8", "src.txt:5, p. 7"),
    ({"line": 5}, "王小明 2013, src.txt:5", "src.txt:5"),
    ({"page": "xii"}, "王小明 2013, p. xii", "src.txt, p. xii"),
    ({}, "王小明 2013, src.txt", "src.txt"),
])
def test_quote_location_is_a_citation_with_the_page(tmp_path, selectors, expected, tools):
    """Readers see author, year and page (the file and line only when the page is unknown); tools
    keep file:line."""
    _, a, _ = write_pair(tmp_path, {"quote": "展示嚇阻力", **selectors})
    e = a.claims_by_id["C1"].evidence[0]
    assert quote_location(a, e) == expected
    assert quote_file_location(a, e) == tools
    assert quote_location(a, e, line=6, page=8) == "王小明 2013, p. 8"  # what the caller found wins
    assert quote_location(a, e, line=6) == (expected if "page" in selectors else "王小明 2013, src.txt:6")


@pytest.mark.parametrize("authors, year, expected", [
    (["林伯雍"], 2013, "林伯雍 2013"),
    (["林伯雍", "郭武平"], 2013, "林伯雍、郭武平 2013"),
    (["林伯雍", "郭武平", "某甲"], None, "林伯雍等 n.d."),
    (["Po-Yung Lin"], 2013, "Lin 2013"),
    (["Po-Yung Lin", "John Smith"], 2020, "Lin and Smith 2020"),
    (["Po-Yung Lin", "John Smith", "A B"], 2020, "Lin et al. 2020"),
])
def test_cite_label(authors, year, expected):
    w = Work(title="t", authors=tuple(Author(n) for n in authors), kind="book", language="zh-Hant", year=year)
    assert cite_label(w) == expected


def test_a_source_by_another_author_is_cited_as_its_own(tmp_path):
    _, a, _ = write_pair(tmp_path, {"quote": "展示嚇阻力", "page": 3})
    src = dataclasses.replace(a.sources[0], authors=("余建華",), year=2009)
    m = dataclasses.replace(a, sources=(src,))
    assert quote_location(m, m.claims_by_id["C1"].evidence[0]) == "余建華 2009, p. 3"


def test_quote_location_of_an_unknown_source_is_a_question_mark(tmp_path):
    _, a, _ = write_pair(tmp_path, {"quote": "展示嚇阻力", "line": 5})
    stray = Evidence("x", Location(a.file, 1, 1), line=3)
    assert quote_file_location(dataclasses.replace(a, sources=()), stray) == "?:3"
    assert quote_location(dataclasses.replace(a, sources=()), stray) == "王小明 2013, ?:3"


def test_every_reader_facing_place_shows_the_same_location(tmp_path):
    """Tooltips, quote nodes, the map page, the comparison (text, Markdown, HTML) all show a quote's
    place as quote_location does; none shows the source's folder."""
    corpus, a, b = write_pair(tmp_path, {"quote": "展示嚇阻力", "line": 5, "page": 7})
    e = a.claims_by_id["C1"].evidence[0]
    where = "王小明 2013, p. 7"
    assert quote_location(a, e) == where
    assert f"「展示嚇阻力」 — {where}" in claim_tooltip(a.claims_by_id["C1"], a, corpus.sources)
    assert quote_place(e, a, corpus.sources) == where
    [item] = page_data(a, corpus)["claims"]["C1"]["evidence"]
    assert item["found"] and item["where"] == where
    c = compare(a, b, dict(corpus.issues))
    for text in (to_text(c), to_markdown(c), compare_html(c)):
        assert f"「展示嚇阻力」 ({where})" in text or f'「展示嚇阻力」</span> <span class="where" title="src.txt:5, p. 7">{where}</span>' in text
        assert "sources/src.txt" not in text


def test_show_and_the_map_page_cut_the_same_context():
    """argmap show and the map page use one quote-in-context cut: for every quote of lin2013 the
    page's before/passage/after are what show marks 【…】, and what quote_in_context returns."""
    corpus = load_corpus([ROOT / "arguments" / "lin2013.argmap.yaml"])
    m = corpus.maps[0]
    data = page_data(m, corpus)["claims"]
    checked = 0
    for c in m.claims:
        shown = show_claim(m, corpus, c.id, sentences=1)
        for e, item in zip(c.evidence, data[c.id]["evidence"]):
            q = quote_in_context(m, e, corpus.sources, 1)
            assert q.span is not None and item["found"]
            assert (item["before"], item["passage"], item["after"]) == (q.before, q.passage, q.after)
            assert f"{q.before}{OPEN}{q.passage}{CLOSE}{q.after}" in shown
            checked += 1
    assert checked == sum(len(c.evidence) for c in m.claims) > 200


def test_a_quote_is_resolved_once_per_run(tmp_path):
    """SourceCache.resolution: the same object for the same quote; a result with the near-miss
    search also answers without it; one without it is searched again when a near miss is asked for."""
    corpus, a, _ = write_pair(tmp_path, {"quote": "展示嚇阻方", "line": 5})  # one character wrong
    e = a.claims_by_id["C1"].evidence[0]
    src = a.source_of(e)
    text = corpus.sources.get(src)
    quick = corpus.sources.resolution(e, text, src.sha256, near=False)
    assert quick.status == "not-found" and quick.near is None
    full = corpus.sources.resolution(e, text, src.sha256)
    assert full is not quick and full.near is not None and full.near.passage == "展示嚇阻力"
    assert corpus.sources.resolution(e, text, src.sha256) is full
    assert corpus.sources.resolution(e, text, src.sha256, near=False) is full
    other = corpus.sources.resolution(e, text, "0" * 64)  # another pinned hash: resolved anew
    assert other is not full
