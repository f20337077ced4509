"""Safe output (issue #8, part 3): every string from a map that reaches DOT, SVG, HTML, JSON or
GraphML is escaped for that format.

A hostile but schema-valid corpus (two maps, an issues file with a typology, source texts) puts
quotes, backslashes, ``<script>``, ``<img onerror>``, ``javascript:`` URLs, ``]]>``, Graphviz escapes
(``\\N`` ``\\l`` ``\\G`` ``\\E`` ``\\T`` ``\\H`` ``\\L`` ``\\n`` ``\\r``), HTML-like labels
(``<b>…</b>``), entity references, a C0 control character (U+0001) and a noncharacter (U+FFFE) into
every free-text field the schema allows, and into a source's file name and the corpus's folder
name; ids, which the schema restricts, are shown to be refused with a clear diagnostic. JSON keeps
every string exactly; XML outputs (DOT for Graphviz, SVG, GraphML) write the two characters XML
cannot carry as U+FFFD and everything else literally. Every
output is produced through the real command line (click's runner) and parsed with a real parser:
pydot for DOT, ``xml.etree`` for SVG and GraphML, ``html.parser`` for HTML, ``json`` for JSON. The
browser half (no script runs, text is shown literally) is in ``tests/test_browser.py``.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote as urlquote
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pydot
import pytest
import yaml
from click.testing import CliRunner

from argmap.cli import main

#: Hostile strings, by a name used in claim ids (``X-<name>``) and test ids.
HOSTILE: dict[str, str] = {
    "dquote": 'say "hi"',
    "backslash": "back\\slash",
    "trailing-backslash": "tail\\",
    "script": "<script>window.pwned=1</script>",
    "img": '<img src=x onerror="window.pwned=1">',
    "js": "javascript:alert(1)",
    "cdata": "]]>",
    "esc-N": "\\N",
    "esc-l": "\\l",
    "esc-G": "\\G",
    "esc-E": "\\E",
    "esc-T": "\\T",
    "esc-H": "\\H",
    "esc-L": "\\L",
    "esc-n": "\\n",
    "esc-r": "\\r",
    "html-label": "<b>bold</b>",
    "entity": "&amp;&lt;&#65;&#x27;",
    "apostrophe": "it's",
    "ctl": "ctl\x01\ufffe",
}
NAMES = list(HOSTILE)
#: Everything at once, for the fields of which there is one per map or file.
ALL = " ".join(HOSTILE.values())
#: A second source whose file name is hostile too (file names may hold any character but ``/``).
ODD_SOURCE = 'odd "q" <b>&amp;]]>\\N javascript:x.txt'


def _source_text() -> str:
    lines = ["第一章 緒論", "上海合作組織是中共對美國的高度平衡。"]
    for i, s in enumerate(HOSTILE.values()):
        lines.append(f"甲{i}號引文：{s}。")
        lines.append(f"乙{i}號報導：{s}。")
    return "\n".join(lines) + "\n"


SOURCE_TEXT = _source_text()


def quote_of(kind: str, name: str) -> str:
    """The quote of claim ``X-name`` (kind ``甲``) or ``R-name`` (kind ``乙``)."""
    i = NAMES.index(name)
    return f"{kind}{i}號{'引文' if kind == '甲' else '報導'}：{HOSTILE[name]}"


def hostile_map(map_id: str) -> dict[str, Any]:
    """A schema-valid map with a hostile string in every free-text field: per hostile string a claim
    ``X-name`` (text, gloss, section, note, quote, quote note), an implicit premise ``J-name``
    (justification), an attributed claim ``R-name`` (asserted_by author, work, note) and an
    inference and attack (scheme, notes); the work, sources and positions carry all of them."""
    claims: list[dict[str, Any]] = [
        {"id": "T", "role": "thesis", "text": f"論旨 {ALL}", "gloss": f"thesis {ALL}", "section": f"§ {ALL}",
         "note": ALL, "evidence": [{"quote": "上海合作組織是中共對美國的高度平衡", "source": "thesis", "line": 2, "note": ALL}]}]
    inferences: list[dict[str, Any]] = []
    attacks: list[dict[str, Any]] = []
    for name, s in HOSTILE.items():
        claims.append({"id": f"X-{name}", "text": s, "gloss": s, "section": s, "note": s,
                       "evidence": [{"quote": quote_of("甲", name), "source": "thesis", "note": s}]})
        claims.append({"id": f"J-{name}", "role": "implicit-premise", "text": s, "gloss": s, "justification": s})
        claims.append({"id": f"R-{name}", "text": s, "gloss": s,
                       "asserted_by": {"author": s, "year": 2009, "work": s, "note": s},
                       "evidence": [{"quote": quote_of("乙", name), "source": "thesis", "note": s}]})
        inferences.append({"id": f"I-{name}", "premises": [f"X-{name}", f"J-{name}"], "conclusion": "T",
                           "scheme": s, "note": s})
        attacks.append({"id": f"A-{name}", "attacker": f"X-{name}", "target": f"R-{name}", "type": "rebuttal",
                        "note": s})
    claims[1]["evidence"].append({"quote": "上海合作組織是中共對美國的高度平衡", "source": "odd", "note": ALL})
    claims[1]["links"] = [{"to": f"{'hostile-b' if map_id == 'hostile' else 'hostile'}#X-{NAMES[0]}",
                           "relation": "same-claim", "note": ALL}]
    return {
        "argmap": 1,
        "id": map_id,
        "work": {"title": f"題 {ALL}", "title_en": f"Title {ALL}",
                 "authors": [{"name": f"名 {ALL}", "name_en": f"Name {ALL}"}, {"name": "二號作者"}],
                 "year": 2013, "date": ALL, "kind": "master-thesis", "institution": ALL, "venue": ALL,
                 "advisor": ALL, "language": "zh-Hant", "note": ALL},
        "sources": [{"id": "thesis", "path": "src.txt", "title": f"全文 {ALL}", "authors": [ALL], "year": 2013,
                     "pages": ALL, "origin": ALL, "note": ALL},
                    {"id": "odd", "path": ODD_SOURCE, "title": ALL}],
        "claims": claims,
        "inferences": inferences,
        "attacks": attacks,
        "note": ALL,
        "positions": [
            {"issue": "balancing", "position": "high" if map_id == "hostile" else "non", "claims": ["T"], "note": ALL},
            {"issue": "aimed", "position": "yes", "claims": [f"X-{name}" for name in NAMES], "note": ALL},
            {"issue": "balancing", "position": "non", "claims": [f"R-{NAMES[0]}"], "note": ALL,
             "asserted_by": {"author": f"他人 {ALL}", "year": 2009, "work": ALL, "note": ALL}},
        ],
    }


def _position(pid: str) -> dict[str, str]:
    return {"id": pid, "label": f"{pid} {ALL}", "label_en": f"{pid} {ALL}", "definition": ALL, "definition_en": ALL}


ISSUES: dict[str, Any] = {
    "argmap-issues": 1,
    "title": ALL,
    "note": ALL,
    "issues": [
        {"id": "balancing", "question": f"問 {ALL}", "question_en": f"Q {ALL}",
         "positions": [_position("non"), _position("high")]},
        {"id": "aimed", "question": f"針對 {ALL}", "question_en": f"Aimed {ALL}", "criterion_of": "camps",
         "positions": [_position("yes"), _position("no")]},
    ],
    "typologies": [{"id": "camps", "issue": "balancing", "criteria": ["aimed"], "source": "hostile#T",
                    "camps": [{"camp": "high", "when": {"aimed": "yes"}}, {"camp": "non", "when": {"aimed": "no"}}]}],
}


def write_corpus(folder: Path) -> Path:
    """The two hostile maps, their issues file and source texts in ``folder``; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (folder / ODD_SOURCE).write_text(SOURCE_TEXT, encoding="utf-8")
    for map_id in ("hostile", "hostile-b"):
        (folder / f"{map_id}.argmap.yaml").write_text(
            yaml.safe_dump(hostile_map(map_id), allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "x.issues.yaml").write_text(yaml.safe_dump(ISSUES, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


#: The folder the hostile corpus is written to: file paths reach diagnostics, pages and JSON too.
FOLDER_NAME = 'dir "q" <b>&amp;]]>\\N javascript:x'

#: Characters XML 1.0 cannot carry; in DOT, SVG and GraphML they are written as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(s: str) -> str:
    """What ``s`` becomes in XML output (DOT for Graphviz, SVG, GraphML): itself, with characters
    XML cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", s)


def ws(s: str) -> str:
    """``s`` without whitespace (Graphviz and argmap wrap labels over several lines)."""
    return re.sub(r"\s+", "", s)


def line_of(kind: str, name: str) -> int:
    """Line of the source text on which the quote of ``X-name`` (甲) or ``R-name`` (乙) stands."""
    return 3 + 2 * NAMES.index(name) + (0 if kind == "甲" else 1)


def _cite(names: list[str]) -> str:
    """How the quotes of a source by ``names`` in 2013 are cited (output.places.author_label)."""
    from argmap.output.places import author_label

    return f"{author_label(names)} 2013"


THESIS_CITE = _cite([ALL])  # src.txt names its own author: the hostile text
ODD_CITE = _cite([f"名 {ALL}", "二號作者"])  # the odd source names none: the work's authors


def expected_tooltip(claim: str) -> str:
    """The tooltip argmap gives claim ``X-name``, ``J-name`` or ``R-name`` (render.claim_tooltip);
    each quote cited by its source's author (the hostile text) or the work's, and the year."""
    kind, name = claim.split("-", 1)
    s = HOSTILE[name]
    out = [f"{claim}: {s}", s]
    thesis, odd = THESIS_CITE, ODD_CITE
    if kind == "R":
        out.append(f"asserted by {s} 2009, {s}")
        out.append(f"「{quote_of('乙', name)}」 — {thesis}, src.txt:{line_of('乙', name)}")
    elif kind == "J":
        out.append(f"implicit: {s}")
    else:
        out.append(f"「{quote_of('甲', name)}」 — {thesis}, src.txt:{line_of('甲', name)}")
        if name == NAMES[0]:
            out.append(f"「上海合作組織是中共對美國的高度平衡」 — {odd}, {ODD_SOURCE}:2")
    return "\n".join(out)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("escaping") / FOLDER_NAME)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("escaping-out")


def test_the_hostile_corpus_is_valid(corpus):
    """The corpus passes every check, so every output below is of a map argmap accepts."""
    r = run("check", "--strict", "--format", "json", corpus)
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["diagnostics"] == []
    assert (report["summary"]["maps"], report["summary"]["claims"], report["summary"]["quotes"]) == (
        2, 2 * (1 + 3 * len(HOSTILE)), 2 * (2 + 2 * len(HOSTILE)))


# -- ids: the schema refuses hostile characters -----------------------------------------------------

ID_FIELDS = {
    "map id": (lambda m, s: m.__setitem__("id", s), "id"),
    "claim id": (lambda m, s: m["claims"][1].__setitem__("id", s), "claims[1].id"),
    "source id": (lambda m, s: m["sources"][1].__setitem__("id", s), "sources[1].id"),
    "inference id": (lambda m, s: m["inferences"][0].__setitem__("id", s), "inferences[0].id"),
    "attack id": (lambda m, s: m["attacks"][0].__setitem__("id", s), "attacks[0].id"),
    "premise": (lambda m, s: m["inferences"][0]["premises"].__setitem__(0, s), "inferences[0].premises[0]"),
    "link": (lambda m, s: m["claims"][1]["links"][0].__setitem__("to", f"hostile-b#{s}"), "claims[1].links[0].to"),
    "attributed map": (lambda m, s: m["claims"][3]["asserted_by"].__setitem__("map", s), "claims[3].asserted_by.map"),
    "position issue": (lambda m, s: m["positions"][0].__setitem__("issue", s), "positions[0].issue"),
}


@pytest.mark.parametrize("name", ["dquote", "backslash", "script", "js", "cdata", "esc-N", "html-label", "ctl"])
@pytest.mark.parametrize("field", list(ID_FIELDS))
def test_ids_cannot_hold_hostile_characters(tmp_path, field, name):
    """Ids reach DOT node names, SVG ids, HTML ids and links unescaped by design: the schema
    refuses anything but letters, digits, ``_ . -`` with S104 naming the field, and the map is not
    rendered."""
    write_corpus(tmp_path)
    data = hostile_map("hostile")
    set_field, where = ID_FIELDS[field]
    set_field(data, HOSTILE[name])
    path = tmp_path / "hostile.argmap.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run("check", path)
    assert r.exit_code != 0
    errors = [line for line in r.stdout.splitlines() if " error S104 " in line]
    assert any(f" error S104 {where}: " in line and "does not have the required form" in line for line in errors), r.stdout
    r = run("render", path, "-o", tmp_path / "x.dot")
    assert r.exit_code == 2 and not (tmp_path / "x.dot").exists()


# -- DOT ----------------------------------------------------------------------------------------------

_GV_ESCAPE = re.compile(r"\\(.)", re.S)


def _escstring(text: str, newlines: bool) -> str:
    """Graphviz's escString processing of ``text``: ``\\\\`` is a backslash, ``\\N`` ``\\G``
    ``\\E`` ``\\T`` ``\\H`` ``\\L`` are replaced by object names (here by a marker ``⟦\\N⟧`` that
    no expected text contains), and with ``newlines`` ``\\n`` ``\\l`` ``\\r`` are line breaks."""
    def one(m: re.Match[str]) -> str:
        c = m.group(1)
        if c == "\\":
            return "\\"
        if c in "NGETHL":
            return f"⟦\\{c}⟧"
        if newlines and c in "nlr":
            return "\n"
        return m.group(0)
    return _GV_ESCAPE.sub(one, text)


def html_label_text(value: str) -> str:
    """The text Graphviz draws for an HTML-like label ``<...>``: parsed as XML (entities decoded),
    ``<BR/>`` as a line break, then escString processing (Graphviz substitutes ``\\N`` etc. in the
    text of HTML-like labels too)."""
    assert value.startswith("<") and value.endswith(">"), value
    root = ET.fromstring(f"<label>{value[1:-1]}</label>")

    def walk(el: ET.Element) -> str:
        out = el.text or ""
        for child in el:
            out += ("\n" if child.tag.upper() == "BR" else walk(child)) + (child.tail or "")
        return out
    return _escstring(walk(root), newlines=False)


def quoted_text(value: str) -> str:
    """The text Graphviz shows for a quoted escString attribute (tooltip, plain label): the DOT
    quotes removed (``\\"`` is ``"``), HTML entities decoded, then escString processing."""
    import html

    assert value.startswith('"') and value.endswith('"'), value
    body = re.sub(r'\\"', '"', value[1:-1])
    return _escstring(html.unescape(body), newlines=True)


def parse_dot(text: str) -> dict[str, Any]:
    """A DOT text parsed by pydot: ``nodes`` (name → attributes, clusters included), ``clusters``
    (attributes of each ``cluster*`` subgraph) and ``label`` (the graph's label)."""
    graphs = pydot.graph_from_dot_data(text)
    assert graphs and len(graphs) == 1
    nodes: dict[str, dict[str, str]] = {}
    clusters: list[dict[str, str]] = []
    stack: list[Any] = [graphs[0]]
    while stack:
        g = stack.pop()
        for n in g.get_nodes():
            nodes.setdefault(n.get_name().strip('"'), {}).update(n.get_attributes())
        if g is not graphs[0] and g.get_name().strip('"').startswith("cluster"):
            clusters.append(g.get_attributes())
        stack.extend(g.get_subgraphs())
    return {"nodes": nodes, "clusters": clusters, "label": graphs[0].get("label")}


def claim_body(text: str, columns: int = 30) -> str:
    """Claim text as argmap draws it: wrapped (argmap.output.wrap), one line per ``<BR/>``."""
    from argmap.output.wrap import wrap

    return "".join(xml_text(line) + "\n" for line in wrap(text, columns))


#: render options of the variants drawn for the DOT and SVG tests
VARIANTS = {"default": [], "evidence": ["--evidence", "--cluster", "section", "--lang", "both"],
            "author": ["--cluster", "author", "--lang", "en"]}


def render_variants(corpus: Path, out: Path, fmt: str) -> dict[str, Path]:
    """``argmap render`` of the hostile map in each of :data:`VARIANTS` and of the two-map
    comparison, to ``out/<variant>.<fmt>``, ``out/cmp.<fmt>`` (the issue rows) and
    ``out/cmp-graph.<fmt>`` (``--claims-graph``); each must exit 0."""
    files = {}
    for key, opts in VARIANTS.items():
        r = run("render", corpus / "hostile.argmap.yaml", "-o", out / f"{key}.{fmt}", *opts)
        assert r.exit_code == 0, r.output
        files[key] = out / f"{key}.{fmt}"
    r = run("render", corpus / "hostile.argmap.yaml", corpus / "hostile-b.argmap.yaml", "-o", out / f"cmp.{fmt}")
    assert r.exit_code == 0, r.output
    r = run("render", corpus / "hostile.argmap.yaml", corpus / "hostile-b.argmap.yaml", "-o", out / f"cmp-graph.{fmt}",
            "--claims-graph")
    assert r.exit_code == 0, r.output
    return files


@pytest.fixture(scope="module")
def dots(corpus, out) -> dict[str, dict[str, Any]]:
    """DOT written by ``argmap render``: the default diagram, quotes as nodes with section
    clusters in both languages, author clusters, and the comparison diagram."""
    texts = {key: path.read_text(encoding="utf-8") for key, path in render_variants(corpus, out, "dot").items()}
    texts["compare"] = (out / "cmp-graph.dot").read_text(encoding="utf-8")
    texts["rows"] = (out / "cmp.dot").read_text(encoding="utf-8")
    return {key: parse_dot(text) for key, text in texts.items()}


@pytest.mark.parametrize("variant", ["default", "evidence", "author", "compare"])
def test_dot_parses(dots, variant):
    nodes = dots[variant]["nodes"]
    claims = [n for n in nodes if re.match(r"^(c|a|b)_[XJR]-", n)]
    assert len(claims) >= len(HOSTILE)
    for n in nodes.values():  # every label and tooltip is well-formed for Graphviz
        if "label" in n and n["label"].startswith("<"):
            html_label_text(n["label"])
        if "tooltip" in n:
            quoted_text(n["tooltip"])


@pytest.mark.parametrize("name", NAMES)
def test_dot_claim_labels_are_literal(dots, name):
    s = HOSTILE[name]
    nodes = dots["default"]["nodes"]
    quotes = 2 if name == NAMES[0] else 1  # X-dquote also quotes the source with the odd file name
    assert html_label_text(nodes[f"c_X-{name}"]["label"]) == f"X-{name}  引文 {quotes}\n" + claim_body(s)
    assert html_label_text(nodes[f"c_J-{name}"]["label"]) == f"J-{name}  隱含前提 implicit\n" + claim_body(s)
    assert html_label_text(nodes[f"c_R-{name}"]["label"]) == (
        f"R-{name}  引文 1\n" + claim_body(f"〔{s} 2009 主張 asserts〕") + claim_body(s))
    both = dots["evidence"]["nodes"][f"c_X-{name}"]["label"]
    assert html_label_text(both) == f"X-{name}  引文 {quotes}\n" + claim_body(s) + claim_body(s, 40)


@pytest.mark.parametrize("name", NAMES)
def test_dot_tooltips_are_literal(dots, name):
    nodes = dots["default"]["nodes"]
    for kind in "XJR":
        claim = f"{kind}-{name}"
        assert quoted_text(nodes[f"c_{claim}"]["tooltip"]) == xml_text(expected_tooltip(claim))


@pytest.mark.parametrize("name", NAMES)
def test_dot_quote_nodes_and_clusters_are_literal(dots, name):
    s = HOSTILE[name]
    nodes = dots["evidence"]["nodes"]
    quote = nodes[f"e_X-{name}_1"]
    place = f"{THESIS_CITE}, src.txt:{line_of('甲', name)}"
    assert html_label_text(quote["label"]) == claim_body(f"「{quote_of('甲', name)}」") + xml_text(place) + "\n"
    assert quoted_text(quote["tooltip"]) == xml_text(f"「{quote_of('甲', name)}」 — {place}\n{s}")
    sections = [c for c in dots["evidence"]["clusters"] if quoted_text(c["tooltip"]) == xml_text(s)]
    assert len(sections) == 1 and html_label_text(sections[0]["label"]) == xml_text(s)
    key = f"〔{s} 2009〕"
    authors = [c for c in dots["author"]["clusters"] if quoted_text(c["tooltip"]) == xml_text(key)]
    assert len(authors) == 1 and html_label_text(authors[0]["label"]) == xml_text(key)


def test_dot_file_name_and_title_are_literal(dots):
    nodes = dots["evidence"]["nodes"]
    odd = html_label_text(nodes[f"e_X-{NAMES[0]}_2"]["label"])
    assert odd.endswith(f"{xml_text(ODD_CITE)}, {xml_text(ODD_SOURCE)}:2\n")
    title = html_label_text(dots["default"]["label"])
    assert f"題 {xml_text(ALL)}\n名 {xml_text(ALL)}、二號作者 2013" in title


def test_dot_comparison_is_literal(dots):
    nodes = dots["compare"]["nodes"]
    for issue in ISSUES["issues"]:
        node = nodes[f"issue_{issue['id']}"]
        assert ws(html_label_text(node["label"])).startswith(ws(xml_text(issue["question"])))
        assert quoted_text(node["tooltip"]) == xml_text(issue["question_en"])
    pos = html_label_text(nodes["a_pos_aimed"]["label"])
    assert pos == xml_text(f"yes {ALL} yes {ALL}")
    for name in NAMES:
        quotes = 2 if name == NAMES[0] else 1
        label = html_label_text(nodes[f"a_X-{name}"]["label"])
        assert ws(label) == ws(f"X-{name}引文{quotes}" + claim_body(HOSTILE[name], 24))
        assert quoted_text(nodes[f"b_X-{name}"]["tooltip"]) == xml_text(expected_tooltip(f"X-{name}"))
    clusters = dots["compare"]["clusters"]
    assert len(clusters) == 2
    for c in clusters:
        assert f"\n名 {xml_text(ALL)}、二號作者 2013\n題 {xml_text(ALL)}" in html_label_text(c["label"])


def _rows_expected() -> list[str]:
    """The texts the issue-rows diagram of hostile vs hostile-b must draw literally: each issue's
    question (both languages; they hold every hostile string), the position on ``aimed``, the id
    and text of the claims shown (the first three the position names; the rest are counted), the works."""
    from argmap.render.rows import MAX_CLAIMS

    out = [ws(xml_text(i["question"])) + ws(xml_text(i["question_en"])) for i in ISSUES["issues"]]
    out.append(ws(xml_text(f"yes {ALL}yes {ALL}")))
    out += [ws(xml_text(f"X-{name} {HOSTILE[name]}")) for name in NAMES[:MAX_CLAIMS]]
    out.append(ws(f"+{len(NAMES) - MAX_CLAIMS} more claim(s) in the map"))
    out.append(ws(xml_text(f"題 {ALL}名 {ALL}、二號作者 2013")))
    return out


def test_dot_rows_is_literal(dots):
    """The comparison diagram (issue rows): one node, an HTML-like table whose text is the maps'
    text, character for character."""
    nodes = dots["rows"]["nodes"]
    text = ws(html_label_text(nodes["comparison"]["label"]))
    for expected in _rows_expected():
        assert expected in text


# -- SVG ----------------------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
#: Attributes that make a link or load something; argmap's SVGs have none.
LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "from", "to", "values"}


@pytest.fixture(scope="module")
def built(corpus, out) -> Path:
    """The main job on the hostile corpus: diagrams, pages, comparisons and exports."""
    target = out / "build"
    r = run("build", corpus, "--out", target, "--format", "json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["diagnostics"] == [] and report["summary"]["maps"] == 2
    return target


@pytest.fixture(scope="module")
def svgs(corpus, out, built) -> dict[str, ET.Element]:
    """Every SVG argmap writes for the hostile corpus, parsed (a parse error fails every SVG test)."""
    files = render_variants(corpus, out, "svg")
    files["compare"] = out / "cmp-graph.svg"
    files["rows"] = out / "cmp.svg"
    files["build"] = built / "hostile.svg"
    files["build-b"] = built / "hostile-b.svg"
    files["build-compare"] = built / "compare" / "hostile-vs-hostile-b.svg"
    return {key: ET.parse(path).getroot() for key, path in files.items()}


SVG_FILES = ["default", "evidence", "author", "compare", "rows", "build", "build-b", "build-compare"]
#: The one kind of link argmap's SVGs hold: the built comparison diagram's claims, to their place in
#: the map pages (render.viewer.claim_href: map and claim ids, percent-encoded).
CLAIM_LINK = re.compile(r"^\.\./[a-z0-9-]+\.html#claim-[A-Za-z0-9_.%-]+$")


def groups(root: ET.Element) -> dict[str, ET.Element]:
    """SVG ``<g>`` elements by id (Graphviz gives each node, edge and cluster one)."""
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}


def drawn_text(el: ET.Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{SVG}text"))


def tooltip(el: ET.Element) -> str | None:
    a = el.find(f".//{SVG}a")
    return None if a is None else a.get(XLINK_TITLE)


@pytest.mark.parametrize("key", SVG_FILES)
def test_svg_is_inert(svgs, key):
    """No script, no foreign HTML, no event handler, no link but the built comparison's links to the
    map pages: hostile text never becomes markup; ``javascript:`` appears at most in a tooltip
    (``xlink:title``, which is text, not a link)."""
    root = svgs[key]
    names = {el.tag.rsplit("}", 1)[-1].lower() for el in root.iter()}
    assert not names & {"script", "foreignobject", "iframe", "image", "use", "animate", "set", "handler"}
    assert "text" in names
    for el in root.iter():
        for attr, value in el.attrib.items():
            local = attr.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (el.tag, attr, value)
            if key == "build-compare" and local == "href":
                assert CLAIM_LINK.match(value), (el.tag, attr, value)
                continue
            assert local not in LINK_ATTRIBUTES, (el.tag, attr, value)
            if value.strip().lower().startswith("javascript:"):
                assert attr == XLINK_TITLE, (el.tag, attr, value)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("key", ["default", "build", "build-b"])
def test_svg_claims_are_literal(svgs, key, name):
    """The drawn text of each claim is its text, character for character (``\\N`` is not the node's
    name, ``<b>`` is not bold, ``&amp;`` is not ``&``), and so is its tooltip."""
    s = HOSTILE[name]
    g = groups(svgs[key])
    quotes = 2 if name == NAMES[0] else 1
    assert ws(drawn_text(g[f"claim-X-{name}"])) == ws(f"X-{name}引文{quotes}{xml_text(s)}")
    assert ws(drawn_text(g[f"claim-J-{name}"])) == ws(f"J-{name}隱含前提implicit{xml_text(s)}")
    assert ws(drawn_text(g[f"claim-R-{name}"])) == ws(f"R-{name}引文1〔{xml_text(s)}2009主張asserts〕{xml_text(s)}")
    for kind in "XJR":
        assert tooltip(g[f"claim-{kind}-{name}"]) == xml_text(expected_tooltip(f"{kind}-{name}"))


@pytest.mark.parametrize("name", NAMES)
def test_svg_quotes_sections_and_authors_are_literal(svgs, name):
    s = HOSTILE[name]
    g = groups(svgs["evidence"])
    assert ws(drawn_text(g[f"claim-X-{name}"])).endswith(ws(xml_text(s + s)))  # --lang both: text, gloss
    quote = g[f"evidence-X-{name}-1"]
    place = f"{THESIS_CITE}, src.txt:{line_of('甲', name)}"
    assert ws(drawn_text(quote)) == ws(xml_text(f"「{quote_of('甲', name)}」{place}"))
    assert tooltip(quote) == xml_text(f"「{quote_of('甲', name)}」 — {place}\n{s}")
    sections = [c for c in svgs["evidence"].iter(f"{SVG}g")
                if c.get("class") == "cluster" and tooltip(c) == xml_text(s)]
    assert len(sections) == 1 and ws(drawn_text(sections[0])) == ws(xml_text(s))
    key = f"〔{s} 2009〕"
    authors = [c for c in svgs["author"].iter(f"{SVG}g")
               if c.get("class") == "cluster" and tooltip(c) == xml_text(key)]
    assert len(authors) == 1 and ws(drawn_text(authors[0])) == ws(xml_text(key))


def test_svg_title_and_file_name_are_literal(svgs):
    for key in ("default", "build"):
        graph = groups(svgs[key])["graph0"]
        head = "".join(t.text or "" for t in graph.findall(f"{SVG}text"))  # the graph label, not the nodes'
        assert ws(xml_text(f"題 {ALL}名 {ALL}、二號作者 2013")) in ws(head)
    odd = groups(svgs["evidence"])[f"evidence-X-{NAMES[0]}-2"]
    assert ws(drawn_text(odd)).endswith(ws(f"{xml_text(ODD_CITE)}, {xml_text(ODD_SOURCE)}:2"))
    assert tooltip(odd).startswith(f"「上海合作組織是中共對美國的高度平衡」 — {xml_text(ODD_CITE)}, "
                                   + xml_text(ODD_SOURCE) + ":2\n")


@pytest.mark.parametrize("key", ["rows", "build-compare"])
def test_svg_rows_are_literal(svgs, key):
    text = ws(drawn_text(svgs[key]))
    for expected in _rows_expected():
        assert expected in text
    if key == "build-compare":  # the claims link to the map pages, their tooltip is id, text, gloss
        g = groups(svgs[key])
        for name in NAMES[:3]:
            anchor = g[f"a_claim-hostile-X-{name}"]
            assert tooltip(anchor) == xml_text(f"X-{name}: {HOSTILE[name]}\n{HOSTILE[name]}")
            link = anchor.find(f".//{SVG}a").get("{http://www.w3.org/1999/xlink}href")
            assert link == "../hostile.html#claim-" + urlquote(f"X-{name}", safe="")


@pytest.mark.parametrize("key", ["compare"])
def test_svg_comparison_is_literal(svgs, key):
    g = groups(svgs[key])
    for issue in ISSUES["issues"]:
        node = g[f"issue-{issue['id']}"]
        assert ws(drawn_text(node)).startswith(ws(xml_text(issue["question"])))
        assert tooltip(node) == xml_text(issue["question_en"])
    assert ws(drawn_text(g["hostile-position-aimed"])) == ws(xml_text(f"yes {ALL} yes {ALL}"))
    for name in NAMES:
        assert ws(xml_text(HOSTILE[name])) in ws(drawn_text(g[f"hostile-b-claim-X-{name}"]))
        assert tooltip(g[f"hostile-claim-X-{name}"]) == xml_text(expected_tooltip(f"X-{name}"))
    clusters = [c for c in svgs[key].iter(f"{SVG}g") if c.get("class") == "cluster"]
    assert len(clusters) == 2
    assert all(ws(xml_text(f"名 {ALL}、二號作者 2013題 {ALL}")) in ws(drawn_text(c)) for c in clusters)


# -- HTML ---------------------------------------------------------------------------------------------

class Page(HTMLParser):
    """An HTML page as the browser's tokenizer sees it: start tags with attributes, the content of
    each ``<script>``, and the text outside scripts and styles (character references decoded)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.texts: list[str] = []
        self._raw: tuple[str, dict[str, str | None], list[str]] | None = None
        self.feed(text)
        self.close()
        self.text = "".join(self.texts)
        #: The inline diagrams of a map page by language, parsed as XML (they must still be).
        self.svgs = {lang: ET.fromstring(svg) for lang, svg in
                     re.findall(r'<div class="svg-(zh|en)">(<svg\b.*?</svg>)\s*</div>', text, flags=re.S)}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._raw = (tag, dict(attrs), [])

    def handle_endtag(self, tag: str) -> None:
        if self._raw is not None and tag == self._raw[0]:
            if tag == "script":
                self.scripts.append((self._raw[1], "".join(self._raw[2])))
            self._raw = None

    def handle_data(self, data: str) -> None:
        (self._raw[2] if self._raw is not None else self.texts).append(data)


@pytest.fixture(scope="module")
def pages(corpus, out, built) -> dict[str, Page]:
    """Every HTML page argmap writes for the hostile corpus, parsed."""
    files = {"render": out / "render.html", "compare": out / "compare.html", "matrix": out / "matrix.html",
             "classify": out / "classify.html"}
    for args in (("render", corpus / "hostile.argmap.yaml", "-o", files["render"]),
                 ("compare", "hostile", "hostile-b", "--maps", corpus, "--format", "html", "-o", files["compare"]),
                 ("compare", "--all", "--maps", corpus, "--format", "html", "-o", files["matrix"]),
                 ("classify", "--maps", corpus, "--format", "html", "-o", files["classify"])):
        r = run(*args)
        assert r.exit_code == 0, r.output
    files.update({"build": built / "hostile.html", "build-b": built / "hostile-b.html", "index": built / "index.html",
                  "build-compare": built / "compare" / "hostile-vs-hostile-b.html",
                  "build-matrix": built / "compare" / "matrix.html",
                  "build-classify": built / "compare" / "classify.html"})
    return {key: Page(path.read_text(encoding="utf-8")) for key, path in files.items()}


MAP_PAGES = ["render", "build", "build-b"]
HTML_FILES = MAP_PAGES + ["index", "compare", "matrix", "classify", "build-compare", "build-matrix", "build-classify"]
#: Relative, percent-encoded link targets: a page, a file in a folder, an anchor.
SAFE_HREF = re.compile(r"^[A-Za-z0-9._%/-]*(#[A-Za-z0-9._%-]+)?$")


def page_data(page: Page) -> dict[str, Any]:
    (data,) = [body for attrs, body in page.scripts if attrs.get("id") == "argmap-data"]
    return json.loads(data)


@pytest.mark.parametrize("key", HTML_FILES)
def test_html_runs_only_argmaps_own_script(pages, key):
    """A map page has exactly argmap's two scripts (the JSON data and the viewer); the other pages
    have none. Nothing else can run: no event handler attributes, no ``javascript:`` or external
    link, nothing embedded."""
    from argmap.render.viewer import SCRIPT

    page = pages[key]
    if key in MAP_PAGES:
        assert set(page.svgs) == {"zh", "en"}
        assert len(page.scripts) == 2
        assert page.scripts[0][0] == {"type": "application/json", "id": "argmap-data"}
        assert page_data(page)["map"] in ("hostile", "hostile-b")
        assert page.scripts[1] == ({}, SCRIPT)
    else:
        assert page.scripts == []
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"img", "iframe", "object", "embed", "base", "form", "frame", "foreignobject", "link",
                       "image", "animate", "set"}
    for tag, attrs in page.tags:
        for attr, value in attrs:
            value = value or ""
            assert not attr.startswith("on"), (tag, attr, value)
            if attr in ("href", "xlink:href"):
                assert SAFE_HREF.match(value), (tag, attr, value)
            elif attr in LINK_ATTRIBUTES:
                raise AssertionError((tag, attr, value))
            if value.strip().lower().startswith("javascript:"):
                assert attr == "xlink:title", (tag, attr, value)
        if tag == "meta":
            assert dict(attrs).get("http-equiv") is None


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("key", HTML_FILES)
def test_html_shows_hostile_text(pages, key, name):
    """Every page states the work (or the issues) with the hostile strings as text."""
    assert HOSTILE[name] in pages[key].text


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("key", MAP_PAGES)
def test_map_page_data_is_exact(pages, corpus, key, name):
    """The viewer's data (written with textContent by its script) holds every string exactly, and
    the inline diagrams draw it literally."""
    s = HOSTILE[name]
    data = page_data(pages[key])
    assert data["file"] == str(corpus / f"{data['map']}.argmap.yaml")
    assert data["work"]["title"] == f"題 {ALL}" and data["work"]["authors"] == f"名 {ALL}、二號作者"
    x, j, r = (data["claims"][f"{kind}-{name}"] for kind in "XJR")
    assert (x["text"], x["gloss"], x["section"], x["note"]) == (s, s, s, s)
    first = x["evidence"][0]
    assert (first["quote"], first["passage"], first["note"]) == (quote_of("甲", name), quote_of("甲", name), s)
    assert first["found"] and first["file"] == "src.txt"
    assert j["justification"] == s
    assert r["asserted_by"] == {"label": f"{s} 2009", "work": s}
    if name == NAMES[0]:
        assert x["evidence"][1]["file"] == ODD_SOURCE and x["evidence"][1]["note"] == ALL
        assert x["links"][0]["note"] == ALL
    ev = x["evaluation"]  # the page's diagrams carry the evaluation's mark and reason (docs/evaluation.md)
    mark = {"in": "● 成立 in", "out": "× 不成立 out", "undec": "？ 未定 undec"}[ev["label"]]
    for lang in ("zh", "en"):  # the inline diagrams, drawn in Chinese (text) and English (gloss)
        g = groups(pages[key].svgs[lang])[f"{lang}-claim-X-{name}"]
        assert ws(drawn_text(g)) == ws(f"X-{name}引文{2 if name == NAMES[0] else 1}{mark}{xml_text(s)}")
        assert tooltip(g) == xml_text(expected_tooltip(f"X-{name}") + f"\nevaluation (grounded): {ev['label']} — {ev['why']}")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("key", ["compare", "build-compare"])
def test_compare_page_shows_claims_literally(pages, key, name):
    s = HOSTILE[name]
    assert f"hostile#X-{name} {s} {s}" in pages[key].text
    assert f"「{quote_of('甲', name)}」 {THESIS_CITE}, src.txt" in pages[key].text


# -- JSON ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """The hostile map with every X quote changed so that it does not occur: E301 quotes it back."""
    folder = write_corpus(tmp_path_factory.mktemp("escaping-broken") / FOLDER_NAME)
    data = hostile_map("hostile")
    for c in data["claims"]:
        if c["id"].startswith("X-"):
            c["evidence"][0]["quote"] = f"{HOSTILE[c['id'][2:]]}不在原文"
    path = folder / "hostile.argmap.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", NAMES)
def test_check_json_round_trips(broken, name):
    r = run("check", "--format", "json", broken)
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    mine = [d for d in report["diagnostics"] if d["code"] == "E301" and f"「{HOSTILE[name]}不在原文」" in d["message"]]
    assert len(mine) == 1 and mine[0]["file"] == str(broken)


@pytest.fixture(scope="module")
def jsons(corpus, out) -> dict[str, Any]:
    """``compare`` (two works and ``--all``), ``classify`` and the AIF export, parsed."""
    docs = {}
    aif = out / "hostile.aif.json"
    commands = {"compare": ("compare", "hostile", "hostile-b", "--maps", corpus, "--format", "json"),
                "matrix": ("compare", "--all", "--maps", corpus, "--format", "json"),
                "classify": ("classify", "--maps", corpus, "--format", "json"),
                "aif": ("export", corpus / "hostile.argmap.yaml", "--to", "aif", "-o", aif)}
    for key, args in commands.items():
        r = run(*args)
        assert r.exit_code == 0, r.output
        docs[key] = json.loads(aif.read_text(encoding="utf-8") if key == "aif" else r.stdout)
    return docs


def test_compare_and_matrix_json_round_trip(jsons):
    c = jsons["compare"]
    assert c["a"]["title"] == c["b"]["title"] == f"題 {ALL}"
    assert [(i["question"], i["question_en"]) for i in c["issues"]] == [
        (i["question"], i["question_en"]) for i in ISSUES["issues"]]
    aimed = next(i for i in c["issues"] if i["id"] == "aimed")
    claims = {cl["id"]: cl for cl in aimed["b"]["claims"]}
    for name, s in HOSTILE.items():
        cl = claims[f"X-{name}"]
        assert (cl["text"], cl["gloss"], cl["evidence"][0]["quote"]) == (s, s, quote_of("甲", name))
    assert claims[f"X-{NAMES[0]}"]["evidence"][1]["source"] == ODD_SOURCE
    assert c["links"] and all(x["note"] == ALL for x in c["links"])
    m = jsons["matrix"]
    assert [i["question"] for i in m["issues"]] == [i["question"] for i in ISSUES["issues"]]
    attributed = [r for r in m["rows"] if r["attributed"]]
    assert attributed and all(r["label"] == f"他人 {ALL} 2009" and r["attributed"]["work"] == ALL for r in attributed)
    assert {w["map"] for w in jsons["classify"]["works"]} == {"hostile", "hostile-b"}


@pytest.mark.parametrize("name", NAMES)
def test_aif_round_trips(jsons, name):
    s = HOSTILE[name]
    nodes = {n["argmap"].get("id"): n for n in jsons["aif"]["nodes"] if n["type"] in ("I", "RA", "CA")}
    x, j, r = (nodes[f"{kind}-{name}"] for kind in "XJR")
    assert (x["text"], x["argmap"]["gloss"], x["argmap"]["section"], x["argmap"]["note"]) == (s, s, s, s)
    assert j["argmap"]["justification"] == s
    assert r["argmap"]["asserted_by"] == {"author": s, "year": 2009, "work": s, "note": s}
    assert nodes[f"I-{name}"]["text"] == s and nodes[f"A-{name}"]["argmap"]["note"] == s
    quotes = {n["text"] for n in jsons["aif"]["nodes"] if n["type"] == "L"}
    assert {quote_of("甲", name), quote_of("乙", name)} <= quotes


# -- GraphML ------------------------------------------------------------------------------------------

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def graphml(corpus, out) -> dict[str, dict[str, str]]:
    """Node id (and ``graph``) → attribute name → value of ``export --to graphml``, parsed."""
    r = run("export", corpus / "hostile.argmap.yaml", "--to", "graphml", "-o", out / "hostile.graphml")
    assert r.exit_code == 0, r.output
    root = ET.parse(out / "hostile.graphml").getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{GRAPHML}key")}
    graph = root.find(f"{GRAPHML}graph")
    out_ = {"graph": {keys[d.get("key")]: d.text or "" for d in graph.findall(f"{GRAPHML}data")}}
    for n in graph.iter(f"{GRAPHML}node"):
        out_[n.get("id")] = {keys[d.get("key")]: d.text or "" for d in n.findall(f"{GRAPHML}data")}
    return out_


@pytest.mark.parametrize("name", NAMES)
def test_graphml_round_trips(graphml, name):
    s = xml_text(HOSTILE[name])
    x, j, r = (graphml[f"claim:{kind}-{name}"] for kind in "XJR")
    assert (x["text"], x["gloss"], x["section"], x["quote"]) == (s, s, s, xml_text(quote_of("甲", name)))
    assert (j["text"], j["gloss"]) == (s, s)
    assert r["asserted_by"] == f"{s} 2009"
    assert graphml[f"inference:I-{name}"]["scheme"] == s
    assert graphml["graph"]["title"] == xml_text(f"題 {ALL}")


# ----------------------------------------------------------------------------- terminal output

TERMINAL_HOSTILE = "x\x1b]0;pwned\x07y\x1b[2Jz\u202eevil\x9b"


def test_text_output_never_sends_control_characters_to_the_terminal(tmp_path):
    """A quote holding OSC/CSI escape sequences (retitle, clear screen), a C1 CSI and a bidi
    override is printed with visible escapes by check, show, compare and classify."""
    import subprocess
    import sys

    import yaml as _yaml

    from tests.conftest import SOURCE_TEXT, base_map

    data = base_map()
    data["claims"][1]["evidence"][0]["quote"] = TERMINAL_HOSTILE  # not in the source: E301 quotes it
    data["claims"][1]["text"] = TERMINAL_HOSTILE
    (tmp_path / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = tmp_path / "mini.argmap.yaml"
    path.write_text(_yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    for args in (["check", str(path)], ["show", f"{path}#C1"], ["compare", "--all", "--maps", str(tmp_path)]):
        r = subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, cwd=root, timeout=60)
        shown = r.stdout + r.stderr
        assert b"Traceback" not in shown
        for raw in (b"\x1b", b"\x07", "\u202e".encode(), "\x9b".encode()):
            assert raw not in shown, (args, raw)
        if args[0] != "compare":
            assert b"x\\x1b]0;pwned\\x07y" in shown and b"\\u202eevil" in shown, (args, shown[:400])
    r = subprocess.run([sys.executable, "-m", "argmap", "check", str(path)], capture_output=True, text=True,
                       cwd=root, timeout=60)
    e301 = [line for line in r.stdout.splitlines() if " E301 " in line]
    assert len(e301) == 1  # still one line per diagnostic
