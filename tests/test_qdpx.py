"""REFI-QDA (`.qdpx`) export and import (issue #23).

The corpus is exported as one project; its `project.qde` is validated against the official REFI-QDA
Project schema (tests/data/refi-qda/Project-mrt2019.xsd, MIT) with lxml and read back by an independent
reader, pyrefiqda (its own XML bindings generated from that schema): every quote is a coded passage at
the code-point offsets where `argmap check` finds it. The project imported again gives back the maps,
and they check clean. A project written by pyrefiqda (as another tool would write one) imports as
candidate quotes that the check proves. Expected values come from the maps' YAML and the source texts.
"""

from __future__ import annotations

import json
import shutil
import uuid
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from argmap.cli import main
from argmap.interchange.qdpx_import import from_qdpx
from argmap.load.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
ARGS = ROOT / "arguments"
XSD = ROOT / "tests" / "data" / "refi-qda" / "Project-mrt2019.xsd"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def yaml_maps() -> dict[str, dict]:
    return {d["id"]: d for d in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(ARGS.glob("*.argmap.yaml")))}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("qdpx") / "corpus.qdpx"
    r = run("export", ARGS, "--to", "qdpx", "-o", out)
    assert r.exit_code == 0, r.stderr
    quotes = sum(len(c.get("evidence", [])) for d in yaml_maps().values() for c in d["claims"])
    assert f"5 map(s), {quotes} quote(s) as coded passages" in r.stderr
    return out


def test_project_is_valid_against_the_refi_qda_schema(project):
    with zipfile.ZipFile(project) as z:
        qde = etree.fromstring(z.read("project.qde"))
        names = z.namelist()
    xsd = schema()
    assert xsd.validate(qde), xsd.error_log
    # the validation can fail: a selection without its required endPosition is refused
    sel = qde.find(".//{urn:QDA-XML:project:1.0}PlainTextSelection")
    del sel.attrib["endPosition"]
    assert not xsd.validate(qde)
    assert sorted(n for n in names if n.startswith("sources/")) and "project.qde" in names


def test_independent_reader_reads_every_quote_at_its_offsets(project, tmp_path):
    from pyrefiqda.refiproject import RefiProject

    p = RefiProject.load(project, extract_dir=str(tmp_path / "x"))
    corpus = load_corpus([ARGS])
    expected: Counter = Counter()  # (source text, start, end) of every quote the check finds
    for m in corpus.maps:
        for c in m.claims:
            for e in c.evidence:
                text = corpus.sources.get(m.source_of(e))
                r = corpus.sources.resolution(e, text, m.source_of(e).sha256)
                assert r.status == "found"
                expected[(text.text, r.span.start, r.span.end)] += 1
    got: Counter = Counter()
    for ts in p.sources.text_source:
        name = ts.plain_text_path.removeprefix("internal://")
        text = (tmp_path / "x" / "sources" / name).read_bytes().decode("utf-8")  # no newline translation
        for sel in ts.plain_text_selection:
            got[(text, sel.start_position, sel.end_position)] += 1
    assert got == expected and sum(got.values()) == 682  # several claims may quote one passage
    docs = yaml_maps()
    assert len(p.cases.case) == len(docs) == 5
    links = sum(len(f["premises"]) for d in docs.values() for f in d.get("inferences", [])) + \
        sum(len(d.get("attacks", [])) for d in docs.values())
    assert len(p.links.link) == links
    assert {g.name for g in p.graphs.graph} == set(docs)
    claim_codes = {c.name for tree in p.code_book.codes.code if tree.name == "argmap claims" for m in tree.code
                   for c in m.code}
    assert claim_codes == {c["id"] for d in docs.values() for c in d["claims"]}


def test_export_is_deterministic(project, tmp_path):
    again = tmp_path / "again.qdpx"
    assert run("export", ARGS, "--to", "qdpx", "-o", again).exit_code == 0
    assert again.read_bytes() == project.read_bytes()


def by_id(doc: dict) -> dict:
    out = dict(doc)
    for key in ("inferences", "attacks"):
        out[key] = sorted(doc.get(key, []), key=lambda x: x["id"])
    out["sources"] = [{k: v for k, v in s.items() if k != "path"} for s in doc["sources"]]
    return out


def test_reimported_project_gives_back_the_maps_and_checks_clean(project, tmp_path):
    out = tmp_path / "back"
    r = run("import", project, "--from", "qdpx", "-o", out)
    assert r.exit_code == 0 and r.stdout == "", r.stdout
    originals = yaml_maps()
    for mid, original in originals.items():
        back = yaml.safe_load((out / f"{mid}.argmap.yaml").read_text(encoding="utf-8"))
        assert by_id(back) == by_id(original), mid
    r = run("check", out)
    assert r.exit_code == 0, r.stdout
    assert "682 quotes: 0 error(s), 0 warning(s)" in r.stderr
    # the sources written are the texts, byte for byte
    for p in (ARGS / "sources").glob("*.txt"):
        assert (out / "sources" / p.name).read_bytes() == p.read_bytes()
    r = run("import", project, "--from", "qdpx", "-o", out)  # refuses to overwrite
    assert r.exit_code == 2


def foreign_project(path: Path) -> tuple[str, list[tuple[int, int]]]:
    """A project as another tool writes one, built with pyrefiqda: one text, two codes, three passages
    (one of them outside the text), and a PDF source argmap does not import."""
    from pyrefiqda.models import (CodeRefType, CodingType, PdfsourceType, PlainTextSelectionType, Project,
                                  ProjectCodeBookType, ProjectCodesType, ProjectCodeType, SourcesType,
                                  TextSourceType, UsersType, UserType)
    from pyrefiqda.refiproject import RefiProject

    text = "Interviewee: 我們需要更多的合作。\nThe SCO balances the United States, in part.\n"
    spans = [(13, 23), (24, 68)]
    g = lambda: str(uuid.uuid4())  # noqa: E731
    user = UserType(guid=g(), name="Coder")
    codes = [ProjectCodeType(guid=g(), name=n, is_codable=True) for n in ("cooperation", "balancing")]
    sels = [PlainTextSelectionType(guid=g(), name=f"p{i}", start_position=s, end_position=e, creating_user=user.guid,
                                   coding=[CodingType(guid=g(), creating_user=user.guid,
                                                      code_ref=CodeRefType(target_guid=codes[i % 2].guid))])
            for i, (s, e) in enumerate(spans + [(60, 9999)])]
    project = Project(name="Interview study", users=UsersType(user=[user]),
                      code_book=ProjectCodeBookType(codes=ProjectCodesType(code=codes)),
                      sources=SourcesType(text_source=[TextSourceType(guid=g(), name="Interview 1",
                                                                      plain_text_content=text,
                                                                      plain_text_selection=sels)],
                                          pdfsource=[PdfsourceType(guid=g(), name="scan.pdf",
                                                                   path="internal://scan.pdf")]))
    RefiProject.save(project, str(path))
    return text, spans


def test_another_tools_project_imports_as_candidate_quotes_the_check_proves(tmp_path):
    src = tmp_path / "study.qdpx"
    text, spans = foreign_project(src)
    with zipfile.ZipFile(src) as z:
        qde = etree.fromstring(z.read(next(n for n in z.namelist() if n.endswith(".qde"))))
    assert schema().validate(qde)  # the fixture itself is a valid project
    out = tmp_path / "imported"
    r = run("import", src, "--from", "qdpx", "-o", out)
    assert r.exit_code == 0, r.stdout  # warnings only
    assert r.stdout.count("warning X529") == 2  # the PDF source, the passage outside the text
    (doc,) = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in out.glob("*.argmap.yaml")]
    quotes = [(c["evidence"][0]["quote"], c["evidence"][0]["start"], c["evidence"][0]["end"]) for c in doc["claims"]]
    assert quotes == [(text[s:e], s, e) for s, e in spans]
    assert ["cooperation" in doc["claims"][0]["note"], "balancing" in doc["claims"][1]["note"]] == [True, True]
    r = run("check", "--format", "json", out)
    found = json.loads(r.stdout)["diagnostics"]
    assert not [d for d in found if d["code"].startswith("E3")], found  # every quote is proved


@pytest.mark.parametrize("content, why", [
    (b"not a zip", "not a .qdpx"),
    ("doctype", "DOCTYPE"),
    ("notqda", "not a QDA-XML project"),
])
def test_unusable_projects_are_x528_and_write_nothing(tmp_path, content, why):
    src = tmp_path / "bad.qdpx"
    if isinstance(content, bytes):
        src.write_bytes(content)
    else:
        xml = {"doctype": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Project xmlns="urn:QDA-XML:project:1.0" name="&a;"/>',
               "notqda": '<?xml version="1.0"?><Project name="x"/>'}[content]
        with zipfile.ZipFile(src, "w") as z:
            z.writestr("project.qde", xml)
    imp = from_qdpx(src.read_bytes(), str(src))
    assert imp.maps == [] and [d.code for d in imp.diagnostics] == ["X528"] and why in imp.diagnostics[0].message
    r = run("import", src, "--from", "qdpx", "-o", tmp_path / "out")
    assert r.exit_code == 2 and not (tmp_path / "out").exists()


def test_export_usage_errors(tmp_path):
    r = run("export", ARGS, "--to", "qdpx")
    assert r.exit_code == 2 and "-o" in r.output
    r = run("export", ARGS, "--to", "qdpx", "--to", "aif", "-o", tmp_path / "x.qdpx")
    assert r.exit_code == 2 and not (tmp_path / "x.qdpx").exists()
    one = tmp_path / "one"
    shutil.copytree(ARGS, one)
    r = run("export", one / "lin2013.argmap.yaml", "--to", "qdpx", "-o", tmp_path / "lin.qdpx")
    assert r.exit_code == 0 and "1 map(s), 255 quote(s)" in r.stderr
