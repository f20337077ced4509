"""Shared evidence in argmap compare: passages both works quote (long enough, in few claims, of rare
bigrams), events and claims linked across the maps, and how each work uses them (asserted or
reported and rebutted; the positions reached) — on inline maps with their own source files, plus
lin2013 vs gpr33-2011 in the corpus.

Two maps alone hold too few quotes for any bigram to reach the IDF threshold, so every inline
corpus has a third map, ``filler``, with 150 quotes of its own."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from argmap.checks import check_corpus
from argmap.compare.pair import compare, shared_passages, to_json, to_markdown, to_text
from argmap.load.corpus import load_corpus
from tests.test_compare import FOURTH
from tests.test_positions import ISSUES

ROOT = Path(__file__).resolve().parent.parent
FORMULA = "互信互利平等協作"  # the New Security Concept's official formula, normalised
STOCK = "上海合作組織成員國"

A_TEXT = ("第一章 新安全觀\n"
          "中方主張新安全觀的核心是互信、互利、平等、協作，並非權宜之計。\n"
          "上海合作組織成員國舉行峰會。\n"
          "中國在中亞地區的利益日增。\n"
          "上海合作組織成員國強調互信、互利、平等、協作。\n")
B_TEXT = ("官方宣稱以互信、互利、平等、協作為原則。\n"
          "然而此說僅為掩護。\n"
          "上海合作組織成員國簽署協定。\n"
          "中國在中亞地區的利益受威脅。\n"
          "上海合作組織成員國宣示互信、互利、平等、協作。\n")
FILLER_LINES = [f"中國在中亞地區第{k}項紀錄" for k in range(150)]


def claim(id_, quote, **extra):
    return {"id": id_, "text": f"{id_}。", "gloss": id_, "evidence": [{"quote": quote}], **extra}


def a_map():
    """alpha asserts the formula (C1) and it leads to nsc = genuine through T."""
    return {"argmap": 1, "id": "alpha",
            "work": {"title": "甲", "authors": [{"name": "甲"}], "kind": "master-thesis", "language": "zh-Hant"},
            "sources": [{"id": "s", "path": "a.txt", "title": "甲"}],
            "claims": [claim("T", "並非權宜之計", role="thesis"),
                       claim("C1", "新安全觀的核心是互信、互利、平等、協作", evidence=[
                           {"quote": "新安全觀的核心是互信、互利、平等、協作", "line": 2}]),
                       claim("C2", "上海合作組織成員國舉行峰會"),
                       claim("C3", "中國在中亞地區的利益日增")],
            "inferences": [{"id": f"I{k}", "premises": [f"C{k}"], "conclusion": "T"} for k in (1, 2, 3)],
            "positions": [{"issue": "nsc", "position": "genuine", "claims": ["T"]}]}


def b_map():
    """beta reports the formula as the official line (R1), rebuts it with T, and T gives nsc = cover."""
    return {"argmap": 1, "id": "beta",
            "work": {"title": "乙", "authors": [{"name": "乙"}], "kind": "master-thesis", "language": "zh-Hant"},
            "sources": [{"id": "s", "path": "b.txt", "title": "乙"}],
            "claims": [claim("T", "然而此說僅為掩護", role="thesis"),
                       claim("R1", "官方宣稱以互信、互利、平等、協作為原則",
                             asserted_by={"author": "中共官方", "year": 2002},
                             evidence=[{"quote": "官方宣稱以互信、互利、平等、協作為原則", "line": 1}]),
                       claim("C2", "上海合作組織成員國簽署協定"),
                       claim("C3", "中國在中亞地區的利益受威脅")],
            "inferences": [{"id": f"I{k}", "premises": [f"C{k}"], "conclusion": "T"} for k in (2, 3)],
            "attacks": [{"id": "A1", "attacker": "T", "target": "R1", "type": "rebuttal"}],
            "positions": [{"issue": "nsc", "position": "cover", "claims": ["T"]}]}


def filler_map(stock_claims=2):
    """150 quotes sharing the bigrams of 中國在中亞地區, and ``stock_claims`` claims quoting STOCK."""
    stock = [claim(f"F{k}", STOCK) for k in range(stock_claims)]
    return {"argmap": 1, "id": "filler",
            "work": {"title": "丙", "authors": [{"name": "丙"}], "kind": "report", "language": "zh-Hant"},
            "sources": [{"id": "s", "path": "filler.txt", "title": "丙"}],
            "claims": [{"id": "T", "role": "thesis", "text": "丙。", "gloss": "T",
                        "evidence": [{"quote": q} for q in FILLER_LINES]}] + stock,
            "inferences": [{"id": "I1", "premises": [c["id"] for c in stock], "conclusion": "T"}] if stock else []}


def write(tmp_path, a=None, b=None, stock_claims=2):
    issues = dict(ISSUES, issues=ISSUES["issues"] + [FOURTH])
    (tmp_path / "x.issues.yaml").write_text(yaml.safe_dump(issues, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp_path / "a.txt").write_text(A_TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B_TEXT, encoding="utf-8")
    (tmp_path / "filler.txt").write_text("\n".join(FILLER_LINES + [STOCK]) + "\n", encoding="utf-8")
    for m in (a or a_map(), b or b_map(), filler_map(stock_claims)):
        (tmp_path / f"{m['id']}.argmap.yaml").write_text(yaml.safe_dump(m, allow_unicode=True, sort_keys=False),
                                                         encoding="utf-8")
    corpus = load_corpus([tmp_path])
    maps = {m.id: m for m in corpus.maps}
    return corpus, maps["alpha"], maps["beta"]


def run(tmp_path, a=None, b=None, stock_claims=2):
    corpus, ma, mb = write(tmp_path, a, b, stock_claims)
    return compare(ma, mb, dict(corpus.issues), corpus=corpus.maps)


def test_inline_maps_are_valid_and_their_quotes_occur(tmp_path):
    corpus, _, _ = write(tmp_path)
    assert [d for d in check_corpus(corpus) if d.severity.value == "error"] == []


def test_asserted_vs_reported_and_rebutted_is_different(tmp_path):
    c = run(tmp_path)
    [s] = c.shared  # neither the stock phrase (4 claims) nor 中國在中亞地區的利益 (common bigrams)
    assert (s.kind, s.passage, s.verdict, s.issues) == ("passage", FORMULA, "different", ("nsc",))
    assert (s.a.claim.id, s.a.holder, s.a.rebutted_by, s.a.positions) == ("C1", None, (), (("nsc", "genuine"),))
    assert (s.b.claim.id, s.b.holder, s.b.rebutted_by, s.b.positions) == ("R1", "中共官方 2002", ("T",), (("nsc", "cover"),))
    assert s.b.rejects and not s.a.rejects
    assert (s.quote_a.line, s.quote_b.line) == (2, 1)


def test_both_asserting_the_same_position_is_same(tmp_path):
    b = b_map()
    del b["claims"][1]["asserted_by"]
    b["attacks"] = []
    b["inferences"].append({"id": "I1", "premises": ["R1"], "conclusion": "T"})
    b["positions"] = [{"issue": "nsc", "position": "genuine", "claims": ["T"]}]
    [s] = run(tmp_path, b=b).shared
    assert (s.passage, s.verdict, s.b.holder, s.b.positions) == (FORMULA, "same", None, (("nsc", "genuine"),))
    # both asserting, but reaching disjoint positions
    b["positions"] = [{"issue": "nsc", "position": "cover", "claims": ["T"]}]
    assert run(tmp_path, b=b).shared[0].verdict == "different"


def test_reported_without_rebuttal_is_unclear(tmp_path):
    b = b_map()
    b["attacks"] = []
    [s] = run(tmp_path, b=b).shared
    assert (s.verdict, s.b.holder, s.b.rebutted_by, s.b.positions, s.issues) == ("unclear", "中共官方 2002", (), (), ())


def test_stock_phrase_in_four_claims_is_not_shared_but_in_three_is(tmp_path):
    corpus, a, b = write(tmp_path, stock_claims=2)
    assert [p for *_, p in shared_passages(a, b, corpus.maps)] == [FORMULA]
    corpus, a, b = write(tmp_path, stock_claims=1)
    got = [(ca.id, cb.id, p) for ca, _, cb, _, p in shared_passages(a, b, corpus.maps)]
    assert got == [("C2", "C2", STOCK), ("C1", "R1", FORMULA)]  # longest first


def test_passage_made_of_common_bigrams_is_not_shared(tmp_path):
    corpus, a, b = write(tmp_path)
    # 中國在中亞地區的利益: 10 characters in 2 claims only, but 6 of its 9 bigrams are in every filler quote
    assert "中國在中亞地區的利益" not in [p for *_, p in shared_passages(a, b, corpus.maps)]
    # the IDF floor scales with the corpus (0.6 × ln(N/2)): with the two maps alone the formula is
    # still found; what is common can only be told from a corpus, so the run is kept there
    alone = [p for *_, p in shared_passages(a, b)]
    assert FORMULA in alone and "中國在中亞地區的利益" in alone


def test_short_common_run_is_not_shared(tmp_path):
    a, b = a_map(), b_map()
    a["claims"][1]["evidence"] = [{"quote": "互信、互利、平等"}]  # 6 characters in common with beta's R1
    assert run(tmp_path, a=a, b=b).shared == ()


def test_same_event_and_same_claim_links(tmp_path):
    b = b_map()
    b["claims"][3]["links"] = [{"to": "alpha#C3", "relation": "same-event"}]
    b["claims"][2]["links"] = [{"to": "alpha#C2", "relation": "same-claim"}, {"to": "alpha#T", "relation": "attacks"}]
    c = run(tmp_path, b=b)
    assert [(s.kind, s.a.claim.id, s.b.claim.id, s.passage) for s in c.shared] == [
        ("passage", "C1", "R1", FORMULA), ("same-claim", "C2", "C2", None), ("same-event", "C3", "C3", None)]
    event = c.shared[2]
    assert (event.a.positions, event.b.positions, event.verdict) == ((("nsc", "genuine"),), (("nsc", "cover"),), "different")
    assert event.quote_a is None and event.quote_b is None


def test_reporters_show_shared_evidence(tmp_path):
    b = b_map()
    b["claims"][3]["links"] = [{"to": "alpha#C3", "relation": "same-event"}]
    c = run(tmp_path, b=b)
    text = to_text(c)
    assert f"  passage 「{FORMULA}」: 甲 n.d., a.txt:2 and 乙 n.d., b.txt:1 — different conclusions" in text
    assert "      beta#R1 reports it as 中共官方 2002's and rebuts it (T) → nsc: cover" in text
    assert "      alpha#C1 asserts it → nsc: genuine" in text
    assert "  same-event link alpha#C3 = beta#C3 — different conclusions" in text
    assert "## Shared evidence" in to_markdown(c)
    data = json.loads(to_json(c))
    schema = json.loads((ROOT / "schemas" / "compare.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    first = data["shared"][0]
    assert (first["kind"], first["passage"], first["verdict"], first["issues"]) == ("passage", FORMULA, "different", ["nsc"])
    assert first["b"]["holder"] == "中共官方 2002" and first["b"]["rebutted_by"] == ["T"]
    assert first["b"]["positions"] == [{"issue": "nsc", "position": "cover"}]
    assert data["shared"][1]["a"]["quote"] is None


def test_rare_passage_beside_a_longer_stock_phrase_is_found(tmp_path):
    a, b = a_map(), b_map()
    a["claims"][1]["evidence"] = [{"quote": "上海合作組織成員國強調互信、互利、平等、協作"}]
    b["claims"][1]["evidence"] = [{"quote": "上海合作組織成員國宣示互信、互利、平等、協作"}]
    corpus, ma, mb = write(tmp_path, a, b)
    assert FORMULA in [p for *_, p in shared_passages(ma, mb, corpus.maps)]


def test_corpus_lin2013_vs_gpr33(monkeypatch):
    monkeypatch.chdir(ROOT)
    corpus = load_corpus([Path("arguments")])
    maps = {m.id: m for m in corpus.maps}
    c = compare(maps["lin2013"], maps["gpr33-2011"], dict(corpus.issues), corpus=corpus.maps)
    found = [(s.a.claim.id, s.b.claim.id, s.verdict) for s in c.shared if s.kind == "passage" and s.passage == FORMULA]
    assert found == [("C2.3", "C13", "different")]
