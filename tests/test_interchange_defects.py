"""The round-trip defects an outside check found (issue #23), each with a test:

- placeholder scheme names ("Default", "Default Conflict", "Default Rephrase", …) that arguebuf and
  other AIF writers put on S-nodes are not schemes: dropped on import and counted in the summary;
- GraphML writes the graph's own data (name, title, authors) before its nodes and edges, so that
  graph-tool does not attach it to the last edge;
- docs/interchange.md does not name Carneades as an AIF reader, says which arguebuf loader raw
  AraucariaDB files need and why, and speaks of arguebuf 3.0.0.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.interchange.aif import from_aif, to_aif
from argmap.interchange.aif.schemes import is_placeholder
from argmap.interchange.graphml import to_graphml
from argmap.load.document import dump_yaml
from argmap.load.loader import load_map, load_text

ROOT = Path(__file__).resolve().parent.parent
ARGS = ROOT / "arguments"
AIF_DIR = ROOT.parent / "shared" / "corpora" / "aif"
DOC = ROOT / "docs" / "interchange.md"
NS = "{http://graphml.graphdrawing.org/xmlns}"
CORPUS = sorted(ARGS.glob("*.argmap.yaml"))


# --- placeholder scheme names ----------------------------------------------------------------------------------


def arguebuf_like() -> dict:
    """An AIF graph as arguebuf 2.x writes it (every default S-node's text is ``Default``), with the other
    placeholders AIF writers use, and two real scheme names (one in the text, one in the ``scheme`` field)."""
    nodes = [("1", "I", "c"), ("2", "I", "p1"), ("3", "I", "p2"), ("4", "I", "p3"), ("5", "I", "p4"),
             ("6", "I", "p5"), ("7", "I", "p6"), ("8", "I", "p7"), ("9", "I", "a"),
             ("10", "RA", "Default"), ("11", "RA", "Default Conflict"), ("12", "RA", "default  rephrase"),
             ("13", "RA", "Default Inference"), ("14", "RA", "Expert Opinion"), ("15", "RA", "RA"),
             ("16", "RA", "x"), ("17", "CA", "Default"), ("18", "MA", "Default")]
    edges = [("2", "10"), ("10", "1"), ("3", "11"), ("11", "1"), ("4", "12"), ("12", "1"), ("5", "13"), ("13", "1"),
             ("6", "14"), ("14", "1"), ("7", "15"), ("15", "1"), ("8", "16"), ("16", "1"), ("9", "17"), ("17", "1"),
             ("1", "18"), ("18", "9")]
    data = {"nodes": [{"nodeID": i, "type": t, "text": x} for i, t, x in nodes],
            "edges": [{"edgeID": str(k), "fromID": a, "toID": b} for k, (a, b) in enumerate(edges, 1)],
            "locutions": []}
    data["nodes"][15]["scheme"] = "Default Inference"  # RA 16: a placeholder in the scheme field ...
    data["nodes"][15]["text"] = "CauseToEffect"  # ... wins over the text, as AraucariaDB's field does
    return data


def schemes_by_premise(doc: dict) -> dict[str, str | None]:
    text = {c["id"]: c["text"] for c in doc["claims"]}
    return {text[f["premises"][0]]: f.get("scheme") for f in doc["inferences"]}


def test_placeholder_scheme_names_are_not_schemes():
    imp = from_aif(arguebuf_like(), "g.json", "")
    assert schemes_by_premise(imp.doc) == {
        "p1": None, "p2": None, "p3": None, "p4": None, "p5": "Expert Opinion", "p6": None, "p7": None,
        "c": "Default Rephrase"}  # the MA-node is a rephrase by its type, whatever its text
    # counted: "Default", "Default Conflict", "default  rephrase" and the scheme field "Default Inference";
    # not the usual texts "Default Inference" and "RA", which were never taken as schemes
    assert imp.made["default_schemes"] == 4
    assert [a["type"] for a in imp.doc["attacks"]] == ["rebuttal"]


def test_real_scheme_names_are_not_placeholders():
    for name in ("Example", "CauseToEffect", "PracticalReasoning", "Default Reasoning", "Defaults"):
        assert not is_placeholder(name), name
    for name in ("Default", " DEFAULT  conflict ", "Default Preference", "RA", ""):
        assert is_placeholder(name), name


def test_a_scheme_argmap_wrote_is_kept_even_when_it_looks_like_a_placeholder(tmp_path):
    """argmap's own extension says the scheme field is the map's: lossless, even for a scheme named Default."""
    m = load_map(ARGS / "lin2013.argmap.yaml").map
    doc = to_aif(m)
    ra = next(n for n in doc["nodes"] if n["type"] == "RA")
    ra["scheme"] = ra["text"] = "Default"
    back = from_aif(json.loads(json.dumps(doc)), "x.json", "")
    f = next(f for f in back.doc["inferences"] if f["id"] == ra["argmap"]["id"])
    assert f["scheme"] == "Default" and back.made["default_schemes"] == 0


def test_import_summary_counts_the_dropped_placeholders(tmp_path):
    src = tmp_path / "ab.json"
    src.write_text(json.dumps(arguebuf_like(), indent=1), encoding="utf-8")
    target = tmp_path / "ab.argmap.yaml"
    r = CliRunner().invoke(main, ["import", str(src), "-o", str(target)], catch_exceptions=False)
    assert r.exit_code == 0, r.stdout + r.stderr
    summary = r.stderr.strip().splitlines()[-1]
    assert re.search(r"; 4 placeholder scheme name\(s\) .* not taken as schemes$", summary), summary
    loaded = load_text(target.read_text(encoding="utf-8"), str(target), target)
    assert loaded.map is not None
    assert {f.scheme for f in loaded.map.inferences} == {None, "Expert Opinion", "Default Rephrase"}
    # a graph without placeholders says nothing about them
    plain = tmp_path / "plain.json"
    plain.write_text((AIF_DIR / "nodeset10.json").read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(main, ["import", str(plain), "-o", str(tmp_path / "plain.argmap.yaml")])
    assert r.exit_code == 0 and "placeholder" not in r.stderr


def test_the_corpus_round_trip_through_an_arguebuf_2_file_keeps_no_placeholder(tmp_path):
    """A corpus map exported, rewritten as arguebuf 2.x writes it (S-node texts ``Default``, no extension,
    no scheme field), and imported: no inference gets a scheme, and each RA-node is counted once."""
    for path in CORPUS:
        m = load_map(path).map
        doc = to_aif(m)
        nodes = [{"nodeID": n["nodeID"], "type": n["type"], "text": "Default" if n["type"] != "I" else n["text"]}
                 for n in doc["nodes"] if n["type"] in ("I", "RA", "CA", "MA")]
        kept = {n["nodeID"] for n in nodes}
        edges = [e for e in doc["edges"] if e["fromID"] in kept and e["toID"] in kept]
        imp = from_aif({"nodes": nodes, "edges": edges, "locutions": []}, "ab.json", "")
        assert all("scheme" not in f or f["scheme"] == "Default Rephrase" for f in imp.doc["inferences"]), path
        assert imp.made["default_schemes"] == sum(1 for n in nodes if n["type"] == "RA"), path
        assert load_text(dump_yaml(imp.doc), "x.argmap.yaml", tmp_path / "x.argmap.yaml").map is not None


# --- GraphML: the graph's data first ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_graphml_writes_graph_data_before_nodes_and_edges(path):
    m = load_map(path).map
    text = to_graphml(m)
    root = ET.fromstring(text.encode("utf-8"))
    keys = {k.get("id"): (k.get("for"), k.get("attr.name")) for k in root.iter(f"{NS}key")}
    (graph,) = root.iter(f"{NS}graph")
    children = list(graph)
    kinds = [c.tag.removeprefix(NS) for c in children]
    first_other = next(i for i, k in enumerate(kinds) if k != "data")
    assert "data" not in kinds[first_other:], "graph <data> after a node or edge"
    data = {keys[c.get("key")]: c.text for c in children[:first_other]}
    assert data == {("graph", "name"): m.id, ("graph", "title"): m.work.title,
                    ("graph", "authors"): m.work.author_names}
    # and the order is the file's, not only the tree's: the last graph <data> line comes before the first <node
    assert text.index(f">{m.work.author_names}</data>") < text.index("<node ")


def test_graphml_in_renders_is_written_the_same_way():
    for path in sorted((ROOT / "renders" / "export").glob("*.graphml")):
        text = path.read_text(encoding="utf-8")
        graph_open = text.index("<graph ")
        assert text.index("<data ", graph_open) < text.index("<node ", graph_open), path.name


# --- docs/interchange.md ----------------------------------------------------------------------------------------


def test_docs_do_not_list_carneades_as_an_aif_reader():
    doc = DOC.read_text(encoding="utf-8")
    row = next(line for line in doc.splitlines() if line.startswith("| `argmap export MAP --to aif`"))
    assert "Carneades" not in row
    assert "Carneades 4.3.1" in doc and "empty file" in doc


def test_docs_say_raw_araucaria_files_need_arguebuf_load_aif():
    """What the docs claim about the files is true of them: none of the 661 has a locutions list."""
    files = sorted(AIF_DIR.glob("*.json"))
    assert len(files) == 661
    assert not any("locutions" in json.loads(f.read_text(encoding="utf-8")) for f in files)
    doc = DOC.read_text(encoding="utf-8")
    assert "arguebuf.load.aif" in doc and "locutions" in doc
    why = doc[doc.index("### Why not arguebuf"):]
    why = why[:why.index("\n## ")]
    assert "3.0.0" in why and "2.7.2" in why
