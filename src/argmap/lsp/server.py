"""The language server's state and its document life cycle (pygls 2): open, change (debounced),
save, close, files changed on disk; checking and publishing diagnostics.

Every handler is guarded (:func:`guarded`): an unexpected error is logged to the client
(``window/logMessage``) and the request gets an empty answer, so no input stops the server.
Documents are refused politely (one diagnostic, nothing read beside them) when they are larger
than ``--max-bytes`` (``L007``) or lie outside the workspace folders (``L020``).
"""

from __future__ import annotations

import asyncio
import functools
import time
import traceback
from pathlib import Path
from typing import Any, Callable

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from argmap import __version__
from argmap.evidence.sources import SourceText
from argmap.load.loader import display_path
from argmap.lsp.convert import Lines, units
from argmap.lsp.project import MANIFEST, Doc, Folder, Problem, Related, kind_of, manifest_problems
from argmap.lsp.text import token_end
from argmap.model.diagnostics import Diagnostic, Severity
from argmap.model.limits import DEFAULT_LIMITS, Limits

#: Seconds between the last change of a document and its check (changes in between are merged).
DEBOUNCE = 0.15

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning,
             Severity.INFO: types.DiagnosticSeverity.Information}


def guarded(default: Any = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make a handler return ``default`` (and log the error to the client) instead of raising;
    a :class:`pygls.exceptions.JsonRpcException` (a refusal the user should see) passes through."""
    from pygls.exceptions import JsonRpcException

    def wrap(f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def inner(ls: "ArgmapServer", *args: Any) -> Any:
            try:
                return f(ls, *args)
            except JsonRpcException:
                raise
            except Exception:  # noqa: BLE001 - the guard: nothing reaches the client as a crash
                ls.log(f"argmap: {f.__name__} failed:\n{traceback.format_exc()}", types.MessageType.Error)
                return default() if callable(default) else default

        return inner

    return wrap


class ArgmapServer(LanguageServer):
    """``argmap lsp``: see :mod:`argmap.lsp`. ``limits`` bound every file read; ``debounce`` is the
    pause (seconds) after a change before the document is checked."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS, debounce: float = DEBOUNCE) -> None:
        super().__init__("argmap", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.limits = limits
        self.debounce = debounce
        self.folders: dict[Path, Folder] = {}
        self.refused: dict[str, Diagnostic] = {}
        self.manifests: dict[Path, list[Problem]] = {}
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self.timings: list[float] = []  # seconds per check, the last 1,000 (benchmarks)

    # -- helpers ------------------------------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        try:
            self.window_log_message(types.LogMessageParams(kind, message))
        except Exception:  # noqa: BLE001 - no client to tell
            pass

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def roots(self) -> list[Path]:
        """The workspace folders (the root, for a client that sends only that)."""
        out = [Path(p).resolve() for f in self.workspace.folders.values() if (p := to_fs_path(f.uri))]
        if not out and self.workspace.root_path:
            out.append(Path(self.workspace.root_path).resolve())
        return out

    def path_of(self, uri: str) -> Path | None:
        """The file of a ``file:`` URI (``None`` for other schemes)."""
        if not uri.startswith("file:"):
            return None
        p = to_fs_path(uri)
        return Path(p).resolve() if p else None

    def folder_for(self, path: Path) -> Folder:
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = Folder(path.parent, self.limits)
        return folder

    def doc_for(self, uri: str) -> tuple[Folder, Doc] | None:
        """The folder and state of an accepted map or issues document (``None`` otherwise)."""
        path = self.path_of(uri)
        if path is None or uri in self.refused or kind_of(path) in (None, MANIFEST):
            return None
        folder = self.folder_for(path)
        doc = folder.docs.get(path)
        return (folder, doc) if doc is not None else None

    def lines(self, uri: str) -> Lines:
        """The editor's current text of ``uri``."""
        return Lines(self.workspace.get_text_document(uri).source, self.encoding)

    # -- checking -----------------------------------------------------------------------------

    def refusal(self, uri: str, path: Path, text: str) -> Diagnostic | None:
        """Why the document is not checked: too large (L007) or outside the workspace (L020)."""
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.limits.max_bytes:
            return Diagnostic("L007", f"the document is {size:,} bytes, over the limit of {self.limits.max_bytes:,} "
                              "(argmap lsp --max-bytes); it is not checked", display_path(path), 1, 1)
        roots = self.roots()
        if roots and not any(path == r or r in path.parents for r in roots):
            return Diagnostic("L020", "the file is outside the workspace folders; argmap does not read it or the "
                              "files beside it. Open its folder as a workspace folder", display_path(path), 1, 1)
        return None

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds, replacing a check already waiting."""
        old = self._pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self._pending[uri] = asyncio.get_running_loop().call_later(delay, self.run_check, uri)

    def flush(self, uri: str) -> None:
        """Run the check waiting for ``uri`` now (requests that need the current model call it)."""
        handle = self._pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
            self.run_check(uri)

    def run_check(self, uri: str) -> None:
        self._pending.pop(uri, None)
        try:
            self._check(uri)
        except Exception:  # noqa: BLE001 - the guard of the scheduled check
            self.log(f"argmap: checking {uri} failed:\n{traceback.format_exc()}", types.MessageType.Error)

    def _check(self, uri: str) -> None:
        t0 = time.perf_counter()
        path = self.path_of(uri)
        document = self.workspace.get_text_document(uri)
        if path is None or kind_of(path) is None:
            return
        text, version = document.source, document.version
        refused = self.refusal(uri, path, text)
        if refused is not None:
            self.refused[uri] = refused
            self.publish_problems(uri, Lines("", self.encoding), [Problem(refused)], version)
            return
        self.refused.pop(uri, None)
        if kind_of(path) == MANIFEST:
            self.manifests[path] = manifest_problems(path, text, self.limits)
            self.publish_problems(uri, Lines(text, self.encoding), self.manifests[path], version)
            return
        folder = self.folder_for(path)
        for doc in folder.update(path, text, version):
            self.publish(folder, doc)
        self.timings = self.timings[-999:] + [time.perf_counter() - t0]

    def publish(self, folder: Folder, doc: Doc) -> None:
        uri = from_fs_path(str(doc.path)) or doc.path.as_uri()
        self.publish_problems(uri, Lines(doc.text, self.encoding), doc.problems, doc.version, folder)

    def publish_problems(self, uri: str, lines: Lines, problems: list[Problem], version: int | None,
                         folder: Folder | None = None) -> None:
        out = [self.lsp_diagnostic(lines, p, folder) for p in problems]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, out, version))

    def lsp_diagnostic(self, lines: Lines, p: Problem, folder: Folder | None) -> types.Diagnostic:
        d = p.diagnostic
        rng = token_range(lines, d.line, d.column)
        related = [r for x in p.related if (r := self.related_info(x, folder)) is not None]
        return types.Diagnostic(rng, d.message, severity=_SEVERITY[d.severity], code=d.code, source="argmap",
                                related_information=related or None)

    def related_info(self, r: Related, folder: Folder | None) -> types.DiagnosticRelatedInformation | None:
        uri = from_fs_path(str(r.path)) or r.path.as_uri()
        doc = next((f.docs[r.path] for f in self.folders.values() if r.path in f.docs), None)
        if doc is not None:
            rng = token_range(Lines(doc.text, self.encoding), r.line, r.column)
        else:
            rng = self.source_range(r, folder)
        return types.DiagnosticRelatedInformation(types.Location(uri, rng), r.message)

    def source_range(self, r: Related, folder: Folder | None) -> types.Range:
        """The range of a passage of a source text, in the client's units."""
        got = folder.sources.read(r.path) if folder is not None else None

        def pos(line: int, col: int) -> types.Position:
            if not isinstance(got, SourceText) or line < 1:
                return types.Position(max(0, line - 1), max(0, col - 1))
            starts = got.line_starts
            text = got.text[starts[line - 1]:starts[line] if line < len(starts) else len(got.text)]
            return types.Position(line - 1, units(text[:col - 1], self.encoding))

        end = (r.end_line, r.end_column) if r.end_line else (r.line, r.column)
        return types.Range(pos(r.line, r.column), pos(*end))


def token_range(lines: Lines, line: int, column: int) -> types.Range:
    """The range of the token at 1-based ``line``/``column`` (the first line for 0 = whole file)."""
    if line < 1:
        return lines.range((0, 0), (0, len(lines.line(0))))
    l, c = line - 1, max(0, column - 1)
    end = token_end(lines.lines, l, c)
    if end <= (l, c):
        end = (l, len(lines.line(l)))
        if end <= (l, c):
            c = max(0, c - 1)
    return lines.range((l, c), end)
