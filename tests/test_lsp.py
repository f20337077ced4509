"""``argmap lsp`` driven by a real LSP client (pytest-lsp) over stdio, on a copy of the corpus:
diagnostics (codes, ranges, related places, broken YAML while typing), completion, hover,
definition, references, outline, folding, code actions, rename across two maps, refusals."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp_client import (SERVER, apply_edits, change_line, diagnostics, errors_logged, find, make_client,
                              open_doc, published_with, replace_all, start, workspace)

pytestmark = pytest.mark.asyncio


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return workspace(tmp_path)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: LanguageClient, ws: Path):
    await start(lsp_client, ws)
    yield
    assert errors_logged(lsp_client) == []  # no handler needed its guard
    await lsp_client.shutdown_session()


def _by_code(diags: list[T.Diagnostic], code: str) -> list[T.Diagnostic]:
    return [d for d in diags if d.code == code]


async def test_diagnostics_codes_ranges_related_and_fixes(client: LanguageClient, ws: Path):
    path = ws / "lin2013.argmap.yaml"
    text = path.read_text(encoding="utf-8")
    assert await diagnostics(client, open_doc(client, path), 1) == []  # the corpus is clean
    quote = "「新安全觀」是掩護中共發展"
    broken = (text.replace("premises: [H, LB]\n", "premises: [H, NOPE]\n", 1)
                  .replace(quote, quote.replace("發展", "发展"), 1)
                  .replace("  - id: C4.2\n", "  - id: NSC\n", 1))
    uri = path.as_uri()
    replace_all(client, uri, broken, 2)
    diags = await diagnostics(client, uri, 2)
    (dangling,) = [d for d in _by_code(diags, "R202") if "'NOPE'" in d.message]
    at = find(broken, "premises: [H, NOPE]", offset=len("premises: [H, "))
    assert dangling.range == T.Range(at, T.Position(at.line, at.character + 4))  # exactly the id, not "]"
    assert dangling.severity == T.DiagnosticSeverity.Error and dangling.source == "argmap"
    (dup,) = _by_code(diags, "R201")
    first, second = (find(broken, "  - id: NSC\n", n, len("  - id: ")) for n in (0, 1))
    assert dup.range == T.Range(second, T.Position(second.line, second.character + 3))
    assert [(r.location.uri, r.location.range.start) for r in dup.related_information] == [(uri, first)]
    (missing,) = _by_code(diags, "E301")
    assert "--fix-quotes" in missing.message  # the fix is in the message
    (near,) = missing.related_information
    assert near.location.uri == (ws / "sources" / "002_a7571c67bdaab12b.txt").as_uri()
    assert near.location.range.start.line == 1957  # 002:1958, where the passage is
    assert "similar" in near.message


async def test_broken_yaml_while_typing(client: LanguageClient, ws: Path):
    """A claim typed character by character, through states that are not YAML: every version gets
    its diagnostics (L001 at the line being typed while it is broken), the server stays up, and
    when the text is whole again the map is checked as usual."""
    path = ws / "thesis000-ch5.argmap.yaml"
    text = path.read_text(encoding="utf-8")
    uri = open_doc(client, path)
    await diagnostics(client, uri, 1)
    lines = text.split("\n")
    at = lines.index("claims:") + 1
    lines.insert(at, "")
    replace_all(client, uri, "\n".join(lines), 2)
    typed = '  - id: NEW\n    text: "未完'
    version = 2
    seen_l001 = False
    for i in range(1, len(typed) + 1):
        version += 1
        part = typed[:i].split("\n")
        new_lines = lines[:at] + part + lines[at + 1:]
        replace_all(client, uri, "\n".join(new_lines), version)
        diags = await diagnostics(client, uri, version)
        if _by_code(diags, "L001"):
            seen_l001 = True
            assert all(at - 1 <= d.range.start.line <= len(new_lines) for d in _by_code(diags, "L001"))
    assert seen_l001  # the unclosed quote is a syntax error
    # a tab, an unclosed bracket, a duplicate key: each reported, none stops the server
    for bad, code in (("\t- id: X", "L001"), ("  - id: [X", "L001"), ("  - id: X\n    id: Y", "L003")):
        version += 1
        replace_all(client, uri, "\n".join(lines[:at] + bad.split("\n") + lines[at + 1:]), version)
        assert _by_code(await diagnostics(client, uri, version), code), bad
    version += 1
    replace_all(client, uri, "\n".join(lines[:at] + ['  - id: NEW', '    text: "完成。"', '    gloss: Done.',
                                                    '    evidence: [{quote: 中亞}]'] + lines[at + 1:]), version)
    diags = await diagnostics(client, uri, version)
    assert not [d for d in diags if str(d.code).startswith("L")]
    assert any(d.code == "R209" and "'NEW'" in d.message for d in diags)  # checked as a map again
    hover = await client.text_document_hover_async(T.HoverParams(T.TextDocumentIdentifier(uri), T.Position(at, 9)))
    assert hover is not None and "完成。" in hover.contents.value


async def test_changes_are_debounced_and_only_dependents_rechecked(client: LanguageClient, ws: Path):
    path = ws / "lin2013.argmap.yaml"
    text = path.read_text(encoding="utf-8")
    uri = open_doc(client, path)
    await diagnostics(client, uri, 1)
    lines = text.split("\n")
    row = next(i for i, x in enumerate(lines) if x.startswith("    text:"))
    before = len(client.published)
    assert lines[row].endswith('"')
    for v in range(2, 12):  # ten changes faster than the pause: checked once, at the last
        change_line(client, uri, lines, row, lines[row][:-1] + '。"', v)
    await diagnostics(client, uri, 11)
    await asyncio.sleep(0.3)
    mine = [p for p in client.published[before:] if p.uri == uri]
    assert [p.version for p in mine] == [11]
    # a text edit changes nothing other maps read: only lin2013 was checked again
    assert {p.uri for p in client.published[before:]} == {uri}
    # removing the claim gpr33-2011 links to re-checks gpr33-2011 (R204 there)
    start_ = lines.index("  - id: C4.2")
    replace_all(client, uri, "\n".join(lines).replace("  - id: C4.2\n", "  - id: C4.2x\n"), 12)
    other = (ws / "gpr33-2011.argmap.yaml").as_uri()
    assert start_ > 0
    assert any(d.code == "R204" and "lin2013#C4.2" in d.message for d in await diagnostics(client, other))


async def test_completion(client: LanguageClient, ws: Path):
    path = ws / "lin2013.argmap.yaml"
    text = path.read_text(encoding="utf-8")
    uri = open_doc(client, path)
    await diagnostics(client, uri, 1)

    async def labels(t: str, pos: T.Position) -> list[str]:
        got = await client.text_document_completion_async(T.CompletionParams(T.TextDocumentIdentifier(uri), pos))
        return [i.label for i in got.items] if got else []

    premise = find(text, "premises: [H, LB]", offset=len("premises: [H, "))
    got = await labels(text, premise)
    assert {"T", "H", "LB", "C4.2"} <= set(got) and "I-T" not in got
    target = find(text, "    target: ", offset=len("    target: "))
    assert {"T", "I-T"} <= set(await labels(text, target))  # an attack may target an inference
    # a quote's source, a link's map#claim, a position's issue and position, enum values, fields
    lines = text.split("\n")
    ev = next(i for i, x in enumerate(lines) if x.startswith("      - quote:"))
    lines.insert(ev + 1, "        source: ")
    replace_all(client, uri, "\n".join(lines), 2)
    assert await labels("", T.Position(ev + 1, len("        source: "))) == ["thesis"]
    del lines[ev + 1]
    version = 3
    claim = lines.index("  - id: T")
    for new, pos_col, expected, absent in (
            ("    role: ", 10, {"thesis", "claim", "implicit-premise"}, set()),
            ("    fidelity: ", 14, {"quotation", "summary", "reconstruction"}, set()),
            ("    links: [{to: gpr33-2011#", 28, {"gpr33-2011#C28", "gpr33-2011#T"}, set()),
            ("    links: [{to: ", 17, {"gpr33-2011#", "guo-wuping#"}, set()),
            ("    no", 6, {"note", "justification", "asserted_by"}, {"id", "text", "gloss"})):
        lines.insert(claim + 1, new)
        replace_all(client, uri, "\n".join(lines), version)
        got = set(await labels("", T.Position(claim + 1, pos_col)))
        assert expected <= got and not (absent & got), (new, sorted(got)[:20])
        del lines[claim + 1]
        version += 1
    replace_all(client, uri, "\n".join(lines), version)
    pos = next(i for i, x in enumerate(lines) if x.startswith("  - issue: "))
    issue = lines[pos].split(": ", 1)[1]
    got = set(await labels("", T.Position(pos, len("  - issue: "))))
    issues_file = (ws / "sco.issues.yaml").read_text(encoding="utf-8")
    issues = issues_file.split("\ntypologies:")[0].count("\n  - id: ")
    assert issue in got and len(got) == issues
    row = next(i for i in range(pos, len(lines)) if lines[i].startswith("    position: "))
    got = set(await labels("", T.Position(row, len("    position: "))))
    assert "not-addressed" in got and lines[row].split(": ", 1)[1].strip('"') in got


async def test_hover_claim_and_quote(client: LanguageClient, ws: Path):
    path = ws / "lin2013.argmap.yaml"
    text = path.read_text(encoding="utf-8")
    uri = open_doc(client, path)
    await diagnostics(client, uri, 1)
    hover = await client.text_document_hover_async(
        T.HoverParams(T.TextDocumentIdentifier(uri), find(text, "premises: [H, LB]", offset=len("premises: ["))))
    value = hover.contents.value
    assert value.startswith("**H**") and "fidelity: summary" in value
    assert "上合組織的性質是對美國的高度平衡。" in value and "*The SCO is an organization" in value
    assert "林伯雍 2013, 002_a7571c67bdaab12b.txt:1947" in value  # first quote: author, year, line
    quote = "「新安全觀」是掩護中共發展"
    hover = await client.text_document_hover_async(
        T.HoverParams(T.TextDocumentIdentifier(uri), find(text, quote, offset=3)))
    value = hover.contents.value
    assert "【「新安全觀」是掩護中共發展" in value and "】" in value
    assert "002_a7571c67bdaab12b.txt:1958" in value
    # a source with page markers: the page is shown
    gpr = ws / "gpr33-2011.argmap.yaml"
    gtext = gpr.read_text(encoding="utf-8")
    guri = open_doc(client, gpr)
    await diagnostics(client, guri, 1)
    row = next(i for i, x in enumerate(gtext.split("\n")) if x.strip().startswith("page:"))
    quote_row = max(i for i, x in enumerate(gtext.split("\n")[:row]) if "quote:" in x)
    line = gtext.split("\n")[quote_row]
    hover = await client.text_document_hover_async(
        T.HoverParams(T.TextDocumentIdentifier(guri), T.Position(quote_row, line.index("quote:") + 8)))
    page = gtext.split("\n")[row].split(":", 1)[1].strip()
    assert f", p. {page}" in hover.contents.value


async def test_definition_and_references(client: LanguageClient, ws: Path):
    path = ws / "lin2013.argmap.yaml"
    text = path.read_text(encoding="utf-8")
    uri = open_doc(client, path)
    await diagnostics(client, uri, 1)
    doc = T.TextDocumentIdentifier(uri)
    (loc,) = await client.text_document_definition_async(
        T.DefinitionParams(doc, find(text, "premises: [H, LB]", offset=len("premises: ["))))
    assert loc.uri == uri and loc.range.start == find(text, "  - id: H\n", offset=len("  - id: "))
    quote = "「新安全觀」是掩護中共發展"
    (loc,) = await client.text_document_definition_async(T.DefinitionParams(doc, find(text, quote, offset=2)))
    source = ws / "sources" / "002_a7571c67bdaab12b.txt"
    assert loc.uri == source.as_uri() and loc.range.start.line == 1957
    line = source.read_text(encoding="utf-8").split("\n")[1957]
    assert line[loc.range.start.character:].startswith(quote)
    gpr = ws / "gpr33-2011.argmap.yaml"
    gtext = gpr.read_text(encoding="utf-8")
    guri = open_doc(client, gpr)
    await diagnostics(client, guri, 1)
    (loc,) = await client.text_document_definition_async(
        T.DefinitionParams(T.TextDocumentIdentifier(guri), find(gtext, "to: lin2013#C4.2", offset=6)))
    assert loc.uri == uri and loc.range.start == find(text, "  - id: C4.2\n", offset=len("  - id: "))
    refs = await client.text_document_references_async(T.ReferenceParams(
        context=T.ReferenceContext(include_declaration=True), text_document=doc,
        position=find(text, "  - id: C4.2\n", offset=len("  - id: "))))
    where = {(r.uri, r.range.start.line) for r in refs}
    assert (uri, find(text, "  - id: C4.2\n").line) in where  # the declaration
    assert (guri, find(gtext, "to: lin2013#C4.2").line) in where  # the other map's link
    uses = [i for i, x in enumerate(text.split("\n")) if x.strip().startswith(("premises:", "conclusion:", "- C4.2"))
            and "C4.2" in x.replace("C4.2x", "")]
    assert {(uri, i) for i in uses} <= where and len(where) >= 3


async def test_outline_and_folding(client: LanguageClient, ws: Path):
    path = ws / "lin2013.argmap.yaml"
    text = path.read_text(encoding="utf-8")
    uri = open_doc(client, path)
    await diagnostics(client, uri, 1)
    symbols = await client.text_document_document_symbol_async(T.DocumentSymbolParams(T.TextDocumentIdentifier(uri)))
    groups = {s.name: s for s in symbols}
    assert "第六章第一節" in groups and "inferences" in groups and "attacks" in groups
    h = next(c for c in groups["第六章第一節"].children if c.name == "H")
    assert h.selection_range.start == find(text, "  - id: H\n", offset=len("  - id: "))
    assert h.range.start.line == find(text, "  - id: H\n").line and h.range.end.line > h.range.start.line
    count = sum(len(s.children or []) for s in symbols if s.name not in ("inferences", "attacks"))
    assert count == text.count("\n  - id: ", text.index("\nclaims:"), text.index("\ninferences:"))
    folds = await client.text_document_folding_range_async(T.FoldingRangeParams(T.TextDocumentIdentifier(uri)))
    spans = {(f.start_line, f.end_line) for f in folds}
    assert (h.range.start.line, h.range.end.line) in spans
    claims = text.split("\n").index("claims:")
    assert any(a == claims and b > claims + 100 for a, b in spans)


async def test_code_actions(client: LanguageClient, ws: Path):
    path = ws / "lin2013.argmap.yaml"
    text = path.read_text(encoding="utf-8")
    uri = open_doc(client, path)
    await diagnostics(client, uri, 1)
    quote = "「新安全觀」是掩護中共發展"
    pinned = "        start: 97830\n        end: 97874\n"
    assert text.index(pinned) > text.index(quote)
    wrong = text.replace(pinned, pinned.replace("97830", "97831").replace("97874", "97875"), 1)
    replace_all(client, uri, wrong, 2)
    diags = await diagnostics(client, uri, 2)
    (e305,) = _by_code(diags, "E305")
    actions = await client.text_document_code_action_async(T.CodeActionParams(
        T.TextDocumentIdentifier(uri), e305.range, T.CodeActionContext([e305])))
    (pin,) = [a for a in actions if a.title.startswith("Pin the quote")]
    assert pin.kind == "quickfix" and pin.is_preferred and list(pin.diagnostics) == [e305]
    fixed = apply_edits(wrong, pin.edit.changes[uri])
    assert fixed == text  # the --fix edit puts back exactly the offsets of the quote
    # a quote with one character changed: replaced by the passage, which is unique and close
    near = text.replace(quote, quote.replace("發展", "发展"), 1)
    replace_all(client, uri, near, 3)
    (e301,) = _by_code(await diagnostics(client, uri, 3), "E301")
    actions = await client.text_document_code_action_async(T.CodeActionParams(
        T.TextDocumentIdentifier(uri), e301.range, T.CodeActionContext([e301])))
    (replace,) = [a for a in actions if a.title.startswith("Replace the quote")]
    after = apply_edits(near, replace.edit.changes[uri])
    assert quote in after and quote.replace("發展", "发展") not in after
    replace_all(client, uri, after, 4)
    assert await diagnostics(client, uri, 4) == []


async def test_add_missing_source(client: LanguageClient, ws: Path):
    """A map with two sources and a quote that names none (E304): one action per source, the one
    whose text has the quote first and preferred."""
    path = ws / "two.argmap.yaml"
    text = (ws / "thesis000-ch5.argmap.yaml").read_text(encoding="utf-8").replace("id: thesis000-ch5", "id: two")
    head, rest = text.split("\nsources:\n", 1)
    sources = ("sources:\n  - id: other\n    path: sources/001_60ccf258d93e3cbf.txt\n    title: other\n")
    two = head + "\n" + sources + rest.replace("\n    sha256:", "\n    note: x\n    x_sha256:", 0)
    path.write_text(two, encoding="utf-8")
    uri = open_doc(client, path)
    diags = await diagnostics(client, uri, 1)
    e304 = _by_code(diags, "E304")
    assert e304
    actions = await client.text_document_code_action_async(T.CodeActionParams(
        T.TextDocumentIdentifier(uri), e304[0].range, T.CodeActionContext([e304[0]])))
    adds = [a for a in actions if a.title.startswith("Add 'source:")]
    own = rest.split("- id: ", 1)[1].split("\n", 1)[0]  # thesis000-ch5's own source id
    assert adds[0].title == f"Add 'source: {own}' (the quote occurs there)"
    assert adds[0].is_preferred and len(adds) == 2 and adds[1].title == "Add 'source: other'"
    fixed = apply_edits(two, adds[0].edit.changes[uri])
    replace_all(client, uri, fixed, 2)
    after = await diagnostics(client, uri, 2)
    assert len(_by_code(after, "E304")) == len(e304) - 1
    assert f'        source: "{own}"\n' in fixed


async def test_rename_across_two_maps(client: LanguageClient, ws: Path):
    lin, gpr = ws / "lin2013.argmap.yaml", ws / "gpr33-2011.argmap.yaml"
    text, gtext = lin.read_text(encoding="utf-8"), gpr.read_text(encoding="utf-8")
    uri, guri = open_doc(client, lin), open_doc(client, gpr)
    await diagnostics(client, uri, 1)
    await diagnostics(client, guri, 1)
    at = find(text, "  - id: C4.2\n", offset=len("  - id: "))
    prep = await client.text_document_prepare_rename_async(T.PrepareRenameParams(T.TextDocumentIdentifier(uri), at))
    assert prep.placeholder == "C4.2" and prep.range.start == at
    edit = await client.text_document_rename_async(T.RenameParams(T.TextDocumentIdentifier(uri), at, "C4.2-malacca"))
    assert set(edit.changes) == {uri, guri}
    new, gnew = apply_edits(text, edit.changes[uri]), apply_edits(gtext, edit.changes[guri])
    import re

    left = [line for line in new.split("\n") if re.search(r"(?<![\w.-])C4\.2(?![\w.-])", line)]
    assert len(left) == 1 and "002's (C4.2)." in left[0]  # a note's free text is not renamed
    assert "  - id: C4.2-malacca\n" in new
    assert new.count("C4.2-malacca") == len(edit.changes[uri]) >= 2
    assert "to: lin2013#C4.2-malacca\n" in gnew and gnew.count("C4.2-malacca") == 1
    replace_all(client, uri, new, 2)
    replace_all(client, guri, gnew, 2)
    assert await diagnostics(client, uri, 2) == []
    assert await diagnostics(client, guri, 2) == []
    # a taken id and a bad id are refused with a message
    from pygls.exceptions import JsonRpcException

    for bad in ("T", "no spaces"):
        with pytest.raises(JsonRpcException):
            await client.text_document_rename_async(T.RenameParams(T.TextDocumentIdentifier(uri),
                                                                   find(new, "  - id: H\n", offset=8), bad))


async def test_never_fails_on_odd_requests(client: LanguageClient, ws: Path):
    path = ws / "lin2013.argmap.yaml"
    uri = open_doc(client, path, "claims:\n  - id: [\n\t\x01 : : -\n  premises: [\n")
    diags = await diagnostics(client, uri, 1)
    assert _by_code(diags, "L001")
    doc = T.TextDocumentIdentifier(uri)
    for pos in (T.Position(0, 0), T.Position(1, 9), T.Position(3, 13), T.Position(99, 99)):
        await client.text_document_hover_async(T.HoverParams(doc, pos))
        await client.text_document_completion_async(T.CompletionParams(doc, pos))
        await client.text_document_definition_async(T.DefinitionParams(doc, pos))
        await client.text_document_references_async(T.ReferenceParams(
            context=T.ReferenceContext(True), text_document=doc, position=pos))
        await client.text_document_code_action_async(T.CodeActionParams(doc, T.Range(pos, pos), T.CodeActionContext([])))
    assert isinstance(await client.text_document_document_symbol_async(T.DocumentSymbolParams(doc)), list)
    assert await client.text_document_folding_range_async(T.FoldingRangeParams(doc)) is not None
    other = ws / "notes.yaml"  # not argmap's: ignored
    open_doc(client, other, "a: [")
    await asyncio.sleep(0.2)
    assert other.as_uri() not in client.diagnostics


SMALL = [*SERVER, "--max-bytes", "100000"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SMALL, client_factory=make_client))
async def small(lsp_client: LanguageClient, ws: Path):
    await start(lsp_client, ws)
    yield
    await lsp_client.shutdown_session()


async def test_refuses_large_documents_and_files_outside_the_workspace(small: LanguageClient, ws: Path, tmp_path: Path):
    uri = open_doc(small, ws / "lin2013.argmap.yaml")  # 120 kB, over --max-bytes 100000
    (d,) = await diagnostics(small, uri, 1)
    assert d.code == "L007" and "100,000" in d.message
    doc = T.TextDocumentIdentifier(uri)
    assert await small.text_document_hover_async(T.HoverParams(doc, T.Position(2, 5))) is None
    assert await small.text_document_completion_async(T.CompletionParams(doc, T.Position(2, 5))) is None
    outside = tmp_path / "elsewhere" / "x.argmap.yaml"
    outside.parent.mkdir()
    outside.write_text("argmap: 1\nid: x\n", encoding="utf-8")
    (d,) = await diagnostics(small, open_doc(small, outside), 1)
    assert d.code == "L020" and d.severity == T.DiagnosticSeverity.Warning
    assert await small.text_document_hover_async(T.HoverParams(T.TextDocumentIdentifier(outside.as_uri()),
                                                               T.Position(1, 4))) is None
    ok = ws / "thesis001-ch2.argmap.yaml"  # 56 kB, and it links to no map over the limit
    assert await diagnostics(small, open_doc(small, ok), 1) == []  # a document under the limit is checked


@pytest.mark.filterwarnings("ignore::pytest.PytestWarning")
def test_server_runs_from_the_command_line():
    import subprocess

    r = subprocess.run([sys.executable, "-m", "argmap", "lsp", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "language server" in r.stdout


async def test_issues_file_and_manifest(client: LanguageClient, ws: Path):
    """An issues file is checked like a map (R216 in a typology) and every map of its folder is
    checked again after it changes (an issue renamed: R212 in the maps that state it); a manifest
    gets its own diagnostics (a pattern that is not a regular expression: S104)."""
    lin = ws / "lin2013.argmap.yaml"
    uri = open_doc(client, lin)
    await diagnostics(client, uri, 1)
    issues = ws / "sco.issues.yaml"
    text = issues.read_text(encoding="utf-8")
    iuri = open_doc(client, issues)
    assert await diagnostics(client, iuri, 1) == []
    renamed = text.replace("  - id: limited\n", "  - id: limited-x\n", 1)
    before = len(client.published)
    replace_all(client, iuri, renamed, 2)
    await diagnostics(client, iuri, 2)
    after = await published_with(client, uri, "R212", since=before)  # lin2013 again (its text is unchanged)
    assert any(d.code == "R212" and "'limited'" in d.message for d in after)
    assert len({p.uri for p in client.published[before:]}) >= 3  # the issues file and the maps of the folder
    camp = text.index("camps:")
    bad = text[:camp] + text[camp:].replace("camp: ", "camp: no-such-camp-", 1)
    replace_all(client, iuri, bad, 3)
    assert any(d.code == "R216" for d in await diagnostics(client, iuri, 3))
    manifest = ws / "sources" / "manifest.yaml"
    mtext = manifest.read_text(encoding="utf-8")
    muri = open_doc(client, manifest, mtext.replace("marker: '", "marker: '(?P<page>[0-9]+", 1))
    (d,) = await diagnostics(client, muri, 1)
    assert d.code == "S104" and "regular expression" in d.message
    assert d.range.start.line == find(mtext, "marker: '").line


async def test_files_changed_on_disk(client: LanguageClient, ws: Path):
    """The server asks to be told of changed files (dynamic registration); a map that is not open,
    changed on disk, is read again; a source text changed on disk is read again and the maps that
    quote it are checked (E308: the text changed since its quotes were pinned)."""
    lin = ws / "lin2013.argmap.yaml"
    uri = open_doc(client, lin)
    await diagnostics(client, uri, 1)
    for _ in range(100):
        if client.registrations:
            break
        await asyncio.sleep(0.05)
    (reg,) = [r for r in client.registrations if r.method == T.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    globs = {w["globPattern"] for w in reg.register_options["watchers"]}  # as the client received it (JSON)
    assert {"**/*.argmap.yaml", "**/*.issues.yaml", "**/manifest.yaml", "**/*.txt"} <= globs
    gpr = ws / "gpr33-2011.argmap.yaml"
    gpr.write_text(gpr.read_text(encoding="utf-8") + "\n  - id: [\n", encoding="utf-8")
    before = len(client.published)
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(
        [T.FileEvent(gpr.as_uri(), T.FileChangeType.Changed)]))
    assert any(d.code == "L001" for d in await published_with(client, gpr.as_uri(), "L001", since=before))
    source = ws / "sources" / "002_a7571c67bdaab12b.txt"
    source.write_text("前言。\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    before = len(client.published)
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(
        [T.FileEvent(source.as_uri(), T.FileChangeType.Changed)]))
    assert any(d.code == "E308" for d in await published_with(client, uri, "E308", since=before))
