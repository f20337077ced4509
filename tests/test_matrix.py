"""The works × issues matrix (argmap.compare.matrix): own rows and attributed rows, their cells, where each
cell is stated, and the text, Markdown and JSON reporters — on the inline alpha/beta corpus of
test_compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.compare.matrix import matrix, to_json, to_markdown, to_text
from tests.test_compare import A_POS, B_POS, write_corpus


def statement_lines(path: Path, issue: str) -> list[int]:
    """1-based lines of the ``- issue: <issue>`` position entries in a map file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if line.strip() == f"- issue: {issue}"]


def build(tmp_path, a_positions=A_POS, b_positions=B_POS):
    corpus, a, b = write_corpus(tmp_path, a_positions, b_positions)
    return matrix([a, b], dict(corpus.issues))


def test_own_rows_cells(tmp_path):
    mx = build(tmp_path)
    assert [i.id for i in mx.issues] == ["balancing", "aimed", "energy", "nsc"]
    assert [r.label for r in mx.own] == ["alpha", "beta"]
    alpha, beta = mx.own
    # not-addressed gives an empty cell; the attributed "low" is not alpha's own
    assert alpha.cells == {"balancing": ("high",), "aimed": ("yes",), "energy": (), "nsc": ("cover",)}
    # ambiguous statements give both ids, in statement order
    assert beta.cells == {"balancing": ("high", "low"), "aimed": ("yes",), "energy": ("yes",), "nsc": ("genuine",)}


def test_attributed_row_follows_own_rows(tmp_path):
    mx = build(tmp_path)
    assert [(r.map.id, r.attribution is None) for r in mx.rows] == [("alpha", True), ("beta", True), ("alpha", False)]
    row = mx.attributed[0]
    assert row.label == "余建華 2009" and row.map.id == "alpha"
    assert row.cells == {"balancing": ("low",)}
    assert list(row.statements) == ["balancing"]


def test_one_row_per_citing_map_and_holder(tmp_path):
    yu = {"author": "余建華", "year": 2009}
    a_pos = A_POS + [{"issue": "aimed", "position": "no", "claims": ["R1"], "asserted_by": yu},
                     {"issue": "nsc", "position": "genuine", "claims": ["R1"], "asserted_by": {"author": "余建華"}}]
    b_pos = B_POS + [{"issue": "energy", "position": "not-addressed", "asserted_by": yu}]
    mx = build(tmp_path, a_pos, b_pos)
    got = [(r.map.id, r.label, r.cells) for r in mx.attributed]
    assert got == [("alpha", "余建華 2009", {"balancing": ("low",), "aimed": ("no",)}),
                   ("alpha", "余建華", {"nsc": ("genuine",)}),
                   # a not-addressed attribution makes a row with an empty cell
                   ("beta", "余建華 2009", {})]
    assert list(mx.attributed[2].statements) == ["energy"]


def test_only_the_given_issues_are_columns(tmp_path):
    corpus, a, b = write_corpus(tmp_path, A_POS, B_POS)
    mx = matrix([b, a], {"nsc": corpus.issues["nsc"]})
    assert [r.label for r in mx.rows] == ["beta", "alpha"]  # own rows in the order given
    assert [r.cells for r in mx.rows] == [{"nsc": ("genuine",)}, {"nsc": ("cover",)}]


def test_where_names_the_map_line_and_the_first_quote(tmp_path):
    mx = build(tmp_path)
    alpha, beta, attributed = mx.rows
    alpha_file = tmp_path / "alpha.argmap.yaml"
    own_line, attributed_line = statement_lines(alpha_file, "balancing")
    assert alpha.map.file.endswith("alpha.argmap.yaml")
    # T's first quote is pinned to line 2 of src.txt
    assert alpha.where("balancing") == f"{alpha.map.file}:{own_line}, 王小明 2013, src.txt:2"
    # R1's quote has no line: only the source file is named
    assert attributed.where("balancing") == f"{alpha.map.file}:{attributed_line}, 王小明 2013, src.txt"
    # the ambiguous cell is located at its first statement
    first_ambiguous = statement_lines(tmp_path / "beta.argmap.yaml", "balancing")[0]
    assert beta.where("balancing") == f"{beta.map.file}:{first_ambiguous}, 王小明 2013, src.txt:2"
    assert attributed.where("aimed") == ""


def test_where_is_empty_for_a_not_addressed_cell(tmp_path):
    alpha = build(tmp_path).rows[0]
    assert alpha.cells["energy"] == ()
    assert alpha.where("energy") == ""


def test_text_marks_attributed_rows(tmp_path):
    text = to_text(build(tmp_path))
    lines = text.splitlines()
    assert lines[0].split() == ["work", "balancing", "aimed", "energy", "nsc"]
    assert lines[2].split() == ["alpha", "high", "yes", "—", "cover"]
    assert lines[3].split() == ["beta", "high", "/", "low", "yes", "yes", "genuine"]
    assert lines[4].split() == ["余建華", "2009", "*", "low", "—", "—", "—"]
    assert "* attributed: positions a work ascribes to an author it cites" in text
    assert "  余建華 2009 — according to alpha (balancing: " in text
    assert "      cover = 假 (cover)" in text


def test_markdown_tables(tmp_path):
    md = to_markdown(build(tmp_path))
    assert "| work | balancing | aimed | energy | nsc |" in md
    assert "| **alpha** (小論文) | 高 (high) | 是 (yes) | not addressed | 假 (cover) |" in md
    assert "| **beta** (小論文) | 高 (high) / 低 (low) | 是 (yes) | 是 (yes) | 真 (genuine) |" in md
    assert "## Attributed positions" in md
    assert "| 余建華 2009 | balancing | 低 (low) | alpha | " in md


def test_json_structure(tmp_path):
    mx = build(tmp_path)
    data = json.loads(to_json(mx))
    assert data["argmap-matrix"] == 1
    assert [i["id"] for i in data["issues"]] == ["balancing", "aimed", "energy", "nsc"]
    assert [(r["map"], r["label"], r["attributed"]) for r in data["rows"]] == [
        ("alpha", "alpha", None), ("beta", "beta", None),
        ("alpha", "余建華 2009", {"author": "余建華", "year": 2009, "work": None})]
    beta = data["rows"][1]["cells"]
    assert beta["balancing"]["positions"] == ["high", "low"]
    assert beta["energy"] == {"positions": ["yes"], "by_absence": [], "where": mx.rows[1].where("energy")}
    attributed = data["rows"][2]["cells"]
    assert attributed["balancing"]["positions"] == ["low"]
    assert attributed["aimed"] == {"positions": [], "by_absence": [], "where": None}
