"""Resource limits (src/argmap/limits.py): each limit refuses with its code at file:line:col, each is
overridable by its option, and a pattern that backtracks exponentially cannot hang a check."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from argmap.checks import check_corpus
from argmap.load.corpus import load_corpus
from argmap.model.limits import DEFAULT_LIMITS, Limits
from argmap.load.loader import load_map
from tests.conftest import SOURCE_TEXT, base_map

ROOT = Path(__file__).resolve().parents[1]
#: exponential backtracking in plain `re`; the `regex` module too (it times out without the limit)
EVIL = r"(a|aa)+b"
RUN_OF_A = "a" * 60


def write(tmp_path: Path, data: dict[str, Any] | None = None, source: str = SOURCE_TEXT,
          manifest: str | None = None) -> Path:
    (tmp_path / "src.txt").write_text(source, encoding="utf-8")
    if manifest is not None:
        (tmp_path / "manifest.yaml").write_text(manifest, encoding="utf-8")
    path = tmp_path / "mini.argmap.yaml"
    path.write_text(yaml.safe_dump(data or base_map(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def cli(*args: str, timeout: float = 30) -> tuple[int, list[dict[str, Any]], str]:
    """Run ``argmap ARGS --format json`` in a subprocess: (exit code, diagnostics, stderr)."""
    r = subprocess.run([sys.executable, "-m", "argmap", *args, "--format", "json"], capture_output=True,
                       text=True, timeout=timeout, cwd=ROOT)
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout)["diagnostics"], r.stderr


def test_defaults_are_documented():
    d = DEFAULT_LIMITS
    assert (d.max_bytes, d.max_depth, d.max_nodes, d.max_quote, d.regex_timeout) == (20 * 1024 * 1024, 64, 100_000,
                                                                                     10_000, 2.0)
    checks = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert d.max_source_bytes == 64 * 1024 * 1024
    for option in ("--max-bytes", "--max-source-bytes", "--max-depth", "--max-nodes", "--max-quote", "--regex-timeout"):
        assert option in checks


@pytest.mark.parametrize("field", ["max_bytes", "max_source_bytes", "max_depth", "max_nodes", "max_quote", "regex_timeout"])
def test_limits_must_be_positive(field):
    with pytest.raises(ValueError, match=field):
        Limits(**{field: 0})


def test_max_bytes_option(tmp_path):
    path = write(tmp_path)
    size = path.stat().st_size
    code, diags, _ = cli("check", str(path), "--max-bytes", str(size - 1))
    assert code == 2 and [(d["code"], d["line"], d["column"]) for d in diags] == [("L007", 1, 1)]
    assert "--max-bytes" in diags[0]["message"]
    code, diags, _ = cli("check", str(path), "--max-bytes", str(size))
    assert code == 0 and diags == []


def test_max_depth_option(tmp_path):
    path = write(tmp_path)  # the map nests 5 levels (claims → claim → asserted_by / evidence → item)
    code, diags, _ = cli("check", str(path), "--max-depth", "3")
    assert code == 2 and [d["code"] for d in diags] == ["L001"]
    assert "deeper than 3 levels" in diags[0]["message"] and "--max-depth" in diags[0]["message"]
    text = path.read_text(encoding="utf-8").splitlines()
    assert diags[0]["line"] >= 1 and diags[0]["line"] <= len(text)
    code, diags, _ = cli("check", str(path), "--max-depth", "5")
    assert code == 0 and diags == []


def test_max_nodes_counts_claims_inferences_attacks_and_quotes(tmp_path):
    data = base_map()  # 4 claims + 3 quotes, 1 inference, 1 attack = 9 nodes
    path = write(tmp_path, data)
    assert load_map(path, limits=Limits(max_nodes=9)).map is not None
    loaded = load_map(path, limits=Limits(max_nodes=8))
    assert loaded.map is None and [d.code for d in loaded.diagnostics] == ["L009"]
    d = loaded.diagnostics[0]
    line = path.read_text(encoding="utf-8").splitlines()[d.line - 1]
    assert line[d.column - 1:].startswith("attacks:")  # the list that crossed the limit
    loaded = load_map(path, limits=Limits(max_nodes=6))
    line = path.read_text(encoding="utf-8").splitlines()[loaded.diagnostics[0].line - 1]
    assert line.startswith("claims:") and "7 by the end of 'claims'" in loaded.diagnostics[0].message


def test_max_nodes_option_and_a_huge_map_costs_no_schema_validation(tmp_path):
    path = write(tmp_path)
    text = path.read_text(encoding="utf-8")
    extra = "".join(f"- id: X{i}\n  text: 甲\n  gloss: x\n  role: implicit-premise\n  justification: j\n  bogus: 1\n"
                    for i in range(12_000))
    path.write_text(text.replace("\ninferences:", "\n" + extra + "inferences:"), encoding="utf-8")
    t0 = time.perf_counter()
    code, diags, _ = cli("check", str(path), "--max-nodes", "10000", timeout=60)
    assert code == 2 and [d["code"] for d in diags] == ["L009"]  # not 12,000 S102 for "bogus"
    assert (diags[0]["line"], diags[0]["column"]) == (path.read_text(encoding="utf-8").splitlines().index("claims:") + 1, 1)
    assert time.perf_counter() - t0 < 30


def test_max_quote_option(tmp_path):
    path = write(tmp_path)  # the longest quote, 上海合作組織是中共對美國的高度平衡, has 17 characters
    code, diags, _ = cli("check", str(path), "--max-quote", "16")
    assert code == 1 and [d["code"] for d in diags] == ["E312"]
    assert "17 characters, over the limit of 16" in diags[0]["message"]
    line = path.read_text(encoding="utf-8").splitlines()[diags[0]["line"] - 1]
    assert line[diags[0]["column"] - 1:].startswith("上海合作組織是中共對美國的高度平衡")
    code, diags, _ = cli("check", str(path), "--max-quote", "17")
    assert code == 0 and diags == []


def evil_manifest(pattern: str = EVIL) -> str:
    return f"sources:\n  - file: src.txt\n    matching:\n      running_heads:\n        - '{pattern}'\n"


def test_a_backtracking_pattern_on_the_source_is_stopped(tmp_path):
    """Without the time limit, (a|aa)+b on 60 a's runs for hours."""
    path = write(tmp_path, source=SOURCE_TEXT + RUN_OF_A + "\n", manifest=evil_manifest())
    t0 = time.perf_counter()
    code, diags, _ = cli("check", str(path), "--regex-timeout", "0.3")
    assert time.perf_counter() - t0 < 15
    assert code == 1 and [d["code"] for d in diags] == ["E313"]
    d = diags[0]
    line = path.read_text(encoding="utf-8").splitlines()[d["line"] - 1]
    assert line[d["column"] - 1:] == "src.txt"  # at the map's sources[].path value
    assert "manifest.yaml:5:11" in d["message"] and "(a|aa)+b" in d["message"]  # and the pattern's place


def test_a_backtracking_pattern_on_a_quote_is_stopped(tmp_path):
    """The pattern is harmless on the source (no run of a's) but not on a quote that holds one."""
    data = base_map()
    data["claims"][1]["evidence"][0]["quote"] = RUN_OF_A
    path = write(tmp_path, data, manifest=evil_manifest())
    code, diags, _ = cli("check", str(path), "--regex-timeout", "0.3")
    assert code == 1 and [d["code"] for d in diags] == ["E313"]
    line = path.read_text(encoding="utf-8").splitlines()[diags[0]["line"] - 1]
    assert line[diags[0]["column"] - 1:] == RUN_OF_A and "claim 'C1'" in diags[0]["message"]


def test_a_harmless_pattern_still_works_under_the_time_limit(tmp_path):
    """The regex module applies manifest patterns as re did: a running head inside a quote is ignored."""
    source = SOURCE_TEXT.replace("中俄多次舉行聯合軍演，", "中俄多次舉行 第3頁 聯合軍演，")
    data = base_map()
    data["claims"][1]["evidence"][0]["quote"] = "中俄多次舉行聯合軍演"
    path = write(tmp_path, data, source=source, manifest=evil_manifest(r"第\d+頁"))
    diags = check_corpus(load_corpus([path], limits=Limits(regex_timeout=0.5)))
    assert [d.code for d in diags] == ["E310"]  # found on line 5 (as pinned), spanning the running head
    assert "running head 「第3頁」" in diags[0].message and "src.txt:5:" in diags[0].message


@pytest.mark.parametrize("command", [
    ["render", "{map}", "-o", "{tmp}/x.dot"], ["show", "{map}#T"], ["export", "{map}", "--to", "aif"],
    ["compare", "--all", "--maps", "{tmp}"], ["classify", "--maps", "{tmp}"],
])
def test_every_map_command_takes_the_limits(tmp_path, command):
    path = write(tmp_path)
    args = [a.format(map=path, tmp=tmp_path) for a in command] + ["--max-nodes", "3"]
    r = subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert r.returncode == 2 and "L009" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "x.dot").exists()
