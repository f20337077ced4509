"""``argmap new`` and ``argmap schema`` through the real CLI, and the default source of a map with
several sources (R220, E304, ``--fix`` adding ``source:``). Sources are passages of seed 002 written
in UTF-8 and Big5; expected texts come from the seed, never from argmap's output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from argmap.cli import main
from argmap.load.loader import load_map

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "arguments" / "sources" / "002_a7571c67bdaab12b.txt").read_text(encoding="utf-8")
# two passages of the seed that are plain Big5 (no character outside it)
PART_A = SEED[SEED.index("上海合作組織"):][:400]
PART_B = SEED[SEED.index("新安全觀"):][:300]


def run(*args: str, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def diagnostics(r) -> list[dict]:
    return json.loads(r.stdout)["diagnostics"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "part-a.txt").write_text(PART_A, encoding="utf-8")
    (tmp_path / "part-b.txt").write_bytes(PART_B.encode("cp950"))
    return tmp_path


META = ("--title", "後冷戰時期中共對美平衡戰略", "--author", "林伯雍", "--year", "2013", "--kind", "master-thesis",
        "--language", "zh-Hant")


def test_new_writes_a_valid_map_with_its_source(folder: Path) -> None:
    r = run("new", "lin2013", "--source", "part-a.txt", *META, cwd=folder)
    assert r.exit_code == 0, r.output
    path = folder / "lin2013.argmap.yaml"
    loaded = load_map(path)
    assert loaded.map is not None, loaded.diagnostics
    m = loaded.map
    assert (m.work.title, m.work.author_names, m.work.year, m.work.kind, m.work.language) == (
        "後冷戰時期中共對美平衡戰略", "林伯雍", 2013, "master-thesis", "zh-Hant")
    [s] = m.sources
    assert s.path.read_text(encoding="utf-8") == PART_A
    assert [c.role for c in m.claims] == ["thesis"]
    # the $schema line names a file that exists from where the map is: the installed schema
    first = path.read_text(encoding="utf-8").splitlines()[0]
    ref = first.split("$schema=", 1)[1]
    target = Path(ref) if Path(ref).is_absolute() else (path.parent / ref)
    assert target.resolve() == (ROOT / "schemas" / "argmap.schema.json").resolve()
    # what is left to do: the thesis needs quotes (C401), nothing else
    c = run("check", "--format", "json", "lin2013.argmap.yaml", cwd=folder)
    assert [d["code"] for d in diagnostics(c)] == ["C401"]


def test_schema_ref_is_relative_inside_the_working_tree(folder: Path) -> None:
    (folder / "maps").mkdir()
    from argmap.edit.new import schema_ref

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        ref = schema_ref(ROOT / "arguments")
    finally:
        os.chdir(old)
    assert ref == "../src/argmap/schemas/argmap.schema.json" or ref == "../schemas/argmap.schema.json"
    assert (ROOT / "arguments" / ref).resolve() == (ROOT / "schemas" / "argmap.schema.json").resolve()


@pytest.mark.parametrize("kind", ["csl", "bibtex"])
def test_new_takes_the_work_from_a_bibliography_entry(folder: Path, kind: str) -> None:
    if kind == "csl":
        (folder / "ref.json").write_text(json.dumps([{
            "id": "lin2013", "type": "article-journal", "title": "上海合作組織與平衡",
            "author": [{"family": "林", "given": "伯雍"}, {"family": "Smith", "given": "John"}],
            "issued": {"date-parts": [[2013, 8]]}, "container-title": "問題與研究", "volume": "52", "issue": 3,
            "page": "117–145", "DOI": "https://doi.org/10.30390/ISC.201309_52(3).0001", "publisher": "政大國關中心",
            "language": "zh-Hant"}], ensure_ascii=False), encoding="utf-8")
        bib = "ref.json"
    else:
        (folder / "ref.bib").write_text(
            "@article{lin2013,\n  author = {林伯雍 and Smith, John},\n  title = {{上海合作組織}與平衡},\n"
            "  journal = {問題與研究}, volume = {52}, number = {3}, pages = {117--145},\n"
            "  year = {2013}, month = aug, doi = {10.30390/ISC.201309_52(3).0001},\n"
            "  publisher = {政大國關中心}, language = {zh-Hant}\n}\n", encoding="utf-8")
        bib = "ref.bib"
    r = run("new", "lin2013", "--source", "part-a.txt", "--bib", bib, cwd=folder)
    assert r.exit_code == 0, r.output
    w = load_map(folder / "lin2013.argmap.yaml").map.work
    assert w.title == "上海合作組織與平衡"
    assert [a.name for a in w.authors] == ["林伯雍", "John Smith"]
    assert (w.year, w.date, w.kind) == (2013, "2013-08", "journal-article")
    assert (w.container_title, w.volume, w.issue, w.pages, w.publisher, w.doi) == (
        "問題與研究", "52", "3", "117-145", "政大國關中心", "10.30390/ISC.201309_52(3).0001")


def test_options_override_the_entry(folder: Path) -> None:
    (folder / "ref.json").write_text(json.dumps({"id": "x", "type": "thesis", "genre": "博士論文", "title": "甲",
                                                 "author": [{"literal": "某甲"}], "publisher": "某大學"}),
                                     encoding="utf-8")
    r = run("new", "x", "--source", "part-a.txt", "--bib", "ref.json", "--title", "乙", "--language", "zh-Hant",
            cwd=folder)
    assert r.exit_code == 0, r.output
    w = load_map(folder / "x.argmap.yaml").map.work
    assert (w.title, w.author_names, w.kind, w.institution) == ("乙", "某甲", "doctoral-thesis", "某大學")


@pytest.mark.parametrize("args, message", [
    (("--title", "甲", "--author", "某甲"), "language"),
    (("--author", "某甲", "--language", "zh-Hant"), "title"),
    (("--title", "甲", "--language", "zh-Hant"), "author"),
    (("--title", "甲", "--author", "某甲", "--language", "zh_TW"), "language"),
])
def test_incomplete_or_invalid_metadata_writes_nothing(folder: Path, args: tuple[str, ...], message: str) -> None:
    before = sorted(p.name for p in folder.rglob("*"))
    r = run("new", "x", "--source", "part-a.txt", *args, cwd=folder)
    assert r.exit_code == 2, r.output
    assert message in r.output and "Traceback" not in r.output
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_an_existing_map_is_not_replaced(folder: Path) -> None:
    (folder / "x.argmap.yaml").write_text("keep\n", encoding="utf-8")
    r = run("new", "x", "--source", "part-a.txt", *META, cwd=folder)
    assert r.exit_code == 2 and "exists" in r.output
    assert (folder / "x.argmap.yaml").read_text(encoding="utf-8") == "keep\n"


def test_a_bad_map_id_is_refused(folder: Path) -> None:
    r = run("new", "Lin_2013", "--source", "part-a.txt", *META, cwd=folder)
    assert r.exit_code == 2 and "map id" in r.output
    assert not list(folder.glob("*.argmap.yaml"))


def test_schema_command(folder: Path) -> None:
    r = run("schema", "--path", cwd=folder)
    assert r.exit_code == 0
    assert Path(r.output.strip()).resolve() == (ROOT / "schemas" / "argmap.schema.json").resolve()
    r = run("schema", "issues", cwd=folder)
    assert json.loads(r.output)["$id"] == json.loads((ROOT / "schemas" / "issues.schema.json").read_text())["$id"]


# -- several sources ---------------------------------------------------------------------------


def quote_in(map_path: Path, passage: str, source: str | None = None) -> None:
    """Append a quote to the thesis's evidence (as a scholar pastes one)."""
    text = map_path.read_text(encoding="utf-8").replace("    evidence: []\n", "    evidence:\n")
    extra = f"\n        source: {source}" if source else ""
    map_path.write_text(text + f"      - quote: {json.dumps(passage, ensure_ascii=False)}{extra}\n", encoding="utf-8")


def test_several_sources_first_is_default_and_fix_names_the_other(folder: Path) -> None:
    r = run("new", "lin2013", "--source", "part-a.txt", "--source", "part-b.txt", *META, cwd=folder)
    assert r.exit_code == 0, r.output
    path = folder / "lin2013.argmap.yaml"
    m = load_map(path).map
    assert [(s.id, s.default) for s in m.sources] == [("part-a", True), ("part-b", False)]
    assert (folder / "sources" / "part-b.txt").read_text(encoding="utf-8") == PART_B
    quote_in(path, PART_A[10:30])  # in the default source: no source: needed
    quote_in(path, PART_B[5:25])   # only in the other: --fix must name it
    c = run("check", "--format", "json", "lin2013.argmap.yaml", cwd=folder)
    assert [d["code"] for d in diagnostics(c)] == ["E301"]
    f = run("check", "--fix", "--format", "json", "lin2013.argmap.yaml", cwd=folder)
    assert diagnostics(f) == [] and f.exit_code == 0, f.output
    ev = yaml.safe_load(path.read_text(encoding="utf-8"))["claims"][0]["evidence"]
    assert [e.get("source") for e in ev] == [None, "part-b"]


def test_without_a_default_fix_names_the_source_of_each_quote(folder: Path) -> None:
    run("new", "lin2013", "--source", "part-a.txt", "--source", "part-b.txt", *META, cwd=folder)
    path = folder / "lin2013.argmap.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    default: true\n", ""), encoding="utf-8")
    quote_in(path, PART_A[10:30])
    quote_in(path, PART_B[5:25])
    c = run("check", "--format", "json", "lin2013.argmap.yaml", cwd=folder)
    assert [d["code"] for d in diagnostics(c)] == ["E304", "E304"]
    run("check", "--fix", "lin2013.argmap.yaml", cwd=folder)
    ev = yaml.safe_load(path.read_text(encoding="utf-8"))["claims"][0]["evidence"]
    assert [e.get("source") for e in ev] == ["part-a", "part-b"]
    assert all(e.get("line") for e in ev)


def test_source_add_marks_the_first_source_default(folder: Path) -> None:
    run("new", "lin2013", "--source", "part-a.txt", *META, cwd=folder)
    path = folder / "lin2013.argmap.yaml"
    quote_in(path, PART_A[10:30])
    r = run("source", "add", "part-b.txt", "--map", "lin2013.argmap.yaml", cwd=folder)
    assert r.exit_code == 0, r.output
    m = load_map(path).map
    assert [(s.id, s.default) for s in m.sources] == [("part-a", True), ("part-b", False)]
    c = run("check", "--format", "json", "lin2013.argmap.yaml", cwd=folder)
    assert diagnostics(c) == []


def test_two_default_sources_are_r220(folder: Path) -> None:
    run("new", "lin2013", "--source", "part-a.txt", "--source", "part-b.txt", *META, cwd=folder)
    path = folder / "lin2013.argmap.yaml"
    text = path.read_text(encoding="utf-8")
    i = text.index("  - id: part-b")
    path.write_text(text[:i] + text[i:].replace("    title:", "    default: true\n    title:", 1), encoding="utf-8")
    c = run("check", "--format", "json", "lin2013.argmap.yaml", cwd=folder)
    codes = [d["code"] for d in diagnostics(c)]
    assert codes.count("R220") == 1


# -- argmap quote --map --claim ----------------------------------------------------------------


def test_quote_adds_a_passage_found_once_and_nothing_else(folder: Path) -> None:
    run("new", "lin2013", "--source", "part-a.txt", *META, cwd=folder)
    path = folder / "lin2013.argmap.yaml"
    before = path.read_bytes()
    passage = PART_A[20:45]
    assert PART_A.count(passage) == 1
    r = run("quote", "sources/part-a.txt", passage, "--map", "lin2013.argmap.yaml", "--claim", "T", cwd=folder)
    assert r.exit_code == 0, r.output
    [e] = yaml.safe_load(path.read_text(encoding="utf-8"))["claims"][0]["evidence"]
    assert e["quote"] == passage and PART_A[e["start"]:e["end"]] == passage and "source" not in e
    assert path.read_bytes().startswith(before.split(b"    evidence: []")[0])  # the lines before are untouched
    c = run("check", "--format", "json", "lin2013.argmap.yaml", cwd=folder)
    assert diagnostics(c) == []
    # several occurrences, not found, an unknown claim, a file that is not the map's source: nothing added
    text = path.read_bytes()
    twice = "朋友們"
    assert PART_A.count(twice) > 1
    for args, code in [((twice, "--claim", "T"), 1), (("不在原文中的一句話", "--claim", "T"), 1),
                       ((passage, "--claim", "NOPE"), 2)]:
        r = run("quote", "sources/part-a.txt", *args[:1], "--map", "lin2013.argmap.yaml", *args[1:], cwd=folder)
        assert r.exit_code == code, r.output
        assert path.read_bytes() == text
    r = run("quote", "part-a.txt", passage, "--map", "lin2013.argmap.yaml", "--claim", "T", cwd=folder)
    assert r.exit_code == 2 and "not one of the sources" in r.output and path.read_bytes() == text


def test_quote_into_a_claim_without_evidence_key(folder: Path) -> None:
    run("new", "lin2013", "--source", "part-a.txt", *META, cwd=folder)
    path = folder / "lin2013.argmap.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    evidence: []\n", "    note: 待補\n"), encoding="utf-8")
    r = run("quote", "sources/part-a.txt", PART_A[20:45], "--map", "lin2013.argmap.yaml", "--claim", "T", cwd=folder)
    assert r.exit_code == 0, r.output
    claim = yaml.safe_load(path.read_text(encoding="utf-8"))["claims"][0]
    assert claim["note"] == "待補" and [e["quote"] for e in claim["evidence"]] == [PART_A[20:45]]
