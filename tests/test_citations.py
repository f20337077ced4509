"""Work metadata as citations: CSL-JSON export of the corpus's bibliography, read back by
``argmap new --bib`` (a round trip), and the new work fields in the schema and model."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from argmap.cli import main
from argmap.load.corpus import load_corpus
from argmap.load.loader import load_map

ROOT = Path(__file__).resolve().parent.parent

ITEM = {"id": "lin2013", "type": "article-journal", "title": "上海合作組織與平衡",
        "author": [{"literal": "林伯雍"}, {"family": "Smith", "given": "John"}],
        "issued": {"date-parts": [[2013, 8]]}, "container-title": "問題與研究", "volume": "52", "issue": "3",
        "page": "117-145", "publisher": "政大國關中心", "publisher-place": "臺北",
        "DOI": "10.30390/ISC.201309_52(3).0001", "URL": "https://example.org/lin2013", "language": "zh-Hant"}


def run(*args: str, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def test_csl_json_round_trip(tmp_path: Path) -> None:
    """An item read by argmap new and exported again is the same item."""
    (tmp_path / "ref.json").write_text(json.dumps([ITEM], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "text.txt").write_text("上海合作組織與平衡。\n", encoding="utf-8")
    r = run("new", "lin2013", "--source", "text.txt", "--bib", "ref.json", cwd=tmp_path)
    assert r.exit_code == 0, r.output
    e = run("export", "lin2013.argmap.yaml", "--to", "csl-json", cwd=tmp_path)
    assert e.exit_code == 0, e.output
    [item] = json.loads(e.stdout)
    assert item == ITEM


def test_corpus_bibliography_has_one_item_per_map(tmp_path: Path) -> None:
    r = run("export", str(ROOT / "arguments"), "--to", "csl-json", "--out", str(tmp_path), cwd=tmp_path)
    assert r.exit_code == 0, r.output
    items = json.loads((tmp_path / "bibliography.csl.json").read_text(encoding="utf-8"))
    corpus = load_corpus([ROOT / "arguments"])
    assert [i["id"] for i in items] == sorted(m.id for m in corpus.maps)
    lin = next(i for i in items if i["id"] == "lin2013")
    m = next(m for m in corpus.maps if m.id == "lin2013")
    assert (lin["type"], lin["genre"], lin["title"]) == ("thesis", "Master's thesis", m.work.title)
    assert lin["author"] == [{"literal": "林伯雍"}] and lin["issued"]["date-parts"][0][0] == m.work.year
    assert lin["publisher"] == m.work.institution


def test_new_work_fields_are_checked_by_the_schema(tmp_path: Path) -> None:
    base = ("argmap: 1\nid: x\nwork: {title: t, authors: [{name: a}], kind: book, language: en, %s}\n"
            "sources: []\nclaims: [{id: T, role: thesis, text: t, gloss: g}]\n")
    (tmp_path / "x.argmap.yaml").write_text(base % "doi: 10.1234/ab, volume: 52, issue: 3, pages: 1-9",
                                            encoding="utf-8")
    w = load_map(tmp_path / "x.argmap.yaml").map.work
    assert (w.doi, w.volume, w.issue, w.pages) == ("10.1234/ab", "52", "3", "1-9")
    (tmp_path / "x.argmap.yaml").write_text(base % "doi: https://doi.org/10.1234/ab", encoding="utf-8")
    loaded = load_map(tmp_path / "x.argmap.yaml")
    assert loaded.map is None and [d.code for d in loaded.diagnostics][0].startswith("S")
