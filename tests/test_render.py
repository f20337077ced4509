"""DOT generation (no Graphviz needed), text wrapping, and one real SVG render."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pydot
import pytest

from argmap.load.corpus import SourceCache
from argmap.load.loader import load_map
from argmap.model import Author, Claim, Inference, Location, Map, Ref, Work
from argmap.render.dot import RenderOptions, build_graph, engine_for, graph_size, layout, q, render_map, to_dot
from argmap.output.wrap import NO_START, width, wrap
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


# -- rendering options: quote nodes, focus, clusters, legend, engine -------------------------------

REPO = Path(__file__).resolve().parent.parent


def graph_of(write_map, data=None, sources=None, **opts) -> pydot.Dot:
    m = load_map(write_map(data)).map
    assert m is not None
    return pydot.graph_from_dot_data(to_dot(m, RenderOptions(**opts), sources))[0]


def node_names(g: pydot.Graph, prefix: str = "") -> set[str]:
    """Names of nodes declared with attributes in ``g`` and (recursively) its subgraphs."""
    out = {n.get_name().strip('"') for n in g.get_nodes() if n.get_attributes()}
    for sub in g.get_subgraphs():
        out |= node_names(sub)
    return {n for n in out if n.startswith(prefix)}


def all_nodes(g: pydot.Graph) -> dict[str, dict[str, str]]:
    out = {n.get_name().strip('"'): n.get_attributes() for n in g.get_nodes() if n.get_attributes()}
    for sub in g.get_subgraphs():
        out.update(all_nodes(sub))
    return out


def clusters(g: pydot.Graph) -> dict[str, tuple[str, set[str]]]:
    """cluster name → (label, names of the nodes declared in it)."""
    return {s.get_name(): (s.get("label"), node_names(s)) for s in g.get_subgraphs()
            if s.get_name().startswith("cluster")}


def test_quote_nodes_only_with_the_evidence_option(write_map):
    plain = dot_of(write_map)
    assert "shape=note" not in plain and "evidence-" not in plain and '"e_' not in plain
    data = base_map()
    data["claims"][1]["evidence"].append({"quote": "中俄多次舉行聯合軍演", "line": 7, "page": 3})
    g = graph_of(write_map, data, SourceCache(), evidence=True)
    nodes = all_nodes(g)
    quotes = {n: a for n, a in nodes.items() if a.get("shape") == "note"}
    assert set(quotes) == {"e_T_1", "e_C1_1", "e_C1_2", "e_R1_1"}
    assert {a["id"] for a in quotes.values()} == {'"evidence-T-1"', '"evidence-C1-1"', '"evidence-C1-2"',
                                                 '"evidence-R1-1"'}
    assert "「展示嚇阻力」" in quotes["e_C1_1"]["label"] and "src.txt:5" in quotes["e_C1_1"]["label"]
    assert "王小明 2013, p. 3" in quotes["e_C1_2"]["label"]
    assert "src.txt:6" in quotes["e_R1_1"]["label"]  # no line in the map: found through the source cache
    e = edges(g.to_string())
    joins = {k: v for k, v in e.items() if k[1].startswith("e_")}
    assert set(joins) == {("c_T", "e_T_1"), ("c_C1", "e_C1_1"), ("c_C1", "e_C1_2"), ("c_R1", "e_R1_1")}
    for attrs in joins.values():  # claim first, so dot ranks the claim above its quote
        assert attrs["style"] == "dotted" and attrs["color"] == '"#9e9e9e"' and attrs.get("dir", "back") == "back"
    assert "dir=back" in g.to_string().replace(" ", "")  # the edge default the joins rely on


def test_focus_depth_zero_is_the_focus_claim_alone(write_map):
    g = graph_of(write_map, focus="T", depth=0)
    assert node_names(g, "c_") == {"c_T"} and not node_names(g, "i_") and not g.get_edges()
    attrs = all_nodes(g)["c_T"]
    assert attrs["penwidth"] == "3.5" and attrs["color"] == '"#b91c1c"' and attrs["id"] == '"claim-T"'
    assert "⋯ +3" in attrs["label"]  # C1, P1 (premises) and R1 (attacked by T) are not drawn
    assert "focus: T, depth 0" in g.get("label")


def test_focus_depth_one_draws_exactly_the_neighbours(write_map):
    g = graph_of(write_map, focus="C1", depth=1)
    assert node_names(g, "c_") == {"c_C1", "c_T"}
    assert node_names(g, "i_") == {"i_I1"}  # the linked inference, with its one drawn premise
    assert set(edges(g.to_string())) == {("c_T", "i_I1"), ("i_I1", "c_C1")}
    nodes = all_nodes(g)
    assert "⋯ +2" in nodes["c_T"]["label"] and "⋯" not in nodes["c_C1"]["label"]
    assert "rank=min" in g.to_string().replace(" ", "")
    whole = graph_of(write_map, focus="T", depth=1)
    assert node_names(whole, "c_") == {"c_T", "c_C1", "c_P1", "c_R1"}
    assert not any("⋯" in a.get("label", "") for a in all_nodes(whole).values())  # nothing cut off
    far = graph_of(write_map, focus="R1", depth=1)  # the thesis's rank=min must not add P1 or C1
    assert node_names(far, "c_") == {"c_R1", "c_T"} and "c_C1" not in far.to_string()


def test_focus_follows_an_undercut_to_the_conclusion(write_map):
    data = base_map()
    data["attacks"] = [{"id": "A1", "attacker": "R1", "target": "I1", "type": "undercut"}]
    g = graph_of(write_map, data, focus="R1", depth=1)
    assert node_names(g, "c_") == {"c_R1", "c_T"} and node_names(g, "i_") == {"i_I1"}
    e = edges(g.to_string())
    assert set(e) == {("c_T", "i_I1"), ("i_I1", "c_R1")} and e[("i_I1", "c_R1")]["arrowtail"] == "tee"


def test_unknown_focus_and_bad_depth_are_refused(write_map):
    m = load_map(write_map()).map
    with pytest.raises(ValueError, match=r"no claim 'C2' in map 'mini'; did you mean 'C1'"):
        to_dot(m, RenderOptions(focus="C2"))
    with pytest.raises(ValueError, match=r"no claim 'zzz' in map 'mini'$"):
        to_dot(m, RenderOptions(focus="zzz"))
    with pytest.raises(ValueError, match="depth"):
        RenderOptions(focus="T", depth=-1)


def test_cluster_by_section(write_map):
    data = base_map()
    data["claims"][0]["section"] = "第一章"
    data["claims"][1]["section"] = '第二章 "<b>"'
    data["claims"][3]["section"] = "第一章"
    g = graph_of(write_map, data, evidence=True, cluster="section")
    got = clusters(g)
    assert set(got) == {"cluster_s1", "cluster_s2"}
    assert "第一章" in got["cluster_s1"][0] and got["cluster_s1"][1] == {"c_T", "e_T_1", "c_R1", "e_R1_1"}
    assert got["cluster_s2"][1] == {"c_C1", "e_C1_1"} and "&lt;b&gt;" in got["cluster_s2"][0]
    assert "c_P1" in {n.get_name().strip('"') for n in g.get_nodes()}  # no section: outside every cluster
    assert "cluster" not in dot_of(write_map, data)


def test_cluster_by_author(write_map):
    data = base_map()
    data["claims"].append({"id": "R2", "text": "另一說。", "gloss": "Another view.",
                           "asserted_by": {"author": "余建華（主編）", "year": 2009}})
    data["claims"].append({"id": "R3", "text": "第三說。", "gloss": "A third view.",
                           "asserted_by": {"author": "余建華（主編）", "year": 2009}})
    got = clusters(graph_of(write_map, data, cluster="author"))
    assert set(got) == {"cluster_a1", "cluster_a2"}
    assert "〔余建華 2009〕" in got["cluster_a1"][0] and got["cluster_a1"][1] == {"c_R1"}
    assert "〔余建華（主編） 2009〕" in got["cluster_a2"][0] and got["cluster_a2"][1] == {"c_R2", "c_R3"}


def test_bad_cluster_value_is_refused():
    with pytest.raises(ValueError, match="cluster must be one of none, section, author"):
        RenderOptions(cluster="chapter")  # type: ignore[arg-type]


def test_legend_option(write_map):
    assert "<TABLE" in graph_of(write_map).get("label") and "引文" not in graph_of(write_map).get("label")
    assert "<TABLE" not in graph_of(write_map, legend=False).get("label")
    assert "「引文」 quote" in graph_of(write_map, evidence=True).get("label")
    assert "「引文」" not in graph_of(write_map, evidence=True, legend=False).get("label")


def test_hostile_text_is_escaped_in_quote_nodes(write_map):
    data = base_map()
    data["claims"][1]["text"] = '<script>alert(1)</script>'
    data["claims"][1]["evidence"] = [{"quote": 'he said "<script>x</script>" \\N', "line": 5}]
    g = graph_of(write_map, data, evidence=True, focus="C1", depth=1)
    quote = all_nodes(g)["e_C1_1"]
    assert "&lt;script&gt;" in quote["label"] and "&quot;" in quote["label"] and "<script" not in quote["label"]
    assert '\\"&lt;' not in quote["tooltip"] and '\\"<script>x</script>\\"' in quote["tooltip"]
    assert "\\\\N" in quote["tooltip"]  # a literal backslash, not Graphviz's \N
    assert "&lt;script&gt;" in all_nodes(g)["c_C1"]["label"]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed (run .ci/run)")
def test_all_options_together_lay_out(write_map):
    data = base_map()
    data["claims"][0]["section"] = "第一章"
    m = load_map(write_map(data)).map
    svg = render_map(m, "svg", RenderOptions(evidence=True, cluster="section", focus="C1", depth=1))
    root = ET.fromstring(svg)
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    assert {"claim-C1", "claim-T", "evidence-T-1", "evidence-C1-1"} <= ids and "claim-R1" not in ids


def synthetic_map(claims: int, supports: int):
    """A map built in code: C0 is the thesis, each other claim supports ``supports`` earlier ones."""
    loc = Location("synthetic", 1, 1)
    cl = tuple(Claim(id=f"C{i}", text="甲乙丙丁。", gloss="x", loc=loc, role="thesis" if i == 0 else "claim")
               for i in range(claims))
    infs = tuple(Inference(id=f"I{i}_{j}", premises=(Ref(f"C{i}", loc),), conclusion=Ref(f"C{j}", loc), loc=loc)
                 for i in range(1, claims) for j in range(max(0, i - supports), i))
    work = Work(title="合成", authors=(Author("x"),), kind="article", language="zh-Hant")
    return Map(id="synthetic", path=Path("s"), file="s", work=work, sources=(), claims=cl, inferences=infs)


def test_engine_for_keeps_dot_for_the_corpus_and_sfdp_for_dense_graphs():
    lin = load_map(REPO / "arguments" / "lin2013.argmap.yaml").map
    assert lin is not None
    assert engine_for(build_graph(lin)) == "dot"
    assert engine_for(build_graph(lin, RenderOptions(evidence=True, cluster="section"))) == "dot"
    dense = build_graph(synthetic_map(1000, 3))
    assert graph_size(dense) == (1000, 2994) and engine_for(dense) == "sfdp"
    assert engine_for(build_graph(synthetic_map(2000, 1))) == "dot"  # large but a tree: dot is faster
    assert engine_for(build_graph(synthetic_map(300, 3))) == "dot"


@pytest.mark.skipif(shutil.which("sfdp") is None, reason="Graphviz not installed (run .ci/run)")
def test_layout_with_sfdp_sets_its_attributes(write_map):
    g = build_graph(load_map(write_map()).map)
    g.set("splines", "curved")  # what the graph sets itself is kept
    ET.fromstring(layout(g, "svg", "sfdp"))
    assert g.get("overlap") == "prism" and g.get("splines") == "curved"


def test_fidelity_is_drawn_in_the_border_and_named_on_the_header(write_map):
    """docs/encoding.md's fidelity scale as readers see it: quotation a double border, interpretation
    a dotted one (with the note in the tooltip), paraphrase the plain border; each named on the header."""
    data = base_map()
    by_id = {c["id"]: c for c in data["claims"]}
    by_id["C1"]["fidelity"] = "interpretation"
    by_id["C1"]["note"] = "讀作聯合軍演。"
    by_id["T"]["fidelity"] = "paraphrase"
    dot = dot_of(write_map, data)
    c1, t = node(dot, "c_C1"), node(dot, "c_T")
    assert "dotted" in c1["style"] and "詮釋 interpretation" in c1["label"]
    assert "fidelity: 詮釋 interpretation — 讀作聯合軍演。" in c1["tooltip"]
    assert "dotted" not in t.get("style", "") and "peripheries" not in t and "轉述 paraphrase" in t["label"]
    by_id["T"]["fidelity"] = "quotation"
    by_id["T"]["text"] = by_id["T"]["evidence"][0]["quote"]
    assert node(dot_of(write_map, data), "c_T")["peripheries"] == "2"
