"""`argmap export` and `argmap import` on the command line, and the GraphML export.

The AIF mapping itself (every construct on small graphs, the 661 AraucariaDB graphs) is tested in
tests/test_aif.py; here: what the commands write, print and exit with, usage errors, the GraphML
file read back with networkx and ElementTree, and the round trip map → AIF → map through the CLI.
Expected values are computed from the maps' YAML and the AIF JSON, not from argmap's own model."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import yaml
from click.testing import CliRunner

from argmap.cli import main
from argmap.interchange.graphml import to_graphml
from argmap.load.loader import load_map
from tests.conftest import base_map

ROOT = Path(__file__).resolve().parent.parent
ARGS = ROOT / "arguments"
AIF_DIR = ROOT.parent / "shared" / "corpora" / "aif"
GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"
SUFFIXES = {"aif": ".aif.json", "argdown": ".argdown", "graphml": ".graphml"}


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@functools.cache
def corpus_maps() -> dict[str, dict]:
    """id → the map's YAML document, for every map in arguments/ (read once; do not modify)."""
    docs = {}
    for p in sorted(ARGS.glob("*.argmap.yaml")):
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
        docs[doc["id"]] = doc
    assert len(docs) == 5, f"expected the 5 corpus maps in {ARGS}"
    return docs


def read_graphml(path: Path) -> nx.MultiDiGraph:
    return nx.read_graphml(path, force_multigraph=True)


def expected_edges(doc: dict) -> Counter:
    """(source node, target node, relation) of every premise, conclusion and attack of a map document."""
    inference_ids = {f["id"] for f in doc.get("inferences", [])}
    edges: Counter = Counter()
    for f in doc.get("inferences", []):
        for p in f["premises"]:
            edges[(f"claim:{p}", f"inference:{f['id']}", "premise")] += 1
        edges[(f"inference:{f['id']}", f"claim:{f['conclusion']}", "conclusion")] += 1
    for a in doc.get("attacks", []):
        target = f"inference:{a['target']}" if a["target"] in inference_ids else f"claim:{a['target']}"
        assert (a["type"] == "undercut") == (a["target"] in inference_ids)
        edges[(f"claim:{a['attacker']}", target, a["type"])] += 1
    return edges


def attribution_label(a: dict) -> str:
    """The label docs say GraphML's asserted_by carries, e.g. ``余建華 2009``."""
    return f"{a['author']} {a['year']}" if a.get("year") else a["author"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, object]:
    """``argmap export arguments/ --to aif --to argdown --to graphml --out DIR``, once for the module."""
    out = tmp_path_factory.mktemp("exports")
    r = run("export", ARGS, "--to", "aif", "--to", "argdown", "--to", "graphml", "--out", out)
    return out, r


# --------------------------------------------------------------------------------------------------
# 1. export of the corpus folder


def test_export_folder_writes_one_file_per_map_and_format(exported):
    out, r = exported
    assert r.exit_code == 0, r.stdout + r.stderr
    ids = corpus_maps()
    expected = {f"{i}{s}" for i in ids for s in SUFFIXES.values()}
    assert len(expected) == 15
    assert {p.name for p in out.iterdir()} == expected  # no temporary files left behind either
    for name in expected:
        assert f"wrote {out / name}" in r.stderr


def test_exported_aif_has_a_node_per_claim_inference_attack_and_quote(exported):
    out, _ = exported
    for mid, doc in corpus_maps().items():
        aif = json.loads((out / f"{mid}.aif.json").read_text(encoding="utf-8"))
        types = Counter(n["type"] for n in aif["nodes"])
        assert types["I"] == len(doc["claims"]), mid
        assert types["RA"] + types["MA"] == len(doc.get("inferences", [])), mid
        assert types["CA"] == len(doc.get("attacks", [])), mid
        assert types["L"] == sum(len(c.get("evidence", [])) for c in doc["claims"]), mid
        i_texts = [n["text"] for n in aif["nodes"] if n["type"] == "I"]
        assert i_texts == [c["text"] for c in doc["claims"]], mid
        node_ids = {n["nodeID"] for n in aif["nodes"]}
        assert all(e["fromID"] in node_ids and e["toID"] in node_ids for e in aif["edges"]), mid


def test_exported_argdown_defines_every_claim(exported):
    out, _ = exported
    for mid, doc in corpus_maps().items():
        lines = (out / f"{mid}.argdown").read_text(encoding="utf-8").splitlines()
        for c in doc["claims"]:
            assert any(line.startswith(f"[{c['id']}]: ") for line in lines), (mid, c["id"])


def test_exported_graphml_has_the_map_structure(exported):
    out, _ = exported
    undercuts = 0
    for mid, doc in corpus_maps().items():
        g = read_graphml(out / f"{mid}.graphml")
        claims, inferences = doc["claims"], doc.get("inferences", [])
        assert g.graph.get("name") == mid
        assert set(g.nodes) == {f"claim:{c['id']}" for c in claims} | {f"inference:{f['id']}" for f in inferences}
        assert g.number_of_nodes() == len(claims) + len(inferences)
        got = Counter((u, v, d["relation"]) for u, v, d in g.edges(data=True))
        assert got == expected_edges(doc), mid
        for u, v, d in g.edges(data=True):
            if d["relation"] in ("rebuttal", "undercut"):
                attack = next(a for a in doc["attacks"] if a["id"] == d["label"])
                assert (u, v) == (f"claim:{attack['attacker']}",
                                  ("inference:" if d["relation"] == "undercut" else "claim:") + attack["target"])
            if d["relation"] == "undercut":
                undercuts += 1
                assert g.nodes[v]["kind"] == "inference", (mid, u, v)
    assert undercuts == sum(a["type"] == "undercut" for d in corpus_maps().values() for a in d.get("attacks", []))
    assert undercuts > 0  # lin2013 has undercuts: the test above is not vacuous


def test_exported_graphml_node_attributes_equal_the_map(exported):
    out, _ = exported
    seen_attributed = seen_linked = seen_unlinked = 0
    for mid, doc in corpus_maps().items():
        g = read_graphml(out / f"{mid}.graphml")
        for c in doc["claims"]:
            n = g.nodes[f"claim:{c['id']}"]
            assert n["kind"] == "claim" and n["label"] == c["id"]
            assert n["text"] == c["text"] and n["gloss"] == c["gloss"]
            assert n["role"] == c.get("role", "claim")
            assert n["quotes"] == len(c.get("evidence", [])) and isinstance(n["quotes"], int)
            if "section" in c:
                assert n["section"] == c["section"]
            else:
                assert "section" not in n  # left out, not written empty
            if "asserted_by" in c:
                seen_attributed += 1
                assert n["asserted_by"] == attribution_label(c["asserted_by"]), (mid, c["id"])
            else:
                assert "asserted_by" not in n
            if c.get("evidence"):
                assert n["quote"] == c["evidence"][0]["quote"]
        for f in doc.get("inferences", []):
            n = g.nodes[f"inference:{f['id']}"]
            assert n["kind"] == "inference" and n["label"] == f["id"]
            assert n["linked"] is (len(f["premises"]) > 1), (mid, f["id"])
            seen_linked += n["linked"]
            seen_unlinked += not n["linked"]
            if "scheme" in f:
                assert n["scheme"] == f["scheme"]
            else:
                assert "scheme" not in n
    assert seen_attributed and seen_linked and seen_unlinked


# --------------------------------------------------------------------------------------------------
# 2. export: standard output, -o, usage errors


def test_export_one_map_to_stdout_and_to_file(tmp_path: Path):
    lin = ARGS / "lin2013.argmap.yaml"
    doc = yaml.safe_load(lin.read_text(encoding="utf-8"))
    r = run("export", lin, "--to", "aif")
    assert r.exit_code == 0, r.stderr
    aif = json.loads(r.stdout)
    assert sum(n["type"] == "I" for n in aif["nodes"]) == len(doc["claims"])
    assert list(tmp_path.iterdir()) == []

    target = tmp_path / "sub" / "lin2013.aif.json"
    r2 = run("export", lin, "--to", "aif", "-o", target)
    assert r2.exit_code == 0, r2.stderr
    assert r2.stdout == ""
    assert f"wrote {target}" in r2.stderr
    assert target.read_text(encoding="utf-8") == r.stdout


def test_export_usage_errors_exit_2_and_write_nothing(tmp_path: Path):
    lin = ARGS / "lin2013.argmap.yaml"
    out = tmp_path / "out"
    target = tmp_path / "x.json"

    r = run("export", ARGS, "--to", "aif")  # five maps, no --out
    assert r.exit_code == 2 and "--out" in r.stderr and r.stdout == ""

    r = run("export", lin, "--to", "aif", "--to", "graphml")  # one map, two formats, no --out
    assert r.exit_code == 2 and "--out" in r.stderr and r.stdout == ""

    r = run("export", lin, "--to", "aif", "-o", target, "--out", out)
    assert r.exit_code == 2 and "not both" in r.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("export", empty, "--to", "aif", "--out", out)
    assert r.exit_code == 2 and "no *.argmap.yaml" in r.stderr

    r = run("export", lin, "--to", "rdf", "-o", target)
    assert r.exit_code == 2 and "'rdf'" in r.stderr and "aif" in r.stderr

    assert not out.exists() and not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"] and not list(empty.iterdir())


def test_export_of_unreadable_yaml_exits_2_with_located_diagnostic(write_map, tmp_path: Path):
    text = "argmap: 1\n  bad: [indent\n"
    path = write_map(text, name="bad.argmap.yaml")
    target = tmp_path / "bad.aif.json"
    r = run("export", path, "--to", "aif", "-o", target)
    assert r.exit_code == 2
    col = text.splitlines()[1].index(":") + 1  # PyYAML gives up at the second line's ':'
    assert f"{path}:2:{col}: error L001 " in r.stderr
    assert "Traceback" not in r.stdout + r.stderr and r.stdout == ""
    assert not target.exists()


def test_export_folder_with_one_broken_map_writes_nothing(write_map, tmp_path: Path):
    write_map()
    write_map("argmap: 1\nid: x\nid: y\n", name="dup.argmap.yaml")
    out = tmp_path / "out"
    r = run("export", tmp_path, "--to", "aif", "--to", "graphml", "--out", out)
    assert r.exit_code == 2 and "L003" in r.stderr
    assert not out.exists()


def test_export_does_not_silently_overwrite_maps_with_the_same_id(write_map, tmp_path: Path):
    # Two maps both declaring id 'mini' (check reports R210, but they load) exported to one folder:
    # the second map's <id>.aif.json replaces the first one's. The command must not report success
    # (exit 0) having kept only one of the two exports.
    for sub, text in (("a", "第一個論點。"), ("b", "第二個論點。")):
        data = base_map()
        data["claims"][0]["text"] = text
        path = write_map(data)
        (tmp_path / sub).mkdir()
        shutil.move(path, tmp_path / sub / path.name)
        shutil.copy(tmp_path / "src.txt", tmp_path / sub / "src.txt")
    out = tmp_path / "out"
    r = run("export", tmp_path / "a", tmp_path / "b", "--to", "aif", "--out", out)
    written = sorted(out.iterdir()) if out.exists() else []
    assert not (r.exit_code == 0 and len(written) < 2), (
        f"exit {r.exit_code}, wrote {[p.name for p in written]} for 2 maps; stderr: {r.stderr!r}")


# --------------------------------------------------------------------------------------------------
# 3. GraphML well-formedness


def graphml_tree(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def test_graphml_keys_are_unique_and_typed(exported):
    out, _ = exported
    for mid, doc in corpus_maps().items():
        root = graphml_tree((out / f"{mid}.graphml").read_text(encoding="utf-8"))
        keys = root.findall(f"{GRAPHML_NS}key")
        ids = [k.get("id") for k in keys]
        assert len(ids) == len(set(ids)), f"{mid}: duplicate <key id>: {ids}"
        assert len({(k.get("for"), k.get("attr.name")) for k in keys}) == len(keys)
        by_id = {k.get("id"): k for k in keys}
        for elem, scope in ((f"{GRAPHML_NS}node", "node"), (f"{GRAPHML_NS}edge", "edge")):
            for e in root.iter(elem):
                for d in e.findall(f"{GRAPHML_NS}data"):
                    assert by_id[d.get("key")].get("for") == scope, (mid, d.get("key"))
        types = {k.get("attr.name"): k.get("attr.type") for k in keys if k.get("for") == "node"}
        assert types["linked"] == "boolean" and types["text"] == "string"
        assert types["quotes"] in ("int", "long")
        edge_keys = {k.get("attr.name") for k in keys if k.get("for") == "edge"}
        assert edge_keys == ({"relation", "label"} if doc.get("attacks") else {"relation"}), mid


def test_graphml_edge_ids_are_unique(exported):
    # The GraphML schema (graphml.xsd, identity constraint edge_id_unique on <graph>) requires the id
    # attributes of the <edge> elements of a graph to be unique; tools that validate, or that key edges
    # by id (Gephi), drop or merge edges that repeat an id.
    out, _ = exported
    for mid in corpus_maps():
        root = graphml_tree((out / f"{mid}.graphml").read_text(encoding="utf-8"))
        for graph in root.iter(f"{GRAPHML_NS}graph"):
            ids = [e.get("id") for e in graph.iter(f"{GRAPHML_NS}edge") if e.get("id") is not None]
            repeated = {i: n for i, n in Counter(ids).items() if n > 1}
            assert not repeated, f"{mid}.graphml repeats <edge id>: {repeated}"


def test_graphml_is_deterministic(exported, tmp_path: Path):
    out, _ = exported
    lin = ARGS / "lin2013.argmap.yaml"
    m = load_map(lin).map
    assert m is not None
    first = to_graphml(m)
    assert to_graphml(m) == first
    assert first.endswith("\n") and first.startswith("<?xml")
    target = tmp_path / "again.graphml"
    assert run("export", lin, "--to", "graphml", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8") == (out / "lin2013.graphml").read_text(encoding="utf-8") == first
    # another interpreter, with different string hashing, writes the same bytes
    code = ("import sys; from pathlib import Path; from argmap.load.loader import load_map; "
            "from argmap.interchange.graphml import to_graphml; "
            "sys.stdout.buffer.write(to_graphml(load_map(Path(sys.argv[1])).map).encode('utf-8'))")
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        p = subprocess.run([sys.executable, "-c", code, str(lin)], capture_output=True, env=env, timeout=60,
                           check=True)
        assert p.stdout.decode("utf-8") == first


def test_graphml_keeps_xml_special_characters_and_cjk(write_map, tmp_path: Path):
    data = base_map()
    special = '上合 <b>&amp; "引號" \'單\' & < > 測試'
    data["claims"][1]["text"] = special
    data["claims"][1]["gloss"] = 'A & B <c> "d" \'e\''
    data["claims"][1]["section"] = "第<一>章 & 附錄"
    data["claims"][3]["asserted_by"] = {"author": "余&建華 <編>", "year": 2009}
    data["inferences"][0]["scheme"] = 'from "sign" <&>'
    path = write_map(data)
    assert run("check", path).exit_code == 0  # a valid map
    target = tmp_path / "mini.graphml"
    r = run("export", path, "--to", "graphml", "-o", target)
    assert r.exit_code == 0, r.stderr
    raw = target.read_text(encoding="utf-8")
    assert "上合" in raw  # written as UTF-8 text, not character references
    g = read_graphml(target)
    assert g.nodes["claim:C1"]["text"] == special
    assert g.nodes["claim:C1"]["gloss"] == 'A & B <c> "d" \'e\''
    assert g.nodes["claim:C1"]["section"] == "第<一>章 & 附錄"
    assert g.nodes["claim:R1"]["asserted_by"] == "余&建華 <編> 2009"
    assert g.nodes["inference:I1"]["scheme"] == 'from "sign" <&>'
    assert g.nodes["inference:I1"]["linked"] is True
    assert g.nodes["claim:T"]["role"] == "thesis" and g.nodes["claim:P1"]["role"] == "implicit-premise"
    assert g.nodes["claim:T"]["place"] == "src.txt:2"
    assert Counter(d["relation"] for _, _, d in g.edges(data=True)) == {"premise": 2, "conclusion": 1,
                                                                        "rebuttal": 1}


def test_graphml_of_a_loadable_map_is_well_formed_xml(write_map, tmp_path: Path):
    # A claim text with a control character (YAML escape "\v"; also what an AIF import of "\u000b"
    # writes) loads and passes `argmap check`, but XML 1.0 cannot represent U+000B: an export that
    # succeeds must still write a file an XML parser reads.
    data = base_map()
    data["claims"][2]["text"] = "軍演是\v平衡行為。"
    path = write_map(data)
    assert load_map(path).map is not None
    target = tmp_path / "mini.graphml"
    r = run("export", path, "--to", "graphml", "-o", target)
    if r.exit_code == 0:
        try:
            ET.parse(target)
        except ET.ParseError as exc:
            pytest.fail(f"export exited 0 but wrote GraphML that is not well-formed XML: {exc}")
    else:
        assert r.exit_code == 2 and not target.exists()


# --------------------------------------------------------------------------------------------------
# 4. import


def aif_graph(path: Path) -> tuple[dict, list[dict], dict[str, list[str]], dict[str, list[str]]]:
    """The JSON, its I-nodes in file order, and into/out adjacency by nodeID (computed here)."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    types = {str(n["nodeID"]): n["type"] for n in data["nodes"]}
    into: dict[str, list[str]] = {k: [] for k in types}
    out: dict[str, list[str]] = {k: [] for k in types}
    for e in data["edges"]:
        out[str(e["fromID"])].append(str(e["toID"]))
        into[str(e["toID"])].append(str(e["fromID"]))
    return data, [n for n in data["nodes"] if n["type"] == "I"], into, out


def diag_lines(text: str, path: Path, code: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of each ``path:line:col: severity CODE message`` line."""
    pat = re.compile(rf"^{re.escape(str(path))}:(\d+):(\d+): \w+ {code} (.*)$")
    return [(int(mt[1]), int(mt[2]), mt[3]) for mt in map(pat.match, text.splitlines()) if mt]


def at(text: str, line: int, col: int) -> str:
    return text.splitlines()[line - 1][col - 1:]


def node_key(nid: str) -> re.Pattern:
    return re.compile(rf'"nodeID"\s*:\s*"?{re.escape(nid)}"?[,}}\s]')


def check_json(path: Path) -> tuple[int, list[dict]]:
    r = run("check", "--format", "json", path)
    return r.exit_code, json.loads(r.stdout)["diagnostics"]


@pytest.mark.parametrize("name", ["nodeset118.json", "nodeset10.json"])
def test_import_real_araucaria_graph(tmp_path: Path, name: str):
    src = AIF_DIR / name
    data, inodes, into, out = aif_graph(src)
    types = {str(n["nodeID"]): n["type"] for n in data["nodes"]}
    target = tmp_path / f"{src.stem}.argmap.yaml"
    r = run("import", src, "--from", "aif", "-o", target)
    assert r.exit_code == 0, r.stdout + r.stderr
    assert f"wrote {target}" in r.stderr
    assert f"imported {len(inodes)} claim(s)" in r.stderr
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")

    loaded = load_map(target)
    m = loaded.map
    assert m is not None, loaded.diagnostics
    assert m.id == src.stem  # from the output file's name
    assert [c.text for c in m.claims] == [n["text"] for n in inodes]
    claim_of = {str(n["nodeID"]): c.id for n, c in zip(inodes, m.claims)}

    # inferences: one per RA-node with its I-node premises (linked premises stay together)
    ras = [str(n["nodeID"]) for n in data["nodes"] if n["type"] == "RA"]
    assert sorted((sorted(p.id for p in f.premises), f.conclusion.id) for f in m.inferences) == sorted(
        (sorted(claim_of[p] for p in into[ra] if types[p] == "I"), claim_of[c])
        for ra in ras for c in out[ra] if types[c] == "I")

    # the thesis: the only I-node that is no premise of any RA-node
    roots = [nid for nid in claim_of if not any(types[x] == "RA" for x in out[nid])]
    assert len(roots) == 1
    assert [c.id for c in m.claims if c.role == "thesis"] == [claim_of[roots[0]]]

    # X507 and X508 point at the node's "nodeID" key in the JSON text
    text = src.read_text(encoding="utf-8-sig")
    x507 = diag_lines(r.stdout, src, "X507")
    assert len(x507) == 1
    line, col, msg = x507[0]
    assert msg.startswith(f"I-node {roots[0]} is taken as the thesis")
    assert node_key(roots[0]).match(at(text, line, col)), at(text, line, col)[:40]
    anchored = [str(n["nodeID"]) for n in data["nodes"] if n["type"] == "L"]
    x508 = diag_lines(r.stdout, src, "X508")
    assert len(x508) == len(anchored)
    for (line, col, msg), lid in zip(x508, anchored):
        assert msg.startswith(f"L-node {lid} ")
        assert node_key(lid).match(at(text, line, col)), at(text, line, col)[:40]
    assert len(r.stdout.splitlines()) == len(x507) + len(x508)  # nothing else reported

    # check: only C401, for exactly the claims no RA-node concludes (imports carry no quotes)
    unsupported = {claim_of[nid] for nid in claim_of if not any(types[x] == "RA" for x in into[nid])}
    assert unsupported  # both graphs have leaf premises
    code, diags = check_json(target)
    assert code == 1
    assert {d["code"] for d in diags} == {"C401"} and all(d["severity"] == "error" for d in diags)
    assert {re.match(r"claim '([^']+)'", d["message"])[1] for d in diags} == unsupported
    assert len(diags) == len(unsupported)


def test_import_speaker_of_locution_becomes_attribution(tmp_path: Path):
    src = AIF_DIR / "nodeset118.json"
    data, inodes, into, out = aif_graph(src)
    lnode = next(n for n in data["nodes"] if n["type"] == "L")
    speaker = lnode["text"].split(" says ", 1)[0]
    ya = out[str(lnode["nodeID"])]
    inode = out[ya[0]][0]
    target = tmp_path / "n118.argmap.yaml"
    assert run("import", src, "-o", target).exit_code == 0
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    claim = next(c for c, n in zip(doc["claims"], inodes) if str(n["nodeID"]) == inode)
    assert claim["asserted_by"] == {"author": speaker}
    assert lnode["text"] in claim["note"]
    assert sum("asserted_by" in c for c in doc["claims"]) == 1


def test_import_locations_in_a_pretty_printed_file(tmp_path: Path):
    data = json.loads((AIF_DIR / "nodeset118.json").read_text(encoding="utf-8-sig"))
    src = tmp_path / "pretty.json"
    text = json.dumps(data, indent=2)
    src.write_text(text, encoding="utf-8")
    r = run("import", src, "-o", tmp_path / "pretty.argmap.yaml")
    assert r.exit_code == 0, r.stdout + r.stderr
    found = diag_lines(r.stdout, src, "X507") + diag_lines(r.stdout, src, "X508")
    assert len(found) == 2
    for line, col, msg in found:
        nid = re.match(r"[IL]-node (\S+)", msg)[1]
        assert line > 1 and node_key(nid).match(at(text, line, col)), (line, col, msg)


def test_import_id_and_thesis_options(tmp_path: Path):
    src = AIF_DIR / "nodeset118.json"
    _, inodes, into, out = aif_graph(src)
    target = tmp_path / "whatever.argmap.yaml"
    r = run("import", src, "-o", target, "--id", "poostix-2012", "--thesis", "1098")
    assert r.exit_code == 0, r.stdout + r.stderr
    m = load_map(target).map
    assert m is not None and m.id == "poostix-2012"
    idx = [str(n["nodeID"]) for n in inodes].index("1098")
    assert [c.id for c in m.claims if c.role == "thesis"] == [m.claims[idx].id]
    assert not diag_lines(r.stdout, src, "X507")  # the user chose: nothing to report

    # an output name that is no map file name: the id comes from the AIF file's name
    other = tmp_path / "imported.yaml"
    assert run("import", src, "-o", other).exit_code == 0
    assert load_map(other).map.id == "nodeset118"

    # a --thesis that is no I-node is reported and a thesis is still chosen
    r = run("import", src, "-o", tmp_path / "n.argmap.yaml", "--thesis", "1101")
    assert r.exit_code == 0
    msgs = [msg for _, _, msg in diag_lines(r.stdout, src, "X507")]
    assert any("--thesis 1101 is not an I-node" in msg for msg in msgs)
    assert sum(c.role == "thesis" for c in load_map(tmp_path / "n.argmap.yaml").map.claims) == 1

    r = run("import", src, "-o", tmp_path / "bad.argmap.yaml", "--id", "Not_An_Id")
    assert r.exit_code == 2 and "--id" in r.stderr and not (tmp_path / "bad.argmap.yaml").exists()


def test_import_refuses_to_overwrite_without_force(tmp_path: Path):
    src = AIF_DIR / "nodeset10.json"
    target = tmp_path / "n10.argmap.yaml"
    target.write_text("# mine\n", encoding="utf-8")
    r = run("import", src, "-o", target)
    assert r.exit_code == 2 and "--force" in r.stderr
    assert target.read_text(encoding="utf-8") == "# mine\n"
    r = run("import", src, "-o", target, "--force")
    assert r.exit_code == 0, r.stdout + r.stderr
    m = load_map(target).map
    assert m is not None and len(m.claims) == 4 and len(m.inferences) == 1 and m.inferences[0].linked


def test_import_of_non_json_exits_2_at_the_parsers_position(tmp_path: Path):
    src = tmp_path / "broken.json"
    text = '{\n  "nodes": [],\n  "edges": [}\n'
    src.write_text(text, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as err:
        json.loads(text)
    assert err.value.lineno == 3
    target = tmp_path / "broken.argmap.yaml"
    r = run("import", src, "-o", target)
    assert r.exit_code == 2
    lines = diag_lines(r.stdout, src, "X501")
    assert [(line, col) for line, col, _ in lines] == [(err.value.lineno, err.value.colno)]
    assert "not JSON" in lines[0][2] and "error X501" in r.stdout
    assert not target.exists() and "wrote" not in r.stderr


@pytest.mark.parametrize("content", ["[1, 2]", '{"nodes": {}, "edges": []}',
                                     '{"nodes": [{"nodeID": "1", "text": "RA", "type": "RA"}], "edges": []}'])
def test_import_of_json_that_is_no_aif_graph_exits_2(tmp_path: Path, content: str):
    src = tmp_path / "x.json"
    src.write_text(content, encoding="utf-8")
    target = tmp_path / "x.argmap.yaml"
    r = run("import", src, "-o", target)
    assert r.exit_code == 2
    assert len(diag_lines(r.stdout, src, "X501")) == 1
    assert not target.exists()


HAND_MADE = """{"nodes": [
  {"nodeID": "1", "text": "Taxes should rise.", "type": "I"},
  {"nodeID": "2", "text": "Schools need money.", "type": "I"},
  {"nodeID": "3", "text": "Default Inference", "type": "RA"}%s
 ],
 "edges": [
  {"edgeID": "10", "fromID": "2", "toID": "3"},
  {"edgeID": "11", "fromID": "3", "toID": "1"}%s
 ]}
"""


def test_import_dangling_edge_exits_1_but_writes_the_map(tmp_path: Path):
    src = tmp_path / "dangling.json"
    text = HAND_MADE % ("", ',\n  {"edgeID": "12", "fromID": "99", "toID": "1"}')
    src.write_text(text, encoding="utf-8")
    target = tmp_path / "dangling.argmap.yaml"
    r = run("import", src, "-o", target)
    assert r.exit_code == 1
    x503 = diag_lines(r.stdout, src, "X503")
    assert len(x503) == 1 and "error X503" in r.stdout and "99" in x503[0][2]
    line, col, _ = x503[0]
    assert at(text, line, col).startswith('"edgeID": "12"')
    m = load_map(target).map
    assert m is not None
    assert [c.text for c in m.claims] == ["Taxes should rise.", "Schools need money."]
    assert [([p.id for p in f.premises], f.conclusion.id) for f in m.inferences] == [
        ([m.claims[1].id], m.claims[0].id)]


def test_import_ta_node_is_a_warning_and_exits_0(tmp_path: Path):
    src = tmp_path / "dialogue.json"
    text = HAND_MADE % (',\n  {"nodeID": "4", "text": "Default Transition", "type": "TA"}', "")
    src.write_text(text, encoding="utf-8")
    target = tmp_path / "dialogue.argmap.yaml"
    r = run("import", src, "-o", target)
    assert r.exit_code == 0, r.stdout
    x504 = diag_lines(r.stdout, src, "X504")
    assert len(x504) == 1 and "warning X504" in r.stdout and "TA-node 4" in x504[0][2]
    assert node_key("4").match(at(text, x504[0][0], x504[0][1]))
    m = load_map(target).map
    assert m is not None and len(m.claims) == 2 and len(m.inferences) == 1


# --------------------------------------------------------------------------------------------------
# 5. round trip through the command line


def test_corpus_round_trips_through_aif_on_the_command_line(tmp_path: Path):
    copy = tmp_path / "arguments"
    shutil.copytree(ARGS, copy)
    aif_dir = tmp_path / "aif"
    r = run("export", copy, "--to", "aif", "--out", aif_dir)
    assert r.exit_code == 0, r.stderr
    originals = corpus_maps()
    for mid, original in originals.items():
        target = copy / f"{mid}.argmap.yaml"
        r = run("import", aif_dir / f"{mid}.aif.json", "--id", mid, "-o", target, "--force")
        assert r.exit_code == 0, r.stdout + r.stderr
        assert r.stdout == ""  # an AIF file argmap wrote imports without any X5xx report
        assert yaml.safe_load(target.read_text(encoding="utf-8")) == original, mid
    r = run("check", copy)
    assert r.exit_code == 0, r.stdout
    assert r.stdout == ""
    n_claims = sum(len(d["claims"]) for d in originals.values())
    assert f"checked 5 map(s), {n_claims} claims" in r.stderr
