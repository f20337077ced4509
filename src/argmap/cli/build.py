"""``argmap build``: the main job (check every map, render each one, compare the works, export them)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.cli.common import _map_folders, _run_check, _summary_line, layout_timeout_option, limit_options
from argmap.cli.interchange import EXPORT_LABELS, EXPORTS, export_text
from argmap.cli.render import _map_html
from argmap.load.corpus import Corpus
from argmap.model.diagnostics import Diagnostic, exit_code
from argmap.model.limits import Limits
from argmap.output import Progress, json_report, terminal_safe, text_report, write_atomic
from argmap.output.folder import FolderBusy, locked, staged


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default="renders",
              show_default=True, help="Folder for the rendered diagrams.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format for the check.")
@layout_timeout_option
@limit_options
def build(folder: Path | None, out: Path, fmt: str, layout_timeout: float, limits: Limits) -> None:
    """The main job: check every map in FOLDER (default: the map folders of the project file
    argmap.yaml here or above, else arguments/), render each readable map to OUT/<id>.svg, and write
    the comparisons to OUT/compare/: every pair of works compared (Markdown, HTML, and the comparison
    diagram as SVG), the matrix works × issues with the agreement heatmap (HTML, agreement.svg) and
    the camps by typology (Markdown and HTML); and each map's interchange files to OUT/export/
    (<id>.aif.json, <id>.xaif.json, <id>.argdown, <id>.graphml: docs/interchange.md) with the works'
    bibliography (bibliography.csl.json).

    Exit code is the check's: 0 clean, 1 problems found, 2 unusable input. Everything is written
    into a hidden folder in OUT first and moved into OUT at the end, so a build that fails (or is
    interrupted) leaves OUT as it was; while it runs, OUT is locked against another build. Two maps
    with one id, or a map with the id `index` (the index page's name), would overwrite each other's
    files: then nothing is written (exit 2).

    Example:

        argmap build arguments/ --out renders/
    """
    from argmap.render.graphviz import RenderError

    corpus, diagnostics, summary = _run_check(tuple(_map_folders(folder, limits, "FOLDER")), limits)
    if fmt == "json":
        click.echo(json_report(diagnostics, **summary), nl=False)
    else:
        click.echo(text_report(diagnostics), nl=False)
        click.echo(_summary_line(summary), err=True)
    clashes = _clashes(corpus)
    if clashes:
        for line in clashes:
            click.echo(terminal_safe(f"argmap build: {line}", one_line=True), err=True)
        click.echo(f"argmap build: nothing was written to {out}", err=True)
        sys.exit(2)
    stage = out
    try:
        with locked(out), staged(out) as stage:
            _write_all(corpus, diagnostics, stage, out, layout_timeout)
    except FolderBusy as exc:
        click.echo(terminal_safe(f"argmap build: {exc}", one_line=True), err=True)
        sys.exit(2)
    except RenderError as exc:
        click.echo(terminal_safe(f"argmap build: {exc}; nothing was written to {out}", one_line=True), err=True)
        sys.exit(2)
    except OSError as exc:
        where = str(exc.filename or out).replace(str(stage), str(out))
        click.echo(terminal_safe(f"argmap build: cannot write {where}: {exc.strerror or exc}; nothing was written "
                                 f"to {out}", one_line=True), err=True)
        sys.exit(2)
    sys.exit(exit_code(diagnostics))


#: File names in the output folder that are not a map's (a map with this id would be overwritten).
RESERVED_IDS = ("index",)


def _clashes(corpus: Corpus) -> list[str]:
    """Why the main job's files would overwrite each other: two maps with one id, or a map whose
    id is a name of :data:`RESERVED_IDS`; empty when none would."""
    out = []
    by_id: dict[str, list[str]] = {}
    for m in corpus.maps:
        by_id.setdefault(m.id, []).append(m.file)
    for mid, files in by_id.items():
        if len(files) > 1:
            out.append(f"{' and '.join(files)} all declare the map id {mid!r} (R210): their renders and exports "
                       "would overwrite each other; give each map its own id")
        if mid in RESERVED_IDS:
            out.append(f"{files[0]} declares the map id {mid!r}, the name of the index page ({mid}.html); "
                       "rename the map")
    return out


def _write_all(corpus: Corpus, diagnostics: list[Diagnostic], stage: Path, out: Path, timeout: float) -> None:
    """Every file of the main job, written into ``stage`` (reported by its name in ``out``)."""
    from argmap.render.graph import build_graph
    from argmap.render.graphviz import engine_for, layout
    from argmap.render.options import RenderOptions
    from argmap.render.viewer import index_page

    progress = Progress()
    rendered = progress("drawing ")
    for done, m in enumerate(corpus.maps, 1):
        graph = build_graph(m, None, corpus.sources)
        write_atomic(stage / f"{m.id}.dot", graph.to_string().encode("utf-8"))
        svg = layout(graph, "svg", engine_for(graph), timeout=timeout)
        write_atomic(stage / f"{m.id}.svg", svg)
        write_atomic(stage / f"{m.id}.html", _map_html(m, corpus, diagnostics, RenderOptions(), None, "index.html",
                                                       timeout=timeout).encode("utf-8"))
        rendered(done, len(corpus.maps))
        if not progress.shows(len(corpus.maps)):
            click.echo(terminal_safe(f"wrote {out / m.id}.svg and {m.id}.html", one_line=True), err=True)
    extra: list[tuple[str, str]] = []
    if corpus.issue_sets and not corpus.failed_issues:
        extra = [(f"compare/{href}", label)
                 for href, label in _build_comparisons(corpus, stage / "compare", out / "compare", timeout)]
    for m in corpus.maps:
        for to, suffix in EXPORTS.items():
            write_atomic(stage / "export" / f"{m.id}{suffix}", export_text(m, to).encode("utf-8"))
    from argmap.interchange.csljson import to_csl_json

    write_atomic(stage / "export" / "bibliography.csl.json", to_csl_json(corpus.maps).encode("utf-8"))
    labels = EXPORT_LABELS
    click.echo(terminal_safe(f"wrote {out / 'export'}/: {', '.join(labels[t] for t in EXPORTS)} of {len(corpus.maps)} "
                             "map(s), and their bibliography (CSL-JSON)", one_line=True), err=True)
    write_atomic(stage / "index.html", index_page(corpus, diagnostics, extra,
                                                  [(s, labels[t]) for t, s in EXPORTS.items()]).encode("utf-8"))
    click.echo(terminal_safe(f"wrote {out / 'index.html'}", one_line=True), err=True)


def _build_comparisons(corpus: Corpus, out: Path, shown: Path, timeout: float) -> list[tuple[str, str]]:
    """The comparison part of the main job, into ``out`` (:func:`argmap.serve.site.write_comparisons`,
    which ``argmap serve`` uses too); messages name the files as ``shown / name``; the links for the
    index."""
    from argmap.serve.site import write_comparisons

    def say(line: str) -> None:
        click.echo(terminal_safe(line.replace(str(out), str(shown)), one_line=True), err=True)

    links, _written = write_comparisons(corpus, out, say, timeout=timeout)
    return links
