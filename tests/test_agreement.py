"""Agreement across all works: the works × works figure with the cited authors as extra rows
(compare/agreement.py), its heatmap (render/heatmap.py), on the matrix page in a browser."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from argmap.compare.agreement import agreement
from argmap.compare.matrix import matrix
from argmap.compare.pair import compare
from argmap.load.corpus import load_corpus
from argmap.render.heatmap import agreement_svg, colour

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus([ROOT / "arguments"])


def test_every_pair_of_works_has_the_figure_compare_gives(corpus):
    issues = dict(corpus.issues)
    ag = agreement(matrix(corpus.maps, issues))
    cols = {c.map.id: k for k, c in enumerate(ag.columns)}
    own = {r.map.id: k for k, r in enumerate(ag.rows) if r.attribution is None}
    assert set(own) == set(cols) == {m.id for m in corpus.maps}
    for a, b in itertools.permutations(corpus.maps, 2):
        got = ag.cells[own[a.id]][cols[b.id]]
        c = compare(a, b, issues)
        assert got.figure == c.agreement and got.n == len(c.jointly), (a.id, b.id)


def test_attributed_authors_are_extra_rows_compared_on_what_is_ascribed_to_them(corpus):
    issues = dict(corpus.issues)
    mx = matrix(corpus.maps, issues)
    ag = agreement(mx)
    assert [r.label for r in ag.rows] == [r.label for r in mx.own] + [r.label for r in mx.attributed]
    assert len(mx.attributed) > 0
    weight = {"agree": 1.0, "partly": 0.5, "disagree": 0.0}
    for r, row in enumerate(ag.rows):
        for c, col in enumerate(ag.columns):
            both = [i for i in issues if row.cells.get(i) and col.cells.get(i)]
            cell = ag.cells[r][c]
            assert list(cell.issues) == both
            if both:
                statuses = ["agree" if set(row.cells[i]) == set(col.cells[i]) else
                            "partly" if set(row.cells[i]) & set(col.cells[i]) else "disagree" for i in both]
                assert cell.figure == sum(weight[s] for s in statuses) / len(both)
            else:
                assert cell.figure is None


def test_colours_run_from_red_through_yellow_to_green():
    red, yellow, green = (tuple(int(colour(f)[k:k + 2], 16) for k in (1, 3, 5)) for f in (0.0, 0.5, 1.0))
    assert red[0] > red[1] and green[1] > green[0] and yellow[0] > 200 and yellow[1] > 200
    assert colour(None) not in {colour(x / 10) for x in range(11)}


def test_the_svg_has_one_cell_per_pair_with_its_figure_and_escapes_text(corpus):
    ag = agreement(matrix(corpus.maps, dict(corpus.issues)))
    root = ET.fromstring(agreement_svg(ag, {(0, 1): "x-vs-y.html"}))
    cells = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cell"]
    assert len(cells) == len(ag.rows) * len(ag.columns)
    for g in cells:
        r, c = (int(x) for x in g.get("id").split("-")[1:])
        figure = ag.cells[r][c].figure
        if g.get("data-figure") is not None:
            assert abs(float(g.get("data-figure")) - figure) < 1e-4
            assert g.find(f"{SVG}rect").get("fill") == colour(figure)
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["x-vs-y.html"]


def test_the_matrix_page_shows_the_heatmap_and_a_cell_opens_its_comparison(tmp_path):
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By

    from argmap.cli import main
    from tests.test_browser import _severe

    out = tmp_path / "renders"
    assert CliRunner().invoke(main, ["build", str(ROOT / "arguments"), "--out", str(out)]).exit_code == 0
    assert (out / "compare" / "agreement.svg").read_text(encoding="utf-8").startswith("<svg")
    driver = _driver()
    try:
        driver.get((out / "compare" / "matrix.html").as_uri())
        heat = driver.find_element(By.CSS_SELECTOR, ".heatmap svg#agreement")
        assert heat.is_displayed() and heat.size["width"] > 400
        cell = driver.find_element(By.CSS_SELECTOR, 'g.cell[data-row="lin2013"][data-column="gpr33-2011"]')
        corpus = load_corpus([ROOT / "arguments"])
        expected = compare(corpus.known["lin2013"], corpus.known["gpr33-2011"], dict(corpus.issues)).agreement
        assert abs(float(cell.get_attribute("data-figure")) - expected) < 1e-4
        assert cell.text.startswith(f"{expected:.0%}")
        fills = {driver.execute_script("return getComputedStyle(arguments[0]).fill", g.find_element(By.TAG_NAME, "rect"))
                 for g in driver.find_elements(By.CSS_SELECTOR, "g.cell[data-figure]")}
        assert len(fills) >= 3  # the figures differ, and so do the colours
        driver.execute_script("arguments[0].scrollIntoView({block:'center'})", cell)
        cell.click()
        assert driver.current_url.endswith("/lin2013-vs-gpr33-2011.html")
        assert _severe(driver) == []
    finally:
        driver.quit()


def _driver():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from tests.test_browser import CHROMEDRIVER, CHROMIUM

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--window-size=1400,900", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(2)
    return driver
