"""`argmap import --from argdown` (issue #23), checked against the real Argdown CLI.

Argdown's six examples (../shared/corpora/argdown/) and argmap's own exports of the corpus maps are
read by argmap and by ``argdown json``: the same statements (titles and texts), arguments, premise–
conclusion structures and relations. The six examples are then imported: every statement and every
argument is in the map, every relation is an inference or attack or is reported (X524), with the
expected numbers computed from Argdown's JSON alone. The corpus maps go argmap → Argdown → argmap
and come back the same; four identical inferences stay four.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from argmap.checks import check_corpus
from argmap.cli import main
from argmap.interchange.aif import from_aif, read_aif
from argmap.interchange.argdown import to_argdown
from argmap.interchange.argdown_import import from_argdown
from argmap.interchange.argdown_parse import read_argdown
from argmap.load.corpus import load_corpus
from argmap.load.document import dump_yaml, map_to_doc
from argmap.load.loader import load_map, load_text
from tests.test_argdown import argdown_problems, hostile_map, run_argdown

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT.parent / "shared" / "corpora" / "argdown").glob("*.argdown"))
CORPUS = sorted((ROOT / "arguments").glob("*.argmap.yaml"))
AIF_531 = ROOT.parent / "shared" / "corpora" / "aif" / "nodeset531.json"
KIND = {"equivalence-class": "statement", "argument": "argument", "inference": "inference"}


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def nodeset531_map(tmp: Path):
    data, text = read_aif(AIF_531)
    imp = from_aif(data, str(AIF_531), text)
    path = tmp / "nodeset531.argmap.yaml"
    path.write_text(dump_yaml(imp.doc), encoding="utf-8")
    return load_map(path).map


@pytest.fixture(scope="module")
def argdown(tmp_path_factory) -> dict[str, tuple[str, dict]]:
    """name → (the Argdown text, what ``argdown json`` made of it), for the six examples, the corpus
    maps' exports and nodeset531's export, in one run of the CLI."""
    assert len(EXAMPLES) == 6, EXAMPLES
    folder = tmp_path_factory.mktemp("argdown-in")
    for f in EXAMPLES:
        shutil.copy(f, folder / f.name)
    for p in CORPUS:
        (folder / f"export-{p.name.removesuffix('.argmap.yaml')}.argdown").write_text(
            to_argdown(load_map(p).map), encoding="utf-8")
    (folder / "export-nodeset531.argdown").write_text(to_argdown(nodeset531_map(folder)), encoding="utf-8")
    files = sorted(folder.glob("*.argdown"))
    result = run_argdown("json", folder, "json")
    assert not argdown_problems(result, len(files)), argdown_problems(result, len(files))
    return {f.stem: (f.read_text(encoding="utf-8"), json.loads((folder / "json" / f"{f.stem}.json").read_text(
        encoding="utf-8"))) for f in files}


def triples(relations) -> set[tuple]:
    return {(r["from"], KIND[r["fromType"]], r["to"], KIND[r["toType"]], r["relationType"]) for r in relations}


def flat(text: str | None) -> str:
    return " ".join((text or "").split())


NAMES = [f.stem for f in EXAMPLES] + [f"export-{p.name.removesuffix('.argmap.yaml')}" for p in CORPUS] + [
    "export-nodeset531"]


@pytest.mark.parametrize("name", NAMES)
def test_argmap_reads_what_argdown_reads(argdown, name):
    text, j = argdown[name]
    doc = read_argdown(text)
    assert doc.problems == []
    assert set(doc.statements) == set(j["statements"])
    assert set(doc.arguments) == set(j["arguments"])
    mine = {(r.source.title if r.source.kind != "inference" else r.source.argument, r.source.kind,
             r.target.title if r.target.kind != "inference" else r.target.argument, r.target.kind, r.kind)
            for r in doc.relations}
    assert mine == triples(j["relations"])
    for title, a in j["arguments"].items():
        assert [(p.title, p.role) for p in doc.arguments[title].pcs] == [(s["title"], s["role"]) for s in a.get("pcs", [])]
    for title, s in j["statements"].items():
        assert [flat(m.text) for m in doc.statements[title].members] == [flat(m.get("text")) for m in s["members"]]
        assert set(doc.statements[title].tags) == set(s.get("tags", []))


def titles_in_notes(imp) -> dict[str, str]:
    """Argdown title (``[T]``/``<T>``) → claim id, from the provenance the import writes in each note."""
    out = {}
    for c in imp.doc["claims"]:
        mt = re.match(r"Argdown (?:statement|argument) (\[.*?\]|<.*?>), ", c.get("note", ""))
        assert mt, c
        out[mt.group(1)] = c["id"]
    return out


def expected(j: dict) -> Counter:
    """What the import must make of Argdown's JSON: claims, inferences, rebuttals, undercuts, and the
    relations it must report as not mappable (X524)."""
    reconstructed = {t for t, a in j["arguments"].items() if a.get("pcs")}
    out = Counter(claims=len(j["statements"]) + len(j["arguments"]) - len(reconstructed))
    out["inferences"] = sum(1 for a in j["arguments"].values() for s in a.get("pcs", []) if s.get("inference"))
    supports_from: Counter = Counter()
    for r in j["relations"]:
        to_claim = r["toType"] == "equivalence-class" or (r["toType"] == "argument" and r["to"] not in reconstructed)
        kind = r["relationType"]
        if kind in ("support", "entails") and to_claim:
            out["inferences"] += 1
            supports_from[(r["fromType"], r["from"])] += 1
        elif kind in ("attack", "contrary") and to_claim:
            out["rebuttal"] += 1
        elif kind == "contradictory":
            out["rebuttal"] += 2
        elif kind != "undercut":
            out["X524"] += 1
    for r in j["relations"]:
        if r["relationType"] == "undercut":
            ok = r["toType"] == "inference" or (r["toType"] == "argument" and supports_from[("argument", r["to"])] == 1)
            out["undercut" if ok else "X524"] += 1
    return out


@pytest.mark.parametrize("name", [f.stem for f in EXAMPLES])
def test_examples_import_with_every_statement_argument_and_relation(argdown, name, tmp_path):
    text, j = argdown[name]
    imp = from_argdown(text, f"{name}.argdown")
    got = Counter(claims=len(imp.doc["claims"]), inferences=len(imp.doc.get("inferences", [])))
    got.update(a["type"] for a in imp.doc.get("attacks", []))
    got.update(d.code for d in imp.diagnostics if d.code == "X524")
    assert +got == +expected(j)
    assert not [d for d in imp.diagnostics if d.code in ("X522", "X523", "X527")]
    # each claim is a statement or an argument without structure, found by its title
    reconstructed = {t for t, a in j["arguments"].items() if a.get("pcs")}
    ids = titles_in_notes(imp)
    assert set(ids) == {f"[{t}]" for t in j["statements"]} | {f"<{t}>" for t in j["arguments"] if t not in reconstructed}
    # each support of a claim is an inference from the source's claim to the target's
    pairs = Counter((tuple(f["premises"]), f["conclusion"]) for f in imp.doc.get("inferences", []))
    for r in j["relations"]:
        if r["relationType"] in ("support", "entails") and f"{'<' if r['toType'] == 'argument' else '['}{r['to']}" \
                f"{'>' if r['toType'] == 'argument' else ']'}" in ids:
            src = ids[f"<{r['from']}>" if r["fromType"] == "argument" else f"[{r['from']}]"]
            dst = ids[f"<{r['to']}>" if r["toType"] == "argument" else f"[{r['to']}]"]
            assert pairs[((src,), dst)] >= 1, r
    # each premise-conclusion structure's main inference concludes its main conclusion
    for t in reconstructed:
        main = j["arguments"][t]["pcs"][-1]["title"]
        assert any(f["conclusion"] == ids[f"[{main}]"] for f in imp.doc["inferences"]), t
    path = tmp_path / f"{imp.doc['id']}.argmap.yaml"
    path.write_text(dump_yaml(imp.doc), encoding="utf-8")
    loaded = load_text(path.read_text(encoding="utf-8"), str(path), path)
    assert loaded.map is not None, loaded.diagnostics
    assert len(loaded.map.theses) == 1


def test_imported_examples_check_without_crashing(argdown, tmp_path):
    for name, (text, _) in argdown.items():
        if not name.startswith("export-"):
            imp = from_argdown(text, f"{name}.argdown")
            (tmp_path / f"{imp.doc['id']}.argmap.yaml").write_text(dump_yaml(imp.doc), encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert not corpus.failed and len(corpus.maps) == 6
    codes = Counter(d.code for d in check_corpus(corpus))
    assert codes["C401"] > 0  # no quotes: every claim that no inference concludes is reported, as for AIF


def by_id(doc: dict) -> dict:
    return {**doc, "inferences": sorted(doc.get("inferences", []), key=lambda f: f["id"]),
            "attacks": sorted(doc.get("attacks", []), key=lambda a: a["id"])}


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_round_trips_through_argdown(path):
    m = load_map(path).map
    imp = from_argdown(to_argdown(m), "x.argdown")
    assert imp.diagnostics == []
    assert by_id(imp.doc) == by_id(map_to_doc(m))
    assert [c["id"] for c in imp.doc["claims"]] == [c.id for c in m.claims]


def test_identical_inferences_stay_distinct(argdown, tmp_path):
    """nodeset531 has four RA-nodes with the same premise and conclusion: Argdown keeps four."""
    m = nodeset531_map(tmp_path)
    same = Counter((f.premises[0].id, f.conclusion.id) for f in m.inferences if len(f.premises) == 1)
    assert max(same.values()) == 4
    text, j = argdown["export-nodeset531"]
    supports = [r for r in j["relations"] if r["relationType"] == "support"]
    assert len(j["arguments"]) + len(supports) == len(m.inferences) == 13
    back = from_argdown(text, "nodeset531.argdown")
    want = by_id(map_to_doc(m))
    for c in want["claims"]:
        c["text"] = " ".join(c["text"].split())  # Argdown statements are one line of single spaces
    assert back.diagnostics == [] and by_id(back.doc) == want


def test_hostile_map_round_trips_but_for_whitespace(tmp_path):
    path = tmp_path / "hostile.argmap.yaml"
    path.write_text(yaml.safe_dump(hostile_map(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    m = load_map(path).map
    imp = from_argdown(to_argdown(m), "hostile.argdown")
    assert imp.diagnostics == []
    want = by_id(map_to_doc(m))
    for c in want["claims"]:
        c["text"] = " ".join(c["text"].split()) or " "  # Argdown statements are one line; empty is an escaped space
    got = by_id(imp.doc)
    for c in got["claims"]:
        c["text"] = " ".join(c["text"].split()) or " "
    assert got == want


# --- reports, limits and the command line ------------------------------------------------------------------------


def test_syntax_errors_are_reported_and_the_rest_imported():
    text = "[A]: a\n  + [B]: b\n\n(1) [C]: c\n\n[D]: d\n  <+ [A]\n"
    imp = from_argdown(text, "bad.argdown")
    x523 = [d for d in imp.diagnostics if d.code == "X523"]
    assert [(d.line, d.column) for d in x523] == [(4, 1)] or x523 and x523[0].line >= 4
    assert {c["text"] for c in imp.doc["claims"]} >= {"a", "b", "d"}
    assert sorted((f["premises"][0], f["conclusion"]) for f in imp.doc["inferences"]) == [("A", "D"), ("B", "A")]


def test_nothing_to_import_is_x522():
    for text in ("", "\n\n", "// only a comment\n", "===\ntitle: x\n===\n"):
        imp = from_argdown(text, "empty.argdown")
        assert imp.doc is None and [d.code for d in imp.diagnostics][-1:] == ["X522"], text


def test_deep_nesting_and_unclosed_constructs_are_bounded():
    deep = "[r]: r\n" + "".join("  " * i + f"+ [x{i}]: x\n" for i in range(1, 400))
    imp = from_argdown(deep, "deep.argdown")
    assert any(d.code == "X523" and "nested" in d.message for d in imp.diagnostics)
    for text in ("[a]: " + "{" * 50000 + "\n", "[a]: x " + "/* " * 50000 + "\n", "[a]: " + "*x " * 300 + "\n"):
        imp = from_argdown(text, "odd.argdown")  # returns; no exception, no recursion error
        assert imp.doc is not None or imp.diagnostics


def test_argdown_tags_front_matter_and_data_are_kept_or_reported():
    text = ("===\ntitle: A  debate\nauthor: [Ann, Bo]\ndate: 19/10/2018\ncolor: {x: 1}\n===\n\n"
            "# Part one\n\n[T]: The thesis. #thesis #pro {weight: 2}\n  <+ <R>: A reason. #(asserted-by Kim 2001)\n"
            "  - [O]: An objection.\n    >< [P]: Its negation.\n")
    imp = from_argdown(text, "t.argdown")
    doc = imp.doc
    assert doc["work"]["title"] == "A debate" and [a["name"] for a in doc["work"]["authors"]] == ["Ann", "Bo"]
    assert doc["work"]["year"] == 2018 and doc["work"]["date"] == "19/10/2018"
    claims = {c["id"]: c for c in doc["claims"]}
    assert claims["T"]["role"] == "thesis" and claims["T"]["text"] == "The thesis."
    assert claims["T"]["section"] == "Part one" and "#pro" in claims["T"]["note"] and "weight" in claims["T"]["note"]
    assert claims["R"]["asserted_by"] == {"author": "Kim", "year": 2001}
    assert sorted((a["attacker"], a["target"]) for a in doc["attacks"]) == [("O", "P"), ("O", "T"), ("P", "O")]
    reported = {re.sub(r" .*", "", d.message.split(" ", 1)[1]) for d in imp.diagnostics if d.code == "X525"}
    assert {"#pro", "[T]:", "color:"} <= reported or len([d for d in imp.diagnostics if d.code == "X525"]) == 3


def test_command_line(tmp_path):
    src = EXAMPLES[[f.name for f in EXAMPLES].index("argdown-primer.argdown")]
    target = tmp_path / "primer.argmap.yaml"
    r = run("import", src, "--from", "argdown", "-o", target)
    assert r.exit_code == 0, r.stdout
    assert re.search(r"^.*argdown-primer\.argdown:48:3: warning X524 ", r.stdout, re.M), r.stdout
    assert "from Argdown 4 arguments, 10 relations, 17 statements" in r.stderr
    assert load_map(target).map is not None
    bad = tmp_path / "bad.argdown"
    bad.write_bytes(b"[A]: caf\xe9\n")
    r = run("import", bad, "--from", "argdown", "-o", tmp_path / "bad.argmap.yaml")
    assert r.exit_code == 2 and "X522" in r.stdout and not (tmp_path / "bad.argmap.yaml").exists()
    # argmap -> Argdown -> argmap on the command line
    lin = ROOT / "arguments" / "lin2013.argmap.yaml"
    out = tmp_path / "out"
    assert run("export", lin, "--to", "argdown", "--out", out).exit_code == 0
    back = tmp_path / "lin2013.argmap.yaml"
    r = run("import", out / "lin2013.argdown", "--from", "argdown", "-o", back)
    assert r.exit_code == 0 and r.stdout == "", r.stdout
    assert by_id(yaml.safe_load(back.read_text(encoding="utf-8"))) == by_id(yaml.safe_load(lin.read_text(encoding="utf-8")))
