"""The map page's view in a real browser (issue #21): it opens fitted to the window, zooms with
buttons and keys, pans by dragging, and ``#claim-X`` centres the claim.

The page is the committed ``renders/lin2013.html`` (the largest map: its diagram is several times
wider than the window), opened as a ``file://`` URL in headless Chromium (tests/test_browser.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_browser import _severe, browser  # noqa: F401  (the module-scoped Chromium fixture)

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "renders" / "lin2013.html"


def _open(driver, fragment: str = "") -> None:
    driver.get(PAGE.as_uri() + fragment)
    driver.get_log("browser")


def _scale(driver) -> float:
    return float(driver.execute_script("return document.getElementById('diagram').getAttribute('data-scale')"))


def _visible_in_diagram(driver, claim: str) -> bool:
    """Whether the claim's box lies wholly inside the diagram's visible area and the window."""
    return driver.execute_script("""
        var n = document.querySelector('.svg-zh g.node[data-claim="' + arguments[0] + '"]');
        var a = n.getBoundingClientRect(), d = document.getElementById('diagram').getBoundingClientRect();
        return a.width > 0 && a.left >= d.left && a.right <= d.right && a.top >= d.top && a.bottom <= d.bottom
            && a.right <= window.innerWidth && a.bottom <= window.innerHeight;""", claim)


def _offset_from_centre(driver, claim: str) -> tuple[float, float]:
    return tuple(driver.execute_script("""
        var n = document.querySelector('.svg-zh g.node[data-claim="' + arguments[0] + '"]');
        var a = n.getBoundingClientRect(), box = document.getElementById('diagram');
        var d = box.getBoundingClientRect();
        return [a.left + a.width / 2 - (d.left + box.clientWidth / 2), a.top + a.height / 2 - (d.top + box.clientHeight / 2)];""",
                                       claim))


def test_opens_fitted_with_the_thesis_in_view(browser):
    _open(browser)
    width = browser.execute_script("return document.querySelector('.svg-zh svg').getBoundingClientRect().width")
    natural = browser.execute_script("return +document.querySelector('.svg-zh svg').getAttribute('data-w')")
    assert natural > 3000  # the diagram is far wider than the window at 100 %
    assert _scale(browser) < 0.3 and width <= browser.execute_script(
        "return document.getElementById('diagram').clientWidth")
    assert _visible_in_diagram(browser, "T")
    assert _severe(browser) == []


def test_zoom_buttons_and_keys(browser):
    from selenium.webdriver.common.by import By

    _open(browser)
    fit = _scale(browser)
    browser.find_element(By.ID, "zoom-in").click()
    assert _scale(browser) == pytest.approx(fit * 1.25)
    assert browser.find_element(By.ID, "zoom-level").text == f"{round(fit * 125)} %"
    browser.find_element(By.ID, "zoom-out").click()
    assert _scale(browser) == pytest.approx(fit)
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("+")
    body.send_keys("+")
    assert _scale(browser) == pytest.approx(fit * 1.25 ** 2)
    body.send_keys("-")
    assert _scale(browser) == pytest.approx(fit * 1.25)
    body.send_keys("1")
    assert _scale(browser) == 1
    width = browser.execute_script("return document.querySelector('.svg-zh svg').getBoundingClientRect().width")
    natural = browser.execute_script("return +document.querySelector('.svg-zh svg').getAttribute('data-w')")
    assert width == pytest.approx(natural, abs=1)
    body.send_keys("0")
    assert _scale(browser) == pytest.approx(fit)
    assert _visible_in_diagram(browser, "T")
    browser.find_element(By.ID, "zoom-actual").click()
    assert _scale(browser) == 1
    browser.find_element(By.ID, "zoom-fit").click()
    assert _scale(browser) == pytest.approx(fit)
    # typing + in the search box searches; it does not zoom
    browser.find_element(By.ID, "search").send_keys("+")
    assert _scale(browser) == pytest.approx(fit)
    assert _severe(browser) == []


def test_drag_pans_and_does_not_select(browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _open(browser)
    browser.find_element(By.ID, "zoom-actual").click()
    box = browser.find_element(By.ID, "diagram")
    before = browser.execute_script("return [arguments[0].scrollLeft, arguments[0].scrollTop]", box)
    ActionChains(browser).move_to_element(box).click_and_hold().move_by_offset(-200, -120).release().perform()
    after = browser.execute_script("return [arguments[0].scrollLeft, arguments[0].scrollTop]", box)
    assert after[0] - before[0] == pytest.approx(200, abs=2)
    assert after[1] - before[1] == pytest.approx(120, abs=2)
    assert browser.execute_script("return location.hash") == ""  # the drag selected no claim
    assert _severe(browser) == []


def test_fragment_centres_the_claim(browser):
    from selenium.webdriver.common.by import By

    _open(browser, "#claim-C4.2")
    assert browser.find_element(By.CSS_SELECTOR, "#panel h2").text.startswith("C4.2")
    assert _scale(browser) >= 1  # readable
    dx, dy = _offset_from_centre(browser, "C4.2")
    assert abs(dx) <= 2 and abs(dy) <= 2
    # following a reference in the panel centres that claim too
    browser.execute_script("location.hash = '#claim-T'")
    dx, dy = _offset_from_centre(browser, "T")
    assert abs(dx) <= 2 and abs(dy) <= 60  # the thesis is on the top edge: the view cannot scroll above it
    assert _visible_in_diagram(browser, "T")
    assert _severe(browser) == []
