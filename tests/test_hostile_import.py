"""Hostile AIF files (issue #19, items 2, 3, 9, 16, 17, 18): each case is an input an outside attack
built, run through the importer or the real ``argmap import`` with a time limit, asserting what is
written, what is reported and that nothing hangs or raises."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from argmap.interchange.aif import from_aif
from argmap.interchange.aif.speakers import speaker

ROOT = Path(__file__).resolve().parents[1]


def argmap(*args: Any, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([sys.executable, "-m", "argmap", *map(str, args)], capture_output=True, text=True,
                       timeout=timeout, cwd=ROOT, stdin=subprocess.DEVNULL)
    assert "Traceback" not in r.stderr + r.stdout, r.stderr
    return r


def aif(nodes: list[dict[str, Any]], edges: list[tuple[str, str]], **top: Any) -> dict[str, Any]:
    return {"nodes": nodes, "edges": [{"edgeID": f"e{i}", "fromID": a, "toID": b} for i, (a, b) in enumerate(edges)],
            **top}


def node(nid: str, kind: str, text: str = "", **extra: Any) -> dict[str, Any]:
    return {"nodeID": nid, "type": kind, "text": text or f"{kind} {nid}", **extra}


# 2. the speaker of an L-node: read in linear time (the old expressions backtracked on spaces)

def _old_speaker(text: str) -> tuple[str | None, str]:
    """The expressions the importer used before (correct, but super-linear on a run of spaces)."""
    mt = re.match(r"^\s*(?P<who>[^'\n]{1,80}?) says '(?P<what>.*)'\s*$", text, re.S)
    if mt is None:
        mt = re.match(r"^\s*(?P<who>[^:\n]{1,80}?)\s+:\s+(?P<what>.*)$", text, re.S)
    if mt is None:
        return None, text
    return mt.group("who").strip(), mt.group("what")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "\n", "\u3000", ":", "'", "a", "b", "says", " says '", " : "]),
                max_size=30).map("".join))
def test_speaker_reads_what_the_old_expressions_read(text):
    old, new = _old_speaker(text), speaker(text)
    if old[0]:  # (the old expressions also took a name of spaces only: "  says 'x'" gave the speaker "")
        assert new == old
    else:
        assert new[0] is None or new[0].strip() == new[0] != ""


def test_speaker_forms():
    assert speaker("VCBrown says 'semesterisation is good'") == ("VCBrown", "semesterisation is good")
    assert speaker("  Bob :  it rains") == ("Bob", "it rains")
    assert speaker("Bob: it rains")[0] is None  # AIFdb writes a space before the colon
    assert speaker("x" * 81 + " : y")[0] is None


@pytest.mark.parametrize("text", [" " * 20_000 + "x", "\t" * 20_000 + "x :", " " * 10_000 + "a" + " " * 10_000 + ":"])
def test_speaker_of_a_long_run_of_spaces_is_fast(text):
    t0 = time.perf_counter()
    speaker(text)
    assert time.perf_counter() - t0 < 0.5  # the old expressions: 73 s on 20,000 spaces


def test_import_of_an_l_node_of_spaces_finishes(tmp_path):
    data = aif([node("1", "I", "claim"), node("2", "L", " " * 20_000 + "x", argmap={"note": "n"}),
                node("3", "YA", "Asserting")], [("2", "3"), ("3", "1")])
    (tmp_path / "sp.json").write_text(json.dumps(data), encoding="utf-8")
    r = argmap("import", tmp_path / "sp.json", "-o", tmp_path / "sp.argmap.yaml", timeout=20)
    assert r.returncode == 0 and (tmp_path / "sp.argmap.yaml").exists()


# 9. valid JSON that tracebacked: huge integers, deep arrays, deep extension objects, odd lists

def _import(tmp_path: Path, text: str, *args: Any, timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], Path]:
    (tmp_path / "g.json").write_text(text, encoding="utf-8")
    out = tmp_path / "g.argmap.yaml"
    return argmap("import", tmp_path / "g.json", "-o", out, *args, timeout=timeout), out


def _x501(r: subprocess.CompletedProcess[str]) -> tuple[int, int, str]:
    (line,) = [x for x in r.stdout.splitlines() if " error X501 " in x]
    _, ln, col, rest = line.split(":", 3)
    return int(ln), int(col), rest


def test_a_5000_digit_integer_is_refused_at_its_place(tmp_path):
    r, out = _import(tmp_path, '{"nodes": [{"nodeID": "1", "type": "I", "text": "a"},\n'
                               '  {"nodeID": ' + "7" * 5000 + ', "type": "I", "text": "b"}], "edges": []}')
    assert r.returncode == 2 and not out.exists()
    assert _x501(r)[:2] == (2, 14) and "5,000 digits" in _x501(r)[2]


@pytest.mark.parametrize("depth", [65, 950, 5000])
def test_arrays_nested_deep_are_refused_at_their_place(tmp_path, depth):
    r, out = _import(tmp_path, '{"nodes": [{"nodeID": "1", "type": "I", "text": "a"}], "edges": [],\n "x": '
                     + "[" * depth + "]" * depth + "}")
    assert r.returncode == 2 and not out.exists()
    assert _x501(r)[:2] == (2, 7 + 63) and "deeper than 64" in _x501(r)[2]  # the 65th level: the 64th [


def _deep(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = {"a": value}
    return value


def test_an_extension_object_nested_400_deep_is_refused_or_reported(tmp_path):
    data = aif([node("1", "I", "claim", argmap={"gloss": "g", "note": _deep(400)})], [])
    r, out = _import(tmp_path, json.dumps(data))
    assert r.returncode == 2 and not out.exists() and "deeper than 64" in _x501(r)[2]
    r, out = _import(tmp_path, json.dumps(data), "--max-depth", "500", "--force")
    assert r.returncode == 1 and out.exists()
    assert "X511" in r.stdout and "found a mapping" in r.stdout  # the extension breaks the map format: reported, left out
    assert argmap("check", out, "--max-depth", "500", "--format", "json").returncode == 1  # C401 only: it loads


@pytest.mark.parametrize("top", [{"locutions": 5, "participants": "x"},
                                 {"locutions": [5, "x", None, {"nodeID": [1], "personID": {"a": 1}}],
                                  "participants": [3, {"participantID": [2], "firstname": 7, "surname": None}]}])
def test_locutions_and_participants_of_any_json_type(tmp_path, top):
    data = aif([node("1", "I", "claim"), node("2", "L", "Bob : it rains"), node("3", "YA", "Asserting")],
               [("2", "3"), ("3", "1")], **top)
    r, out = _import(tmp_path, json.dumps(data))
    assert r.returncode == 0 and out.exists(), r.stdout
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["claims"][0]["asserted_by"] == {"author": "Bob"}


@pytest.mark.parametrize("value,what", [("NaN", "NaN"), ("-Infinity", "Infinity"), ("1e999", "too large")])
def test_numbers_json_does_not_have_are_refused(tmp_path, value, what):
    r, out = _import(tmp_path, '{"nodes": [{"nodeID": "1", "type": "I", "text": "a", "x": ' + value + '}], "edges": []}')
    assert r.returncode == 2 and not out.exists() and what in _x501(r)[2] and _x501(r)[:2] == (1, 59)


# 3. fan-out: a CA-node of N attackers and M targets, an RA-node of many conclusions

def _fan(n: int, m: int, kind: str) -> dict[str, Any]:
    nodes = [node(f"a{i}", "I") for i in range(n)] + [node(f"t{i}", "I") for i in range(m)] + [node("s", kind)]
    return aif(nodes, [(f"a{i}", "s") for i in range(n)] + [("s", f"t{i}") for i in range(m)])


@pytest.mark.parametrize("kind", ["CA", "RA"])
def test_a_node_that_would_split_past_the_fan_out_limit_is_not_imported(tmp_path, kind):
    r, out = _import(tmp_path, json.dumps(_fan(300, 300, kind)), timeout=30)
    assert r.returncode == 1 and out.exists()
    (x510,) = [x for x in r.stdout.splitlines() if " X510 " in x]
    assert "90,000" in x510 and "--max-fan-out" in x510
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(doc["claims"]) == 600 and "attacks" not in doc and "inferences" not in doc
    assert out.stat().st_size < 200_000  # was 6 MB: 90,000 attacks, or 300 premises repeated 300 times


@pytest.mark.parametrize("kind,key", [("CA", "attacks"), ("RA", "inferences")])
def test_fan_out_under_the_limit_is_split(tmp_path, kind, key):
    r, out = _import(tmp_path, json.dumps(_fan(20, 30, kind)), "--max-fan-out", 600)
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(doc[key]) == (600 if kind == "CA" else 30)
    r, out = _import(tmp_path, json.dumps(_fan(20, 30, kind)), "--max-fan-out", 599, "--force")
    assert key not in yaml.safe_load(out.read_text(encoding="utf-8")) and " X510 " in r.stdout


# 18. an AIF graph of a million nodes under the byte limit: refused by count, before anything is made

def test_a_graph_over_the_node_limit_is_refused_at_once(tmp_path):
    nodes = ",".join(f'{{"nodeID":"{i}","type":"I","text":"x"}}' for i in range(200_001))
    t0 = time.perf_counter()
    r, out = _import(tmp_path, '{"nodes":[' + nodes + '],"edges":[]}', timeout=60)
    assert r.returncode == 2 and not out.exists() and "--max-nodes" in _x501(r)[2] and "200,001 nodes" in _x501(r)[2]
    assert time.perf_counter() - t0 < 30


def test_the_map_made_is_bounded_like_a_checked_map(tmp_path):
    data = aif([node(str(i), "I") for i in range(30)], [])
    r, out = _import(tmp_path, json.dumps(data), "--max-nodes", 29)
    assert r.returncode == 2 and not out.exists() and "more than 29 claims" in _x501(r)[2]
    r, out = _import(tmp_path, json.dumps(data), "--max-nodes", 30)
    assert r.returncode == 0 and argmap("check", out, "--max-nodes", 30, "--format", "json").returncode == 1  # C401


def test_ids_that_collide_are_made_unique_in_linear_time():
    nodes = [node(str(i), "I", argmap={"id": "a"}) for i in range(20_000)]
    t0 = time.perf_counter()
    imp = from_aif(aif(nodes, []), "g.json", "")
    assert time.perf_counter() - t0 < 20
    ids = [c["id"] for c in imp.doc["claims"]]
    assert len(set(ids)) == 20_000 and ids[:3] == ["a", "a-2", "a-3"]


# 16. terminal escapes in the import summary (the AIF node types are the file's)

def test_import_summary_carries_no_escape(tmp_path):
    data = aif([node("1", "I"), node("2", "\x1b]2;pwned\x07\x1b[31m")], [])
    r, out = _import(tmp_path, json.dumps(data))
    assert "\x1b" not in r.stderr + r.stdout and "\x07" not in r.stderr and "\\x1b" in r.stderr


# 17. nothing dropped silently: direct I → I edges, duplicate keys; extensions checked

def test_an_edge_between_two_i_nodes_is_reported(tmp_path):
    text = json.dumps(aif([node("1", "I"), node("2", "I")], [("1", "2")]), indent=1)
    r, out = _import(tmp_path, text)
    (x504,) = [x for x in r.stdout.splitlines() if " X504 " in x]
    assert "edge e0" in x504 and "I-node 1 to I-node 2" in x504
    line = int(x504.split(":")[1])
    assert '"edgeID": "e0"' in text.splitlines()[line - 1]


@pytest.mark.parametrize("text,place,first", [
    ('{"nodes": [{"nodeID": "1", "type": "I",\n "text": "a", "text": "b"}], "edges": []}', (2, 15), 2),
    ('{"nodes": [], "edges": [],\n "nodes": [{"nodeID": "1", "type": "I"}]}', (2, 2), 1)])
def test_duplicate_keys_are_refused_naming_both(tmp_path, text, place, first):
    r, out = _import(tmp_path, text)
    assert r.returncode == 2 and not out.exists()
    ln, col, msg = _x501(r)
    assert (ln, col) == place and "twice" in msg and f"first on line {first})" in msg


@pytest.mark.parametrize("ext,field", [
    ({"role": "king"}, "role"), ({"gloss": 5}, "gloss"), ({"asserted_by": "Bob"}, "asserted_by"),
    ({"section": ""}, "section"), ({"colour": "red"}, "colour"), ({"role": "implicit-premise"}, "role"),
    ({"links": [{"to": "nowhere"}]}, "links"), ({"fidelity": 3.0}, "fidelity")])
def test_extension_fields_that_break_the_format_are_reported_and_left_out(tmp_path, ext, field):
    data = aif([node("1", "I", "claim one", argmap={"id": "C1", **ext}), node("2", "I", "claim two")], [])
    r, out = _import(tmp_path, json.dumps(data, indent=1), "--thesis", "2")
    x511 = [x for x in r.stdout.splitlines() if " X511 " in x]
    assert len(x511) == 1 and f"extension's {field} " in x511[0] and "I-node 1" in x511[0]
    assert int(x511[0].split(":")[1]) == 4  # the line of I-node 1's "nodeID"
    assert r.returncode == 1
    check = argmap("check", out, "--format", "json")
    assert check.returncode == 1 and {d["code"] for d in json.loads(check.stdout)["diagnostics"]} <= {"C401", "R209"}


def test_evidence_and_top_level_extension_that_break_the_format(tmp_path):
    data = aif([node("1", "I", "claim", argmap={"id": "T", "role": "thesis"}),
                node("2", "L", "quoted words", argmap={"evidence": {"line": "two", "start": 3}}),
                node("3", "YA", "Asserting"), node("4", "L", " ", argmap={"evidence": {}}), node("5", "YA", "Asserting")],
               [("2", "3"), ("3", "1"), ("4", "5"), ("5", "1")],
               argmap={"id": "Bad Id", "work": {"title": 3}, "positions": [{"issue": 1}], "note": ""})
    r, out = _import(tmp_path, json.dumps(data))
    x511 = " ".join(x for x in r.stdout.splitlines() if " X511 " in x)
    for field in ("evidence.0.line", "evidence.0.start", "evidence.1 ", "work ", "positions.0 ", "note "):
        assert f"extension's {field}" in x511, field
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["claims"][0]["evidence"] == [{"quote": "quoted words"}] and not doc.get("positions")
    assert doc["work"]["title"] == "AIF graph g.json"
    assert argmap("check", out, "--format", "json").returncode == 1
    imp = from_aif(data, "g.json", json.dumps(data))  # no --id, no map file name: the extension's id is tried
    assert imp.doc["id"] == "g" and any(d.code == "X511" and "extension's id " in d.message for d in imp.diagnostics)


def test_the_thesis_search_is_bounded(monkeypatch):
    # 300 claims each supported by the same chain of 300: counting every claim's ancestry is 90,000
    # visits; past the budget the rest are ranked by their direct supporters, and X507 says so
    from argmap.interchange.aif import thesis

    nodes = [node(f"c{i}", "I") for i in range(300)] + [node(f"r{i}", "I") for i in range(300)]
    nodes += [node(f"s{i}", "RA") for i in range(300)] + [node(f"t{i}", "RA") for i in range(300)]
    edges = [(f"c{i}", f"s{i}") for i in range(299)] + [(f"s{i}", f"c{i + 1}") for i in range(299)]
    edges += [("c299", f"t{i}") for i in range(300)] + [(f"t{i}", f"r{i}") for i in range(300)]
    exact = from_aif(aif(nodes, edges), "g.json", "")
    (x507,) = [d for d in exact.diagnostics if d.code == "X507"]
    assert "300 of 599 other claims" in x507.message and "in part" not in x507.message
    monkeypatch.setattr(thesis, "REACH_BUDGET", 1_000)
    t0 = time.perf_counter()
    bounded = from_aif(aif(nodes, edges), "g.json", "")
    assert time.perf_counter() - t0 < 5
    (x507,) = [d for d in bounded.diagnostics if d.code == "X507"]
    assert "counted only in part" in x507.message
