"""Shared fixtures: small inline maps written to a temporary folder with their source text."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from argmap.checks import check_corpus
from argmap.load.corpus import load_corpus
from argmap.model.diagnostics import Diagnostic

SOURCE_TEXT = (
    "第一章 緒論\n"
    "上海合作組織是中共對美國\n"
    "的高度平衡。\n"
    "\n"
    "中俄多次舉行聯合軍演，展示嚇阻力。\n"
    "余建華認為上合組織並不針對美國。\n"
    "中俄多次舉行聯合軍演，展示嚇阻力。\n"
)

BASE: dict[str, Any] = {
    "argmap": 1,
    "id": "mini",
    "work": {"title": "小論文", "authors": [{"name": "王小明"}], "kind": "master-thesis", "language": "zh-Hant",
             "year": 2013},
    "sources": [{"id": "thesis", "path": "src.txt", "title": "全文"}],
    "claims": [
        {"id": "T", "role": "thesis", "text": "上合組織是對美高度平衡。", "gloss": "The SCO balances the US highly.",
         "evidence": [{"quote": "上海合作組織是中共對美國的高度平衡", "line": 2}]},
        {"id": "C1", "text": "中俄聯合軍演。", "gloss": "Joint exercises.",
         "evidence": [{"quote": "展示嚇阻力", "line": 5}]},
        {"id": "P1", "role": "implicit-premise", "text": "軍演是平衡行為。", "gloss": "Exercises are balancing.",
         "justification": "作者未明言。"},
        {"id": "R1", "text": "上合不針對美國。", "gloss": "The SCO does not target the US.",
         "asserted_by": {"author": "余建華", "year": 2009},
         "evidence": [{"quote": "余建華認為上合組織並不針對美國"}]},
    ],
    "inferences": [{"id": "I1", "premises": ["C1", "P1"], "conclusion": "T"}],
    "attacks": [{"id": "A1", "attacker": "T", "target": "R1", "type": "rebuttal"}],
}


def base_map() -> dict[str, Any]:
    """A deep copy of a valid map with no diagnostics."""
    return copy.deepcopy(BASE)


@pytest.fixture
def write_map(tmp_path: Path) -> Callable[..., Path]:
    """``write_map(data_or_text, name="mini.argmap.yaml")`` writes a map (dict or YAML text) and the
    source ``src.txt`` beside it; returns the map's path."""

    def _write(data: dict[str, Any] | str | bytes | None = None, name: str = "mini.argmap.yaml") -> Path:
        (tmp_path / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
        data = base_map() if data is None else data
        path = tmp_path / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        elif isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def diagnose(write_map: Callable[..., Path]) -> Callable[..., list[Diagnostic]]:
    """``diagnose(data)`` writes the map and returns all diagnostics of checking its folder."""

    def _diagnose(data: dict[str, Any] | str | bytes | None = None, name: str = "mini.argmap.yaml") -> list[Diagnostic]:
        path = write_map(data, name)
        return check_corpus(load_corpus([path]))

    return _diagnose


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]
