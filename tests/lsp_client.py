"""The pieces the language-server tests share: a copy of the corpus as the workspace, a pytest-lsp
client that records every diagnostics notification (with its version) and every registration, and
small helpers to find text, edit documents and wait for their diagnostics."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

from lsprotocol import types as T
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, default_converter, register_lsp_features

ROOT = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-m", "argmap", "lsp", "--debounce", "0.05"]
TIMEOUT = 20.0


def make_client() -> LanguageClient:
    """A pytest-lsp client that keeps every ``publishDiagnostics`` (``client.published``) and
    accepts ``client/registerCapability`` (``client.registrations``)."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: T.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    def register(client: LanguageClient, params: T.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    features[T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[T.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, features)
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    return client


def workspace(folder: Path) -> Path:
    """A copy of arguments/ (maps, issues file, sources with their manifest) in ``folder``."""
    shutil.copytree(ROOT / "arguments", folder / "arguments")
    return folder / "arguments"


async def start(client: LanguageClient, root: Path, spec: str = "visual-studio-code") -> None:
    await client.initialize_session(T.InitializeParams(
        capabilities=client_capabilities(spec), workspace_folders=[T.WorkspaceFolder(root.as_uri(), "ws")]))


def open_doc(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    text = path.read_text(encoding="utf-8") if text is None else text
    uri = path.as_uri()
    client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(uri, "yaml", version, text)))
    return uri


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    """Send the whole new text as one change."""
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        T.VersionedTextDocumentIdentifier(uri=uri, version=version), [T.TextDocumentContentChangeWholeDocument(text)]))


def change_line(client: LanguageClient, uri: str, lines: list[str], line: int, new: str, version: int) -> None:
    """Replace one line (an incremental change, as an editor sends it) and update ``lines``."""
    rng = T.Range(T.Position(line, 0), T.Position(line, len(lines[line])))
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        T.VersionedTextDocumentIdentifier(uri=uri, version=version), [T.TextDocumentContentChangePartial(rng, new)]))
    lines[line] = new


async def diagnostics(client: LanguageClient, uri: str, version: int | None = None,
                      timeout: float = TIMEOUT, since: int = 0) -> list[T.Diagnostic]:
    """The diagnostics last published for ``uri`` (for exactly ``version``, when given; among the
    notifications from number ``since`` on)."""
    async def wait() -> list[T.Diagnostic]:
        while True:
            for p in reversed(client.published[since:]):  # type: ignore[attr-defined]
                if p.uri == uri and (version is None or p.version == version):
                    return list(p.diagnostics)
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(wait(), timeout)


async def published_with(client: LanguageClient, uri: str, code: str, since: int = 0,
                         timeout: float = TIMEOUT) -> list[T.Diagnostic]:
    """The first diagnostics published for ``uri`` (from notification number ``since`` on) that hold
    ``code``: a publication for an earlier change may still arrive first (the server re-checks
    linked maps after a debounce), so waiting for the first one after ``since`` would race."""
    async def wait() -> list[T.Diagnostic]:
        while True:
            for p in client.published[since:]:  # type: ignore[attr-defined]
                if p.uri == uri and any(d.code == code for d in p.diagnostics):
                    return list(p.diagnostics)
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(wait(), timeout)


def find(text: str, needle: str, nth: int = 0, offset: int = 0) -> T.Position:
    """The LSP position of the ``nth`` occurrence of ``needle`` in ``text`` (plus ``offset``
    characters; the corpus has no character beyond U+FFFF, so code points are UTF-16 units)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += offset
    line = text.count("\n", 0, at)
    return T.Position(line, at - (text.rfind("\n", 0, at) + 1))


def apply_edits(text: str, edits: list[T.TextEdit]) -> str:
    """``text`` with LSP text edits applied (UTF-16 positions of a text with no astral characters)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def off(p: T.Position) -> int:
        return starts[p.line] + p.character

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:off(e.range.start)] + e.new_text + text[off(e.range.end):]
    return text


def errors_logged(client: LanguageClient) -> list[str]:
    """Messages in which the server reported that a handler failed (its guard caught an error)."""
    return [m.message for m in client.log_messages if "failed" in m.message]
