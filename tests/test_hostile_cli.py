"""Hostile input through the commands (issue #19, items 10-13, 19, 21-24, 26, 27): each case runs
the real CLI in a subprocess with a time limit and asserts its exit code, its message, that no
traceback is printed, and what is (and is not) written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import SOURCE_TEXT, base_map
from tests.test_hostile import argmap, diagnostics, write

ROOT = Path(__file__).resolve().parents[1]


# 10. a page marker whose page group is optional, or matches a digit that is not 0-9

@pytest.fixture
def odd_pages(tmp_path: Path) -> Path:
    data = base_map()
    for c in data["claims"]:
        for e in c.get("evidence", []):
            e.pop("line", None)
    path = write(tmp_path, data, "²\n" + SOURCE_TEXT)
    (tmp_path / "manifest.yaml").write_text(
        "sources:\n  - file: src.txt\n    matching:\n      pages:\n"
        "        marker: '(?m)^(?P<page>[0-9²]+)?$'\n        break: '\\f'\n", encoding="utf-8")
    return path


def test_odd_page_labels_in_show_and_quote(odd_pages):
    r = argmap("show", f"{odd_pages}#T")
    assert r.returncode == 0 and "page ²" in r.stdout
    r = argmap("quote", odd_pages.parent / "src.txt", "展示嚇阻力")
    assert r.returncode == 0 and 'page: "²"' in r.stdout


def test_odd_page_labels_in_fix_and_build(odd_pages, tmp_path):
    r = argmap("check", "--fix", odd_pages)
    assert r.returncode == 0 and "fixed" in r.stderr and 'page: "²"' in odd_pages.read_text(encoding="utf-8")
    out = tmp_path / "out"
    r = argmap("build", odd_pages.parent, "--out", out, timeout=120)
    assert r.returncode == 0, r.stderr
    assert {p.name for p in out.iterdir()} >= {"mini.svg", "mini.html", "index.html", "export"}


def test_page_labels_as_printed():
    from argmap.evidence.matching import Matching, PageRule
    from argmap.evidence.pages import page_at, page_ranges
    import regex

    rule = PageRule(regex.compile(r"(?m)^\[(?P<page>[^\]]*)\]$"), regex.compile(r"\f"), "start")
    text = "[12]\na\n\f\n[]\nb\n\f\n[٣]\nc\n\f\n[iv]\nd"
    pages = page_ranges(text, Matching(pages=rule))
    assert [page_at(pages, text.index(ch)) for ch in "abcd"] == [12, None, "٣", "iv"]
