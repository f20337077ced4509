"""DOT generation (no Graphviz needed), text wrapping, and one real SVG render."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pydot
import pytest

from argmap.loader import load_map
from argmap.render import RenderOptions, q, render_map, to_dot
from argmap.wrap import NO_START, width, wrap
from tests.conftest import base_map


def dot_of(write_map, data=None, **opts):
    m = load_map(write_map(data)).map
    assert m is not None
    return to_dot(m, RenderOptions(**opts))


def edges(dot: str) -> dict[tuple[str, str], dict[str, str]]:
    g = pydot.graph_from_dot_data(dot)[0]
    return {(e.get_source().strip('"'), e.get_destination().strip('"')): e.get_attributes() for e in g.get_edges()}


def node(dot: str, name: str) -> dict[str, str]:
    g = pydot.graph_from_dot_data(dot)[0]
    found = [n for n in g.get_nodes() if n.get_name().strip('"') == name and n.get_attributes()]
    assert found, name
    return found[0].get_attributes()


def test_support_and_attack_are_styled_differently(write_map):
    e = edges(dot_of(write_map))
    linked = e[("c_T", "i_I1")]  # linked premises meet at an inference node
    assert linked["arrowtail"] == "normal" and linked["color"] == '"#2e7d32"' and "style" not in linked
    assert e[("i_I1", "c_C1")]["dir"] == "none" and e[("i_I1", "c_P1")]["dir"] == "none"
    attack = e[("c_R1", "c_T")]
    assert attack["arrowtail"] == "tee" and attack["style"] == "dashed" and attack["color"] == '"#c62828"'


def test_single_premise_support_is_a_direct_edge(write_map):
    data = base_map()
    data["inferences"] = [{"id": "I1", "premises": ["C1"], "conclusion": "T"},
                          {"id": "I2", "premises": ["P1"], "conclusion": "C1"}]
    e = edges(dot_of(write_map, data))
    assert ("c_T", "c_C1") in e and ("c_C1", "c_P1") in e
    assert not any(a.startswith("i_") or b.startswith("i_") for a, b in e)


def test_undercut_points_at_the_inference(write_map):
    data = base_map()
    data["attacks"] = [{"id": "A1", "attacker": "R1", "target": "I1", "type": "undercut"}]
    dot = dot_of(write_map, data)
    e = edges(dot)
    assert e[("i_I1", "c_R1")]["arrowtail"] == "tee"
    assert node(dot, "i_I1")["shape"] == "circle"


def test_thesis_on_top_and_nodes_marked(write_map):
    data = base_map()
    del data["claims"][1]["evidence"]  # C1 becomes unsupported
    dot = dot_of(write_map, data)
    assert "rank=min" in dot.replace(" ", "") and '"c_T";' in dot
    assert "rankdir=TB" in dot
    assert "余建華 2009 主張" in node(dot, "c_R1")["label"]
    assert "⚠ 無證據" in node(dot, "c_C1")["label"] and node(dot, "c_C1")["color"] == '"#d97706"'
    assert "⚠" not in node(dot, "c_T")["label"]
    assert "dashed" in node(dot, "c_P1")["style"]
    assert node(dot, "c_T")["fontname"] if "fontname" in node(dot, "c_T") else 'fontname="Noto Sans CJK TC"' in dot


def test_tooltip_carries_evidence(write_map):
    dot = dot_of(write_map)
    tip = node(dot, "c_R1")["tooltip"]
    assert "「余建華認為上合組織並不針對美國」" in tip and "src.txt" in tip and "asserted by 余建華 2009" in tip


def test_language_option(write_map):
    en = node(dot_of(write_map, lang="en"), "c_T")["label"]
    assert "The SCO balances the US highly." in en and "上合組織是對美高度平衡" not in en
    both = node(dot_of(write_map, lang="both"), "c_T")["label"]
    assert "上合組織是對美高度平衡" in both and "The SCO balances" in both


def test_hostile_text_is_escaped(write_map):
    data = base_map()
    data["claims"][1]["text"] = '<b>粗</b> "引號" \\N \\l <script>alert(1)</script>'
    data["claims"][1]["gloss"] = 'say "hi" \\ back'
    dot = dot_of(write_map, data)
    label = node(dot, "c_C1")["label"]
    assert "&lt;b&gt;粗&lt;/b&gt;" in label and "&lt;script" in label and "<script" not in label
    assert '\\"hi\\"' in node(dot, "c_C1")["tooltip"]
    assert q('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed (run .ci/run)")
def test_svg_renders_with_tooltips_and_literal_text(write_map):
    data = base_map()
    data["claims"][1]["text"] = "<script>x</script> 中文"
    svg = render_map(load_map(write_map(data)).map, "svg")
    root = ET.fromstring(svg)  # well-formed XML
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "<script>x</script> 中文" in texts
    assert b"<script>" not in svg
    titles = [a.get("{http://www.w3.org/1999/xlink}title") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert any(t and "展示嚇阻力" in t for t in titles)


def test_wrap_by_display_width():
    lines = wrap("上海合作組織是中共對美國的高度平衡，但屬有限平衡。", 12)
    assert all(width(line) <= 12 for line in lines)
    assert "".join(lines) == "上海合作組織是中共對美國的高度平衡，但屬有限平衡。"
    assert not any(line[0] in NO_START for line in lines)


def test_wrap_keeps_latin_words_and_kinsoku():
    lines = wrap("美國在 Central Asia 的 counter-terrorism 行動。", 14)
    assert "counter-terrorism" in lines[1] or any("counter-terrorism" == l.split()[-1] for l in lines)
    assert all("Centr" not in l or "Central" in l for l in lines)
    lines = wrap("一二三四五六七八九十，其後", 20)  # "，" would start line 2: pull "十" down with it
    assert lines == ["一二三四五六七八九", "十，其後"]
    lines = wrap("甲乙丙丁戊己庚辛壬「有限平衡」", 20)
    assert lines[0] == "甲乙丙丁戊己庚辛壬" and lines[1].startswith("「")
