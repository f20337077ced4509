"""The language server's state: the files of each folder it has been asked about, loaded and
checked the way ``argmap check FILE`` checks a file (with the maps and issues files beside it).

A :class:`Folder` holds every map and issues file directly in one folder (the text the editor has,
for open files; the file on disk, for the others), one :class:`~argmap.load.corpus.SourceCache` for
their sources, and for each file its last check. :meth:`Folder.update` loads one changed file
again and checks it and **what depends on it** only: the maps that link to a changed map (or share
its id), every map of the folder after an issues file changed. Nothing here knows about LSP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from argmap.checks import MAP_CHECKS, check_duplicate_map_ids, check_issue_sets
from argmap.evidence.sources import SourceText
from argmap.load.corpus import (ISSUES_SUFFIXES, MAP_SUFFIXES, Corpus, SourceCache, find_map_files, gc_paused,
                                outside_of)
from argmap.load.loader import Loaded, LoadedIssues, display_path, load_issues_text, load_text
from argmap.load.manifest import MANIFEST_NAME, Manifest, load_manifest_text
from argmap.load.yamlsafe import Located, YamlProblem
from argmap.lsp.chunks import ChunkedParser
from argmap.model import Evidence, IssueSet, Map
from argmap.model.diagnostics import Diagnostic
from argmap.model.limits import DEFAULT_LIMITS, Limits, ReadRefused, read_bounded

MAP, ISSUES, MANIFEST = "map", "issues", "manifest"


def kind_of(path: Path) -> str | None:
    """``"map"``, ``"issues"`` or ``"manifest"`` by the file's name, else ``None``."""
    name = path.name
    if name.endswith(MAP_SUFFIXES):
        return MAP
    if name.endswith(ISSUES_SUFFIXES):
        return ISSUES
    if name == MANIFEST_NAME:
        return MANIFEST
    return None


@dataclass(frozen=True)
class Related:
    """Another place a problem involves: ``path``, 1-based ``line`` and ``column`` (code points),
    ``end_line``/``end_column`` (1-based, exclusive; 0 when the token there decides), a message."""

    path: Path
    line: int
    column: int
    message: str
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True)
class Problem:
    """A diagnostic of a file, with the other places it involves."""

    diagnostic: Diagnostic
    related: tuple[Related, ...] = ()


@dataclass(frozen=True)
class Good:
    """The last version of a file that loaded: its text, parse and model (a Map or IssueSet)."""

    text: str
    located: Located
    model: Any


@dataclass
class Doc:
    """One file: its ``text`` (the editor's when ``version`` is not ``None``), what loading it gave,
    its last good version, and its problems from the last check."""

    path: Path
    kind: str
    text: str
    version: int | None = None
    file: str = ""
    parser: ChunkedParser = field(default_factory=ChunkedParser)
    loaded: Any = None
    good: Good | None = None
    problems: list[Problem] = field(default_factory=list)
    declared_id: str | None = None

    @property
    def model(self) -> Any:
        """The map or issue set of the current text (``None`` when it does not load)."""
        got = self.loaded
        return getattr(got, "map", None) if self.kind == MAP else getattr(got, "issues", None)

    @property
    def fresh(self) -> bool:
        """Whether the last good version is the current text."""
        return self.good is not None and self.good.text == self.text


class Folder:
    """The maps and issues files directly in ``path`` (see the module docstring)."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.limits = limits
        self.sources = SourceCache(limits)
        self.docs: dict[Path, Doc] = {}
        for kind, suffixes in ((ISSUES, ISSUES_SUFFIXES), (MAP, MAP_SUFFIXES)):
            for f in find_map_files(path, suffixes, recursive=False):
                if not outside_of(f, path):
                    self.docs[f.resolve()] = self._from_disk(f.resolve(), kind)
        for doc in self.docs.values():
            self._load(doc)

    def _from_disk(self, path: Path, kind: str) -> Doc:
        try:
            text = read_bounded(path, self.limits.max_bytes).decode("utf-8-sig")
        except (OSError, ReadRefused, UnicodeDecodeError):
            text = ""  # reported when the file is opened; a file beside it that cannot be read is skipped
        return Doc(path, kind, text, file=display_path(path))

    # -- loading --------------------------------------------------------------------------------

    def _load(self, doc: Doc) -> None:
        """Load ``doc.text`` (maps with the document's cached parse)."""
        doc.file = display_path(doc.path)
        try:
            located = doc.parser(doc.text, self.limits.max_depth)
        except YamlProblem as p:
            d = Diagnostic(p.code, p.message, doc.file, p.line, p.column)
            rel = (Related(doc.path, p.related[0], p.related[1], "first occurrence"),) if p.related else ()
            doc.loaded = Loaded(None, (d,)) if doc.kind == MAP else LoadedIssues(None, (d,))
            doc.problems = [Problem(d, rel)]
            return
        if doc.kind == MAP:
            doc.loaded = load_text(doc.text, doc.file, doc.path, limits=self.limits, parser=lambda _t, _d: located)
        elif doc.kind == ISSUES:
            doc.loaded = load_issues_text(doc.text, doc.file, doc.path, limits=self.limits)
        declared = located.data.get("id") if isinstance(located.data, dict) else None
        doc.declared_id = declared if isinstance(declared, str) else None
        if doc.model is not None:
            doc.good = Good(doc.text, located, doc.model)
        doc.problems = [Problem(d) for d in doc.loaded.diagnostics]

    # -- the corpus as argmap check sees it --------------------------------------------------------

    def maps(self) -> list[Doc]:
        return [d for d in self.docs.values() if d.kind == MAP]

    def corpus(self, target: Doc | None = None) -> Corpus:
        """The corpus ``argmap check`` would build for ``target`` (or for the whole folder)."""
        maps = [d for d in self.maps() if d is not target]
        issues = [d for d in self.docs.values() if d.kind == ISSUES]
        return Corpus(maps=[target.model] if target is not None and target.model else [],
                      failed=[],
                      context=[d.model for d in maps if d.model is not None],
                      context_failed_ids={d.declared_id for d in maps if d.model is None and d.declared_id},
                      issue_sets=[d.model for d in issues if d.model is not None],
                      failed_issues=[d.loaded for d in issues if d.model is None],
                      sources=self.sources)

    def check(self, doc: Doc) -> None:
        """Check ``doc`` (already loaded) and set its problems."""
        if doc.model is None:
            return
        if doc.kind == ISSUES:
            corpus = self.corpus()
            doc.problems = [Problem(d) for d in check_issue_sets(corpus) if d.file == doc.file]
            return
        m: Map = doc.model
        corpus = self.corpus(doc)
        with gc_paused():
            found = [d for check in MAP_CHECKS for d in check(m, corpus)]
        same = Corpus(maps=[*corpus.context, m])
        found += [d for d in check_duplicate_map_ids(same) if d.file == m.file]
        found.sort(key=Diagnostic.sort_key)
        doc.problems = [Problem(d, tuple(related(d, m, corpus))) for d in found if d.file == m.file]

    def update(self, path: Path, text: str, version: int | None) -> list[Doc]:
        """Take ``text`` as the content of ``path`` (a map or issues file of this folder), load and
        check it and what depends on it; the documents checked, the changed one first."""
        kind = kind_of(path)
        doc = self.docs.get(path)
        if doc is None:
            doc = self.docs[path] = Doc(path, kind or MAP, text, version)
        before = self.signature(doc)
        doc.text, doc.version = text, version
        self._load(doc)
        with gc_paused():
            self.check(doc)
            after = self.signature(doc)
            others = self.dependents(doc, {before[0], after[0]}) if after != before or doc.kind == ISSUES else []
            for other in others:
                self.check(other)
        self.sources.prune(e for d in self.maps() if d.model for c in d.model.claims for e in c.evidence)
        return [doc, *others]

    @staticmethod
    def signature(doc: Doc) -> tuple[str | None, bool, frozenset[str]]:
        """What other maps' checks read of map ``doc``: its declared id, whether it loads, and its
        claim ids (R203, R204, R210). While it stays the same, they need no new check."""
        m = doc.model if doc.kind == MAP else None
        return (doc.declared_id, m is not None, frozenset(m.claims_by_id) if m is not None else frozenset())

    def dependents(self, doc: Doc, ids: set[str | None]) -> list[Doc]:
        """The files whose check depends on ``doc``: for an issues file, every map; for a map, the
        maps that link to one of ``ids`` (its old and new id) or declare one of them."""
        if doc.kind == ISSUES:
            return [d for d in self.maps() if d is not doc]
        ids.discard(None)
        out = []
        for d in self.maps():
            if d is doc:
                continue
            m = d.model
            if d.declared_id in ids or (m is not None and any(
                    k.map_id in ids for c in m.claims for k in c.links) or m is not None and any(
                    c.asserted_by and c.asserted_by.map in ids for c in m.claims)):
                out.append(d)
        return out

    def refresh_sources(self) -> list[Doc]:
        """Read every source and manifest again (one changed on disk) and check every map."""
        self.sources = SourceCache(self.limits)
        for d in self.maps():
            self.check(d)
        return self.maps()


def related(d: Diagnostic, m: Map, corpus: Corpus) -> Iterable[Related]:
    """The other places diagnostic ``d`` of map ``m`` involves: the first occurrence of a duplicate
    id, the other map with the same id, the closest passage of a quote not found, the occurrences
    of an ambiguous quote, where a re-anchored quote is now."""
    at = (d.line, d.column)
    if d.code == "R201":
        items = [*m.claims, *m.inferences, *m.attacks]
        mine = next((x for x in items if (x.loc.line, x.loc.column) == at), None)
        first = next((x for x in items if mine is not None and x.id == mine.id), None)
        if first is not None and first is not mine:
            yield Related(m.path, first.loc.line, first.loc.column, f"{first.id!r} is first defined here")
    elif d.code == "R210":
        for other in corpus.context:
            if other.id == m.id:
                yield Related(other.path, other.id_loc.line, other.id_loc.column, f"map id {m.id!r} is also declared here")
    elif d.code in ("E301", "E305", "E306", "E309"):
        yield from _quote_places(d, m, corpus)


def _evidence_at(m: Map, line: int, column: int) -> Evidence | None:
    for c in m.claims:
        for e in c.evidence:
            if e.loc.line == line and e.loc.column == column:
                return e
    return None


def _quote_places(d: Diagnostic, m: Map, corpus: Corpus) -> Iterable[Related]:
    e = _evidence_at(m, d.line, d.column)
    src = m.source_of(e) if e is not None else None
    text = corpus.sources.get(src) if src is not None else None
    if e is None or src is None or not isinstance(text, SourceText):
        return
    r = corpus.sources.resolution(e, text, src.sha256)
    path = src.path.resolve()

    def place(span: Any, message: str) -> Related:
        end_line, end_col = text.line_col(span.end)
        return Related(path, span.line, span.column, message, end_line, end_col)

    if d.code == "E301" and r.near is not None:
        yield place(r.near.span, f"closest passage ({r.near.similarity:.1f}% similar)")
    elif d.code in ("E305", "E306"):
        for s in r.occurrences[:12]:
            yield place(s, "the quote occurs here")
    elif d.code == "E309" and r.span is not None:
        yield place(r.span, "the quote is now here")


def manifest_problems(path: Path, text: str, limits: Limits) -> list[Problem]:
    """The problems of a source folder's ``manifest.yaml`` with content ``text``."""
    got: Manifest = load_manifest_text(text, display_path(path), path, limits)
    return [Problem(d) for d in got.diagnostics]
