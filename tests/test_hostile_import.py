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
