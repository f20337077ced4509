"""argmap.compare.typology.classify on small inline maps: readings, derived camps, near misses, stated and
assigned camps, mismatches with their reasons and claims, and the reporters; plus the corpus's
gpr33-2011 under lin2013-camps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from argmap.load.corpus import load_corpus
from argmap.compare.typology import attributed_only, classify, classify_all, to_json, to_text, verdict
from tests.conftest import SOURCE_TEXT, base_map

ROOT = Path(__file__).resolve().parent.parent


def _issue(id_, *positions):
    return {"id": id_, "question": f"{id_}？", "question_en": f"{id_}?",
            "positions": [{"id": p, "label": p, "label_en": p, "definition": f"{p}。"} for p in positions]}


# A two-criterion typology shaped like lin2013-camps.
ISSUES = {
    "argmap-issues": 1,
    "issues": [_issue("balancing", "non", "low", "high"), _issue("expansion", "emphasised", "mentioned", "excluded"),
               _issue("aimed", "yes", "no")],
    "typologies": [{"id": "camps", "issue": "balancing", "criteria": ["expansion", "aimed"],
                    "camps": [{"camp": "non", "when": {"expansion": "excluded"}},
                              {"camp": "low", "when": {"expansion": "mentioned"}},
                              {"camp": "high", "when": {"expansion": "emphasised", "aimed": "yes"}}]}],
}


def pos(issue, position, *claims, **extra):
    """A position statement (``claims:`` only when some are given, as not-addressed requires)."""
    st = {"issue": issue, "position": position, **extra}
    if claims:
        st["claims"] = list(claims)
    return st


def load(tmp_path, **positions):
    """Write one map per keyword (its id) with the given positions; return (corpus, typology, maps by id)."""
    (tmp_path / "x.issues.yaml").write_text(yaml.safe_dump(ISSUES, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp_path / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    for map_id, plist in positions.items():
        m = base_map()
        m["id"] = map_id
        m["positions"] = plist
        (tmp_path / f"{map_id}.argmap.yaml").write_text(yaml.safe_dump(m, allow_unicode=True, sort_keys=False),
                                                         encoding="utf-8")
    corpus = load_corpus([tmp_path])
    return corpus, corpus.typologies[0], {m.id: m for m in corpus.maps}


def run(tmp_path, map_id="alpha", **positions):
    corpus, t, maps = load(tmp_path, **positions)
    return classify(maps[map_id], t, dict(corpus.issues), corpus.maps)


def test_matching_rule_and_agreeing_stated_camp_is_consistent(tmp_path):
    c = run(tmp_path, alpha=[pos("balancing", "high", "T"), pos("expansion", "emphasised", "C1"), pos("aimed", "yes", "T")])
    assert [(r.values, r.camps, r.near) for r in c.readings] == [
        ((("expansion", "emphasised"), ("aimed", "yes")), ("high",), ())]
    assert c.derived == ("high",) and c.stated.positions == ("high",)
    assert c.mismatches == () and not c.unclassified
    assert verdict(c) == "consistent"


def test_derived_without_stated_camp(tmp_path):
    c = run(tmp_path, alpha=[pos("expansion", "excluded", "C1"), pos("aimed", "not-addressed")])
    assert c.derived == ("non",) and c.stated.positions == () and c.mismatches == ()
    assert verdict(c) == "derived only"


def test_stated_differs_from_derived(tmp_path):
    c = run(tmp_path, alpha=[pos("balancing", "low", "T"), pos("expansion", "emphasised", "C1"), pos("aimed", "yes", "T")])
    assert c.derived == ("high",)
    [mm] = c.mismatches
    assert (mm.kind, mm.left, mm.right) == ("stated-vs-derived", ("low",), ("high",))
    assert mm.reasons == ("low needs expansion = mentioned; alpha states emphasised",
                          "high holds: expansion = emphasised, aimed = yes")
    assert [(m.id, cl.id) for m, cl in mm.left_claims] == [("alpha", "T")]
    # the deciding criteria's claims, expansion first
    assert [(m.id, cl.id) for m, cl in mm.right_claims] == [("alpha", "C1"), ("alpha", "T")]
    assert verdict(c) == "mismatch"


def test_ambiguous_criterion_gives_two_readings(tmp_path):
    c = run(tmp_path, alpha=[pos("expansion", "emphasised", "T", ambiguous=True),
                             pos("expansion", "mentioned", "C1", ambiguous=True), pos("aimed", "no", "T")])
    assert [(r.values, r.camps, r.near) for r in c.readings] == [
        ((("expansion", "emphasised"), ("aimed", "no")), (), ()),  # high fails on an addressed criterion: not near
        ((("expansion", "mentioned"), ("aimed", "no")), ("low",), ())]
    assert c.derived == ("low",) and c.unclassified
    assert verdict(c) == "partly classified"
    c = run(tmp_path, alpha=[pos("expansion", "emphasised", "T", ambiguous=True),
                             pos("expansion", "mentioned", "C1", ambiguous=True), pos("aimed", "yes", "T")])
    assert c.derived == ("low", "high") and not c.unclassified  # in rule order


def test_no_positions_is_unclassified_and_near_every_camp(tmp_path):
    c = run(tmp_path, alpha=[])
    [r] = c.readings
    assert r.values == (("expansion", "not-addressed"), ("aimed", "not-addressed")) and r.camps == ()
    assert r.near == (("non", (("expansion", ("excluded",)),)),
                      ("low", (("expansion", ("mentioned",)),)),
                      ("high", (("expansion", ("emphasised",)), ("aimed", ("yes",)))))
    assert c.derived == () and c.unclassified and verdict(c) == "unclassified"


def test_near_lists_only_camps_blocked_by_open_criteria(tmp_path):
    corpus, t, maps = load(tmp_path, alpha=[pos("expansion", "emphasised", "C1"), pos("aimed", "not-addressed")])
    c = classify(maps["alpha"], t, dict(corpus.issues))
    assert c.readings[0].near == (("high", (("aimed", ("yes",)),)),)
    assert "expansion = emphasised, aimed = not-addressed → no rule holds (would be high if aimed were yes)" \
        in to_text([c], dict(corpus.issues))


def test_assigned_camp_from_another_map(tmp_path):
    own = [pos("balancing", "high", "T"), pos("expansion", "emphasised", "C1"), pos("aimed", "yes", "T")]
    beta = [pos("balancing", "low", "R1", asserted_by={"author": "王小明", "year": 2013, "map": "alpha"}),
            # neither beta's own camp nor an attribution without map: is assigned to alpha
            pos("balancing", "non", "T"), pos("balancing", "high", "R1", asserted_by={"author": "王小明"})]
    c = run(tmp_path, alpha=own, beta=beta)
    assert c.assigned_camps == ("low",) and [o.id for o, _ in c.assigned] == ["beta"]
    assert [(mm.kind, mm.left, mm.right) for mm in c.mismatches] == [
        ("assigned-vs-derived", ("low",), ("high",)), ("assigned-vs-stated", ("low",), ("high",))]
    derived, stated = c.mismatches
    assert derived.reasons[0] == "low needs expansion = mentioned; alpha states emphasised"
    assert [(m.id, cl.id) for m, cl in derived.left_claims] == [("beta", "R1")]
    assert stated.reasons == () and [(m.id, cl.id) for m, cl in stated.right_claims] == [("alpha", "T")]
    data = json.loads(to_json([c]))["works"][0]
    assert (data["assigned"], data["assigned_by"], data["verdict"]) == (["low"], ["beta"], "mismatch")
    assert data["mismatches"][0]["left_claims"] == ["beta#R1"]


def test_attributed_only_counts_camps_of_unmapped_holders(tmp_path):
    beta = [pos("balancing", "low", "R1", asserted_by={"author": "余建華", "year": 2009}),
            pos("balancing", "low", "R1", asserted_by={"author": "李四"}),
            pos("balancing", "non", "R1", asserted_by={"author": "張三", "map": "nomap"}),
            pos("balancing", "high", "R1", asserted_by={"author": "王小明", "map": "alpha"}),  # alpha has a map
            pos("aimed", "yes", "R1", asserted_by={"author": "趙五"})]  # not the typology's issue
    corpus, t, maps = load(tmp_path, alpha=[], beta=beta)
    assert attributed_only(corpus.maps, t) == {"beta": {"low": 2, "non": 1}}
    results = classify_all(corpus.maps, corpus.typologies, dict(corpus.issues))
    assert [(c.map.id, c.typology.id) for c in results] == [("alpha", "camps"), ("beta", "camps")]
    assert "beta also assigns a camp to 3 cited work(s) with no map here: 2 low, 1 non" in \
        to_text(results, dict(corpus.issues), corpus.maps)


def test_attributed_only_skips_not_addressed(tmp_path):
    beta = [pos("balancing", "low", "R1", asserted_by={"author": "余建華"}),
            pos("balancing", "not-addressed", asserted_by={"author": "李四"})]
    corpus, t, _ = load(tmp_path, beta=beta)
    assert attributed_only(corpus.maps, t) == {"beta": {"low": 1}}


def test_classify_all_skips_typologies_with_undefined_issues(tmp_path):
    corpus, _, _ = load(tmp_path, alpha=[])
    issues = {k: v for k, v in corpus.issues.items() if k != "aimed"}
    assert classify_all(corpus.maps, corpus.typologies, issues) == []


def test_corpus_gpr33_under_lin2013_camps(monkeypatch):
    monkeypatch.chdir(ROOT)
    corpus = load_corpus([Path("arguments")])
    maps = {m.id: m for m in corpus.maps}
    [t] = [t for t in corpus.typologies if t.id == "lin2013-camps"]
    c = classify(maps["gpr33-2011"], t, dict(corpus.issues), corpus.maps)
    assert c.derived == ("high-balancing",) and c.readings[0].rules == ("high",)
    assert c.mismatches == () and verdict(c) == "consistent"
    text = to_text([c], dict(corpus.issues))
    assert "→ high-balancing by rule high (002:423, 002:482)" in text
    assert "gpr33-2011#C22" in text and "004_88da3538dd038a9b.txt:594" in text  # the claims and quotes behind it


# Several rules per camp, with ids, and not-addressed as a criterion position.
RULED = dict(ISSUES, typologies=[{"id": "camps", "issue": "balancing", "criteria": ["expansion", "aimed"],
                                  "camps": [{"id": "non-a", "camp": "non", "when": {"expansion": "excluded", "aimed": "no"},
                                             "note": "first non rule (002:421)"},
                                            {"id": "non-b", "camp": "non", "when": {"expansion": "not-addressed", "aimed": "no"}},
                                            {"id": "hi", "camp": "high", "when": {"aimed": "yes"}}]}])


def test_several_rules_per_camp_name_the_rule_that_fires(tmp_path, monkeypatch):
    monkeypatch.setitem(globals(), "ISSUES", RULED)
    c = run(tmp_path, alpha=[pos("expansion", "not-addressed"), pos("aimed", "no", "T")])
    [r] = c.readings
    assert (r.camps, r.rules) == (("non",), ("non-b",)) and c.derived == ("non",)
    assert "→ non by rule non-b" in to_text([c], dict(load(tmp_path)[0].issues))
    c = run(tmp_path, alpha=[pos("expansion", "excluded", "C1"), pos("aimed", "no", "T")])
    assert c.readings[0].rules == ("non-a",)
    assert "→ non by rule non-a (002:421)" in to_text([c], dict(load(tmp_path)[0].issues))
    # a stated camp no rule gives: every rule of the camp says what it needs
    c = run(tmp_path, alpha=[pos("balancing", "non", "T"), pos("expansion", "emphasised", "C1"), pos("aimed", "yes", "T")])
    [mm] = c.mismatches
    assert mm.reasons == ("non (rule non-a) needs expansion = excluded; alpha states emphasised",
                          "non (rule non-a) needs aimed = no; alpha states yes",
                          "non (rule non-b) needs expansion = not-addressed; alpha states emphasised",
                          "non (rule non-b) needs aimed = no; alpha states yes",
                          "high holds by rule hi: aimed = yes")
    # near keeps, per camp, the rule needing the fewest changes
    c = run(tmp_path, alpha=[])
    assert c.readings[0].near == (("non", (("aimed", ("no",)),)), ("high", (("aimed", ("yes",)),)))


def test_criteria_claims_are_listed_with_their_quotes(tmp_path):
    c = run(tmp_path, alpha=[pos("expansion", "emphasised", "C1"), pos("aimed", "yes", "T")])
    text = to_text([c], dict(load(tmp_path)[0].issues))
    assert "      expansion = emphasised:\n          alpha#C1 中俄聯合軍演。 「展示嚇阻力」 (王小明 2013, src.txt:5)" in text
    data = json.loads(to_json([c]))["works"][0]
    assert data["criteria"] == [{"issue": "expansion", "position": "emphasised", "claims": ["alpha#C1"]},
                                {"issue": "aimed", "position": "yes", "claims": ["alpha#T"]}]
    assert data["readings"][0]["rules"] == ["high"]
