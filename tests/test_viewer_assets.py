"""The map page's script and stylesheet are real files (src/argmap/render/static/), package data,
checked by a JavaScript parser, and inlined byte for byte into every map page."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from argmap.load.corpus import load_corpus
from argmap.render.viewer import CSS, SCRIPT, map_page

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "src" / "argmap" / "render" / "static"
ASSETS = sorted(STATIC.iterdir())


def node() -> str:
    found = shutil.which("node")
    assert found, "Node.js is needed to check the page's script: run .ci/setup (it installs nodejs)"
    return found


def node_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([node(), "--check", str(path)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("script", [p for p in ASSETS if p.suffix == ".js"], ids=lambda p: p.name)
def test_script_parses(script):
    """``node --check`` parses the script without running it: a syntax error fails here."""
    r = node_check(script)
    assert r.returncode == 0, r.stderr


def test_node_check_rejects_a_broken_script(tmp_path):
    """The check above can fail: the viewer's script with one brace removed is refused."""
    broken = tmp_path / "broken.js"
    broken.write_text((STATIC / "viewer.js").read_text(encoding="utf-8").replace("{", "", 1), encoding="utf-8")
    assert node_check(broken).returncode != 0


def test_assets_are_package_data():
    """Every file in static/ matches a pattern of pyproject.toml's package-data, so that a
    non-editable install (pip install .) carries it."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["argmap"]
    assert ASSETS, "no files in src/argmap/render/static"
    for p in ASSETS:
        rel = p.relative_to(ROOT / "src" / "argmap").as_posix()
        assert any(fnmatch(rel, pat) for pat in patterns), f"{rel} is not package data"


def test_page_inlines_the_files_exactly(tmp_path):
    """A map page carries the stylesheet and the script as they are in the files (one line break
    before each), and nothing can end the script element early."""
    css = (STATIC / "viewer.css").read_text(encoding="utf-8")
    js = (STATIC / "viewer.js").read_text(encoding="utf-8")
    assert (CSS, SCRIPT) == ("\n" + css, "\n" + js)
    assert "</script" not in js.lower() and "</style" not in css.lower()
    corpus = load_corpus([ROOT / "arguments" / "thesis000-ch5.argmap.yaml"])
    page = map_page(corpus.maps[0], corpus, "<svg></svg>", "<svg></svg>")
    assert f"<style>\n{css}</style>" in page
    assert f"<script>\n{js}</script>" in page


def test_assets_read_from_an_installed_copy(tmp_path):
    """The viewer reads its assets through importlib.resources, not from the source tree: a copy of
    the package elsewhere renders a page with them (and fails without them)."""
    copy = tmp_path / "site" / "argmap"
    shutil.copytree(ROOT / "src" / "argmap", copy, ignore=shutil.ignore_patterns("__pycache__"))
    code = "from argmap.render.viewer import SCRIPT; print(len(SCRIPT))"
    ok = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""}, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert int(ok.stdout) == len(SCRIPT)
    (copy / "render" / "static" / "viewer.js").unlink()
    gone = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""}, timeout=60)
    assert gone.returncode != 0 and "viewer.js" in gone.stderr
