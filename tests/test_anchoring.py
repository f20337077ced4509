"""Anchoring against the real seed texts in arguments/sources/ (the traps listed in the seeds'
README, broken quotes, and ``check --fix``).

Every expected offset, line and column here is computed from the raw file text with ``str.index``
and by counting ``"\\n"`` (:func:`where`, :func:`raw_occurrences`), never taken from argmap itself.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from argmap.evidence.anchoring import resolve
from argmap.cli import main
from argmap.load.corpus import SourceCache
from argmap.model import Evidence, Location
from argmap.evidence.sources import SourceText, strip_space
from tests.conftest import base_map, codes

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "arguments" / "sources"
SEED = {
    1: "001_60ccf258d93e3cbf.txt",
    2: "002_a7571c67bdaab12b.txt",
    3: "003_eb3f4b3faeb8891c.txt",
    4: "004_88da3538dd038a9b.txt",
}
RUNNING_HEAD_004 = "全球政治評論 第三十三期  2011年 1月  145"


@pytest.fixture(scope="module")
def seeds() -> dict[int, SourceText]:
    cache = SourceCache()
    out = {}
    for n, name in SEED.items():
        got = cache.read(SOURCES / name)
        assert isinstance(got, SourceText), got
        out[n] = got
    return out


# -- independent oracles ---------------------------------------------------------------------------

def where(text: str, raw: str, nth: int = 0) -> tuple[int, int, int, int, int]:
    """(start, end, line, column, end_line) of the ``nth`` occurrence of ``raw`` (verbatim, line
    breaks included) in ``text``, by ``str.index`` and counting line breaks."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(raw, start + 1)
    end = start + len(raw)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = text.count("\n", 0, end - 1) + 1
    return start, end, line, column, end_line


def raw_occurrences(text: str, quote: str) -> list[tuple[int, int, int, int]]:
    """(start, end, line, column) of every occurrence of ``quote`` in ``text`` with any whitespace
    allowed between its characters (a regular expression, not argmap's index)."""
    chars = [c for c in quote if not c.isspace()]
    rx = re.compile(r"\s*".join(map(re.escape, chars)))
    out = []
    for m in rx.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        out.append((m.start(), m.end(), line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1))
    return out


def no_space(s: str) -> str:
    return re.sub(r"\s", "", s)


def context_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The 16 non-whitespace characters before ``start`` and after ``end``."""
    return no_space(text[:start])[-16:], no_space(text[end:])[:16]


def span_tuple(span: Any) -> tuple[int, int, int, int, int]:
    return span.start, span.end, span.line, span.column, span.end_line


def ev(quote: str, **selectors: Any) -> Evidence:
    return Evidence(quote, Location("test.argmap.yaml", 1, 1), **selectors)


# -- maps over copies of the seeds -------------------------------------------------------------------

def copy_seed(tmp_path: Path, n: int, manifest: str | None = None) -> str:
    """Copy seed ``n`` and the real manifest (or ``manifest``) to tmp_path/sources/; return the
    source path relative to a map in tmp_path."""
    folder = tmp_path / "sources"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(SOURCES / SEED[n], folder / SEED[n])
    if manifest is None:
        shutil.copyfile(SOURCES / "manifest.yaml", folder / "manifest.yaml")
    else:
        (folder / "manifest.yaml").write_text(manifest, encoding="utf-8")
    return f"sources/{SEED[n]}"


def seed_map(source_path: str, *evidence: dict[str, Any] | str) -> dict[str, Any]:
    """The conftest map with one source, ``source_path``, and ``evidence`` as the only quotes
    (on claim C1; the thesis is supported by inference I1, the attributed claim R1 is dropped)."""
    data = base_map()
    data["sources"][0]["path"] = source_path
    data["claims"] = [c for c in data["claims"] if c["id"] != "R1"]
    del data["attacks"]
    del data["claims"][0]["evidence"]
    data["claims"][1]["evidence"] = [{"quote": e} if isinstance(e, str) else e for e in evidence]
    return data


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_seed_map_with_a_good_quote_checks_clean(diagnose, tmp_path: Path):
    """The helper map itself raises nothing, so the diagnostics below come from the quotes alone."""
    path = copy_seed(tmp_path, 2)
    assert diagnose(seed_map(path, "本研究耙梳 1996 年至 2012 年上合組織")) == []
    assert codes(diagnose(seed_map(path, "本研究耙梳一九九六年"))) == ["E301"]


# -- traps -------------------------------------------------------------------------------------------

def test_sentence_hard_wrapped_across_lines_003(seeds):
    t = seeds[3]
    quote = "因此中國也爭取上海合作組織秘書處設在北京"
    start, _, line, column, _ = where(t.text, "因此中國也爭取上海\n\n合作組織")
    end = t.text.index("設在北京。13整體而言") + len("設在北京")
    assert (line, t.text.count("\n", 0, end) + 1) == (904, 906)
    r = resolve(ev(quote), t)
    assert (r.status, r.level) == ("found", "exact")
    assert span_tuple(r.span) == (start, end, 904, column, 906)
    assert raw_occurrences(t.text, quote) == [(start, end, 904, column)]


def test_sentence_across_page_break_002(seeds):
    t = seeds[2]
    quote = "兩者不同之處除了在權力上大小有明顯差異外，最重要的差異在於"
    start, end, line, column, end_line = where(t.text, "兩者不同之處除了在權力上大小有明顯\n\n\n\n差異外，最重要的差異在於")
    assert (line, end_line) == (267, 271)
    r = resolve(ev(quote), t)
    assert (r.status, r.level) == ("found", "exact")
    assert span_tuple(r.span) == (start, end, 267, column, 271)
    assert t.text[r.span.start:r.span.end].count("\n") == 4


def test_superscript_marker_glued_in_text_002(seeds, diagnose, tmp_path: Path):
    t = seeds[2]
    quote = "霸權國，而中共"
    start, end, line, column, end_line = where(t.text, "霸權國¹，而中共")
    assert line == end_line == 273
    assert t.find_all(quote) == []
    r = resolve(ev(quote), t)
    assert (r.status, r.level) == ("found", "normalised")
    assert span_tuple(r.span) == (start, end, 273, column, 273)
    assert t.text[r.span.start:r.span.end] == "霸權國¹，而中共"
    marker = start + len("霸權國")
    assert [(g.start, g.end, g.kind, g.text) for g in t.ignored_within(r.span.start, r.span.end)] == [
        (marker, marker + 1, "superscript", "¹")]
    path = copy_seed(tmp_path, 2)
    ds = diagnose(seed_map(path, quote))
    assert codes(ds) == ["E310"] and ds[0].severity.value == "info"
    assert f"the quote at {path}:273:{column} spans the superscript 「¹」 ({path}:273:{column + 3})" in ds[0].message


def test_inline_digit_footnote_marker_003(seeds, diagnose, tmp_path: Path):
    t = seeds[3]
    start, end, line, column, _ = where(t.text, "合作組織秘書處設在北京。13整體而言")
    assert (line, column) == (906, 1)
    without, with_marker = "合作組織秘書處設在北京。整體而言", "合作組織秘書處設在北京。13整體而言"
    assert t.find_all(without) == []
    r = resolve(ev(without), t)
    assert (r.status, r.level) == ("found", "normalised")
    assert span_tuple(r.span) == (start, end, 906, 1, 906)
    r = resolve(ev(with_marker), t)
    assert (r.status, r.level) == ("found", "exact")
    assert span_tuple(r.span) == (start, end, 906, 1, 906)
    marker = t.text.index("13整體而言")
    assert [(g.start, g.end, g.kind, g.text) for g in t.ignored_within(start, end)] == [
        (marker, marker + 2, "footnote marker", "13")]
    path = copy_seed(tmp_path, 3)
    ds = diagnose(seed_map(path, without, with_marker))
    assert codes(ds) == ["E310", "E310"]
    assert f"the quote at {path}:906:1 spans the footnote marker 「13」 ({path}:906:13)" in ds[0].message
    assert f"the quote includes the footnote marker 「13」 ({path}:906:13)" in ds[1].message


def test_running_head_mid_sentence_004(seeds, diagnose, tmp_path: Path):
    t = seeds[4]
    quote = "勘界議定書」及其所附的「中華人民共和國和吉爾吉斯共和國國界地圖」"
    start, _, line, column, _ = where(t.text, "勘界議定書」及其所附\n")
    end = t.text.index("國界地圖」，代表著") + len("國界地圖」")
    head, _, head_line, head_col, _ = where(t.text, RUNNING_HEAD_004)
    assert (line, head_line, t.text.count("\n", 0, end) + 1) == (1001, 1009, 1013)
    assert t.find_all(quote) == []
    r = resolve(ev(quote), t)
    assert (r.status, r.level) == ("found", "normalised")
    assert span_tuple(r.span) == (start, end, 1001, column, 1013)
    assert [(g.start, g.kind, g.text) for g in t.ignored_within(start, end)] == [(head, "running head", RUNNING_HEAD_004)]
    # the same passage quoted with the running head in it is found exactly, and told to leave it out
    with_head = "勘界議定書」及其所附" + RUNNING_HEAD_004 + "的「中華人民共和國和吉爾吉斯共和國國界地圖」"
    r = resolve(ev(with_head), t)
    assert (r.status, r.level) == ("found", "exact")
    assert span_tuple(r.span) == (start, end, 1001, column, 1013)
    path = copy_seed(tmp_path, 4)
    ds = diagnose(seed_map(path, quote, with_head))
    assert codes(ds) == ["E310", "E310"]
    assert f"the quote at {path}:1001:{column} spans the running head 「{RUNNING_HEAD_004}」 " \
           f"({path}:1009:{head_col})" in ds[0].message
    assert f"the quote includes the running head 「{RUNNING_HEAD_004}」 ({path}:1009:{head_col})" in ds[1].message


def test_full_and_half_width_punctuation_002(seeds, diagnose, tmp_path: Path):
    t = seeds[2]
    quote = "認為，安全在研究上"  # typed with the full-width comma; 002 has a half-width one here
    start, end, line, column, _ = where(t.text, "認為,安全在研究上")
    assert line == 342
    assert t.find_all(quote) == []
    r = resolve(ev(quote), t)
    assert (r.status, r.level) == ("found", "normalised")
    assert span_tuple(r.span) == (start, end, 342, column, 342)
    path = copy_seed(tmp_path, 2)
    ds = diagnose(seed_map(path, quote))
    assert codes(ds) == ["E307"] and ds[0].severity.value == "info"
    assert f"quote found at {path}:342:{column} only after normalisation" in ds[0].message
    assert "[，→,]" in ds[0].message


@pytest.mark.parametrize("quote, raw, line", [
    ("本研究耙梳1996年至2012年上合組織", "本研究耙梳 1996 年至 2012 年上合組織", 63),  # spaces in the text only
    ("2001 年 6 月 15 日，六國元首齊聚於上海", "2001年6月15日，六國元首齊聚於上海", 915),  # spaces in the quote only
])
def test_spaces_or_none_between_chinese_and_digits_002(seeds, quote: str, raw: str, line: int):
    t = seeds[2]
    start, end, got_line, column, _ = where(t.text, raw)
    assert got_line == line
    r = resolve(ev(quote), t)
    assert (r.status, r.level) == ("found", "exact")
    assert span_tuple(r.span) == (start, end, line, column, line)


def test_repeated_phrase_E306_lists_every_line_and_line_pins_it_004(seeds, diagnose, tmp_path: Path):
    t = seeds[4]
    quote = "睦鄰友好合作關係"
    occ = raw_occurrences(t.text, quote)
    assert [o[2] for o in occ] == [1035, 1059, 1069, 1079]
    r = resolve(ev(quote), t)
    assert r.status == "ambiguous" and r.span is None
    assert [(s.start, s.end, s.line, s.column) for s in r.occurrences] == occ
    path = copy_seed(tmp_path, 4)
    ds = diagnose(seed_map(path, quote))
    assert codes(ds) == ["E306"]
    assert f"occurs 4 times in {path}: " + ", ".join(f"{path}:{o[2]}:{o[3]}" for o in occ) in ds[0].message
    for o in occ:
        r = resolve(ev(quote, line=o[2]), t)
        assert r.status == "found" and (r.span.start, r.span.end, r.span.line, r.span.column) == o
        assert diagnose(seed_map(path, {"quote": quote, "line": o[2]})) == []


def test_page_numbers_004(seeds):
    t = seeds[4]
    lines = t.text.split("\n")
    starts = [0]
    for l in lines[:-1]:
        starts.append(starts[-1] + len(l) + 1)
    head = t.text.index(RUNNING_HEAD_004)
    assert head == starts[1009 - 1]
    # every character from the running head (line 1009) to the end of line 1037 is on page 145
    for n in range(1009, 1038):
        for offset in (starts[n - 1], starts[n - 1] + max(len(lines[n - 1]) - 1, 0)):
            assert t.page_at(offset) == 145, n
    assert lines[1037 - 1].startswith("領域合作快速發展") and lines[1037:1040] == ["", " ", ""]
    assert t.page_at(starts[1037] - 1) is None  # the page ends where the break (the line end of 1037) begins
    for n in (1, 500, 1001, 1008, 1038, 1041, 1100):
        assert t.page_at(starts[n - 1]) is None, n
    assert t.page_at(head - 1) is None
    # a quote on page 145 is pinned with its page; one starting on the unnumbered page before is not
    r = resolve(ev("代表著兩國之間的邊界問題獲得解決"), t)
    start, end, line, _, _ = where(t.text, "代表著兩國之間的邊界問\n\n題獲得解決")
    pin = r.pin(t)
    assert (pin.line, pin.start, pin.end, pin.page) == (1013, start, end, 145)
    assert (pin.prefix, pin.suffix) == context_of(t.text, start, end)
    pin = resolve(ev("勘界議定書」及其所附的「中華人民共和國"), t).pin(t)
    assert (pin.line, pin.page) == (1001, None)
    # 002 declares no page markers: no page anywhere
    assert {seeds[2].page_at(o) for o in range(0, len(seeds[2].text), 997)} == {None}


# -- broken quotes -----------------------------------------------------------------------------------

def test_one_character_changed_E301_names_passage_line_and_diff(seeds, diagnose, tmp_path: Path):
    t = seeds[2]
    passage = "在後冷戰時期，蘇聯的瓦解使得美國一躍成為國際體系中的霸權國"
    quote = passage.replace("權", "権")
    start, end, line, column, _ = where(t.text, passage)
    assert (line, column) == (273, 1)
    r = resolve(ev(quote), t)
    assert r.status == "not-found"
    assert span_tuple(r.near.span) == (start, end, 273, 1, 273)
    assert r.near.passage == passage and r.near.diff == (("replace", "権", "權"),) and r.near.unique
    path = copy_seed(tmp_path, 2)
    ds = diagnose(seed_map(path, quote))
    assert codes(ds) == ["E301"]
    msg = ds[0].message
    assert f"at {path}:273:1 (characters {start}-{end}): 「{passage}」" in msg
    assert "differences (quote→source): [権→權]" in msg
    assert "'argmap check --fix --fix-quotes' replaces the quote with this passage" in msg


@pytest.mark.parametrize("n, passage, simplified, traditional", [
    (2, "使得美國一躍成為國際體系中的霸權國", "为", "為"),
    (2, "也許論文完成", "论", "論"),
    (2, "第三次臺海危機中，美國的強勢介入說明", "台", "臺"),
    (1, "指出塔裡班政權在阿富汗垮台", "里", "裡"),
])
def test_simplified_variant_E301_kind_variant(seeds, diagnose, tmp_path: Path, n: int, passage: str,
                                              simplified: str, traditional: str):
    t = seeds[n]
    quote = passage.replace(traditional, simplified, 1)
    assert quote != passage
    start, end, line, column, end_line = where(t.text, passage)
    r = resolve(ev(quote), t)
    assert r.status == "not-found"
    assert r.near.kind == "variant"
    assert span_tuple(r.near.span) == (start, end, line, column, end_line)
    assert r.near.diff == (("replace", simplified, traditional),)
    path = copy_seed(tmp_path, n)
    ds = diagnose(seed_map(path, quote))
    assert codes(ds) == ["E301"]
    assert f"at {path}:{line}:{column} " in ds[0].message
    assert f"[{simplified}→{traditional}] — a Simplified or variant character" in ds[0].message


def test_footnote_digit_not_covered_by_the_manifest_E301_003(seeds, diagnose, tmp_path: Path):
    # 003 line 842 reads 「坎特空軍基地正式啟用12，根據」: footnote 12 is glued after a Han character,
    # while 003's declared footnote pattern only takes digits after 。，；：」）, so these digits are
    # text to argmap; a quote that leaves them out is not found, and the near miss names the digits.
    t = seeds[3]
    start, end, line, column, end_line = where(t.text, "坎特空軍基地正式啟用12，根據\n\n俄羅斯")
    assert (line, end_line) == (842, 844)
    digits = t.text.index("12，根據")
    assert not [g for g in t.ignored if g.start <= digits < g.end]
    quote = "坎特空軍基地正式啟用，根據俄羅斯"
    r = resolve(ev(quote), t)
    assert r.status == "not-found"
    assert span_tuple(r.near.span) == (start, end, 842, column, 844)
    assert r.near.diff == (("insert", "", "12"),) and r.near.kind == "footnote"
    path = copy_seed(tmp_path, 3)
    ds = diagnose(seed_map(path, quote))
    assert codes(ds) == ["E301"]
    assert f"at {path}:842:{column} " in ds[0].message
    assert "differences (quote→source): [+12] — footnote digits" in ds[0].message


def test_running_head_not_declared_is_not_skipped_004(diagnose, tmp_path: Path):
    quote = "勘界議定書」及其所附的「中華人民共和國和吉爾吉斯共和國國界地圖」"
    manifest = yaml.safe_load((SOURCES / "manifest.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["sources"] if e["file"] == SEED[4])
    del entry["matching"]["running_heads"]
    path = copy_seed(tmp_path, 4, dump({"sources": [entry]}))
    ds = diagnose(seed_map(path, quote))
    assert codes(ds) == ["E301"]
    assert f"quote 「{quote[:40]}" in ds[0].message
    # the near miss is the real passage, running head inside, and the message says what it is
    text = (SOURCES / SEED[4]).read_text(encoding="utf-8")
    start = text.index("勘界議定書」及其所附")
    end = text.index("國界地圖」", start) + len("國界地圖」")
    assert f"at {path}:1001:25 (characters {start}-{end})" in ds[0].message
    assert "[+全球政治評論第三十三期2011年1月145]" in ds[0].message
    assert "undeclared running head" in ds[0].message
    copy_seed(tmp_path, 4)  # the real manifest declares it: found
    assert codes(diagnose(seed_map(path, quote))) == ["E310"]


def test_locator_pointing_elsewhere_E305(seeds, diagnose, tmp_path: Path):
    t = seeds[2]
    quote = "本研究耙梳 1996 年至 2012 年上合組織"
    start, end, line, _, _ = where(t.text, quote)
    path = copy_seed(tmp_path, 2)
    assert diagnose(seed_map(path, {"quote": quote, "line": line, "start": start, "end": end})) == []
    ds = diagnose(seed_map(path, {"quote": quote, "line": line + 1}))
    assert codes(ds) == ["E305"]
    assert f"the quote does not start on line {line + 1}; it starts on line 63" in ds[0].message
    ds = diagnose(seed_map(path, {"quote": quote, "start": start + 1, "end": end + 1}))
    assert codes(ds) == ["E305"]
    assert f"characters {start + 1}-{end + 1} are not the quote; it occurs at characters {start}-{end} (line 63)" \
        in ds[0].message
    r = resolve(ev(quote, start=start + 1, end=end + 1), t)
    assert r.status == "found" and (r.span.start, r.span.end) == (start, end)


def test_source_changed_E308_E309_reanchored(seeds, diagnose, tmp_path: Path):
    quote = "合作組織秘書處設在北京。13整體而言"
    path = copy_seed(tmp_path, 3)
    map_path = tmp_path / "mini.argmap.yaml"
    map_path.write_text(dump(seed_map(path, quote)), encoding="utf-8")
    assert run("check", "--fix", str(map_path)).exit_code == 0
    old = (tmp_path / path).read_text(encoding="utf-8")
    start, end, line, _, _ = where(old, quote)
    pinned = yaml.safe_load(map_path.read_text(encoding="utf-8"))
    assert pinned["sources"][0]["sha256"] == hashlib.sha256((SOURCES / SEED[3]).read_bytes()).hexdigest()
    e = pinned["claims"][1]["evidence"][0]
    assert (e["line"], e["start"], e["end"]) == (906, start, end)
    assert (e["prefix"], e["suffix"]) == context_of(old, start, end)
    # insert two lines before it, one holding the same words in another context
    preface = "前言：合作組織秘書處設在北京。13整體而言，與本文無關。\n\n"
    new = preface + old
    (tmp_path / path).write_bytes(new.encode("utf-8"))
    new_start, _, new_line, _, _ = where(new, quote + "，中國對中亞")
    new_end = new_start + len(quote)
    assert (new_start, new_line) == (start + len(preface), 908) and len(preface) == 30
    ds = diagnose(map_path.read_text(encoding="utf-8"))
    assert codes(ds) == ["E308", "E309", "E310"]
    assert "changed since its quotes were pinned" in ds[0].message
    assert f"re-anchored from characters {start}-{end} to {new_start}-{new_end} (line 908)" in ds[1].message
    text = SourceText(new, seeds[3].matching, hashlib.sha256(new.encode()).hexdigest())
    r = resolve(ev(quote, line=906, start=start, end=end, prefix=e["prefix"], suffix=e["suffix"]), text,
                pinned["sources"][0]["sha256"])
    assert r.moved and span_tuple(r.span) == (new_start, new_end, 908, 1, 908)
    # --fix records the new position and hash; the map is then clean again
    assert run("check", "--fix", str(map_path)).exit_code == 0
    repinned = yaml.safe_load(map_path.read_text(encoding="utf-8"))
    e = repinned["claims"][1]["evidence"][0]
    assert (e["line"], e["start"], e["end"]) == (908, new_start, new_end)
    assert repinned["sources"][0]["sha256"] == hashlib.sha256(new.encode("utf-8")).hexdigest()
    assert codes(diagnose(map_path.read_text(encoding="utf-8"))) == ["E310"]


def test_wrong_page_and_line_are_E305_even_when_start_end_hold_the_quote(diagnose, tmp_path: Path):
    """The fast path (start/end hold the quote) still verifies line and page: 004's page markers
    put the quote on page 145 (its running head, line 1009), counted here from the raw text."""
    path = copy_seed(tmp_path, 4)
    text = (SOURCES / SEED[4]).read_text(encoding="utf-8")
    start, end, line, _, _ = where(text, "代表著兩國之間的邊界問\n\n題獲得解決")
    assert text.rfind(RUNNING_HEAD_004, 0, start) == text.index(RUNNING_HEAD_004)  # 145 is the page before it
    prefix, suffix = context_of(text, start, end)
    good = {"quote": "代表著兩國之間的邊界問題獲得解決", "line": line, "start": start, "end": end, "page": 145,
            "prefix": prefix, "suffix": suffix}
    assert diagnose(seed_map(path, good)) == []
    ds = diagnose(seed_map(path, {**good, "page": 146}))
    assert codes(ds) == ["E305"] and "starts on page 145, not page 146" in ds[0].message
    ds = diagnose(seed_map(path, {**good, "line": line + 1}))
    assert codes(ds) == ["E305"] and f"starts on line {line}, not line {line + 1}" in ds[0].message
    ds = diagnose(seed_map(path, {**good, "page_end": 146}))
    assert codes(ds) == ["E305"] and "does not cross a page break" in ds[0].message


# -- check --fix -------------------------------------------------------------------------------------

def test_fix_leaves_a_pinned_map_byte_identical(tmp_path: Path):
    path = copy_seed(tmp_path, 4)
    text = (SOURCES / SEED[4]).read_text(encoding="utf-8")
    evidence = []
    for quote, raw in [("代表著兩國之間的邊界問題獲得解決", "代表著兩國之間的邊界問\n\n題獲得解決"),
                       ("勘界議定書」及其所附", "勘界議定書」及其所附")]:
        start, end, line, _, _ = where(text, raw)
        prefix, suffix = context_of(text, start, end)
        e: dict[str, Any] = {"quote": quote, "line": line, "start": start, "end": end}
        if line == 1013:
            e["page"] = 145
        evidence.append({**e, "prefix": prefix, "suffix": suffix})
    data = seed_map(path, *evidence)
    data["sources"][0]["sha256"] = hashlib.sha256((SOURCES / SEED[4]).read_bytes()).hexdigest()
    map_path = tmp_path / "mini.argmap.yaml"
    map_path.write_text(dump(data), encoding="utf-8")
    before, stat = map_path.read_bytes(), map_path.stat()
    r = run("check", "--fix", str(map_path))
    assert r.exit_code == 0 and r.stdout == ""
    assert "fixed" not in r.stderr
    assert map_path.read_bytes() == before
    assert (map_path.stat().st_ino, map_path.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)  # not rewritten


FIX_MAP = """\
# a map over 002 with comments, blank lines and every quoting style: --fix must keep all of it
argmap: 1
id: mini

work:
  title: 小論文   # a plain scalar
  authors: [{name: 王小明}]
  kind: master-thesis
  language: zh-Hant
  year: 2013

sources:
  # the seed, copied beside the map
  - id: thesis
    path: 'sources/002_a7571c67bdaab12b.txt'
    title: "全文"

claims:
  - id: T
    role: thesis
    text: 上合組織是對美高度平衡。
    gloss: The SCO balances the US highly.
  - id: C1
    text: '中共與霸權展開安全互動。'
    gloss: "China interacts with the hegemon."
    evidence:
      # double-quoted, across a page break
      - quote: "兩者不同之處除了在權力上大小有明顯差異外，最重要的差異在於"

      - quote: '本研究耙梳 1996 年至 2012 年上合組織'   # single-quoted
        note: 範圍。
      - quote: 認為，安全在研究上
      - {quote: "霸權國，而中共", line: 5}
  - id: P1
    role: implicit-premise
    text: 軍演是平衡行為。
    gloss: Exercises are balancing.
    justification: 作者未明言。

inferences:
  - id: I1
    premises: [C1, P1]   # linked
    conclusion: T
# the end
"""


def test_fix_inserts_selectors_and_changes_nothing_else(tmp_path: Path):
    copy_seed(tmp_path, 2)
    text = (SOURCES / SEED[2]).read_text(encoding="utf-8")
    map_path = tmp_path / "mini.argmap.yaml"
    map_path.write_text(FIX_MAP, encoding="utf-8")
    r = run("check", "--fix", str(map_path))
    assert r.exit_code == 0, r.stdout
    assert f"fixed {map_path}: 4 quote(s) pinned, 0 quote(s) corrected, 1 source hash(es) recorded" in r.stderr
    assert [l.split(": ")[1].split()[:2] for l in r.stdout.splitlines()] == [["info", "E307"], ["info", "E310"]]
    fixed = map_path.read_text(encoding="utf-8")
    expected = {}
    for quote, raw in [("兩者不同之處除了在權力上大小有明顯差異外，最重要的差異在於",
                        "兩者不同之處除了在權力上大小有明顯\n\n\n\n差異外，最重要的差異在於"),
                       ("本研究耙梳 1996 年至 2012 年上合組織", "本研究耙梳 1996 年至 2012 年上合組織"),
                       ("認為，安全在研究上", "認為,安全在研究上"),
                       ("霸權國，而中共", "霸權國¹，而中共")]:
        start, end, line, _, _ = where(text, raw)
        prefix, suffix = context_of(text, start, end)
        expected[quote] = {"line": line, "start": start, "end": end, "prefix": prefix, "suffix": suffix}
    assert [e["line"] for e in expected.values()] == [267, 63, 342, 273]
    loaded = yaml.safe_load(fixed)
    for e in loaded["claims"][1]["evidence"]:
        assert {k: e[k] for k in ("line", "start", "end", "prefix", "suffix")} == expected[e["quote"]]
        assert "page" not in e
    assert loaded["claims"][1]["evidence"][1]["note"] == "範圍。"
    assert loaded["sources"][0]["sha256"] == hashlib.sha256((SOURCES / SEED[2]).read_bytes()).hexdigest()

    old_lines, new_lines = FIX_MAP.splitlines(), fixed.splitlines()
    flow = '      - {quote: "霸權國，而中共", line: 5}'
    x = expected["霸權國，而中共"]
    new_flow = (f'      - {{quote: "霸權國，而中共", line: 273, start: {x["start"]}, end: {x["end"]}, '
                f'prefix: {json.dumps(x["prefix"], ensure_ascii=False)}, '
                f'suffix: {json.dumps(x["suffix"], ensure_ascii=False)}}}')
    selector = re.compile(r"^ +(line|start|end|page|prefix|suffix|sha256): ")
    inserted, replaced = [], 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        block = new_lines[j1:j2]
        if tag == "replace":  # only the flow mapping is rewritten (difflib may group lines inserted before it)
            assert old_lines[i1:i2] == [flow] and block[-1] == new_flow, (old_lines[i1:i2], block)
            block, replaced = block[:-1], replaced + 1
        else:
            assert tag == "insert", (tag, old_lines[i1:i2], block)
        assert all(selector.match(l) for l in block), block
        inserted += block
    assert replaced == 1
    assert len(inserted) == 3 * 5 + 1  # five selector keys for each block quote, and the source's hash
    rest = iter(new_lines)
    assert all(any(l == n for n in rest) for l in old_lines if l != flow)  # every other line, in order
    assert fixed.count("\n#") == 1 and fixed.startswith("# a map over 002") and fixed.endswith("# the end\n")
    # a second run changes nothing
    once = map_path.read_bytes()
    r = run("check", "--fix", str(map_path))
    assert r.exit_code == 0 and "fixed" not in r.stderr
    assert map_path.read_bytes() == once


def test_fix_quotes_replaces_a_one_character_wrong_quote(tmp_path: Path):
    path = copy_seed(tmp_path, 2)
    text = (SOURCES / SEED[2]).read_text(encoding="utf-8")
    passage = "在後冷戰時期，蘇聯的瓦解使得美國一躍成為國際體系中的霸權國"
    map_path = tmp_path / "mini.argmap.yaml"
    map_path.write_text(dump(seed_map(path, passage.replace("權", "権"))), encoding="utf-8")
    r = run("check", str(map_path))
    assert r.exit_code == 1 and "E301" in r.stdout
    r = run("check", "--fix", "--fix-quotes", str(map_path))
    assert r.exit_code == 0 and r.stdout == ""
    assert "1 quote(s) corrected" in r.stderr
    e = yaml.safe_load(map_path.read_text(encoding="utf-8"))["claims"][1]["evidence"][0]
    start, end, line, _, _ = where(text, passage)
    assert e["quote"] == passage and (e["line"], e["start"], e["end"]) == (273, start, end)
    r = run("check", str(map_path))
    assert r.exit_code == 0 and r.stdout == ""


def count_searches(monkeypatch) -> list[str]:
    """Record every quote :func:`argmap.evidence.anchoring.resolve` searches (its inner ``_resolve``,
    whatever name the caller imported ``resolve`` under)."""
    import argmap.evidence.anchoring as anchoring

    searched: list[str] = []
    inner = anchoring._resolve

    def counting(e, *args, **kwargs):  # type: ignore[no-untyped-def]
        searched.append(e.quote)
        return inner(e, *args, **kwargs)

    monkeypatch.setattr(anchoring, "_resolve", counting)
    return searched


def test_fix_pins_the_quotes_the_check_resolved_without_searching_again(tmp_path: Path, monkeypatch):
    """One resolution pass (issue #17): ``check --fix`` reuses the check's resolution of each quote,
    near misses included; only the check after writing the fixes searches again."""
    from argmap.checks import check_corpus
    from argmap.edit.fix import fix_corpus
    from argmap.load.corpus import load_corpus

    copy_seed(tmp_path, 2)
    map_path = tmp_path / "mini.argmap.yaml"
    map_path.write_text(FIX_MAP.replace("認為，安全在研究上", "認為，安全在研究下"), encoding="utf-8")  # one near miss
    searched = count_searches(monkeypatch)
    corpus = load_corpus([map_path])
    check_corpus(corpus)
    assert len(searched) == 4
    [report] = fix_corpus(corpus)
    assert report.pinned == 3 and len(report.skipped) == 1
    assert len(searched) == 4  # the fix searched nothing
    searched.clear()
    r = run("check", "--fix", str(map_path))
    assert "fixed" not in r.stderr  # pinned above (written), nothing left to change: no second check
    assert len(searched) == 4


def test_fix_quotes_without_fix_is_a_usage_error(tmp_path: Path):
    map_path = tmp_path / "mini.argmap.yaml"
    map_path.write_text(dump(seed_map(copy_seed(tmp_path, 2), "本研究耙梳")), encoding="utf-8")
    before = map_path.read_bytes()
    r = run("check", "--fix-quotes", str(map_path))
    assert r.exit_code == 2 and "--fix-quotes works together with --fix" in r.stderr
    assert map_path.read_bytes() == before


# -- offsets are Python str offsets --------------------------------------------------------------------

@pytest.mark.parametrize("n, quote, expected_passage", [
    (3, "因此中國也爭取上海合作組織秘書處設在北京", "因此中國也爭取上海合作組織秘書處設在北京"),
    (2, "本研究耙梳1996年至2012年上合組織", "本研究耙梳1996年至2012年上合組織"),
    (2, "霸權國，而中共", "霸權國¹，而中共"),  # normalised: the marker is inside the span
    (2, "認為，安全在研究上", "認為,安全在研究上"),  # normalised: the text's own comma
    (3, "合作組織秘書處設在北京。整體而言", "合作組織秘書處設在北京。13整體而言"),
    (4, "勘界議定書」及其所附的「中華人民共和國", "勘界議定書」及其所附" + no_space(RUNNING_HEAD_004) + "的「中華人民共和國"),
])
def test_offsets_agree_with_python_str_indexing(seeds, n: int, quote: str, expected_passage: str):
    t = seeds[n]
    r = resolve(ev(quote), t)
    assert r.status == "found"
    assert strip_space(t.text[r.span.start:r.span.end]) == expected_passage
    assert no_space(t.text[r.span.start:r.span.end]) == expected_passage
    # line and column agree with counting line breaks in the raw text
    assert r.span.line == t.text.count("\n", 0, r.span.start) + 1
    assert r.span.column == r.span.start - t.text.rfind("\n", 0, r.span.start)
    assert r.span.end_line == t.text.count("\n", 0, r.span.end - 1) + 1
    # the file read as bytes and decoded gives the same offsets
    raw = (SOURCES / SEED[n]).read_bytes().decode("utf-8")
    assert raw == t.text and raw[r.span.start] == expected_passage[0] and raw[r.span.end - 1] == expected_passage[-1]
    assert t.quote_context(r.span.start, r.span.end) == context_of(raw, r.span.start, r.span.end)


@pytest.mark.parametrize("n, quote, wrong, right", [
    (3, "因此中國也爭取上海合作組織秘書處設在北平", "平", "京"),
    (2, "在後冷戰時期，蘇聯的瓦解使得美國一躍成為國際體系中的霸權图", "图", "國"),
])
def test_wrong_last_character_is_a_replacement_not_a_deletion(seeds, n: int, quote: str, wrong: str, right: str):
    """On equal similarity the near miss keeps the quote's length: the passage includes the right
    character (and --fix-quotes would not shorten the quote)."""
    near = seeds[n].near_miss(quote)
    assert near is not None and near.diff == (("replace", wrong, right),)
    raw = quote[:-1] + right
    found = raw_occurrences(seeds[n].text, raw)
    assert len(found) == 1 and (near.span.start, near.span.end) == found[0][:2]


def test_run_bisection_maps_positions_as_the_full_offset_array_does():
    """SourceText keeps the whitespace-free text as runs and maps positions back by bisection; the
    answers equal those of an array holding one original offset per character."""
    import bisect
    import random

    rng = random.Random(3)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt"))]
    texts += ["", "   ", " x", "x ", "a b  c\n\nd\u3000e"]
    for t in texts:
        st = SourceText(t)
        full = [i for i, ch in enumerate(t) if not ch.isspace()]
        assert list(st.offsets) == full and st.squeezed == "".join(t[i] for i in full)
        positions = range(len(full)) if len(full) < 100 else rng.sample(range(len(full)), 2000)
        assert all(st.original_offset(i) == full[i] for i in positions)
        offsets = range(len(t) + 1) if len(t) < 100 else [0, len(t), *rng.sample(range(len(t) + 1), 2000)]
        assert all(st.squeezed_at(o) == bisect.bisect_left(full, o) for o in offsets)
