"""The Argdown export, checked with the real Argdown CLI (@argdown/cli 1.7.5, installed by .ci/setup).

Every exported file is parsed by ``argdown json`` and ``argdown html``; the tests then compare what
Argdown read (its JSON, the header of its HTML) with the map. The expectations are computed here
from the map, independently of :mod:`argmap.interchange.argdown`.
"""

from __future__ import annotations

import copy
import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from argmap.interchange.argdown import to_argdown
from argmap.load.loader import load_map
from argmap.model import Map
from tests.conftest import SOURCE_TEXT, base_map

ROOT = Path(__file__).resolve().parent.parent
ARGDOWN = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "argdown"
CORPUS = sorted((ROOT / "arguments").glob("*.argmap.yaml"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SUCCESS = re.compile(r"Successfully export(?:ed)? (\d+) files? to (?:JSON|html)\.")

# Every character Argdown's lexer treats specially, line breaks, a blank line, lines that would
# start relations, numbered statements, lists and headings, shortcodes, comments, front-matter
# fences, tabs and runs of spaces, full-width and non-breaking spaces.
HOSTILE_TEXT = (
    "a [b]: <c>: #d #(e f) {g: h} } i *j* _k_ __l__ **m** @[n] @<o> :smile: .x. e.g. 1.2.3 ;,"
    " / // x /* y */ <!-- z --> === \\ \\n - + -> <- <_ _> >< +> <+ ( ) (1) 1. * \"q\" 'r' "
    "x-_y_ C4.2 lit-yu2009\n+ plus line\n- minus line\n\n(2) after a blank line\n  <- indented\n"
    "# heading\n[T]: fake definition\n<I1>\n===\n----\nend  with  spaces\tand\ttabs　全形空格\u00a0nbsp "
)


def expected_text(text: str) -> str:
    """The statement text Argdown should read back: ASCII whitespace runs → one space, trimmed."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


def hostile_map() -> dict[str, Any]:
    data = base_map()
    data["id"] = "hostile"
    data["work"].update({
        "title": '標題 === "引號": a {b} } c #d [e]: <f> ===',
        "title_en": "Title: with === and 'quotes'",
        "venue": "期刊: 第 1 期 === x",
        "note": "line one\nline two } end",
    })
    claims = data["claims"]
    claims[0]["text"] = HOSTILE_TEXT  # T, the thesis
    claims[0]["gloss"] = 'gloss {with} } braces, "quotes", back\\slash,\nnewline, === and \u2028 separator'
    claims[0]["section"] = "第一章: {x} } y"
    claims[1]["id"] = "C4.2"
    claims[1]["text"] = "\\*escaped already\\* ends with a backslash \\"
    claims[2]["id"] = "x_y.z-1"  # implicit premise
    claims[3]["id"] = "lit-yu2009"
    claims[3]["asserted_by"] = {"author": "余建華 (ed.) [x]", "year": 2009, "work": "〈a} b〉"}
    claims.append({"id": "W", "text": " \n\t ", "gloss": "whitespace only",
                   "evidence": [{"quote": "展示嚇阻力", "line": 5}]})
    data["inferences"] = [
        {"id": "I1", "premises": ["C4.2", "x_y.z-1"], "conclusion": "T", "scheme": "scheme: {a} } b"},
        {"id": "I2", "premises": ["W"], "conclusion": "C4.2", "note": "undercut below"},
        {"id": "I3", "premises": ["W"], "conclusion": "x_y.z-1", "scheme": "one premise // x"},
    ]
    data["attacks"] = [
        {"id": "A1", "attacker": "T", "target": "lit-yu2009", "type": "rebuttal"},
        {"id": "A2", "attacker": "lit-yu2009", "target": "I2", "type": "undercut", "note": "a\nb"},
    ]
    data["positions"] = [{"issue": "balancing", "position": "high-balancing", "claims": ["T"],
                          "note": "=== not a fence"}]
    return data


def odd_map() -> dict[str, Any]:
    """Schema-valid but not clean: dangling references, duplicated ids, a self-support, a rebuttal of
    an inference and an undercut of a claim. The export must still parse."""
    data = base_map()
    data["id"] = "odd"
    data["claims"].append(copy.deepcopy(data["claims"][1]))  # C1 twice
    data["inferences"] = [
        {"id": "I1", "premises": ["C1", "P1"], "conclusion": "T"},
        {"id": "I1", "premises": ["C1", "Missing"], "conclusion": "T"},
        {"id": "I2", "premises": ["T"], "conclusion": "T"},
        {"id": "I3", "premises": ["C1", "T"], "conclusion": "T"},
        {"id": "I4", "premises": ["Gone"], "conclusion": "Nowhere"},
    ]
    data["attacks"] = [
        {"id": "A1", "attacker": "R1", "target": "I1", "type": "rebuttal"},
        {"id": "A2", "attacker": "R1", "target": "C1", "type": "undercut"},
        {"id": "A3", "attacker": "Ghost", "target": "I1", "type": "undercut"},
    ]
    return data


def run_argdown(command: str, folder: Path, out: str) -> subprocess.CompletedProcess[str]:
    """``argdown <command> '*.argdown' <out>`` in ``folder`` (so no project config is picked up)."""
    if not ARGDOWN.exists():
        pytest.fail(f"the Argdown CLI is missing ({ARGDOWN}): run `bash .ci/setup`")
    return subprocess.run([str(ARGDOWN), command, "*.argdown", out], cwd=folder, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)


def argdown_problems(result: subprocess.CompletedProcess[str], files: int) -> list[str]:
    """What is wrong with an Argdown run: a non-zero exit, anything on stderr, or any stdout line
    other than the success message for ``files`` files (Argdown prints parser errors and warnings
    there). Empty when the run was clean."""
    problems = []
    if result.returncode != 0:
        problems.append(f"exit code {result.returncode}")
    stderr = ANSI.sub("", result.stderr).strip()
    if stderr:
        problems.append(f"stderr: {stderr}")
    lines = [line.strip() for line in ANSI.sub("", result.stdout).splitlines() if line.strip()]
    if len(lines) != 1 or not (m := SUCCESS.fullmatch(lines[0])) or int(m.group(1)) != files:
        problems.append(f"stdout: {result.stdout}")
    return problems


def load(path: Path) -> Map:
    loaded = load_map(path)
    assert loaded.map is not None, loaded.diagnostics
    return loaded.map


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """All exports in one folder, parsed by one ``argdown json`` and one ``argdown html`` run:
    name → {map, text (the Argdown), json, html}."""
    maps_dir = tmp_path_factory.mktemp("maps")
    (maps_dir / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    maps: dict[str, Map] = {p.name.removesuffix(".argmap.yaml"): load(p) for p in CORPUS}
    for name, data in (("hostile", hostile_map()), ("odd", odd_map())):
        path = maps_dir / f"{name}.argmap.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        maps[name] = load(path)
    folder = tmp_path_factory.mktemp("argdown")
    texts = {}
    for name, m in maps.items():
        texts[name] = to_argdown(m)
        (folder / f"{name}.argdown").write_bytes(texts[name].encode("utf-8"))
    # Written unescaped on purpose: shows that the escaping matters (see test_escaping_is_needed).
    (folder / "naive.argdown").write_text("[N]: a *b* :smile: x\n", encoding="utf-8")
    files = len(maps) + 1
    for command, out in (("json", "json"), ("html", "html")):
        result = run_argdown(command, folder, out)
        assert not argdown_problems(result, files), argdown_problems(result, files)
    return {name: {"map": maps.get(name), "text": texts.get(name),
                   "json": json.loads((folder / "json" / f"{name}.json").read_text(encoding="utf-8")),
                   "html": (folder / "html" / f"{name}.html").read_text(encoding="utf-8")}
            for name in [*maps, "naive"]}


def argument_ids(m: Map) -> set[str]:
    """Inferences that must be Argdown arguments: linked premises, the target of an undercut, or a
    one-premise inference whose premise and conclusion an earlier one already joins (Argdown would
    merge two identical support relations into one)."""
    undercut = {a.target.id for a in m.attacks if a.type == "undercut"}
    out, joined = set(), set()
    for f in m.inferences:
        pair = (f.premises[0].id, f.conclusion.id) if len(f.premises) == 1 else None
        if pair is None or f.id in undercut or pair in joined:
            out.add(f.id)
        else:
            joined.add(pair)
    return out


def expected_relations(m: Map) -> set[tuple[str, str, str, str, str]]:
    """(from, fromType, to, toType, relationType) of every relation Argdown should list.

    Argdown's JSON ``relations`` holds only the relations written as relations: a one-premise
    inference is a ``support`` from its premise to its conclusion (both equivalence classes, i.e.
    statements), a rebuttal an ``attack`` from the attacker to the target statement, an undercut an
    ``undercut`` from the attacker statement to the target argument (``toType`` ``inference``, ``to``
    the argument's title). A premise–conclusion structure produces no entry there (it is the
    argument's ``pcs``, checked separately), so arguments contribute nothing else."""
    args = argument_ids(m)
    ec = "equivalence-class"
    out = {(f.premises[0].id, ec, f.conclusion.id, ec, "support") for f in m.inferences if f.id not in args}
    for a in m.attacks:
        if a.type == "rebuttal":
            out.add((a.attacker.id, ec, a.target.id, ec, "attack"))
        else:
            out.add((a.attacker.id, ec, a.target.id, "inference", "undercut"))
    return out


def expected_tags(m: Map, claim_id: str) -> set[str]:
    c = m.claims_by_id[claim_id]
    tags = {"thesis"} if c.role == "thesis" else {"implicit-premise"} if c.role == "implicit-premise" else set()
    if c.asserted_by:
        label = f"asserted-by {c.asserted_by.author}" + (f" {c.asserted_by.year}" if c.asserted_by.year else "")
        tags.add(" ".join(label.replace("(", "（").replace(")", "）").split()))
    return tags


def definition(statement: dict[str, Any]) -> dict[str, Any]:
    """The one member of an equivalence class that defines it (the others are references by title)."""
    defs = [s for s in statement["members"] if not s.get("isReference")]
    assert len(defs) == 1, statement["title"]
    return defs[0]


def text_without_tags(member: dict[str, Any]) -> str:
    """A statement's text as Argdown read it, without the tags Argdown keeps in it (they come last)."""
    text = member.get("text", "")
    starts = [r["start"] for r in member.get("ranges", []) if r["type"] == "tag"]
    return (text[: min(starts)] if starts else text).strip(" ")


CORPUS_NAMES = [p.name.removesuffix(".argmap.yaml") for p in CORPUS]


def test_the_corpus_has_five_maps():
    assert len(CORPUS_NAMES) == 5, CORPUS_NAMES


@pytest.mark.parametrize("name", CORPUS_NAMES + ["hostile"])
def test_export_parses_to_the_same_graph(exported, name):
    got = exported[name]
    m, d = got["map"], got["json"]
    assert set(d["statements"]) == {c.id for c in m.claims}
    assert set(d["arguments"]) == argument_ids(m)
    for inf in m.inferences:
        if inf.id not in argument_ids(m):
            continue
        pcs = d["arguments"][inf.id]["pcs"]
        assert [s["title"] for s in pcs if s["role"] == "premise"] == [p.id for p in inf.premises], inf.id
        assert [(s["title"], s["role"]) for s in pcs[len(inf.premises):]] == [(inf.conclusion.id, "main-conclusion")]
    relations = [(r["from"], r["fromType"], r["to"], r["toType"], r["relationType"]) for r in d["relations"]]
    assert len(relations) == len(set(relations))
    assert set(relations) == expected_relations(m)
    for c in m.claims:
        assert set(d["statements"][c.id].get("tags", [])) == expected_tags(m, c.id), c.id


@pytest.mark.parametrize("name", CORPUS_NAMES + ["hostile"])
def test_statement_texts_and_data_survive(exported, name):
    m, d = exported[name]["map"], exported[name]["json"]
    for c in m.claims:
        member = definition(d["statements"][c.id])
        assert text_without_tags(member) == expected_text(c.text), c.id
        data = member["data"]
        assert data["gloss"] == c.gloss
        assert data.get("section") == c.section
        assert [(e["quote"], e.get("source"), e.get("line"), e.get("page")) for e in data.get("evidence", [])] == [
            (e.quote, (m.source_of(e).id if m.source_of(e) else None), e.line, e.page) for e in c.evidence]
        if c.asserted_by:
            assert (data["asserted_by"]["author"], data["asserted_by"].get("year")) == (
                c.asserted_by.author, c.asserted_by.year)
        else:
            assert "asserted_by" not in data
    for inf in m.inferences:
        if inf.id in argument_ids(m):
            assert (d["arguments"][inf.id].get("data") or {}).get("scheme") == inf.scheme


@pytest.mark.parametrize("name", CORPUS_NAMES + ["hostile"])
def test_front_matter_carries_the_work(exported, name):
    m, text = exported[name]["map"], exported[name]["text"]
    assert text.startswith("===\n")
    fence = text.index("\n===\n", 3)
    front = yaml.safe_load(text[4:fence])
    assert front["title"] == m.work.title and front.get("subTitle") == m.work.title_en
    assert front["argmap"]["map"] == m.id
    assert front["argmap"]["kind"] == m.work.kind and front["argmap"]["language"] == m.work.language
    assert front["argmap"].get("year") == m.work.year
    assert [a["name"] for a in front["argmap"]["authors"]] == [a.name for a in m.work.authors]
    assert len(front["argmap"].get("positions", [])) == len(m.positions)
    assert "===" not in text[4:fence]
    # Argdown's JSON does not carry the front matter; its HTML export shows the title it read.
    h1 = re.search(r"<header><h1>(.*?)</h1>", exported[name]["html"], re.S)
    assert h1 and html.unescape(h1.group(1)) == m.work.title


def test_hostile_text_is_read_back_exactly(exported):
    d = exported["hostile"]["json"]
    assert text_without_tags(definition(d["statements"]["T"])) == expected_text(HOSTILE_TEXT)
    gloss = definition(d["statements"]["T"])["data"]["gloss"]
    assert gloss == hostile_map()["claims"][0]["gloss"]  # data strings are exact, line breaks included
    assert text_without_tags(definition(d["statements"]["W"])) == ""
    assert d["statements"]["lit-yu2009"]["tags"] == ["asserted-by 余建華 （ed.） [x] 2009"]


def test_escaping_is_needed(exported):
    """The unescaped control file is misread (shortcode, italics), so the hostile test can fail."""
    naive = definition(exported["naive"]["json"]["statements"]["N"])["text"]
    assert naive != "a *b* :smile: x"


def test_odd_but_schema_valid_map_still_parses(exported):
    d = exported["odd"]["json"]
    assert {"I1", "I1 (2)", "I3"} <= set(d["arguments"])
    assert {"T", "C1", "P1", "R1"} <= set(d["statements"])


def test_broken_argdown_is_detected(tmp_path):
    """The error detection used above catches a parser error (Argdown still exports the good files)."""
    m = load(CORPUS[0])
    (tmp_path / "good.argdown").write_text(to_argdown(m), encoding="utf-8")
    (tmp_path / "broken.argdown").write_text(to_argdown(m).replace("\n\n// Claims\n\n", "\n\n[X]:\n\n", 1),
                                             encoding="utf-8")
    problems = argdown_problems(run_argdown("json", tmp_path, "out"), 2)
    assert problems and any("exit code" in p for p in problems)
    assert any("broken.argdown" in p for p in problems)


def test_export_is_deterministic_utf8_and_ends_with_a_newline(exported):
    for name in CORPUS_NAMES:
        first = to_argdown(load(CORPUS[CORPUS_NAMES.index(name)]))
        assert first == exported[name]["text"]
        assert first.encode("utf-8") == to_argdown(exported[name]["map"]).encode("utf-8")
        assert first.endswith("\n") and not first.endswith("\n\n") and "\r" not in first
