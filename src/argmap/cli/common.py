"""What the commands share: the resource-limit options, the project file, loading and checking
maps, finding a map by id, and writing a command's output."""

from __future__ import annotations

import difflib
import functools
import sys
import time
from pathlib import Path
from typing import Iterable

import click

from argmap.checks import check_corpus, check_counts, fidelity_counts
from argmap.load.corpus import Corpus, load_corpus
from argmap.load.project import Project, find_project, load_project
from argmap.model import Map
from argmap.model.diagnostics import Diagnostic
from argmap.model.limits import DEFAULT_LIMITS, Limits
from argmap.output import Progress, terminal_safe, text_report, write_atomic


def _summary(corpus: Corpus, diagnostics: list[Diagnostic], seconds: float) -> dict[str, object]:
    counts = check_counts(diagnostics)
    return {"maps": len(corpus.maps) + len(corpus.failed), "claims": sum(len(m.claims) for m in corpus.maps),
            "fidelity": fidelity_counts(corpus.maps),
            "quotes": sum(len(c.evidence) for m in corpus.maps for c in m.claims),
            "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"],
            "seconds": round(seconds, 3)}


def _summary_line(s: dict[str, object]) -> str:
    fid = s.get("fidelity") or {}
    # claims by fidelity (docs/encoding.md), once any claim is marked
    by = (" (" + ", ".join(f"{n} {k}" for k, n in fid.items()) + ")"  # type: ignore[union-attr]
          if set(fid) - {"unmarked"} else "")
    return (f"checked {s['maps']} map(s), {s['claims']} claims{by}, {s['quotes']} quotes: "
            f"{s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} info(s)")


class _Seconds(click.ParamType):
    """A time limit in seconds: a finite number over 0 and at most an hour (``nan`` and ``inf`` are
    refused; the ``regex`` module's timeout overflows on huge values)."""

    name = "seconds"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not 0 < seconds <= 3600:  # also false for nan
            self.fail(f"{value!r} is not a time limit: give seconds over 0 and at most 3600", param, ctx)
        return seconds


_SECONDS = _Seconds()


def layout_timeout_option(f):  # type: ignore[no-untyped-def]
    """``--layout-timeout SECONDS`` (default :data:`argmap.render.graphviz.LAYOUT_TIMEOUT`), given to
    the command as ``layout_timeout``."""
    from argmap.render.graphviz import LAYOUT_TIMEOUT

    return click.option("--layout-timeout", type=_SECONDS, default=LAYOUT_TIMEOUT, show_default=True,
                        help="Limit: seconds one Graphviz layout may run before it is stopped.")(f)


def limit_options(f):  # type: ignore[no-untyped-def]
    """Add the resource-limit options (:mod:`argmap.model.limits`) to a command, which receives them as
    one ``limits: Limits`` argument. Put it directly above the command's ``def``."""

    @functools.wraps(f)
    def wrapper(*args, max_bytes: int, max_source_bytes: int, max_depth: int, max_nodes: int,  # type: ignore[no-untyped-def]
                max_quote: int, regex_timeout: float, **kwargs):
        return f(*args, limits=Limits(max_bytes=max_bytes, max_source_bytes=max_source_bytes, max_depth=max_depth,
                                      max_nodes=max_nodes, max_quote=max_quote, regex_timeout=regex_timeout),
                 **kwargs)

    d = DEFAULT_LIMITS
    for option in reversed([
        click.option("--max-bytes", type=click.IntRange(1), default=d.max_bytes, show_default=True,
                     help="Limit: largest map or issues file read, in bytes (L007)."),
        click.option("--max-source-bytes", type=click.IntRange(1), default=d.max_source_bytes, show_default=True,
                     help="Limit: largest source text read, in bytes (E303)."),
        click.option("--max-depth", type=click.IntRange(1, 500), default=d.max_depth, show_default=True,
                     help="Limit: deepest nesting of YAML lists and mappings (L001)."),
        click.option("--max-nodes", type=click.IntRange(1), default=d.max_nodes, show_default=True,
                     help="Limit: claims + inferences + attacks + quotes in one map (L009)."),
        click.option("--max-quote", type=click.IntRange(1), default=d.max_quote, show_default=True,
                     help="Limit: longest quote searched, in characters (E312)."),
        click.option("--regex-timeout", type=_SECONDS, default=d.regex_timeout,
                     show_default=True, help="Limit: seconds one manifest pattern may run on one text (E313)."),
    ]):
        wrapper = option(wrapper)
    return wrapper


def _project(limits: Limits = DEFAULT_LIMITS) -> Project | None:
    """The project of the current folder: the nearest argmap.yaml here or above (docs/project.md),
    loaded once per run; ``None`` when there is none."""
    path = find_project(Path.cwd())
    if path is None:
        return None
    key = (path.resolve(), limits)
    if key not in _PROJECTS:
        _PROJECTS[key] = load_project(path, limits)
    return _PROJECTS[key]


_PROJECTS: dict[tuple[Path, Limits], Project] = {}


def _is_file(ref: str) -> bool:
    """Whether ``ref`` names a file (``False`` for a name the system refuses, e.g. over 255 bytes)."""
    try:
        return Path(ref).is_file()
    except (OSError, ValueError):
        return False


def _map_folders(maps: Path | None, limits: Limits, hint: str = "--maps") -> list[Path]:
    """Where map ids are looked up and whole corpora read: ``maps`` when given, else the project's
    map folders, else ``arguments/``; a usage error (exit 2) when that folder does not exist."""
    if maps is not None:
        folders = [maps]
    else:
        project = _project(limits)
        folders = list(project.maps) if project is not None and project.maps else [Path("arguments")]
    for f in folders:
        if not f.is_dir():
            raise click.BadParameter(f"no folder {f}", param_hint=hint)
    return folders


def _run_check(paths: tuple[Path, ...], limits: Limits) -> tuple[Corpus, list[Diagnostic], dict[str, object]]:
    t0 = time.perf_counter()
    progress = Progress()
    try:
        corpus = load_corpus(paths, limits=limits, progress=progress("reading "), project=_project(limits))
    except FileNotFoundError as exc:
        raise click.BadParameter(f"no such file or folder: {exc}", param_hint="PATHS") from None
    diagnostics = check_corpus(corpus, progress=progress("checking"))
    return corpus, diagnostics, _summary(corpus, diagnostics, time.perf_counter() - t0)



def _require_claim(m: Map, claim_id: str, param_hint: str) -> None:
    """A claim id the map does not define is a usage error (exit 2) naming the closest ids."""
    if claim_id not in m.claims_by_id:
        near = difflib.get_close_matches(claim_id, list(m.claims_by_id), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise click.BadParameter(f"map {m.id!r} has no claim {claim_id!r}{hint}", param_hint=param_hint)


def _map_path(ref: str, maps: Path | list[Path], hint: str) -> Path:
    """A map file given as a path, or as a map id looked up in the folder(s) ``maps`` (a usage
    error, exit 2, when there is none: also for a name the system refuses, such as one over 255
    bytes)."""
    path = Path(ref)
    try:
        if path.is_file():
            return path
    except OSError as exc:  # a name too long, a loop of links, ...
        raise click.BadParameter(terminal_safe(f"{ref[:80]!r}{'…' if len(ref) > 80 else ''}: {exc.strerror or exc}",
                                               one_line=True), param_hint=hint) from None
    from argmap.load.corpus import MAP_SUFFIXES, find_map_files

    folders = maps if isinstance(maps, list) else [maps]
    for folder in folders:
        if folder.is_dir():
            for f in find_map_files(folder):
                if f.name in {ref + s for s in MAP_SUFFIXES}:
                    return f
    where = ", ".join(f"{f}/" for f in folders)
    raise click.BadParameter(f"no map file {ref!r}, and no {ref}.argmap.yaml in {where}", param_hint=hint)


def _load_maps(paths: list[Path], command: str, limits: Limits) -> tuple[Corpus, list[Map]]:
    """Load the maps at ``paths`` (with their folders' issues and sibling maps); on any load
    problem print the diagnostics and exit 2."""
    from argmap.checks.issues import check_issue_sets

    corpus = load_corpus(paths, limits=limits, project=_project(limits))
    loaded = {m.path.resolve(): m for m in corpus.maps}
    maps = [loaded.get(p.resolve()) for p in paths]
    # issues defined in two files (a copied issues file): which definition holds is not for argmap to guess
    twice = [d for d in check_issue_sets(corpus) if d.code == "R221"]
    if None in maps or corpus.failed_issues or twice or (corpus.project and corpus.project.diagnostics):
        click.echo(text_report(corpus.load_diagnostics + twice), nl=False, err=True)
        click.echo(f"argmap {command}: fix the problems above first (argmap check)", err=True)
        sys.exit(2)
    return corpus, maps  # type: ignore[return-value]


def _find_map(target: str, maps: Path) -> tuple[Path, str]:
    """``MAP#CLAIM`` → (map file, claim id). MAP is a file path or a map id looked up in ``maps``."""
    if "#" not in target:
        raise click.BadParameter(f"{target!r} is not MAP#CLAIM (e.g. lin2013#H)", param_hint="MAP#CLAIM")
    ref, claim_id = target.rsplit("#", 1)
    return _map_path(ref, maps, "MAP#CLAIM"), claim_id


def _emit(text: str, output: Path | None, terminal: bool = False) -> None:
    """Print ``text`` (with control characters made visible when ``terminal``: a text or Markdown
    report), or write it atomically to ``output``. An ``output`` that is empty or a folder is a
    usage error; one that cannot be written is reported (``argmap CMD: cannot write PATH: why``)
    and exits 2."""
    if output is None:
        click.echo(terminal_safe(text) if terminal else text, nl=False)
        return
    try:
        if not output.name or output.is_dir():
            raise click.BadParameter(f"{str(output)!r} is a folder: give the name of a file to write", param_hint="-o")
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        command = click.get_current_context(silent=True)
        name = command.info_name if command is not None else ""
        click.echo(terminal_safe(f"argmap {name}: cannot write {exc.filename or output}: {exc.strerror or exc}",
                                 one_line=True), err=True)
        sys.exit(2)
    click.echo(terminal_safe(f"wrote {output}", one_line=True), err=True)


def _inputs(corpus: Corpus, maps: Iterable[Map] = ()) -> list[Path]:
    """Every file a command read or may read: the maps (checked and beside them), their sources,
    the issues files and the sources' manifests."""
    from argmap.load.manifest import MANIFEST_NAME

    every = [*corpus.maps, *corpus.context, *maps]
    sources = [s.path for m in every for s in m.sources]
    return ([m.path for m in every] + sources + [s.path for s in corpus.issue_sets]
            + [p.parent / MANIFEST_NAME for p in sources])


def _refuse_overwriting(output: Path | None, inputs: Iterable[Path], hint: str = "-o") -> None:
    """A usage error (exit 2) when ``output`` is one of ``inputs`` (after following links): writing
    the output would destroy what was read."""
    if output is None:
        return
    try:
        target = output.resolve()
    except (OSError, RuntimeError):
        return
    for p in inputs:
        try:
            same = p.resolve() == target
        except (OSError, RuntimeError):
            continue
        if same:
            raise click.BadParameter(terminal_safe(f"{output} is a file this command reads ({p}); writing there "
                                                   "would destroy it. Give another output file", one_line=True),
                                     param_hint=hint)


def _all_map_files(folder: Path | list[Path]) -> list[Path]:
    from argmap.load.corpus import find_map_files

    folders = folder if isinstance(folder, list) else [folder]
    files = [f for d in folders for f in find_map_files(d)]
    if not files:
        raise click.BadParameter(f"no *.argmap.yaml in {', '.join(f'{d}/' for d in folders)}", param_hint="--maps")
    return files

