"""Issues files, positions (IBIS) and typologies: each check with a failing and a passing case."""

from __future__ import annotations

from pathlib import Path

import yaml

from argmap.checks import check_corpus
from argmap.load.corpus import load_corpus
from tests.conftest import base_map, codes

ISSUES = {
    "argmap-issues": 1,
    "issues": [
        {"id": "balancing", "question": "平衡嗎？", "question_en": "Balance?",
         "positions": [{"id": "low", "label": "低", "label_en": "low", "definition": "低度。"},
                       {"id": "high", "label": "高", "label_en": "high", "definition": "高度。"}]},
        {"id": "aimed", "question": "針對美國？", "question_en": "Aimed at the US?", "criterion_of": "camps",
         "positions": [{"id": "yes", "label": "是", "label_en": "yes", "definition": "是。"},
                       {"id": "no", "label": "否", "label_en": "no", "definition": "否。"}]},
    ],
    "typologies": [{"id": "camps", "issue": "balancing", "criteria": ["aimed"],
                    "camps": [{"camp": "high", "when": {"aimed": "yes"}},
                              {"camp": "low", "when": {"aimed": ["no"]}}]}],
}


def with_positions(*positions):
    data = base_map()
    data["positions"] = list(positions)
    return data


OWN = [{"issue": "balancing", "position": "high", "claims": ["T"]},
       {"issue": "aimed", "position": "not-addressed"}]


def write_issues(tmp_path: Path, data=None) -> Path:
    path = tmp_path / "x.issues.yaml"
    path.write_text(yaml.safe_dump(data or ISSUES, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_valid_positions_and_issues(diagnose, tmp_path):
    write_issues(tmp_path)
    assert diagnose(with_positions(*OWN)) == []
    corpus = load_corpus([tmp_path])
    assert [i.id for i in corpus.issues.values()] == ["balancing", "aimed"]
    assert corpus.typologies[0].camps[1].when[0][1] == ("no",)
    m = corpus.maps[0]
    assert m.positions[0].position.id == "high" and m.positions[1].claims == ()


def test_unknown_issue_R212_and_position_R213(diagnose, tmp_path):
    write_issues(tmp_path)
    ds = diagnose(with_positions(*OWN, {"issue": "energy", "position": "high", "claims": ["T"]}))
    assert codes(ds) == ["R212"] and "'energy' is not defined" in ds[0].message
    ds = diagnose(with_positions({"issue": "balancing", "position": "medium", "claims": ["T"]}, OWN[1]))
    assert codes(ds) == ["R213"] and "use one of high, low, not-addressed" in ds[0].message


def test_position_claims_must_exist_R202(diagnose, tmp_path):
    write_issues(tmp_path)
    ds = diagnose(with_positions({"issue": "balancing", "position": "high", "claims": ["C77"]}, OWN[1]))
    assert codes(ds) == ["R202"] and "claim 'C77'" in ds[0].message


def test_claims_required_unless_not_addressed(diagnose, tmp_path):
    write_issues(tmp_path)
    assert "S101" in codes(diagnose(with_positions({"issue": "balancing", "position": "high"}, OWN[1])))
    ds = diagnose(with_positions(OWN[0], {"issue": "aimed", "position": "not-addressed", "claims": ["T"]}))
    assert codes(ds) == ["S104"]


def test_missing_position_R214_is_a_warning(diagnose, tmp_path):
    write_issues(tmp_path)
    ds = diagnose(with_positions(OWN[0]))
    assert codes(ds) == ["R214"] and ds[0].severity.value == "warning" and "'aimed'" in ds[0].message
    # an attributed position does not count as the work's own
    ds = diagnose(with_positions(OWN[0], {"issue": "aimed", "position": "no", "claims": ["R1"],
                                          "asserted_by": {"author": "余建華", "year": 2009}}))
    assert codes(ds) == ["R214"]


def test_conflicting_positions_R215_unless_ambiguous(diagnose, tmp_path):
    write_issues(tmp_path)
    second = {"issue": "balancing", "position": "low", "claims": ["C1"]}
    ds = diagnose(with_positions(*OWN, second))
    assert codes(ds) == ["R215"]
    ambiguous = [dict(OWN[0], ambiguous=True), dict(second, ambiguous=True), OWN[1]]
    assert diagnose(with_positions(*ambiguous)) == []
    # different holders may disagree without being ambiguous
    other = dict(second, asserted_by={"author": "余建華"})
    assert diagnose(with_positions(*OWN, other)) == []


def test_bad_typology_R216_and_duplicate_issue_R201(tmp_path, write_map):
    bad = yaml.safe_load(yaml.safe_dump(ISSUES))
    bad["typologies"][0]["camps"][0]["camp"] = "medium"
    bad["typologies"][0]["camps"][1]["when"] = {"aimed": "maybe"}
    bad["typologies"][0]["criteria"].append("ghost")
    write_issues(tmp_path, bad)
    write_map(with_positions(*OWN))
    ds = check_corpus(load_corpus([tmp_path]))
    assert codes(ds).count("R216") == 3
    assert all(d.file.endswith("x.issues.yaml") and d.line > 0 for d in ds if d.code == "R216")
    dup = yaml.safe_load(yaml.safe_dump(ISSUES))
    dup["issues"].append(yaml.safe_load(yaml.safe_dump(dup["issues"][0])))
    write_issues(tmp_path, dup)
    assert "R201" in codes(check_corpus(load_corpus([tmp_path])))


def test_broken_issues_file_is_reported(tmp_path, write_map):
    (tmp_path / "x.issues.yaml").write_text("argmap-issues: 1\nissues: [\n", encoding="utf-8")
    write_map()
    ds = check_corpus(load_corpus([tmp_path]))
    assert codes(ds) == ["L001"] and ds[0].file.endswith("x.issues.yaml")
    # positions are not reported as unknown while the issues file itself is broken
    write_map(with_positions(*OWN))
    assert codes(check_corpus(load_corpus([tmp_path]))) == ["L001"]
