"""argmap compare on small inline maps: the stance table, alignments, suggestions and the
agreement figure, with edge cases (issue #5)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

from argmap.cli import main
from argmap.compare.pair import bigrams, compare, dice, to_json, to_markdown, to_text
from argmap.load.corpus import load_corpus
from tests.conftest import SOURCE_TEXT, base_map
from tests.test_positions import ISSUES

ROOT = Path(__file__).resolve().parent.parent
THIRD = {"id": "energy", "question": "能源？", "question_en": "Energy?",
         "positions": [{"id": "yes", "label": "是", "label_en": "yes", "definition": "是。"},
                       {"id": "no", "label": "否", "label_en": "no", "definition": "否。"}]}
FOURTH = {"id": "nsc", "question": "新安全觀？", "question_en": "NSC?",
          "positions": [{"id": "genuine", "label": "真", "label_en": "genuine", "definition": "真。"},
                        {"id": "cover", "label": "假", "label_en": "cover", "definition": "假。"}]}


def write_corpus(tmp_path: Path, a_positions, b_positions, b_links=(), b_text=None):
    issues = dict(ISSUES)
    issues["issues"] = ISSUES["issues"] + [THIRD, FOURTH]
    (tmp_path / "x.issues.yaml").write_text(yaml.safe_dump(issues, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp_path / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    a = base_map()
    a["id"] = "alpha"
    a["positions"] = list(a_positions)
    b = base_map()
    b["id"] = "beta"
    b["positions"] = list(b_positions)
    if b_links:
        b["claims"][1]["links"] = list(b_links)
    if b_text:
        b["claims"][3]["text"] = b_text
    for m in (a, b):
        (tmp_path / f"{m['id']}.argmap.yaml").write_text(yaml.safe_dump(m, allow_unicode=True, sort_keys=False),
                                                         encoding="utf-8")
    corpus = load_corpus([tmp_path])
    maps = {m.id: m for m in corpus.maps}
    return corpus, maps["alpha"], maps["beta"]


A_POS = [{"issue": "balancing", "position": "high", "claims": ["T"]},
         {"issue": "aimed", "position": "yes", "claims": ["T"]},
         {"issue": "energy", "position": "not-addressed"},
         {"issue": "nsc", "position": "cover", "claims": ["R1"]},
         # attributed: alpha reports that 余建華 holds "low"
         {"issue": "balancing", "position": "low", "claims": ["R1"],
          "asserted_by": {"author": "余建華", "year": 2009}}]
B_POS = [{"issue": "balancing", "position": "high", "claims": ["T"], "ambiguous": True},
         {"issue": "balancing", "position": "low", "claims": ["C1"], "ambiguous": True},
         {"issue": "aimed", "position": "yes", "claims": ["T"]},
         {"issue": "energy", "position": "yes", "claims": ["C1"]},
         {"issue": "nsc", "position": "genuine", "claims": ["C1"]}]


def test_stance_table_statuses_and_agreement(tmp_path):
    corpus, a, b = write_corpus(tmp_path, A_POS, B_POS)
    c = compare(a, b, dict(corpus.issues))
    table = {r.issue.id: (r.a.positions, r.b.positions, r.status) for r in c.rows}
    assert table == {"balancing": (("high",), ("high", "low"), "partly"),
                     "aimed": (("yes",), ("yes",), "agree"),
                     "energy": ((), ("yes",), "only-b"),
                     "nsc": (("cover",), ("genuine",), "disagree")}
    # agree 1 + partly 0.5 + disagree 0 over the 3 issues both address
    assert c.agreement == 0.5
    assert [r.issue.id for r in c.jointly] == ["balancing", "aimed", "nsc"]
    # the attributed position is not alpha's own, and is reported as attributed
    row = c.rows[0]
    assert [(mid, p.holder, p.position.id) for mid, p in row.attributed] == [("alpha", "余建華 2009", "low")]
    assert [cl.id for cl in row.a.claims] == ["T"] and [cl.id for cl in row.b.claims] == ["T", "C1"]


def test_a_work_with_no_positions_has_no_agreement_figure(tmp_path):
    corpus, a, b = write_corpus(tmp_path, [], B_POS)
    c = compare(a, b, dict(corpus.issues))
    assert {r.status for r in c.rows} == {"only-b"}
    assert c.agreement is None
    assert "agreement: undefined (no issue addressed by both)" in to_text(c)
    corpus, a, b = write_corpus(tmp_path, [], [])
    assert {r.status for r in compare(a, b, dict(corpus.issues)).rows} == {"neither"}


def test_links_both_ways_deduplicated_and_dangling_link_is_a_problem(tmp_path):
    links = [{"to": "alpha#C1", "relation": "same-event"}, {"to": "alpha#NOPE", "relation": "same-claim"}]
    corpus, a, b = write_corpus(tmp_path, A_POS, B_POS, b_links=links)
    c = compare(a, b, dict(corpus.issues))
    assert [(x.a.id, x.b.id, x.relation, x.declared_in) for x in c.links] == [("C1", "C1", "same-event", "beta")]
    assert len(c.problems) == 1 and "link to alpha#NOPE, which alpha does not define" in c.problems[0]
    # check reports the same link as R204, and compare still runs (a warning, exit 0)
    r = CliRunner().invoke(main, ["compare", str(tmp_path / "alpha.argmap.yaml"), str(tmp_path / "beta.argmap.yaml")])
    assert r.exit_code == 0 and "warning: " in r.output and "alpha#NOPE" in r.output
    # a linked pair is never suggested
    assert ("C1", "C1") not in {(x.a.id, x.b.id) for x in c.suggestions}


def test_suggestions_rank_unlinked_similar_claims():
    assert bigrams("上合，組織") == frozenset({"上合", "合組", "組織"})
    assert dice(frozenset({"ab", "bc"}), frozenset({"bc", "cd"})) == 0.5


def test_suggested_pair_found_and_labelled(tmp_path):
    corpus, a, b = write_corpus(tmp_path, A_POS, B_POS, b_text="上合不針對美國，而是區域合作。")
    c = compare(a, b, dict(corpus.issues))
    pairs = [(x.a.id, x.b.id, x.relation) for x in c.suggestions]
    assert pairs[0][2] == "suggested"
    assert ("R1", "R1", "suggested") in pairs
    assert all(x.score is not None and 0 < x.score <= 1 for x in c.suggestions)
    assert "Suggested pairs (not linked in the maps" in to_text(c)


def test_json_follows_its_schema_and_markdown_has_the_table(tmp_path):
    corpus, a, b = write_corpus(tmp_path, A_POS, B_POS)
    c = compare(a, b, dict(corpus.issues))
    data = json.loads(to_json(c))
    schema = json.loads((ROOT / "schemas" / "compare.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["agreement"] == 0.5 and [i["status"] for i in data["issues"]] == ["partly", "agree", "only-b", "disagree"]
    md = to_markdown(c)
    assert "| issue | alpha | beta | |" in md
    assert "| NSC? | 假 (cover) | 真 (genuine) | disagree |" in md


def test_cli_compare_by_id_on_the_corpus(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "cmp.md"
    r = CliRunner().invoke(main, ["compare", "lin2013", "gpr33-2011", "--format", "markdown", "-o", str(out)])
    assert r.exit_code == 0, r.output
    md = out.read_text(encoding="utf-8")
    # 002 calls the New Security Concept a cover; 004 takes it as genuine
    assert "掩護或工具 (cover) | 真誠合作 (genuine) | disagree |" in md
    r = CliRunner().invoke(main, ["compare", "lin2013", "lin2013"])
    assert r.exit_code == 2 and "same map" in r.output
    r = CliRunner().invoke(main, ["compare", "lin2013", "nosuch"])
    assert r.exit_code == 2 and "no nosuch.argmap.yaml" in r.output


# -- HTML, the comparison diagram, and the commands around them -----------------------------------

def test_html_page_is_self_contained_and_escapes_map_text(tmp_path):
    from argmap.render.pages import compare_html

    b_pos = B_POS + [{"issue": "nsc", "position": "genuine", "claims": ["R1"], "asserted_by": {"author": "<b>X</b>"}}]
    b_pos[4] = {"issue": "nsc", "position": "genuine", "claims": ["C1", "R1"]}
    corpus, a, b = write_corpus(tmp_path, A_POS, b_pos, b_text="<script>alert(1)</script> javascript:alert(2)")
    page = compare_html(compare(a, b, dict(corpus.issues)))
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    # no script, no external resource
    assert "<script" not in page and "src=" not in page and "http://" not in page and "https://" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;X&lt;/b&gt;" in page
    assert "<b>X</b>" not in page
    # the stance table row of the disagreement is marked as such
    assert '<tr class="disagree">' in page and "假 (cover)" in page and "真 (genuine)" in page


def test_comparison_diagram_has_both_clusters_positions_and_styled_links(tmp_path):
    from argmap.render.dot import ATTACK_COLOUR, SUPPORT_COLOUR, build_comparison_graph

    links = [{"to": "alpha#C1", "relation": "same-event"}, {"to": "alpha#T", "relation": "contradicts"}]
    corpus, a, b = write_corpus(tmp_path, A_POS, B_POS, b_links=links)
    dot = build_comparison_graph(compare(a, b, dict(corpus.issues))).to_string()
    assert "subgraph cluster_a" in dot and "subgraph cluster_b" in dot
    # one position note per addressed issue and side; the issue node in the middle
    for node in ("a_pos_nsc", "b_pos_nsc", "issue_nsc", "b_pos_energy", "issue_energy"):
        assert node in dot
    assert "a_pos_energy" not in dot  # alpha does not address energy
    edge = lambda x, y: next(line for line in dot.splitlines() if f'"{x}" -> "{y}"' in line)  # noqa: E731
    assert ATTACK_COLOUR in edge("a_pos_nsc", "issue_nsc")        # disagree
    assert SUPPORT_COLOUR in edge("a_pos_aimed", "issue_aimed")   # agree
    assert SUPPORT_COLOUR in edge("a_C1", "b_C1") and "same-event" in edge("a_C1", "b_C1")
    assert ATTACK_COLOUR in edge("a_T", "b_C1") and "contradicts" in edge("a_T", "b_C1")


def _node_style(dot: str, node: str) -> dict[str, str]:
    """The styling attributes (fillcolor, color, penwidth, style) of ``node`` in DOT text."""
    import re

    line = next(line for line in dot.splitlines() if line.startswith(f'"{node}" ['))
    tail = line[line.rfind(">, ") + 3:]
    attrs = dict(re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|[^,\]\s]+)', tail))
    return {k: v for k, v in attrs.items() if k in ("fillcolor", "color", "penwidth", "style")}


def test_comparison_diagram_styles_claims_as_the_single_map_does(tmp_path):
    """One claim style (issue #17): the thesis, an attributed claim, an implicit premise and an
    unsupported claim look the same in the comparison diagram as in the map's own diagram (the
    comparison once drew unsupported claims without the orange border, implicit premises without the
    dashed grey style, and the thesis border at 2 instead of 2.2)."""
    from argmap.render.dot import build_comparison_graph, build_graph

    issues = dict(ISSUES)
    issues["issues"] = ISSUES["issues"] + [THIRD]
    (tmp_path / "x.issues.yaml").write_text(yaml.safe_dump(issues, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp_path / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    for mid in ("alpha", "beta"):
        m = base_map()
        m["id"] = mid
        m["claims"].append({"id": "U", "text": "無證據的主張。", "gloss": "A claim without evidence."})
        m["positions"] = [{"issue": "balancing", "position": "high", "claims": ["T", "P1"]},
                          {"issue": "aimed", "position": "no", "claims": ["R1"]},
                          {"issue": "energy", "position": "yes", "claims": ["U"]}]
        (tmp_path / f"{mid}.argmap.yaml").write_text(yaml.safe_dump(m, allow_unicode=True, sort_keys=False),
                                                      encoding="utf-8")
    corpus = load_corpus([tmp_path])
    a, b = sorted(corpus.maps, key=lambda m: m.id)
    assert [c.id for c in a.unsupported_claims()] == ["U"]
    single = build_graph(a, None, corpus.sources).to_string()
    both = build_comparison_graph(compare(a, b, dict(corpus.issues)), None, corpus.sources).to_string()
    expected = {"T": {"fillcolor": '"#dbeafe"', "color": '"#1e3a8a"', "penwidth": "2.2"},
                "R1": {"fillcolor": '"#f3e8ff"', "color": '"#6b21a8"'},
                "P1": {"fillcolor": '"#f5f5f5"', "style": '"rounded,filled,dashed"', "color": '"#777777"'},
                "U": {"color": '"#d97706"', "penwidth": "2.5"}}
    for cid, style in expected.items():
        assert _node_style(single, f"c_{cid}") == style, cid
        for side in ("a", "b"):
            assert _node_style(both, f"{side}_{cid}") == style, (side, cid)


def test_cli_all_classify_and_side_by_side_render(tmp_path):
    corpus, a, b = write_corpus(tmp_path, A_POS, B_POS)
    r = CliRunner().invoke(main, ["compare", "--all", "--maps", str(tmp_path), "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = {row["label"]: row for row in json.loads(r.output)["rows"]}
    assert rows["alpha"]["cells"]["nsc"]["positions"] == ["cover"]
    assert rows["余建華 2009"]["attributed"]["author"] == "余建華" and rows["余建華 2009"]["map"] == "alpha"
    r = CliRunner().invoke(main, ["compare", "alpha", "--maps", str(tmp_path)])
    assert r.exit_code == 2 and "give two works" in r.output
    r = CliRunner().invoke(main, ["classify", "--maps", str(tmp_path), "--format", "json"])
    assert r.exit_code == 0, r.output
    works = {w["map"]: w for w in json.loads(r.output)["works"]}
    assert set(works) == {"alpha", "beta"}
    r = CliRunner().invoke(main, ["classify", "--maps", str(tmp_path), "--typology", "nope"])
    assert r.exit_code == 2 and "no typology 'nope'" in r.output
    out = tmp_path / "cmp.dot"
    r = CliRunner().invoke(main, ["render", str(tmp_path / "alpha.argmap.yaml"), str(tmp_path / "beta.argmap.yaml"),
                                  "-o", str(out), "--claims-graph"])
    assert r.exit_code == 0, r.output
    assert "cluster_a" in out.read_text(encoding="utf-8")
    r = CliRunner().invoke(main, ["render", str(tmp_path / "alpha.argmap.yaml"), str(tmp_path / "beta.argmap.yaml"),
                                  "-o", str(out)])  # the default: the issue rows, one table
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert "cluster_a" not in text and "\ncomparison [shape=plain" in text


def test_build_writes_the_comparisons(tmp_path):
    """The main job writes the matrix with the agreement heatmap, the camps and every pairwise comparison."""
    corpus, a, b = write_corpus(tmp_path, A_POS, B_POS)
    issues = yaml.safe_load((tmp_path / "x.issues.yaml").read_text(encoding="utf-8"))
    for t in issues.get("typologies", []):
        t["source"] = "alpha#T"
    (tmp_path / "x.issues.yaml").write_text(yaml.safe_dump(issues, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(out)])
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (out / "compare").iterdir())
    assert names == ["agreement.svg", "alpha-vs-beta.dot", "alpha-vs-beta.html", "alpha-vs-beta.md", "alpha-vs-beta.svg",
                     "classify.html", "classify.md", "matrix.html", "matrix.md"]
    assert "agreement: 50%" in (out / "compare" / "alpha-vs-beta.md").read_text(encoding="utf-8")
    assert 'href="alpha-vs-beta.html"' in (out / "compare" / "matrix.html").read_text(encoding="utf-8")


def test_indexed_suggestions_equal_the_brute_force_on_every_corpus_pair():
    """The inverted index of _suggest finds exactly the pairs that scoring every claim of one work
    against every claim of the other finds (issue #19.18: it replaced that claims × claims loop)."""
    import itertools

    from argmap.compare.similarity import SUGGESTION_MIN, _idf, suggest_pairs

    root = Path(__file__).resolve().parent.parent
    maps = load_corpus([root / "arguments"]).maps
    assert len(maps) >= 5
    for a, b in itertools.permutations(maps, 2):
        ga = [(c, bigrams(c.text)) for c in a.claims]
        gb = [(c, bigrams(c.text)) for c in b.claims]
        idf = _idf([g for _, g in ga + gb])
        brute = sorted(((round(dice(x, y, idf), 9), ca.id, cb.id) for ca, x in ga for cb, y in gb
                        if dice(x, y, idf) >= SUGGESTION_MIN), key=lambda t: (-t[0], t[1], t[2]))
        indexed = [(round(s, 9), i, j) for s, i, j, _, _ in suggest_pairs(a, b, set())]
        assert indexed == brute, (a.id, b.id)
        assert brute, (a.id, b.id)  # every pair of the corpus has candidates: the test compares something
