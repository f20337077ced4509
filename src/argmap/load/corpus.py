"""A corpus: the maps being checked, the maps they refer to, and their source texts (read once).

:func:`load_corpus` expands folders to their ``*.argmap.yaml`` files, loads each one, and also loads
the *other* maps in the same folders as context, so that a cross-map reference (``other-map#C3``)
resolves even when a single file is checked.
"""

from __future__ import annotations

import gc
import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from argmap.model.diagnostics import Diagnostic
from argmap.model.limits import DEFAULT_LIMITS, Limits, read_bounded
from argmap.load.loader import Loaded, LoadedIssues, display_path, load_issues, load_map, printable_name
from argmap.evidence.anchoring import Resolution, resolve
from argmap.model import Evidence, Issue, IssueSet, Map, Source, Typology
from argmap.load.manifest import MANIFEST_NAME, Manifest, ManifestEntry, load_manifest
from argmap.load.project import Project
from argmap.evidence.sources import DEFAULT_MATCHING, Matching, PatternTimeout, SourceText

MAP_SUFFIXES = (".argmap.yaml", ".argmap.yml")
ISSUES_SUFFIXES = (".issues.yaml", ".issues.yml")


def find_map_files(folder: Path, suffixes: tuple[str, ...] = MAP_SUFFIXES, *, recursive: bool = True) -> list[Path]:
    """The entries in ``folder`` (and, when ``recursive``, below it) whose names end with ``suffixes``
    (default: maps), sorted by path. Not only regular files: a folder, a pipe or a broken link with
    such a name is returned too, so that loading it reports why it cannot be read (L007) instead of
    leaving it out silently."""
    found = folder.rglob("*") if recursive else folder.glob("*")
    return sorted(p for p in found if p.name.endswith(suffixes))


def outside_of(path: Path, folder: Path) -> bool:
    """Whether ``path`` (found in ``folder``) is a symbolic link, or lies below one, that resolves
    outside ``folder``: such a file is not read, so a downloaded folder cannot make argmap read (and
    echo parts of) ``/etc/shadow`` through a link named ``x.argmap.yaml``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return True
    except (OSError, RuntimeError):  # a symlink loop
        return True
    return False


def _outside_diagnostic(path: Path) -> Diagnostic:
    return Diagnostic("L007", f"a symbolic link to {printable_name(str(path.resolve()))}, outside the folder being read; it is not "
                      "read. Copy the file into the folder, or name it on the command line",
                      printable_name(str(Path(display_path(path.parent)) / path.name)), 1, 1)


class SourceCache:
    """Reads each source file once per run, with the matching settings of the ``manifest.yaml`` in
    its folder (each manifest is read once too; its problems are collected in :attr:`diagnostics`).
    ``limits`` bound the manifests' size and their patterns' time (:mod:`argmap.model.limits`).
    Each quote is also resolved once per run (:meth:`resolution`): ``argmap check --fix`` pins the
    quotes the check resolved, and the map page shows them, without searching again.
    """

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._cache: dict[Path, SourceText | tuple[str, str]] = {}
        self._manifests: dict[Path, Manifest | None] = {}
        self._outside: dict[tuple[Path, str], str | None] = {}
        self._resolved: dict[Path, Path] = {}
        # (id of the text, the quote and selectors resolve() reads) -> (text, pinned hash, near
        # searched, resolution); the entry holds the text, so its id is not reused while it exists:
        # a quote loaded again (the language server reloads a map on each edit) is not searched again
        self._resolutions: dict[tuple[object, ...], tuple[SourceText, str | None, bool, Resolution]] = {}
        self._stale: list[Diagnostic] = []

    def manifest(self, folder: Path) -> Manifest | None:
        """The manifest of ``folder`` (``None`` when it has none)."""
        folder = folder.resolve()
        if folder not in self._manifests:
            path = folder / MANIFEST_NAME
            if path.is_file() and outside_of(path, folder):
                self._manifests[folder] = Manifest(path, diagnostics=(_outside_diagnostic(path),))
            else:  # a folder, a pipe or a broken link named manifest.yaml is read, to report why it cannot be (L007)
                self._manifests[folder] = load_manifest(path, self.limits) if os.path.lexists(path) else None
        return self._manifests[folder]

    def entry(self, path: Path) -> ManifestEntry | None:
        """The manifest entry of the source file at ``path``, if its folder's manifest has one."""
        manifest = self.manifest(path.parent)
        return manifest.entries.get(path.name) if manifest else None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Problems found in the manifests read so far (and E315 for texts that changed since
        their layout was derived)."""
        return [d for m in self._manifests.values() if m for d in m.diagnostics] + self._stale

    def get(self, source: Source) -> SourceText | tuple[str, str]:
        """``SourceText``, or ``(code, reason)`` with code ``E302`` (missing), ``E303`` (unreadable),
        ``E314`` (the path names a map, issues file or manifest: evidence that proves nothing), ``E311`` (the path is absolute or leads outside the map's folder, through ``..`` or a symbolic
        link: such a file is never opened, so a map cannot make argmap read, quote or show
        ``/etc/passwd``) or ``E313`` (a manifest pattern ran over ``limits.regex_timeout`` on it)."""
        key = (source.path, source.raw_path)
        if key not in self._outside:  # resolving the path costs system calls: once per source, not per quote
            self._outside[key] = _outside(source)
        outside = self._outside[key]
        if outside:
            return ("E311", outside)
        name = source.path.name
        if name.endswith(MAP_SUFFIXES + ISSUES_SUFFIXES) or name == MANIFEST_NAME:
            return ("E314", "is one of argmap's own files (a map, an issues file or a manifest), not the text "
                            "of a work; a quote must be proved against the work's text")
        return self.read(source.path)

    def resolution(self, e: Evidence, text: SourceText, pinned_sha256: str | None = None, *,
                   near: bool = True) -> Resolution:
        """:func:`argmap.evidence.anchoring.resolve` of quote ``e`` in ``text`` (with this cache's
        ``limits.max_quote``), computed once per run for each quote and reused by every later call
        with the same arguments. A result computed with ``near=True`` also answers ``near=False``;
        one computed without the near-miss search is computed again when ``near=True`` asks for a
        quote that was not found. Quotes with the same text and selectors (all that ``resolve``
        reads of them) share one result. Never raises (see ``resolve``)."""
        key = (id(text), *_quote_key(e))
        got = self._resolutions.get(key)
        if (got is not None and got[0] is text and got[1] == pinned_sha256
                and (got[2] or not near or got[3].status != "not-found")):
            return got[3]
        r = resolve(e, text, pinned_sha256, near=near, max_quote=self.limits.max_quote)
        self._resolutions[key] = (text, pinned_sha256, near, r)
        return r

    def prune(self, keep: Iterable[Evidence]) -> None:
        """Forget the resolutions of every quote not in ``keep`` (by text and selectors): a long-running
        process that loads a map again and again (the language server) keeps one per live quote."""
        live = {_quote_key(e) for e in keep}
        self._resolutions = {k: v for k, v in self._resolutions.items() if k[1:] in live}

    def read(self, path: Path) -> SourceText | tuple[str, str]:
        """Like :meth:`get`, for a file path."""
        key = self._resolved.get(path)
        if key is None:
            key = self._resolved[path] = path.resolve()
        if key not in self._cache:
            try:
                if not key.is_file():
                    self._cache[key] = ("E302", "no such file" if not key.exists() else "not a regular file")
                else:
                    entry = self.entry(key)
                    matching = entry.matching if entry else Matching(timeout=self.limits.regex_timeout)
                    raw = read_bounded(key, self.limits.max_source_bytes, option="--max-source-bytes")
                    try:
                        decoded = raw.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        self._cache[key] = ("E303", _not_utf8(key, raw, exc.start))
                        return self._cache[key]
                    got = self._cache[key] = SourceText(decoded, matching, hashlib.sha256(raw).hexdigest())
                    if got.layout_stale and entry is not None:
                        self._stale.append(Diagnostic(
                            "E315", f"{key.name} changed since 'argmap source add' derived its pages, running heads "
                            f"and footnotes (sha256 {(entry.sha256 or 'none')[:12]}… recorded, {got.sha256[:12]}… now); "
                            "they are not used, so quotes get no page; run 'argmap source add' on the original "
                            "again (or restore the text)", entry.loc.file, entry.loc.line, entry.loc.column))
            except PatternTimeout as t:
                manifest = self.manifest(key.parent)
                at = entry.patterns.get(t.pattern) if entry else None
                place = f"{at.file}:{at.line}:{at.column}" if at else (manifest.path if manifest else "manifest")
                self._cache[key] = ("E313", f"{t} ({place}); the source is not searched. Simplify the pattern "
                                    "(nested repetition such as (a+)+ backtracks exponentially), or raise the "
                                    "limit with --regex-timeout")
            except OSError as exc:
                self._cache[key] = ("E303", exc.strerror or str(exc))
        return self._cache[key]


def _not_utf8(path: Path, raw: bytes, offset: int) -> str:
    """Why ``path`` (whose bytes are ``raw``; not UTF-8 at byte ``offset``) is not a text argmap can
    quote from, and what to do."""
    if b"%PDF-" in raw[:1024]:
        return (f"a PDF, not a text file; argmap quotes from UTF-8 text: run 'argmap source add {path.name}' to "
                "extract its text with pages (docs/anchoring.md, \"PDF sources\")")
    return (f"not UTF-8 (byte offset {offset}); if it is text in another encoding (Big5, GB18030, UTF-16…), run "
            f"'argmap source add {path.name}' to convert it")


def _quote_key(e: Evidence) -> tuple[object, ...]:
    """What :func:`argmap.evidence.anchoring.resolve` reads of a quote."""
    return (e.quote, e.line, e.start, e.end, e.prefix, e.suffix, e.page, e.page_end)


def _outside(source: Source) -> str | None:
    """Why ``source`` may not be read (absolute, or resolving outside its map's folder), or ``None``."""
    raw = Path(source.raw_path) if source.raw_path else None
    if raw is None:
        return None
    if "\0" in source.raw_path:
        return "the path holds a NUL character, which no file name can; correct the path"
    if raw.is_absolute() or raw.drive:
        return "an absolute path; give the path relative to the map file, inside the map's folder"
    base = source.path
    for _ in raw.parts:
        base = base.parent
    try:
        source.path.resolve().relative_to(base.resolve())
    except ValueError:
        return (f"resolves to {source.path.resolve()}, outside the map's folder {base.resolve()}; argmap reads "
                "sources only inside the folder of the map (copy the text there)")
    except (OSError, RuntimeError) as exc:  # a symlink loop
        return f"cannot be resolved: {exc}"
    return None


@dataclass
class Corpus:
    """The maps to check (``maps``), all maps known for resolving references (``known``), the
    diagnostics of files that could not be loaded, and the ids those files declared."""

    maps: list[Map] = field(default_factory=list)
    failed: list[Loaded] = field(default_factory=list)
    context: list[Map] = field(default_factory=list)
    context_failed_ids: set[str] = field(default_factory=set)
    #: Map files that could not be loaded (checked or beside them), by the id their name gives
    #: (``x`` for ``x.argmap.yaml``) → the file as displayed: R203 says "could not be loaded", not
    #: "not found", for a reference to one of them.
    failed_files: dict[str, str] = field(default_factory=dict)
    issue_sets: list[IssueSet] = field(default_factory=list)
    failed_issues: list[LoadedIssues] = field(default_factory=list)
    sources: SourceCache = field(default_factory=SourceCache)
    project: Project | None = None

    @property
    def limits(self) -> Limits:
        """The limits of this run (those the source cache was made with)."""
        return self.sources.limits

    @property
    def load_diagnostics(self) -> list[Diagnostic]:
        """Why files could not be loaded (maps, issues files), and the project file's problems."""
        out = [d for f in [*self.failed, *self.failed_issues] for d in f.diagnostics]
        return out + list(self.project.diagnostics if self.project else ())

    _cache: dict[str, tuple[tuple[int, ...], object]] = field(default_factory=dict, init=False, repr=False,
                                                                compare=False)

    def _cached(self, name: str, key: tuple[int, ...], build: Callable[[], object]) -> Any:
        """``build()``, kept while ``key`` (the sizes of the lists it reads) is unchanged: the
        checks ask for :attr:`known` once per map, and rebuilding it each time made a 1,000-map
        check quadratic."""
        got = self._cache.get(name)
        if got is None or got[0] != key:
            got = self._cache[name] = (key, build())
        return got[1]

    @property
    def issues(self) -> Mapping[str, Issue]:
        """Issue id → issue, over every issues file found (first definition wins)."""

        def build() -> dict[str, Issue]:
            out: dict[str, Issue] = {}
            for s in self.issue_sets:
                for issue in s.issues:
                    out.setdefault(issue.id, issue)
            return out

        return self._cached("issues", (len(self.issue_sets),), build)

    @property
    def typologies(self) -> list[Typology]:
        return [t for s in self.issue_sets for t in s.typologies]

    @property
    def known(self) -> Mapping[str, Map]:
        """Map id → map, over checked and context maps (first definition wins)."""

        def build() -> dict[str, Map]:
            out: dict[str, Map] = {}
            for m in [*self.maps, *self.context]:
                out.setdefault(m.id, m)
            return out

        return self._cached("known", (len(self.maps), len(self.context)), build)

    @property
    def unloadable_ids(self) -> frozenset[str]:
        """Ids declared by map files that failed to load (references to them are not dangling)."""
        return self._cached("unloadable", (len(self.failed), len(self.context_failed_ids)), lambda: frozenset(
            {f.declared_id for f in self.failed if f.declared_id} | self.context_failed_ids))


def load_corpus(paths: Iterable[Path], *, limits: Limits = DEFAULT_LIMITS,
                progress: Callable[[int, int], None] | None = None, project: Project | None = None) -> Corpus:
    """Load the maps at ``paths`` (files, or folders searched for ``*.argmap.yaml``).

    With a ``project`` (:mod:`argmap.load.project`), its issues files are read first (so their
    definitions are the ones used), and its map folders are searched too, their maps and issues
    files read as context: maps in several folders link to each other and share issues.

    Folders given are searched recursively. For a map file given alone, only the files directly
    beside it (its own folder, not subfolders) are read for cross-map references and issues, so
    checking ``/tmp/x.argmap.yaml`` does not walk all of ``/tmp``. ``limits`` apply to every file
    read (:mod:`argmap.model.limits`) and are kept in ``Corpus.limits`` for the checks. ``progress``, if
    given, is called as ``progress(files_read, files_in_all)`` after each file.

    Raises
    ------
    FileNotFoundError
        A path does not exist (a usage error: the CLI exits 2).
    """
    corpus = Corpus(sources=SourceCache(limits), project=project)
    targets: list[Path] = []
    folders: set[Path] = set()  # searched recursively
    beside: set[Path] = set()  # only their own files
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(str(p))
        if p.is_dir():
            targets += [f for f in find_map_files(p) if not outside_of(f, p)]
            folders.add(p.resolve())
        elif p.name.endswith(ISSUES_SUFFIXES):
            beside.add(p.resolve().parent)  # loaded below with the folder's other issues files
        else:
            targets.append(p)
            beside.add(p.resolve().parent)
    seen: set[Path] = set()

    def first_time(path: Path) -> bool:
        """True the first time a file is met (files named twice, or also found in a folder, load once)."""
        key = path.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    # every file, in the order read: the maps named, then per folder its issues files and other maps
    plan: list[tuple[str, Path]] = [("target", t) for t in targets if first_time(t)]
    if project is not None:
        plan += [("issues", f) for f in project.issues if first_time(f)]
        folders |= {f for f in project.maps if f not in folders}
    scans = [(f, True) for f in sorted(folders)] + [(f, False) for f in sorted(beside - folders)]
    refused: list[Path] = []
    for folder, recursive in scans:
        for role, suffixes in (("issues", ISSUES_SUFFIXES), ("context", MAP_SUFFIXES)):
            for f in find_map_files(folder, suffixes, recursive=recursive):
                if outside_of(f, folder):
                    if recursive and f.absolute() not in refused:  # a folder given on the command line: say so
                        refused.append(f.absolute())
                elif first_time(f):
                    plan.append((role, f))
    for f in refused:
        if f.name.endswith(ISSUES_SUFFIXES):
            corpus.failed_issues.append(LoadedIssues(None, (_outside_diagnostic(f),)))
        else:
            corpus.failed.append(Loaded(None, (_outside_diagnostic(f),), None))
    with gc_paused():
        _load_plan(corpus, plan, limits, progress)
    return corpus


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while maps are built or checked. Loading makes
    millions of acyclic objects (freed by reference counting alone); with the collector on, each
    collection rescans every object already loaded, so loading 1,000 maps cost time that grew
    faster than the corpus (benchmarks/README.md). The collector's previous state is restored."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _load_plan(corpus: Corpus, plan: list[tuple[str, Path]], limits: Limits,
               progress: Callable[[int, int], None] | None) -> None:
    for done, (role, path) in enumerate(plan, 1):
        if role == "issues":
            got = load_issues(path, limits=limits)
            if got.issues is not None:
                corpus.issue_sets.append(got.issues)
            else:
                corpus.failed_issues.append(got)
        else:
            loaded = load_map(path, limits=limits)
            if loaded.map is None:
                stem = next((path.name[: -len(s)] for s in MAP_SUFFIXES if path.name.endswith(s)), path.name)
                corpus.failed_files.setdefault(stem, display_path(path))
            if role == "target":
                if loaded.map is not None:
                    corpus.maps.append(loaded.map)
                else:
                    corpus.failed.append(loaded)
            elif loaded.map is not None:
                corpus.context.append(loaded.map)
            elif loaded.declared_id:
                corpus.context_failed_ids.add(loaded.declared_id)
        if progress is not None:
            progress(done, len(plan))
