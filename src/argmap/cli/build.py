"""``argmap build``: the main job (check every map, render each one, compare the works, export them)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.cli.common import _map_folders, _run_check, _summary_line, limit_options
from argmap.cli.interchange import EXPORTS, export_text
from argmap.cli.render import _map_html
from argmap.load.corpus import Corpus
from argmap.model.diagnostics import exit_code
from argmap.model.limits import Limits
from argmap.output import Progress, json_report, text_report, write_atomic


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default="renders",
              show_default=True, help="Folder for the rendered diagrams.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format for the check.")
@limit_options
def build(folder: Path | None, out: Path, fmt: str, limits: Limits) -> None:
    """The main job: check every map in FOLDER (default: the map folders of the project file
    argmap.yaml here or above, else arguments/), render each readable map to OUT/<id>.svg, and write
    the comparisons to OUT/compare/: the matrix works × issues and the camps by typology (Markdown
    and HTML), and the typology's source work compared with each other work (Markdown, HTML, and a
    side-by-side SVG); and each map's interchange files to OUT/export/ (<id>.aif.json, <id>.argdown,
    <id>.graphml: docs/interchange.md) with the works' bibliography (bibliography.csl.json).

    Exit code is the check's: 0 clean, 1 problems found, 2 unusable input.

    Example:

        argmap build arguments/ --out renders/
    """
    from argmap.render.graph import build_graph
    from argmap.render.graphviz import RenderError, engine_for, layout
    from argmap.render.options import RenderOptions
    from argmap.render.viewer import index_page

    corpus, diagnostics, summary = _run_check(tuple(_map_folders(folder, limits, "FOLDER")), limits)
    if fmt == "json":
        click.echo(json_report(diagnostics, **summary), nl=False)
    else:
        click.echo(text_report(diagnostics), nl=False)
        click.echo(_summary_line(summary), err=True)
    progress = Progress()
    rendered = progress("drawing ")
    try:
        for done, m in enumerate(corpus.maps, 1):
            target = out / f"{m.id}.svg"
            graph = build_graph(m, None, corpus.sources)
            write_atomic(out / f"{m.id}.dot", graph.to_string().encode("utf-8"))
            svg = layout(graph, "svg", engine_for(graph))
            write_atomic(target, svg)
            write_atomic(out / f"{m.id}.html",
                         _map_html(m, corpus, diagnostics, RenderOptions(), svg, "index.html").encode("utf-8"))
            rendered(done, len(corpus.maps))
            if not progress.shows(len(corpus.maps)):
                click.echo(f"wrote {target} and {m.id}.html", err=True)
        extra: list[tuple[str, str]] = []
        if corpus.issue_sets and not corpus.failed_issues:
            extra = [(f"compare/{href}", label) for href, label in _build_comparisons(corpus, out / "compare")]
        for m in corpus.maps:
            for to, suffix in EXPORTS.items():
                write_atomic(out / "export" / f"{m.id}{suffix}", export_text(m, to).encode("utf-8"))
        from argmap.interchange.csljson import to_csl_json

        write_atomic(out / "export" / "bibliography.csl.json", to_csl_json(corpus.maps).encode("utf-8"))
        click.echo(f"wrote {out / 'export'}/: AIF, Argdown and GraphML of {len(corpus.maps)} map(s), and their "
                   "bibliography (CSL-JSON)", err=True)
        labels = {"aif": "AIF", "argdown": "Argdown", "graphml": "GraphML"}
        write_atomic(out / "index.html", index_page(corpus, diagnostics, extra,
                                                    [(s, labels[t]) for t, s in EXPORTS.items()]).encode("utf-8"))
        click.echo(f"wrote {out / 'index.html'}", err=True)
    except RenderError as exc:
        click.echo(f"argmap build: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"argmap build: cannot write {exc.filename or out}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    sys.exit(exit_code(diagnostics))


def _build_comparisons(corpus: Corpus, out: Path) -> list[tuple[str, str]]:
    """The comparison part of the main job, into ``out`` (:func:`argmap.serve.site.write_comparisons`,
    which ``argmap serve`` uses too); the links for the index."""
    from argmap.serve.site import write_comparisons

    links, _written = write_comparisons(corpus, out, lambda line: click.echo(line, err=True))
    return links
