"""expect: in a map, checked by argmap check (V601, V602; docs/evaluation.md)."""

from __future__ import annotations

from argmap.load.document import map_to_doc
from argmap.load.loader import load_map
from tests.conftest import base_map


def _codes(ds, prefix="V"):  # type: ignore[no-untyped-def]
    return [d for d in ds if d.code.startswith(prefix)]


def test_expectations_that_hold_give_nothing(diagnose):
    data = base_map()
    data["expect"] = {"T": "in", "R1": "out", "I1": "in"}
    assert _codes(diagnose(data)) == []


def test_a_wrong_expectation_is_v601_at_the_label_with_the_reason(diagnose, write_map):
    data = base_map()
    data["expect"] = {"T": "in", "R1": "in"}
    ds = _codes(diagnose(data))
    assert [d.code for d in ds] == ["V601"]
    text = write_map(data).read_text(encoding="utf-8").splitlines()
    d = ds[0]
    assert text[d.line - 1][d.column - 1:].startswith("in") and "R1:" in text[d.line - 1]
    assert "claim 'R1' is expected in but is out" in d.message and "rebutted by T (attack A1, " in d.message


def test_an_out_thesis_names_the_root_of_its_defeat(diagnose):
    data = base_map()
    data["claims"].append({"id": "X", "text": "反駁", "gloss": "objection", "role": "implicit-premise",
                           "justification": "測試"})
    data["attacks"].append({"id": "A2", "attacker": "X", "target": "C1", "type": "rebuttal"})
    data["expect"] = {"T": "in"}
    ds = _codes(diagnose(data))
    assert [d.code for d in ds] == ["V601"]
    assert "is expected in but is out" in ds[0].message and "reason I1 is out ← rebutted by X (attack A2" in ds[0].message


def test_an_unknown_id_is_v602_and_a_bad_label_is_a_schema_error(diagnose):
    data = base_map()
    data["expect"] = {"Nope": "in"}
    assert [d.code for d in _codes(diagnose(data))] == ["V602"]
    data["expect"] = {"T": "maybe"}
    assert [d.code for d in diagnose(data) if d.code.startswith(("S", "V"))] == ["S104"]


def test_expect_round_trips_through_the_document(write_map):
    data = base_map()
    data["expect"] = {"T": "in", "R1": "out"}
    m = load_map(write_map(data)).map
    assert [(x.id, x.label) for x in m.expect] == [("T", "in"), ("R1", "out")]
    assert map_to_doc(m)["expect"] == {"T": "in", "R1": "out"}
    assert "expect" not in map_to_doc(load_map(write_map(base_map())).map)
