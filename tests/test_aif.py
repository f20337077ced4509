"""AIF import and export: the mapping on small graphs, every construct the importer reports, and the
661 AraucariaDB graphs of ../shared/corpora/aif/ imported, checked, rendered and round-tripped."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import yaml

from argmap.interchange.aif import from_aif, read_aif, to_aif
from argmap.checks import check_corpus
from argmap.load.corpus import load_corpus
from argmap.load.document import dump_yaml, map_to_doc
from argmap.load.loader import load_map, load_text
from argmap.render.dot import build_graph

ROOT = Path(__file__).resolve().parent.parent
AIF_DIR = ROOT.parent / "shared" / "corpora" / "aif"
ARGS = ROOT / "arguments"


def aif_files() -> list[Path]:
    files = sorted(AIF_DIR.glob("*.json"))
    assert len(files) == 661, f"expected the 661 AraucariaDB graphs in {AIF_DIR}, found {len(files)}"
    return files


def structure(data: dict) -> tuple:
    """The argument structure of an AIF graph, computed from the JSON alone (independently of argmap):
    the multiset of I-node texts, of inferences (premise texts, conclusion text) per RA/MA-node and
    conclusion, and of attacks (attacker text, target) per CA-node, a target being an I-node's text
    or the inference of an RA-node."""
    nodes = {str(n["nodeID"]): n for n in data["nodes"]}
    into: dict[str, list[str]] = {k: [] for k in nodes}
    out: dict[str, list[str]] = {k: [] for k in nodes}
    for e in data["edges"]:
        a, b = str(e["fromID"]), str(e["toID"])
        if a in nodes and b in nodes:
            out[a].append(b)
            into[b].append(a)

    def text(n: str) -> str:
        return nodes[n]["text"].strip()

    def typ(n: str) -> str:
        return nodes[n]["type"]

    def inference(ra: str) -> tuple:
        return (tuple(sorted(text(p) for p in into[ra] if typ(p) == "I")),
                tuple(sorted(text(c) for c in out[ra] if typ(c) == "I")))

    texts = Counter(text(n) for n in nodes if typ(n) == "I")
    inferences = Counter(inference(n) for n in nodes if typ(n) in ("RA", "MA"))
    attacks = Counter((text(a), ("claim", text(t)) if typ(t) == "I" else ("inference", inference(t)))
                      for n in nodes if typ(n) == "CA" for a in into[n] if typ(a) == "I" for t in out[n])
    return texts, inferences, attacks


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every AraucariaDB graph imported into one folder: {map id: (AIF file, data, Imported)}."""
    folder = tmp_path_factory.mktemp("aif-import")
    result = {}
    for f in aif_files():
        read = read_aif(f)
        assert not isinstance(read, type(None))
        data, text = read
        imp = from_aif(data, str(f), text)
        assert imp.doc is not None, (f, imp.diagnostics)
        (folder / f"{imp.doc['id']}.argmap.yaml").write_text(dump_yaml(imp.doc), encoding="utf-8")
        result[imp.doc["id"]] = (f, data, imp)
    return folder, result


def test_every_araucaria_graph_imports_and_loads(imported):
    folder, result = imported
    assert len(result) == 661
    corpus = load_corpus([folder])
    assert not corpus.failed, [d for d in corpus.load_diagnostics][:5]
    assert len(corpus.maps) == 661
    # nothing the importer could not map: AraucariaDB's L/YA pairs all become attributions
    codes = Counter(d.code for _, _, imp in result.values() for d in imp.diagnostics)
    assert set(codes) <= {"X507", "X508"}, codes
    assert codes["X507"] == 661  # one thesis chosen per graph
    l_nodes = sum(1 for _, data, _ in result.values() for n in data["nodes"] if n["type"] == "L")
    assert codes["X508"] == l_nodes == 42
    for mid, (f, data, imp) in result.items():
        m = next(m for m in corpus.maps if m.id == mid)
        i_texts = sorted(n["text"].strip() for n in data["nodes"] if n["type"] == "I")
        assert sorted(c.text for c in m.claims) == i_texts, f
        assert len(m.theses) == 1


def test_check_reports_the_problems_the_graphs_really_have(imported):
    """C401 exactly for the I-nodes no RA concludes (AIF carries no quotes); R205 for every support
    cycle and R209 for every I-node not connected to the thesis — both computed from the raw JSON."""
    folder, result = imported
    corpus = load_corpus([folder])
    found = Counter()
    by_map: dict[str, set[tuple[str, str]]] = {}
    for d in check_corpus(corpus):
        found[d.code] += 1
        mid = Path(d.file).name.removesuffix(".argmap.yaml")
        by_map.setdefault(mid, set()).add((d.code, d.message.split("'")[1] if d.code in ("C401", "R209") else ""))
    expected_total = Counter()
    for mid, (f, data, imp) in result.items():
        nodes = {str(n["nodeID"]): n for n in data["nodes"]}
        concluded = {str(e["toID"]) for e in data["edges"] if nodes[str(e["fromID"])]["type"] in ("RA", "MA")}
        leaves = {f"I{n}" for n, v in nodes.items() if v["type"] == "I" and n not in concluded}
        g = nx.DiGraph()
        g.add_nodes_from(n for n, v in nodes.items() if v["type"] in ("I", "RA", "CA", "MA"))
        g.add_edges_from((str(e["fromID"]), str(e["toID"])) for e in data["edges"]
                         if str(e["fromID"]) in g and str(e["toID"]) in g)
        thesis = next(c["id"] for c in imp.doc["claims"] if c.get("role") == "thesis")
        component = nx.node_connected_component(g.to_undirected(), thesis[1:])
        disconnected = {f"I{n}" for n, v in nodes.items() if v["type"] == "I" and n not in component}
        cycles = list(nx.simple_cycles(g))
        expected = {("C401", c) for c in leaves} | {("R209", c) for c in disconnected}
        expected_total.update(code for code, _ in expected)
        expected_total["R205"] += len(cycles)
        got = {x for x in by_map.get(mid, set()) if x[0] != "R205"}
        assert got == expected, (f, got ^ expected)
    assert found == expected_total
    # what the corpus really holds (reported in the note): no cycles, every graph connected
    assert found["R205"] == 0 and found["R209"] == 0
    assert found["C401"] > 0


def test_every_imported_graph_renders(imported):
    folder, result = imported
    corpus = load_corpus([folder])
    dots = []
    for m in corpus.maps:
        dot = build_graph(m, None, corpus.sources).to_string()
        for c in m.claims:
            assert f'id="claim-{c.id}"' in dot
        dots.append(dot)
    # one Graphviz process lays out all 661 graphs (dot reads several graphs from one input)
    run = subprocess.run(["dot", "-Tsvg"], input="\n".join(dots).encode("utf-8"), capture_output=True, timeout=600)
    assert run.returncode == 0, run.stderr[:500]
    assert run.stdout.count(b"<svg ") == 661
    assert b"Error" not in run.stderr


def test_every_graph_round_trips(imported):
    """import → export → import gives the same graph: the same I-node texts and the same support and
    attack structure (computed from the JSON on both sides), and the same argmap document."""
    folder, result = imported
    corpus = load_corpus([folder])
    for m in corpus.maps:
        f, data, imp = result[m.id]
        exported = to_aif(m)
        assert structure(exported) == structure(data), f
        again = from_aif(json.loads(json.dumps(exported)), "again.json", "")
        assert again.doc == imp.doc, f
        assert not [d for d in again.diagnostics if d.code not in ("X507",)], f


# --- the corpus maps: argmap → AIF → argmap is lossless ------------------------------------------------


@pytest.mark.parametrize("path", sorted(ARGS.glob("*.argmap.yaml")), ids=lambda p: p.name)
def test_corpus_map_round_trips_through_aif(path):
    m = load_map(path).map
    assert m is not None
    doc = to_aif(m)
    kinds = Counter(n["type"] for n in doc["nodes"])
    assert kinds["I"] == len(m.claims)
    assert kinds["RA"] + kinds["MA"] == len(m.inferences)
    assert kinds["CA"] == len(m.attacks)
    assert kinds["L"] == kinds["YA"] == sum(len(c.evidence) for c in m.claims)
    nodes = {n["nodeID"]: n for n in doc["nodes"]}
    # an undercut's CA-node points at an RA-node; a rebuttal's at an I-node
    for n in doc["nodes"]:
        if n["type"] == "CA":
            targets = [nodes[e["toID"]]["type"] for e in doc["edges"] if e["fromID"] == n["nodeID"]]
            assert targets == (["RA"] if n["argmap"]["type"] == "undercut" else ["I"])
    back = from_aif(json.loads(json.dumps(doc, ensure_ascii=False)), "x.json", "")
    assert back.diagnostics == []  # nothing unmapped; the thesis is the map's own
    assert back.doc == map_to_doc(m)
    # and the YAML argmap writes is the map file's own data
    assert yaml.safe_load(dump_yaml(back.doc)) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_linked_premises_share_one_ra_node():
    m = load_map(ARGS / "lin2013.argmap.yaml").map
    linked = next(f for f in m.inferences if f.linked)
    doc = to_aif(m)
    ra = next(n for n in doc["nodes"] if n.get("argmap", {}).get("id") == linked.id)
    premises = [e["fromID"] for e in doc["edges"] if e["toID"] == ra["nodeID"]]
    texts = {n["nodeID"]: n["text"] for n in doc["nodes"]}
    assert sorted(texts[p] for p in premises) == sorted(m.claims_by_id[p.id].text for p in linked.premises)


def test_evidence_travels_as_locutions():
    m = load_map(ARGS / "gpr33-2011.argmap.yaml").map
    claim = next(c for c in m.claims if c.evidence)
    doc = to_aif(m)
    ls = [n for n in doc["nodes"] if n["type"] == "L"]
    assert ls[0]["text"] == claim.evidence[0].quote
    assert ls[0]["argmap"]["evidence"]["start"] == claim.evidence[0].start
    assert {x["nodeID"] for x in doc["locutions"]} == {n["nodeID"] for n in ls}
    assert doc["participants"][0]["firstname"] == m.work.author_names


# --- small graphs: each construct and each diagnostic --------------------------------------------------


def aif(nodes, edges, **extra):
    return {"nodes": [{"nodeID": str(i), "text": t, "type": k} for i, k, t in nodes],
            "edges": [{"edgeID": str(j), "fromID": str(a), "toID": str(b), "formEdgeID": None}
                      for j, (a, b) in enumerate(edges, 1)], **extra}


def imp_text(data):
    text = json.dumps(data, indent=1)
    return from_aif(json.loads(text), "g.json", text), text


def codes(imp):
    return Counter(d.code for d in imp.diagnostics)


def loads(imp, tmp_path):
    path = tmp_path / f"{imp.doc['id']}.argmap.yaml"
    path.write_text(dump_yaml(imp.doc), encoding="utf-8")
    loaded = load_text(path.read_text(encoding="utf-8"), str(path), path)
    assert loaded.map is not None, loaded.diagnostics
    return loaded.map


def test_linked_ra_and_undercut_and_rebuttal(tmp_path):
    data = aif([(1, "I", "c"), (2, "I", "p1"), (3, "I", "p2"), (4, "RA", "Default Inference"),
                (5, "I", "u"), (6, "CA", "Default Conflict"), (7, "I", "r"), (8, "CA", "Default Conflict")],
               [(2, 4), (3, 4), (4, 1), (5, 6), (6, 4), (7, 8), (8, 1)])
    imp, _ = imp_text(data)
    m = loads(imp, tmp_path)
    (inf,) = m.inferences
    assert [p.id for p in inf.premises] == ["I2", "I3"] and inf.conclusion.id == "I1" and inf.scheme is None
    kinds = {a.attacker.id: (a.type, a.target.id) for a in m.attacks}
    assert kinds == {"I5": ("undercut", inf.id), "I7": ("rebuttal", "I1")}
    assert m.theses[0].id == "I1"
    assert structure(to_aif(m)) == structure(data)


def test_scheme_names_are_kept():
    data = aif([(1, "I", "c"), (2, "I", "p"), (3, "RA", "ExpertOpinion")], [(2, 3), (3, 1)])
    data["nodes"][2]["scheme"] = "ExpertOpinion"
    imp, _ = imp_text(data)
    assert imp.doc["inferences"][0]["scheme"] == "ExpertOpinion"


def test_ma_node_becomes_a_rephrase_inference_and_back():
    data = aif([(1, "I", "a"), (2, "I", "a, said again"), (3, "MA", "Default Rephrase")], [(1, 3), (3, 2)])
    imp, _ = imp_text(data)
    assert imp.doc["inferences"][0]["scheme"] == "Default Rephrase"
    m = load_text(dump_yaml(imp.doc), "x.argmap.yaml", Path("x.argmap.yaml")).map
    assert [n["type"] for n in to_aif(m)["nodes"]].count("MA") == 1


def test_dangling_edge_and_duplicate_node_are_reported_at_their_place():
    data = aif([(1, "I", "c"), (2, "I", "p"), (3, "RA", "RA")], [(2, 3), (3, 1), (9, 1)])
    data["nodes"].append({"nodeID": "2", "text": "again", "type": "I"})
    imp, text = imp_text(data)
    assert codes(imp)["X503"] == 1 and codes(imp)["X502"] == 1
    d503 = next(d for d in imp.diagnostics if d.code == "X503")
    line = text.splitlines()[d503.line - 1]
    assert line[d503.column - 1:].startswith('"edgeID": "3"')
    assert "names node 9" in d503.message
    assert [c["text"] for c in imp.doc["claims"]] == ["c", "p"]


def test_unmapped_nodes_are_reported_not_dropped():
    data = aif([(1, "I", "c"), (2, "I", "p"), (3, "RA", "RA"), (4, "TA", "Default Transition"),
                (5, "L", "Bob says 'p'"), (6, "XX", "?")], [(2, 3), (3, 1), (5, 4)])
    imp, text = imp_text(data)
    unmapped = [d for d in imp.diagnostics if d.code == "X504"]
    assert len(unmapped) == 3  # TA, L without YA, unknown type
    assert {m for d in unmapped for m in ("TA-node 4", "L-node 5", "XX-node 6") if m in d.message} == \
        {"TA-node 4", "L-node 5", "XX-node 6"}
    for d in unmapped:
        assert text.splitlines()[d.line - 1][d.column - 1:].startswith('"nodeID"')


def test_incomplete_and_split_schemes():
    data = aif([(1, "I", "c"), (2, "I", "p"), (3, "RA", "RA"), (4, "I", "d"), (5, "RA", "RA"),
                (6, "I", "x"), (7, "I", "y"), (8, "CA", "CA")],
               [(2, 3), (3, 1), (3, 4), (2, 5), (6, 8), (7, 8), (8, 1)])
    imp, _ = imp_text(data)
    c = codes(imp)
    assert c["X505"] == 1  # RA 5 has no conclusion
    assert c["X506"] == 2  # RA 3 has two conclusions; CA 8 has two attackers
    assert sorted((f["premises"][0], f["conclusion"]) for f in imp.doc["inferences"]) == [("I2", "I1"), ("I2", "I4")]
    assert sorted(a["attacker"] for a in imp.doc["attacks"]) == ["I6", "I7"]
    assert len({f["id"] for f in imp.doc["inferences"]} | {a["id"] for a in imp.doc["attacks"]}) == 4


def test_speaker_from_locutions_and_participants():
    data = aif([(1, "I", "c"), (2, "L", "the words"), (3, "YA", "Asserting")], [(2, 3), (3, 1)],
               locutions=[{"nodeID": "2", "personID": "7"}],
               participants=[{"participantID": "7", "firstname": "Ada", "surname": "Lovelace"}])
    imp, _ = imp_text(data)
    assert imp.doc["claims"][0]["asserted_by"] == {"author": "Ada Lovelace"}
    assert "the words" in imp.doc["claims"][0]["note"]


def test_thesis_choice_and_override():
    data = aif([(1, "I", "top"), (2, "I", "p"), (3, "RA", "RA"), (4, "I", "other")], [(2, 3), (3, 1)])
    imp, _ = imp_text(data)
    assert [c["id"] for c in imp.doc["claims"] if c.get("role") == "thesis"] == ["I1"]
    x507 = next(d for d in imp.diagnostics if d.code == "X507")
    assert "1 other claim(s) lead nowhere" in x507.message
    imp2 = from_aif(data, "g.json", "", thesis="4")
    assert [c["id"] for c in imp2.doc["claims"] if c.get("role") == "thesis"] == ["I4"]


def test_empty_text_and_no_i_nodes():
    imp, _ = imp_text(aif([(1, "I", "  ")], []))
    assert codes(imp)["X509"] == 1 and "no text" in imp.doc["claims"][0]["text"]
    none, _ = imp_text(aif([(1, "RA", "RA")], []))
    assert none.doc is None and codes(none)["X501"] == 1
    assert from_aif([1, 2], "g.json", "").doc is None


def test_read_aif_reports_json_errors_with_position(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": [\n  {"nodeID": 1,, }\n]}', encoding="utf-8")
    d = read_aif(bad)
    assert d.code == "X501" and (d.line, d.column) == (2, 16)
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"nodes": [],\n "x": "上合'.encode("utf-8") + b'\xe9"}')
    d = read_aif(latin)  # columns count code points: the two CJK characters are 2 columns, not 6
    assert d.code == "X501" and "not UTF-8" in d.message and (d.line, d.column) == (2, 10)
    big = tmp_path / "big.json"
    big.write_text("[" + "0," * 100 + "0]", encoding="utf-8")
    assert read_aif(big, max_bytes=50).code == "X501"
