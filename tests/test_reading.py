"""argmap show and argmap quote (issue #3, reading aids), and the manifest's own diagnostics."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from argmap.cli import main
from argmap.load.manifest import load_manifest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "arguments" / "sources"
S002 = SOURCES / "002_a7571c67bdaab12b.txt"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_show_prints_claim_reasons_and_quotes_in_context(monkeypatch):
    monkeypatch.chdir(ROOT)
    r = run("show", "lin2013#LB")
    assert r.exit_code == 0, r.output
    out = r.output
    m = yaml.safe_load((ROOT / "arguments" / "lin2013.argmap.yaml").read_text(encoding="utf-8"))
    claim = next(c for c in m["claims"] if c["id"] == "LB")
    assert out.startswith("lin2013#LB  (claim;")
    assert claim["text"] in out and claim["gloss"] in out
    assert "Reasons (inferences concluding it):" in out and "I-T → T  [thesis]" in out
    text = S002.read_text(encoding="utf-8")
    for e in claim["evidence"]:
        head = f"sources/002_a7571c67bdaab12b.txt:{e['line']}:"
        assert head in out
        assert f"(characters {e['start']}-{e['end']}" in out
        passage = "".join(text[e["start"]:e["end"]].split())
        assert f"【{passage}】" in out.replace(" ", "") or f"【{passage}" in out


def test_show_context_zero_prints_the_sentence_that_holds_the_quote(monkeypatch):
    monkeypatch.chdir(ROOT)
    for n, most in ((0, 0), (1, 1)):
        out = run("show", "lin2013#H", "--context", str(n)).output
        lines = [l.strip() for l in out.splitlines() if "【" in l]
        assert len(lines) == 2
        for l in lines:
            before, rest = l.split("【", 1)
            after = rest.split("】", 1)[1]
            assert before.count("。") <= most  # whole sentences before the quote's own
            assert after.rstrip("。").count("。") <= most


def test_show_errors_exit_2_with_a_hint(monkeypatch):
    monkeypatch.chdir(ROOT)
    r = run("show", "lin2013#T2")
    assert r.exit_code == 2 and "has no claim 'T2'; did you mean T?" in r.output
    r = run("show", "lin2013")
    assert r.exit_code == 2 and "is not MAP#CLAIM" in r.output
    r = run("show", "no-such-map#T")
    assert r.exit_code == 2 and "no no-such-map.argmap.yaml in arguments/" in r.output


def test_quote_prints_a_ready_to_paste_entry():
    r = run("quote", str(S002), "上合組織即為一個", "高度平衡美國的組織")
    assert r.exit_code == 0, r.output
    entry = yaml.safe_load(r.output)[0]
    text = S002.read_text(encoding="utf-8")
    start = text.index("上合組織即為一個高度平衡美國的組織")
    assert entry == {"quote": "上合組織即為一個高度平衡美國的組織", "line": text.count("\n", 0, start) + 1,
                     "start": start, "end": start + 17,
                     "prefix": "".join(text[:start].split())[-16:], "suffix": "".join(text[start + 17:].split())[:16]}
    assert r.output.startswith(f"# found at {S002}:{entry['line']}:")


def test_quote_gives_the_source_passage_for_a_normalised_or_broken_query():
    r = run("quote", str(S002), "--source-id", "thesis", "美國一躍成为國際體系中的霸權國，而中共不论在領土")
    assert r.exit_code == 1
    assert "closest passage (91.7% similar)" in r.output and "[为→為] [论→論]" in r.output
    entry = yaml.safe_load(r.output)[0]
    assert entry["quote"] == "美國一躍成為國際體系中的霸權國，而中共不論在領土" and entry["source"] == "thesis"
    assert entry["line"] == 273


def test_quote_lists_every_occurrence_of_an_ambiguous_passage():
    r = run("quote", str(S002), "新安全觀的內涵與爭辯")
    assert r.exit_code == 0
    entries = yaml.safe_load(r.output)
    assert [e["line"] for e in entries] == [123, 387]
    assert "(occurrence 1 of 2)" in r.output and "(occurrence 2 of 2)" in r.output


def test_quote_passage_not_in_the_source_exits_1():
    r = run("quote", str(S002), "Lorem ipsum dolor sit amet, consectetur adipiscing")
    assert r.exit_code == 1 and "not found" in r.output


def test_manifest_bad_pattern_is_located(tmp_path: Path):
    (tmp_path / "manifest.yaml").write_text(
        "sources:\n  - file: a.txt\n    matching:\n      footnotes:\n        - '(?<=[。]'\n"
        "      pages:\n        marker: '第 [0-9]+ 頁'\n        break: '\\n\\n'\n", encoding="utf-8")
    m = load_manifest(tmp_path / "manifest.yaml")
    got = sorted((d.code, d.line, d.column) for d in m.diagnostics)
    assert got == [("S104", 5, 11), ("S104", 7, 17)]
    assert any("named group (?P<page>" in d.message for d in m.diagnostics)


def test_manifest_problems_are_reported_by_check(tmp_path: Path, write_map):
    from tests.conftest import base_map
    path = write_map(base_map())
    (path.parent / "manifest.yaml").write_text("sources:\n  - file: src.txt\n    matchng: {}\n", encoding="utf-8")
    r = run("check", str(path))
    assert r.exit_code == 1
    assert "manifest.yaml:3:5: error S102 unknown field 'matchng' in sources[0]; did you mean 'matching'?" in r.output
