"""Positions shown by absence (``by_absence: true`` in an issues file; docs/encoding.md): the framing
claims and the note they require (R217, R218), and how compare and classify tell them from
not-addressed."""

from __future__ import annotations

import copy

import yaml

from argmap.checks import check_corpus
from argmap.compare.matrix import matrix, to_text as matrix_text
from argmap.compare.pair import _label
from argmap.load.corpus import load_corpus
from tests.conftest import base_map, codes

ISSUES = {
    "argmap-issues": 1,
    "issues": [
        {"id": "expansion", "question": "美國擴張？", "question_en": "US expansion?",
         "positions": [{"id": "excluded", "label": "排除", "label_en": "left out", "definition": "不考量。",
                        "by_absence": True},
                       {"id": "emphasised", "label": "強調", "label_en": "stressed", "definition": "強調。"}]},
    ],
}


def setup(tmp_path, statement):
    (tmp_path / "x.issues.yaml").write_text(yaml.safe_dump(ISSUES, allow_unicode=True), encoding="utf-8")
    data = base_map()
    data["positions"] = [statement]
    return data


def test_by_absence_reaches_the_model(diagnose, tmp_path):
    data = setup(tmp_path, {"issue": "expansion", "position": "excluded", "claims": ["C1"],
                            "note": "第一章描述國際結構（line 5）而未提美國。"})
    assert diagnose(data) == []
    corpus = load_corpus([tmp_path])
    [issue] = corpus.issues.values()
    assert [p.by_absence for p in issue.positions] == [True, False]


def test_absence_needs_the_works_own_quoted_framing_claims_R217(diagnose, tmp_path):
    note = "第一章描述國際結構而未提美國。"
    # an implicit premise and an attributed claim do not show the work's own framing
    for claims in (["P1"], ["R1"], ["P1", "R1"]):
        ds = diagnose(setup(tmp_path, {"issue": "expansion", "position": "excluded", "claims": claims, "note": note}))
        assert codes(ds) == ["R217"], claims
        assert "framing" in ds[0].message and ", ".join(claims) in ds[0].message
    # one own, quoted claim is enough
    assert diagnose(setup(tmp_path, {"issue": "expansion", "position": "excluded", "claims": ["P1", "T"],
                                     "note": note})) == []


def test_absence_needs_a_note_R218(diagnose, tmp_path):
    ds = diagnose(setup(tmp_path, {"issue": "expansion", "position": "excluded", "claims": ["C1"]}))
    assert codes(ds) == ["R218"]
    data = setup(tmp_path, {"issue": "expansion", "position": "excluded", "claims": ["C1"]})
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert ds[0].line == text.splitlines().index("- issue: expansion") + 1 + 1  # at the position value


def test_a_position_of_presence_needs_neither(diagnose, tmp_path):
    # the same statement of a position not shown by absence: no R217/R218
    assert diagnose(setup(tmp_path, {"issue": "expansion", "position": "emphasised", "claims": ["P1"]})) == []
    # not-addressed needs no claims at all
    assert diagnose(setup(tmp_path, {"issue": "expansion", "position": "not-addressed"})) == []


def test_attributed_absence_is_checked_too(diagnose, tmp_path):
    data = setup(tmp_path, {"issue": "expansion", "position": "excluded", "claims": ["R1"],
                            "asserted_by": {"author": "余建華"}})
    data["positions"].append({"issue": "expansion", "position": "not-addressed"})
    assert codes(diagnose(data)) == ["R217", "R218"]


def test_label_and_matrix_tell_absence_from_not_addressed(write_map, tmp_path):
    for map_id, st in (("alpha", {"issue": "expansion", "position": "excluded", "claims": ["C1"], "note": "無。"}),
                       ("beta", {"issue": "expansion", "position": "not-addressed"})):
        data = setup(tmp_path, st)
        data["id"] = map_id
        write_map(data, f"{map_id}.argmap.yaml")
    corpus = load_corpus([tmp_path])
    assert check_corpus(corpus) == []
    [issue] = corpus.issues.values()
    assert _label(issue, ("excluded",)) == "排除 (excluded, by absence)"
    assert _label(issue, ("emphasised",)) == "強調 (emphasised)"
    assert _label(issue, ()) == "not addressed"
    text = matrix_text(matrix(corpus.maps, dict(corpus.issues)))
    rows = {line.split()[0]: line for line in text.splitlines() if line.startswith(("alpha", "beta"))}
    assert "excluded (by absence)" in rows["alpha"] and rows["beta"].split()[1] == "—"
