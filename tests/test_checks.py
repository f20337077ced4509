"""Each check with a failing and a passing case, on small inline maps."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from argmap.checks import check_corpus
from argmap.load.corpus import load_corpus
from tests.conftest import base_map, codes


def test_valid_map_has_no_diagnostics(diagnose):
    assert diagnose() == []


def test_duplicate_id_R201(diagnose):
    data = base_map()
    data["attacks"][0]["id"] = "C1"
    ds = diagnose(data)
    assert codes(ds) == ["R201"]
    assert "'C1' is already used at line" in ds[0].message
    data = base_map()
    data["sources"].append(dict(data["sources"][0]))
    data["claims"][0]["evidence"][0]["source"] = "thesis"
    data["claims"][1]["evidence"][0]["source"] = "thesis"
    data["claims"][3]["evidence"][0]["source"] = "thesis"
    assert codes(diagnose(data)) == ["R201"]


@pytest.mark.parametrize("where,value,fragment", [
    (("inferences", 0, "premises", 0), "C9", "premise 'C9' is not a claim"),
    (("inferences", 0, "conclusion"), "T2", "conclusion 'T2' is not a claim"),
    (("attacks", 0, "attacker"), "X", "attacker 'X' is not a claim"),
    (("attacks", 0, "target"), "Nope", "target 'Nope' is neither"),
])
def test_dangling_reference_R202(diagnose, where, value, fragment):
    data = base_map()
    obj = data
    for part in where[:-1]:
        obj = obj[part]
    obj[where[-1]] = value
    ds = [d for d in diagnose(data) if d.code == "R202"]
    assert len(ds) == 1 and fragment in ds[0].message
    assert ds[0].line > 0 and ds[0].column > 0


def test_dangling_evidence_source_R202(diagnose):
    data = base_map()
    data["claims"][1]["evidence"][0]["source"] = "book"
    ds = diagnose(data)
    assert codes(ds) == ["R202"] and "source 'book' is not declared" in ds[0].message


def test_attack_type_mismatch_R206(diagnose):
    data = base_map()
    data["attacks"][0]["type"] = "undercut"
    assert codes(diagnose(data)) == ["R206"]
    data = base_map()
    data["attacks"][0].update(target="I1", type="rebuttal")
    assert "R206" in codes(diagnose(data))
    data["attacks"][0]["type"] = "undercut"  # a proper undercut: R1 undercuts I1
    data["attacks"][0]["attacker"] = "R1"
    assert diagnose(data) == []


def test_support_cycle_R205(diagnose):
    data = base_map()
    data["inferences"].append({"id": "I2", "premises": ["T"], "conclusion": "C1"})
    ds = diagnose(data)
    assert codes(ds) == ["R205"]
    assert "C1 → T → C1" in ds[0].message
    data = base_map()
    data["inferences"].append({"id": "I2", "premises": ["C1"], "conclusion": "C1"})
    ds = diagnose(data)
    assert codes(ds) == ["R205"] and "C1 → C1" in ds[0].message
    # a long cycle is reported once, not once per claim
    data = base_map()
    for i in range(2, 12):
        data["claims"].append({"id": f"K{i}", "text": "甲", "gloss": "a", "evidence": [{"quote": "展示嚇阻力", "line": 5}]})
    for i in range(2, 12):
        data["inferences"].append({"id": f"J{i}", "premises": [f"K{i}"], "conclusion": f"K{i + 1 if i < 11 else 2}"})
    data["inferences"].append({"id": "J0", "premises": ["K2"], "conclusion": "T"})
    assert codes(diagnose(data)) == ["R205"]


def test_no_thesis_R207_and_several_R208(diagnose):
    data = base_map()
    del data["claims"][0]["role"]
    assert "R207" in codes(diagnose(data))
    data = base_map()
    data["claims"][1]["role"] = "thesis"
    ds = diagnose(data)
    assert codes(ds) == ["R208"] and "'C1' is a second thesis" in ds[0].message


def test_disconnected_claim_R209(diagnose):
    data = base_map()
    data["claims"].append({"id": "C9", "text": "孤立。", "gloss": "Isolated.",
                           "evidence": [{"quote": "第一章 緒論"}]})
    ds = diagnose(data)
    assert codes(ds) == ["R209"] and ds[0].severity.value == "warning"


def test_unsupported_claim_C401_and_implicit_with_evidence_C402(diagnose):
    data = base_map()
    del data["claims"][1]["evidence"]
    ds = diagnose(data)
    assert codes(ds) == ["C401"] and "'C1'" in ds[0].message
    data = base_map()
    data["claims"][2]["evidence"] = [{"quote": "展示嚇阻力", "line": 5}]
    assert codes(diagnose(data)) == ["C402"]


def test_quote_not_found_E301_and_found_across_line_breaks(diagnose):
    data = base_map()
    data["claims"][1]["evidence"][0] = {"quote": "展示威懾力"}
    ds = diagnose(data)
    assert codes(ds) == ["E301"] and "展示威懾力" in ds[0].message
    data = base_map()  # the thesis quote spans lines 2-3 of the source: found with whitespace ignored
    data["claims"][0]["evidence"][0]["quote"] = "對 美國 的高度平衡"
    del data["claims"][0]["evidence"][0]["line"]
    assert diagnose(data) == []


def test_source_missing_E302_and_unreadable_E303(diagnose, tmp_path: Path):
    data = base_map()
    data["sources"][0]["path"] = "nowhere.txt"
    ds = diagnose(data)
    assert codes(ds) == ["E302"] and "nowhere.txt" in ds[0].message
    data["sources"][0]["path"] = "latin1.txt"
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    ds = diagnose(data)
    assert codes(ds) == ["E303"] and "not UTF-8" in ds[0].message


def test_source_unspecified_E304(diagnose, tmp_path: Path):
    data = base_map()
    data["sources"].append({"id": "other", "path": "src.txt", "title": "再一份"})
    ds = diagnose(data)
    assert codes(ds) == ["E304", "E304", "E304"]
    for claim in data["claims"]:
        for e in claim.get("evidence", []):
            e["source"] = "thesis"
    assert diagnose(data) == []


def test_locator_mismatch_E305(diagnose):
    data = base_map()
    data["claims"][1]["evidence"][0]["line"] = 6
    ds = diagnose(data)
    assert codes(ds) == ["E305"] and "starts on line 5, 7" in ds[0].message
    data["claims"][1]["evidence"][0]["line"] = 7  # the second occurrence is fine too
    assert diagnose(data) == []
    text = Path(__file__).parent.joinpath("conftest.py")  # offsets agree with Python str indexing
    from tests.conftest import SOURCE_TEXT
    start = SOURCE_TEXT.index("余建華")
    data["claims"][3]["evidence"][0].update(start=start, end=start + len("余建華認為上合組織並不針對美國"))
    assert diagnose(data) == []
    data["claims"][3]["evidence"][0].update(start=start + 1, end=start + 16)
    ds = diagnose(data)
    assert codes(ds) == ["E305"] and f"it occurs at characters {start}-{start + 15}" in ds[0].message


def test_cross_map_links_R203_R204(diagnose, write_map):
    other = base_map()
    other["id"] = "other"
    write_map(other, "other.argmap.yaml")
    data = base_map()
    data["claims"][1]["links"] = [{"to": "other#C1", "relation": "same-claim"}]
    assert diagnose(data) == []
    data["claims"][1]["links"] = [{"to": "other#C7", "relation": "same-claim"}]
    ds = diagnose(data)
    assert codes(ds) == ["R204"] and "has no claim 'C7'" in ds[0].message
    data["claims"][1]["links"] = [{"to": "ghost#C1", "relation": "contradicts"}]
    ds = diagnose(data)
    assert codes(ds) == ["R203"] and "'ghost'" in ds[0].message


def test_duplicate_map_id_R210_and_file_name_R211(write_map, tmp_path: Path):
    write_map(base_map(), "mini.argmap.yaml")
    write_map(base_map(), "copy.argmap.yaml")
    ds = check_corpus(load_corpus([tmp_path]))
    assert sorted(codes(ds)) == ["R210", "R211"]


def test_diagnostics_are_sorted_and_located(diagnose):
    data = base_map()
    data["claims"][1]["evidence"][0] = {"quote": "不存在"}
    data["inferences"][0]["premises"].append("Z")
    ds = diagnose(data)
    assert ds == sorted(ds, key=lambda d: (d.file, d.line, d.column, d.code))
    assert all(d.file.endswith("mini.argmap.yaml") and d.line > 0 for d in ds)


def test_every_code_is_documented():
    from argmap.model.diagnostics import CODES
    doc = (Path(__file__).parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    for code in CODES.values():
        assert f"| {code.code} | {code.name} |" in doc, code.code


def test_packaged_schema_is_the_published_one():
    import json
    from argmap.load.loader import schema
    published = json.loads((Path(__file__).parent.parent / "schemas" / "argmap.schema.json").read_text(encoding="utf-8"))
    assert schema() == published
    import jsonschema
    jsonschema.Draft202012Validator.check_schema(published)
    assert published["$id"] and published["$schema"].endswith("2020-12/schema")

    def walk(node, path="#"):
        if isinstance(node, dict) and "properties" in node:
            for name, sub in node["properties"].items():
                assert sub.get("title") and sub.get("description"), f"{path}/{name} lacks title/description"
                walk(sub, f"{path}/{name}")
        if isinstance(node, dict) and isinstance(node.get("items"), dict):
            walk(node["items"], path + "[]")
    walk(published)
