"""A claim's fidelity to its text (docs/encoding.md, "Fidelity"): each value's check with a failing and
a passing case (C403-C407), the model and summary counts, and the corpus (every claim marked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.checks import fidelity_counts
from argmap.load.corpus import load_corpus
from argmap.model import FIDELITY
from tests.conftest import base_map, codes

ROOT = Path(__file__).resolve().parent.parent


def marked(**fidelity):
    """The base map with ``fidelity`` set on the named claims (T, C1, P1, R1)."""
    data = base_map()
    for c in data["claims"]:
        if c["id"] in fidelity:
            c["fidelity"] = fidelity[c["id"]]
    return data


def test_well_marked_map_is_clean_and_values_reach_the_model(diagnose, tmp_path):
    data = marked(T="paraphrase", C1="paraphrase", P1="reconstruction", R1="paraphrase")
    assert diagnose(data) == []
    m = load_corpus([tmp_path]).maps[0]
    assert [c.fidelity for c in m.claims] == ["paraphrase", "paraphrase", "reconstruction", "paraphrase"]
    assert m.claims[0].fidelity_loc is not None and m.claims[0].fidelity_loc.line > m.claims[0].loc.line


def test_unmarked_claims_are_not_checked_but_counted(diagnose, tmp_path):
    assert diagnose(base_map()) == []
    maps = load_corpus([tmp_path]).maps
    assert fidelity_counts(maps) == {"unmarked": 4}
    diagnose(marked(T="summary", P1="reconstruction"))  # T has one quote: C404, but the counts are the point
    assert fidelity_counts(load_corpus([tmp_path]).maps) == {"summary": 1, "reconstruction": 1, "unmarked": 2}


def test_unknown_value_is_refused_by_the_schema(diagnose):
    ds = diagnose(marked(T="compression"))
    assert codes(ds) == ["S104"] and "'quotation'" in ds[0].message


def test_quotation_must_be_one_of_its_quotes_C403(diagnose):
    data = marked(C1="quotation")
    ds = diagnose(data)
    assert codes(ds) == ["C403"] and "'C1'" in ds[0].message
    # the text equal to its quote (whitespace and a final full stop aside) passes
    data["claims"][1]["text"] = "展示 嚇阻力。"
    assert diagnose(data) == []
    data["claims"][1]["text"] = "展示嚇阻"
    assert codes(diagnose(data)) == ["C403"]


def test_summary_needs_two_quotes_C404(diagnose):
    data = marked(T="summary")
    ds = diagnose(data)
    assert codes(ds) == ["C404"] and "has 1 quote(s)" in ds[0].message
    data["claims"][0]["evidence"].append({"quote": "中俄多次舉行聯合軍演", "line": 5})
    assert diagnose(data) == []


def test_interpretation_needs_a_note_C405(diagnose):
    data = marked(C1="interpretation")
    assert codes(diagnose(data)) == ["C405"]
    data["claims"][1]["note"] = "作者只列舉軍演（line 5），以之為嚇阻是本編碼者的讀法。"
    assert diagnose(data) == []


@pytest.mark.parametrize("claim,value", [("C1", "reconstruction"), ("P1", "paraphrase"), ("P1", "interpretation")])
def test_reconstruction_exactly_for_implicit_premises_C406(diagnose, claim, value):
    data = marked(**{claim: value})
    if value == "interpretation":
        data["claims"][2]["note"] = "讀法。"
    ds = diagnose(data)
    assert "C406" in codes(ds) and f"'{claim}'" in next(d for d in ds if d.code == "C406").message


def test_paraphrase_needs_a_quote_C407(diagnose):
    data = marked(C1="paraphrase")
    data["claims"][1]["evidence"] = []
    data["inferences"].append({"id": "I2", "premises": ["T"], "conclusion": "C1"})  # supported: no C401
    ds = diagnose(data)
    assert "C407" in codes(ds)


def test_diagnostic_points_at_the_fidelity_field(diagnose, tmp_path):
    ds = diagnose(marked(T="summary"))
    text = (tmp_path / "mini.argmap.yaml").read_text(encoding="utf-8").splitlines()
    assert text[ds[0].line - 1][ds[0].column - 1:].startswith("summary")


def test_summary_line_counts_claims_by_fidelity(write_map, tmp_path):
    from click.testing import CliRunner
    from argmap.cli import main
    write_map(marked(T="paraphrase", C1="paraphrase", P1="reconstruction"))
    r = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert r.exit_code == 0
    assert "4 claims (2 paraphrase, 1 reconstruction, 1 unmarked), 3 quotes" in r.stderr
    write_map(base_map())  # nothing marked: the line is as before
    r = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert "checked 1 map(s), 4 claims, 3 quotes:" in r.stderr


def test_every_corpus_claim_has_a_fidelity(monkeypatch):
    monkeypatch.chdir(ROOT)
    corpus = load_corpus([Path("arguments")])
    unmarked = [f"{m.id}#{c.id}" for m in corpus.maps for c in m.claims if c.fidelity is None]
    assert unmarked == []
    counts = fidelity_counts(corpus.maps)
    assert set(counts) <= set(FIDELITY) and sum(counts.values()) == sum(len(m.claims) for m in corpus.maps)
    # implicit premises are exactly the reconstructions
    assert counts.get("reconstruction") == sum(c.is_implicit for m in corpus.maps for c in m.claims)
