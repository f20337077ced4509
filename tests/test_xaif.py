"""xAIF in and out (issue #23): the 661 AraucariaDB graphs round-tripped AIF → argmap → xAIF → argmap,
the corpus maps argmap → xAIF → argmap losslessly, an OVA3-style document's other parts reported at
their keys, and the command line (`--from xaif`, `--to xaif`, `--from aif` on an xAIF document)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from argmap.cli import main
from argmap.interchange.aif import from_aif, from_xaif, read_aif, to_aif, to_xaif
from argmap.load.document import dump_yaml, map_to_doc
from argmap.load.loader import load_map, load_text
from tests.test_aif import aif_files, structure

ROOT = Path(__file__).resolve().parent.parent
ARGS = ROOT / "arguments"
CORPUS = sorted(ARGS.glob("*.argmap.yaml"))


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_the_661_graphs_round_trip_through_xaif(tmp_path):
    """AIF → argmap → xAIF → argmap: the same claims, inferences and attacks (the same document), and the
    xAIF's graph has the original file's support and attack structure, computed from the JSON alone."""
    totals: Counter = Counter()
    for f in aif_files():
        data, text = read_aif(f)
        first = from_aif(data, str(f), text)
        m = load_text(dump_yaml(first.doc), f"{first.doc['id']}.argmap.yaml", tmp_path / "x.argmap.yaml").map
        assert m is not None, f
        x = json.loads(json.dumps(to_xaif(m), ensure_ascii=False))
        assert set(x) == {"AIF", "text", "dialog", "OVA", "argmap"}
        assert structure(x["AIF"]) == structure(data), f
        again = from_xaif(x, "again.xaif.json", json.dumps(x))
        assert again.doc == first.doc, f
        assert {d.code for d in again.diagnostics} <= {"X507"}, (f, again.diagnostics)
        totals.update(claims=len(m.claims), inferences=len(m.inferences), attacks=len(m.attacks))
    assert totals == {"claims": 3991, "inferences": 1745, "attacks": 38}


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_map_round_trips_through_xaif(path):
    m = load_map(path).map
    x = to_xaif(m)
    assert x["AIF"]["nodes"] == to_aif(m)["nodes"]  # the same graph as the AIF export
    assert all(set(e) == {"edgeID", "fromID", "toID"} for e in x["AIF"]["edges"])
    quotes = [e.quote for c in m.claims for e in c.evidence]
    spans = re.findall(r'<span class="highlighted" id="node(\d+)">(.*?)</span>', x["text"], re.S)
    assert len(spans) == len(quotes)
    nodes = {n["nodeID"]: n for n in x["AIF"]["nodes"]}
    assert all(nodes[i]["type"] == "L" for i, _ in spans)
    text = json.dumps(x, ensure_ascii=False, indent=2)
    back = from_xaif(json.loads(text), "x.xaif.json", text)
    assert back.diagnostics == []
    assert back.doc == map_to_doc(m)
    assert yaml.safe_load(dump_yaml(back.doc)) == yaml.safe_load(path.read_text(encoding="utf-8"))


def ova_document() -> dict:
    """An xAIF document as OVA3 writes one (after ARG-tech's documented example): locutions anchored by
    YA-nodes, a transition, scheme ids, a layout and the analysed text, plus critical-question
    descriptors and a part an argument-mining pipeline added."""
    nodes = [("2_1", "A", "I"), ("3_1", "Participant Rachel: A", "L"), ("6_1", "Asserting", "YA"),
             ("15_2", "B", "I"), ("16_2", "Participant Rachel: B", "L"), ("19_2", "Asserting", "YA"),
             ("20_2", "Default Transition", "TA"), ("21_2", "Expert Opinion", "RA")]
    edges = [("3_1", "6_1"), ("6_1", "2_1"), ("16_2", "19_2"), ("19_2", "15_2"), ("3_1", "20_2"),
             ("20_2", "16_2"), ("15_2", "21_2"), ("21_2", "2_1")]
    return {
        "AIF": {"nodes": [{"nodeID": i, "text": t, "type": k} for i, t, k in nodes],
                "edges": [{"edgeID": n, "fromID": a, "toID": b} for n, (a, b) in enumerate(edges, 1)],
                "schemefulfillments": [{"nodeID": "21_2", "schemeID": "72"}],
                "descriptorfulfillments": [{"nodeID": "21_2", "descriptorID": "5", "selectedID": None}],
                "participants": [{"participantID": 1, "firstname": "Participant", "surname": "Rachel"}],
                "locutions": [{"nodeID": "3_1", "personID": 1}, {"nodeID": "16_2", "personID": "1"}]},
        "text": '<span id="node3_1" class="highlighted">A</span> because <span id="node16_2">B</span><br>',
        "OVA": {"firstname": "Anon", "surname": "User", "url": "",
                "nodes": [{"nodeID": "2_1", "visible": True, "x": 273, "y": 140, "timestamp": ""}], "edges": []},
        "actors": {"nodes": [{"nodeID": "2_1", "mentions": [{"start": 0, "end": 1, "uri": "http://x"}]}]},
        "hypotheses": {"nodes": []},
        "dialog": True,
    }


def test_an_ova_document_imports_and_reports_its_other_parts():
    data = ova_document()
    text = json.dumps(data, indent=2)
    imp = from_xaif(json.loads(text), "ova.json", text)
    assert [c["text"] for c in imp.doc["claims"]] == ["A", "B"]
    (inf,) = imp.doc["inferences"]
    assert inf["premises"] == ["I15_2"] and inf["conclusion"] == "I2_1" and inf["scheme"] == "Expert Opinion"
    assert all(c["asserted_by"] == {"author": "Participant Rachel"} for c in imp.doc["claims"])
    lines = text.splitlines()
    reported = {}
    for d in imp.diagnostics:
        if d.code in ("X520", "X521"):
            part = re.match(r"xAIF (\S+) ", d.message).group(1)
            key = part.split(".")[-1]
            assert lines[d.line - 1][d.column - 1:].startswith(f'"{key}":'), (d, lines[d.line - 1])
            reported[part] = d.code
    # empty parts (hypotheses) and parts that carry nothing to import (dialog) are not reported
    assert reported == {"text": "X520", "OVA": "X520", "AIF.schemefulfillments": "X520",
                        "AIF.descriptorfulfillments": "X521", "actors": "X521"}
    assert Counter(d.code for d in imp.diagnostics)["X504"] == 1  # the transition, as in AIF


def test_not_an_xaif_document_is_x501():
    for data in ([1], {"nodes": [], "edges": []}, {"AIF": []}):
        imp = from_xaif(data, "x.json", "")
        assert imp.doc is None and [d.code for d in imp.diagnostics] == ["X501"]
    empty = from_xaif({"AIF": {"nodes": [], "edges": []}}, "x.json", "")
    assert empty.doc is None and [d.code for d in empty.diagnostics] == ["X501"]


def test_command_line_export_and_import(tmp_path):
    lin = ARGS / "lin2013.argmap.yaml"
    out = tmp_path / "out"
    r = run("export", lin, "--to", "xaif", "--to", "aif", "--out", out)
    assert r.exit_code == 0, r.stderr
    xaif_file = out / "lin2013.xaif.json"
    assert json.loads(xaif_file.read_text(encoding="utf-8"))["AIF"]["nodes"] == \
        json.loads((out / "lin2013.aif.json").read_text(encoding="utf-8"))["nodes"]
    target = tmp_path / "lin2013.argmap.yaml"
    r = run("import", xaif_file, "--from", "xaif", "-o", target)
    assert r.exit_code == 0 and r.stdout == "", r.stdout
    assert "from xAIF nodes" in r.stderr
    assert yaml.safe_load(target.read_text(encoding="utf-8")) == yaml.safe_load(lin.read_text(encoding="utf-8"))
    # --from aif (the default) recognises an xAIF document; --from xaif refuses a plain AIF graph
    r = run("import", xaif_file, "-o", tmp_path / "again.argmap.yaml")
    assert r.exit_code == 0 and "from xAIF nodes" in r.stderr
    r = run("import", out / "lin2013.aif.json", "--from", "xaif", "-o", tmp_path / "no.argmap.yaml")
    assert r.exit_code == 2 and "X501" in r.stdout and not (tmp_path / "no.argmap.yaml").exists()
    assert "--from aif" in r.stdout


def test_command_line_ova_document_exits_0_with_its_reports(tmp_path):
    src = tmp_path / "ova.json"
    src.write_text(json.dumps(ova_document(), indent=1), encoding="utf-8")
    r = run("import", src, "--from", "xaif", "-o", tmp_path / "ova.argmap.yaml")
    assert r.exit_code == 0, r.stdout  # infos and warnings only
    assert re.search(rf"^{re.escape(str(src))}:\d+:\d+: warning X521 xAIF actors ", r.stdout, re.M), r.stdout
    assert load_map(tmp_path / "ova.argmap.yaml").map is not None
