"""The LSP methods ``argmap lsp`` answers, registered on an :class:`~argmap.lsp.server.ArgmapServer`
by :func:`make_server`. Each handler is guarded (:func:`argmap.lsp.server.guarded`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types as T
from pygls.exceptions import JsonRpcException
from pygls.uris import from_fs_path

from argmap.lsp.complete import Item, Symbol, complete, outline
from argmap.lsp.convert import Lines
from argmap.lsp.edits import Action, Refused, fix_all_action, quote_actions, rename_edits, renaming
from argmap.lsp.navigate import Place, definition, hover_markdown, references
from argmap.lsp.project import MANIFEST, Related, kind_of
from argmap.lsp.server import ArgmapServer, guarded, token_range
from argmap.lsp.targets import evidence_at, target_at
from argmap.lsp.text import folding_ranges
from argmap.model.limits import DEFAULT_LIMITS, Limits

_REQUEST_FAILED = -32803
_WATCH = ("**/*.argmap.yaml", "**/*.argmap.yml", "**/*.issues.yaml", "**/*.issues.yml", "**/manifest.yaml",
          "**/*.txt")
_KINDS = {"id": T.CompletionItemKind.Reference, "field": T.CompletionItemKind.Field,
          "value": T.CompletionItemKind.EnumMember}
_SYMBOLS = {"group": T.SymbolKind.Namespace, "claim": T.SymbolKind.Object, "inference": T.SymbolKind.Function,
            "attack": T.SymbolKind.Event, "issue": T.SymbolKind.Class, "position": T.SymbolKind.EnumMember}


def _uri(path: Path) -> str:
    return from_fs_path(str(path)) or path.as_uri()


def _location(ls: ArgmapServer, p: Place) -> T.Location:
    doc = next((f.docs[p.path] for f in ls.folders.values() if p.path in f.docs), None)
    if doc is not None:
        lines = Lines(doc.text, ls.encoding)
        rng = (lines.range((p.line - 1, p.column - 1), (p.line - 1, p.column - 1 + p.length)) if p.length
               else token_range(lines, p.line, p.column))
        return T.Location(_uri(p.path), rng)
    # a source text: its lines give the client's units
    folder = next((f for f in ls.folders.values() if p.path.parent == f.path or f.path in p.path.parents), None)
    place = Related(p.path, p.line, p.column, "", p.line, p.column + p.length)
    return T.Location(_uri(p.path), ls.source_range(place, folder))


def make_server(limits: Limits = DEFAULT_LIMITS, debounce: float | None = None) -> ArgmapServer:
    """The server with every handler registered."""
    ls = ArgmapServer(limits) if debounce is None else ArgmapServer(limits, debounce)
    _document_sync(ls)
    _navigation(ls)
    _editing(ls)
    return ls


def _document_sync(ls: ArgmapServer) -> None:
    @ls.feature(T.INITIALIZED)
    @guarded()
    def initialized(ls: ArgmapServer, _params: Any) -> None:
        caps = ls.client_capabilities.workspace
        watch = caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration
        if watch:
            options = T.DidChangeWatchedFilesRegistrationOptions([T.FileSystemWatcher(g) for g in _WATCH])
            ls.client_register_capability(T.RegistrationParams([T.Registration(
                "argmap-watch", T.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)]))

    @ls.feature(T.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(ls: ArgmapServer, params: T.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @ls.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(ls: ArgmapServer, params: T.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @ls.feature(T.TEXT_DOCUMENT_DID_SAVE)
    @guarded()
    def did_save(ls: ArgmapServer, params: T.DidSaveTextDocumentParams) -> None:
        path = ls.path_of(params.text_document.uri)
        if path is not None and kind_of(path) == MANIFEST:
            _sources_changed(ls)

    @ls.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(ls: ArgmapServer, params: T.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        handle = ls._pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        ls.refused.pop(uri, None)
        path = ls.path_of(uri)
        if path is not None and path.parent in ls.folders and path in ls.folders[path.parent].docs:
            folder = ls.folders[path.parent]
            try:
                text = path.read_text(encoding="utf-8-sig") if path.stat().st_size <= ls.limits.max_bytes else ""
            except (OSError, UnicodeDecodeError):
                text = ""
            for doc in folder.update(path, text, None)[1:]:
                ls.publish(folder, doc)
        ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri, []))

    @ls.feature(T.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded()
    def watched(ls: ArgmapServer, params: T.DidChangeWatchedFilesParams) -> None:
        open_uris = set(ls.workspace.text_documents)
        for change in params.changes:
            path = ls.path_of(change.uri)
            if path is None or change.uri in open_uris:
                continue
            kind = kind_of(path)
            folder = ls.folders.get(path.parent)
            if kind in ("map", "issues") and folder is not None:
                _disk_changed(ls, folder, path)
            elif kind not in ("map", "issues"):
                _sources_changed(ls)
                return


def _disk_changed(ls: ArgmapServer, folder: Any, path: Path) -> None:
    """A map or issues file that is not open changed on disk (or was created, or deleted)."""
    try:
        text = path.read_text(encoding="utf-8-sig") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        text = ""
    if text is not None:
        for doc in folder.update(path, text, None):
            ls.publish(folder, doc)
        return
    if folder.docs.pop(path, None) is not None:  # deleted: forget it, and check the others again
        ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(_uri(path), []))
        for doc in folder.docs.values():
            folder.check(doc)
            ls.publish(folder, doc)


def _sources_changed(ls: ArgmapServer) -> None:
    """A source text or manifest changed: read them again and check every map."""
    for folder in ls.folders.values():
        for doc in folder.refresh_sources():
            ls.publish(folder, doc)


def _navigation(ls: ArgmapServer) -> None:
    @ls.feature(T.TEXT_DOCUMENT_HOVER)
    @guarded()
    def hover(ls: ArgmapServer, params: T.HoverParams) -> T.Hover | None:
        got = ls.doc_for(params.text_document.uri)
        if got is None:
            return None
        folder, doc = got
        lines = ls.lines(params.text_document.uri)
        line, col = lines.from_client(params.position)
        t = target_at(doc, lines.lines, line, col)
        text = hover_markdown(folder, doc, t) if t is not None else None
        if not text:
            return None
        rng = lines.range((t.line, t.start), (t.line, t.end)) if t.end > t.start else None
        return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, text), rng)

    @ls.feature(T.TEXT_DOCUMENT_DEFINITION)
    @guarded(list)
    def goto(ls: ArgmapServer, params: T.DefinitionParams) -> list[T.Location]:
        return _places(ls, params.text_document.uri, params.position, lambda f, d, t: definition(f, d, t))

    @ls.feature(T.TEXT_DOCUMENT_REFERENCES)
    @guarded(list)
    def refs(ls: ArgmapServer, params: T.ReferenceParams) -> list[T.Location]:
        decl = params.context.include_declaration
        return _places(ls, params.text_document.uri, params.position, lambda f, d, t: references(f, d, t, decl))

    @ls.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded(list)
    def symbols(ls: ArgmapServer, params: T.DocumentSymbolParams) -> list[T.DocumentSymbol]:
        uri = params.text_document.uri
        got = ls.doc_for(uri)
        if got is None:
            return []
        lines = ls.lines(uri)
        return [_symbol(lines, s) for s in outline(got[1], lines.lines)]

    @ls.feature(T.TEXT_DOCUMENT_FOLDING_RANGE)
    @guarded(list)
    def folding(ls: ArgmapServer, params: T.FoldingRangeParams) -> list[T.FoldingRange]:
        uri = params.text_document.uri
        if ls.path_of(uri) is None or uri in ls.refused:
            return []
        return [T.FoldingRange(a, b) for a, b in folding_ranges(ls.lines(uri).lines)]


def _places(ls: ArgmapServer, uri: str, position: T.Position, find: Any) -> list[T.Location]:
    ls.flush(uri)
    got = ls.doc_for(uri)
    if got is None:
        return []
    folder, doc = got
    lines = ls.lines(uri)
    line, col = lines.from_client(position)
    t = target_at(doc, lines.lines, line, col)
    return [_location(ls, p) for p in find(folder, doc, t)] if t is not None else []


def _symbol(lines: Lines, s: Symbol) -> T.DocumentSymbol:
    rng = lines.range((s.first, 0), (s.last, len(lines.line(s.last))))
    sel_line = s.id_line - 1
    sel = lines.range((sel_line, s.id_column - 1), (sel_line, s.id_column - 1 + s.id_length))
    if not (s.first <= sel_line <= s.last):
        sel = lines.range((s.first, 0), (s.first, 0))
    return T.DocumentSymbol(s.name, _SYMBOLS.get(s.kind, T.SymbolKind.Object), rng, sel, detail=s.detail or None,
                            children=[_symbol(lines, c) for c in s.children] or None)


def _editing(ls: ArgmapServer) -> None:
    @ls.feature(T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=["#", " ", "[", ","]))
    @guarded()
    def completion(ls: ArgmapServer, params: T.CompletionParams) -> T.CompletionList | None:
        uri = params.text_document.uri
        got = ls.doc_for(uri)
        if got is None:
            return None
        lines = ls.lines(uri)
        line, col = lines.from_client(params.position)
        items, start, end = complete(got[0], got[1], lines.lines, line, col)
        rng = lines.range((line, start), (line, end))
        return T.CompletionList(False, [_completion(i, rng) for i in items])

    @ls.feature(T.TEXT_DOCUMENT_CODE_ACTION, T.CodeActionOptions(
        code_action_kinds=[T.CodeActionKind.QuickFix, T.CodeActionKind.RefactorRewrite, "source.fixAll.argmap"]))
    @guarded(list)
    def code_action(ls: ArgmapServer, params: T.CodeActionParams) -> list[T.CodeAction]:
        return _code_actions(ls, params)

    @ls.feature(T.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded()
    def prepare_rename(ls: ArgmapServer, params: T.PrepareRenameParams) -> Any:
        uri = params.text_document.uri
        folder, doc, lines, t = _target(ls, uri, params.position)
        try:
            r = renaming(folder, doc, t)
        except Refused as exc:
            raise JsonRpcException(str(exc), _REQUEST_FAILED) from None
        if t.kind == "mapref":
            start = t.start + t.value.index("#") + 1
            return T.PrepareRenamePlaceholder(lines.range((t.line, start), (t.line, t.end)), r.ident)
        return T.PrepareRenamePlaceholder(lines.range((t.line, t.start), (t.line, t.end)), r.ident)

    @ls.feature(T.TEXT_DOCUMENT_RENAME, T.RenameOptions(prepare_provider=True))
    @guarded()
    def rename(ls: ArgmapServer, params: T.RenameParams) -> T.WorkspaceEdit | None:
        folder, doc, _lines, t = _target(ls, params.text_document.uri, params.position)
        try:
            edits = rename_edits(folder, renaming(folder, doc, t), params.new_name)
        except Refused as exc:
            raise JsonRpcException(str(exc), _REQUEST_FAILED) from None
        return _workspace_edit(ls, folder, edits)


def _target(ls: ArgmapServer, uri: str, position: T.Position) -> Any:
    ls.flush(uri)
    got = ls.doc_for(uri)
    if got is None:
        raise JsonRpcException("argmap does not check this document", _REQUEST_FAILED)
    lines = ls.lines(uri)
    line, col = lines.from_client(position)
    return got[0], got[1], lines, target_at(got[1], lines.lines, line, col)


def _completion(i: Item, rng: T.Range) -> T.CompletionItem:
    doc = T.MarkupContent(T.MarkupKind.Markdown, i.documentation) if i.documentation else None
    return T.CompletionItem(i.label, kind=_KINDS.get(i.kind), detail=i.detail or None, documentation=doc,
                            text_edit=T.TextEdit(rng, i.insert or i.label), filter_text=i.label)


def _workspace_edit(ls: ArgmapServer, folder: Any, edits: dict[Path, list[tuple[int, int, str]]]) -> T.WorkspaceEdit:
    changes = {}
    for path, file_edits in edits.items():
        doc = folder.docs.get(path)
        changes[_uri(path)] = Lines(doc.text, ls.encoding).edits(file_edits)
    return T.WorkspaceEdit(changes=changes)


def _code_actions(ls: ArgmapServer, params: T.CodeActionParams) -> list[T.CodeAction]:
    uri = params.text_document.uri
    ls.flush(uri)
    got = ls.doc_for(uri)
    if got is None or not got[1].fresh or got[1].kind != "map":
        return []
    folder, doc = got
    lines = Lines(doc.text, ls.encoding)
    start = lines.from_client(params.range.start)
    end = lines.from_client(params.range.end)
    seen, actions = set(), []
    for line in range(start[0], end[0] + 1):
        found = evidence_at(doc, lines.lines, line, start[1] if line == start[0] else 0)
        found = found or _quote_on_line(doc, line)
        if found is None or id(found[1]) in seen:
            continue
        seen.add(id(found[1]))
        e = found[1]
        codes = {p.diagnostic.code: (p.diagnostic.line, p.diagnostic.column) for p in doc.problems
                 if (p.diagnostic.line, p.diagnostic.column) == (e.loc.line, e.loc.column)}
        actions += quote_actions(folder, doc, found[0], e, codes)
    only = params.context.only
    if not only or any(str(k).startswith("source") for k in only):
        whole = fix_all_action(folder, doc)
        if whole is not None:
            actions.append(whole)
    if only:
        actions = [a for a in actions if any(a.kind == k or a.kind.startswith(str(k) + ".") for k in only)]
    return [_code_action(ls, folder, uri, lines, a, params.context.diagnostics) for a in actions]


def _quote_on_line(doc: Any, line: int) -> Any:
    """The quote whose ``quote:`` or selector lines include 0-based ``line`` (the cursor may be on
    ``line:`` or ``start:``)."""
    m = doc.good.model if doc.good else None
    best = None
    for c in m.claims if m is not None else ():
        for e in c.evidence:
            if e.loc.line - 1 <= line:
                best = (c, e)
    if best is not None and line - (best[1].loc.line - 1) <= 8:
        return best
    return None


def _code_action(ls: ArgmapServer, folder: Any, uri: str, lines: Lines, a: Action,
                 diagnostics: list[T.Diagnostic]) -> T.CodeAction:
    fixed = [d for d in diagnostics if any(str(d.code) == code and d.range.start.line == line - 1
                                           for code, line, _col in a.fixes)]
    return T.CodeAction(a.title, kind=a.kind, diagnostics=fixed or None, is_preferred=a.preferred or None,
                        edit=_workspace_edit(ls, folder, a.edits))
