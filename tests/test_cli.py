"""The command line: exit codes, output formats, and files written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main
from tests.conftest import base_map

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed (run .ci/run)")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_clean_exits_0(write_map):
    path = write_map()
    r = run("check", str(path))
    assert r.exit_code == 0
    assert r.stdout == ""
    assert "checked 1 map(s), 4 claims, 3 quotes: 0 error(s), 0 warning(s)" in r.stderr


def test_check_problem_exits_1_with_located_line(write_map):
    data = base_map()
    data["claims"][1]["evidence"][0] = {"quote": "不存在的話"}
    path = write_map(data)
    r = run("check", str(path))
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert len(lines) == 1
    text = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, l in enumerate(text, 1) if "不存在的話" in l)
    col = text[line - 1].index("不存在的話") + 1
    assert lines[0] == (f"{path}:{line}:{col}: error E301 claim 'C1': quote 「不存在的話」 does not occur in "
                        "src.txt (even with whitespace ignored and the text normalised); no passage is similar; "
                        "copy the quote exactly from the source")


def test_check_json_format(write_map):
    data = base_map()
    del data["claims"][1]["evidence"]
    r = run("check", "--format", "json", str(write_map(data)))
    assert r.exit_code == 1
    out = json.loads(r.stdout)
    assert [d["code"] for d in out["diagnostics"]] == ["C401"]
    d = out["diagnostics"][0]
    assert set(d) == {"file", "line", "column", "severity", "code", "name", "message"}
    assert d["name"] == "unsupported-claim" and d["severity"] == "error" and d["line"] > 0
    assert out["summary"]["errors"] == 1 and out["summary"]["claims"] == 4


def test_warning_exits_0_unless_strict(write_map):
    data = base_map()
    data["claims"].append({"id": "C9", "text": "孤立。", "gloss": "Isolated.", "evidence": [{"quote": "第一章"}]})
    path = write_map(data)
    assert run("check", str(path)).exit_code == 0
    assert run("check", "--strict", str(path)).exit_code == 1


def test_unusable_input_exits_2_without_traceback(write_map):
    r = run("check", str(write_map("argmap: 1\n  bad: [indent\n")))
    assert r.exit_code == 2
    assert "error L001 YAML syntax error" in r.stdout and "Traceback" not in r.stdout + r.stderr


def test_usage_errors_exit_2(tmp_path: Path):
    r = run("check", str(tmp_path / "missing.argmap.yaml"))
    assert r.exit_code == 2 and "does not exist" in r.stderr
    r = run("render", str(tmp_path))
    assert r.exit_code == 2


def test_render_dot_without_graphviz(write_map, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "out" / "mini.dot"
    r = run("render", str(write_map()), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("digraph")
    r = run("render", str(write_map()), "-o", str(tmp_path / "mini.svg"))
    assert r.exit_code == 2 and "apt-get install -y graphviz" in r.stderr
    assert not (tmp_path / "mini.svg").exists()


def test_render_refuses_invalid_map_and_writes_nothing(write_map, tmp_path: Path):
    out = tmp_path / "bad.svg"
    r = run("render", str(write_map("argmap: 1\nid: x\nid: y\n")), "-o", str(out))
    assert r.exit_code == 2 and "L003" in r.stderr and not out.exists()


def test_render_unknown_suffix_is_usage_error(write_map, tmp_path: Path):
    r = run("render", str(write_map()), "-o", str(tmp_path / "x.jpeg"))
    assert r.exit_code == 2 and "use --format" in r.stderr


@needs_graphviz
def test_build_checks_and_renders_every_map(write_map, tmp_path: Path):
    write_map()
    out = tmp_path / "renders"
    r = run("build", str(tmp_path), "--out", str(out))
    assert r.exit_code == 0, r.stdout + r.stderr
    assert (out / "mini.svg").read_bytes().lstrip().startswith(b"<?xml")
    assert (out / "mini.dot").read_text(encoding="utf-8").startswith("digraph")
    assert not list(out.glob("*.tmp"))


@needs_graphviz
def test_build_reports_problems_and_still_renders(write_map, tmp_path: Path):
    data = base_map()
    del data["claims"][1]["evidence"]
    write_map(data)
    out = tmp_path / "renders"
    r = run("build", str(tmp_path), "--out", str(out))
    assert r.exit_code == 1 and "C401" in r.stdout
    assert "無證據" in (out / "mini.svg").read_text(encoding="utf-8")


def test_python_m_argmap_entry_point():
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "argmap", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("argmap, version ")


def test_atomic_write_keeps_old_file_on_failure_and_normal_mode(tmp_path: Path, monkeypatch):
    import os
    from argmap.output import write_atomic
    target = tmp_path / "x.svg"
    write_atomic(target, b"old")
    assert target.read_bytes() == b"old" and target.stat().st_mode & 0o644 == 0o644

    def boom(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.svg"]  # no temporary file left behind


def test_render_focus_options_and_unknown_focus(write_map, tmp_path: Path):
    path = write_map()
    out = tmp_path / "f.dot"
    r = CliRunner().invoke(main, ["render", str(path), "-o", str(out), "--focus", "T", "--depth", "0", "--no-legend"])
    assert r.exit_code == 0, r.output
    dot = out.read_text(encoding="utf-8")
    assert '"c_T"' in dot and '"c_C1"' not in dot and "focus: T, depth 0" in dot and "TABLE" not in dot
    r = CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "g.dot"), "--focus", "Tx"])
    assert r.exit_code == 2 and "has no claim 'Tx'; did you mean T?" in r.output
    assert not (tmp_path / "g.dot").exists()
    r = CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "e.dot"), "--evidence"])
    assert r.exit_code == 0 and (tmp_path / "e.dot").read_text(encoding="utf-8").count('id="evidence-') == 3


@needs_graphviz
def test_render_html_page(write_map, tmp_path: Path):
    path = write_map()
    out = tmp_path / "mini.html"
    r = CliRunner().invoke(main, ["render", str(path), "-o", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert '<div class="svg-zh"><svg' in page and '<div class="svg-en"><svg' in page
    assert 'id="zh-claim&#45;T"' in page and 'id="en-claim&#45;T"' in page
    data = json.loads(page.split('id="argmap-data">', 1)[1].split("</script>", 1)[0])
    assert data["claims"]["T"]["evidence"][0]["line"] == 2 and data["claims"]["T"]["evidence"][0]["found"]
    assert "http" not in page.replace("http://www.w3.org", "")  # no network resource
    r = CliRunner().invoke(main, ["render", str(path), str(path), "-o", str(tmp_path / "two.html")])
    assert r.exit_code == 2
