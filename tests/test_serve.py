"""``argmap serve``: the live preview, as a subprocess on a loopback address, with a small map.

In a real browser (headless Chromium, tests/test_browser.py): a claim's text edited on disk shows on
the open page within 2 s; broken YAML shows the L001 message on the page; fixed, the map is back.
Over HTTP: nothing outside the build folder is served (path traversal in its spellings, the map
file itself, a foreign Host header). The server is started with --max-seconds, so it stops by
itself even if a test does not stop it.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import SOURCE_TEXT, base_map
from tests.test_browser import _severe, browser  # noqa: F401  (the module-scoped Chromium fixture)

SECRET = "TOPSECRET-must-not-be-served"


def _write_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    path = folder / "mini.argmap.yaml"
    path.write_text(yaml.safe_dump(base_map(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def served(tmp_path: Path):
    """``(map path, base URL)`` of a running ``argmap serve`` on the map's folder."""
    path = _write_folder(tmp_path / "maps")
    proc = subprocess.Popen([sys.executable, "-m", "argmap", "serve", str(path.parent), "--port", "0",
                             "--max-seconds", "120"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=60)
    try:
        assert got and got[0].startswith("argmap serve: http://127.0.0.1:"), (got, proc.poll())
        url = got[0].split()[2]
        yield path, url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _get(url: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (no normalisation by the client)."""
    address = url.split("//", 1)[1].rstrip("/")
    conn = http.client.HTTPConnection(*address.rsplit(":", 1), timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def test_nothing_outside_the_build_is_served(served):
    path, url = served
    assert url.startswith("http://127.0.0.1:")  # loopback unless told otherwise
    status, body = _get(url, "/mini.html")
    assert status == 200 and b'<script src="/__argmap/live.js"></script>' in body
    for attempt in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2E%2E%2Fsecret.txt",
                    "/compare/../../secret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt", "/../../../../etc/passwd",
                    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/mini.argmap.yaml", "/src.txt",
                    "/secret.txt", "/%00"):
        status, body = _get(url, attempt)
        assert status in (403, 404), attempt
        assert SECRET.encode() not in body and b"root:" not in body, attempt
    assert _get(url, "/mini.html", host="attacker.example:80")[0] == 403  # DNS rebinding
    assert _get(url, "/mini.html", host=f"localhost:{url.rsplit(':', 1)[1].rstrip('/')}")[0] == 200


def _wait(driver, script: str, seconds: float) -> float:
    """Seconds until ``script`` returns true in the page (fails after ``seconds``)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        try:
            if driver.execute_script(script):
                return time.monotonic() - t0
        except Exception:  # noqa: BLE001 - the page is reloading
            pass
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {script}")


def test_open_page_follows_edits_breakage_and_fix(served, browser):
    path, url = served
    browser.get(url + "mini.html")
    assert "中俄聯合軍演。" in browser.execute_script("return document.body.textContent")
    original = path.read_text(encoding="utf-8")
    t0 = time.monotonic()
    path.write_text(original.replace("中俄聯合軍演。", "中俄聯合軍演頻繁。"), encoding="utf-8")
    _wait(browser, "return document.body.textContent.indexOf('中俄聯合軍演頻繁。') >= 0", 5)
    assert time.monotonic() - t0 <= 2.0  # from the file written to the page showing it
    assert browser.execute_script("return document.querySelector('#diagram svg') !== null")
    path.write_text(original.replace("claims:\n", "claims:\n  - id: [\n", 1), encoding="utf-8")
    _wait(browser, "return document.getElementById('argmap-diagnostics') !== null", 5)
    listed = browser.execute_script("return document.getElementById('argmap-diagnostics').textContent")
    assert "mini.argmap.yaml:" in listed and "error L001 YAML syntax error" in listed
    path.write_text(original, encoding="utf-8")
    _wait(browser, "return document.querySelector('#diagram svg') !== null", 5)
    assert "中俄聯合軍演。" in browser.execute_script("return document.body.textContent")
    assert _severe(browser) == []


def test_links_out_of_the_build_folder_are_refused(tmp_path: Path):
    """A symbolic link inside the build folder that leads out of it is not followed (each guard of
    ``Preview.resolve`` on its own: the ``..`` test, and the resolved path's place)."""
    from argmap.serve.live import Preview
    from argmap.serve.site import Site

    path = _write_folder(tmp_path / "maps")
    out = tmp_path / "build"
    out.mkdir()
    (out / "page.html").write_text("<p>ok</p>", encoding="utf-8")
    (out / "link.txt").symlink_to(path.parent / "secret.txt")
    (out / "dir").symlink_to(path.parent, target_is_directory=True)
    preview = Preview(Site(path.parent, out), port=0)
    try:
        assert preview.resolve("/page.html") == (out / "page.html").resolve()
        assert preview.resolve("/") == (out / "index.html").resolve()
        for refused in ("/link.txt", "/dir/secret.txt", "/dir/", "/../maps/secret.txt", "/page.html/../../maps/secret.txt"):
            assert preview.resolve(refused) is None, refused
    finally:
        preview.httpd.server_close()


def test_a_rebuild_redraws_only_what_changed(tmp_path: Path):
    from argmap.serve.site import Site

    path = _write_folder(tmp_path / "maps")
    other = base_map()
    other["id"] = "other"
    (path.parent / "other.argmap.yaml").write_text(yaml.safe_dump(other, allow_unicode=True, sort_keys=False),
                                                   encoding="utf-8")
    out = tmp_path / "build"
    site = Site(path.parent, out)
    first = site.build()
    assert {"mini.html", "mini.svg", "other.html", "other.svg", "index.html"} <= set(first)
    assert site.build() == []  # nothing changed: nothing written
    before = (out / "other.html").stat().st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8").replace("中俄聯合軍演。", "中俄聯合軍演頻繁。"), encoding="utf-8")
    assert site.build() == ["mini.html", "mini.svg"]
    assert (out / "other.html").stat().st_mtime_ns == before
    assert "中俄聯合軍演頻繁。" in (out / "mini.html").read_text(encoding="utf-8")
    # a source text both maps quote: both pages are redrawn (their quotes' places may move)
    (path.parent / "src.txt").write_text("前言\n" + SOURCE_TEXT, encoding="utf-8")
    assert {"mini.html", "other.html"} <= set(site.build())


def test_live_script_is_package_data_and_parses(tmp_path: Path):
    import shutil
    import tomllib
    from fnmatch import fnmatch

    from argmap.serve.live import live_script

    root = Path(__file__).resolve().parent.parent
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["argmap"]
    assert any(fnmatch("serve/static/live.js", p) for p in patterns)
    script = tmp_path / "live.js"
    script.write_bytes(live_script())
    node = shutil.which("node")
    assert node, "Node.js is needed: run .ci/setup"
    assert subprocess.run([node, "--check", str(script)], capture_output=True, timeout=60).returncode == 0
    assert b"/__argmap/events" in live_script()
