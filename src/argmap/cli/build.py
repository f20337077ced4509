"""``argmap build``: the main job (check every map, render each one, compare the works, export them)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.cli.common import _run_check, _summary_line, limit_options
from argmap.cli.interchange import EXPORTS, export_text
from argmap.cli.render import _map_html
from argmap.load.corpus import Corpus
from argmap.model.diagnostics import exit_code
from argmap.model.limits import Limits
from argmap.output import Progress, json_report, text_report, write_atomic


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default="arguments")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default="renders",
              show_default=True, help="Folder for the rendered diagrams.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format for the check.")
@limit_options
def build(folder: Path, out: Path, fmt: str, limits: Limits) -> None:
    """The main job: check every map in FOLDER, render each readable map to OUT/<id>.svg, and write
    the comparisons to OUT/compare/: every pair of works compared (Markdown, HTML, and the comparison
    diagram as SVG), the matrix works × issues with the agreement heatmap (HTML, agreement.svg) and
    the camps by typology (Markdown and HTML); and each map's interchange files to OUT/export/ (<id>.aif.json, <id>.argdown,
    <id>.graphml: docs/interchange.md).

    Exit code is the check's: 0 clean, 1 problems found, 2 unusable input.

    Example:

        argmap build arguments/ --out renders/
    """
    from argmap.render.graph import build_graph
    from argmap.render.graphviz import RenderError, engine_for, layout
    from argmap.render.options import RenderOptions
    from argmap.render.viewer import index_page

    corpus, diagnostics, summary = _run_check((folder,), limits)
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
                         _map_html(m, corpus, diagnostics, RenderOptions(), None, "index.html").encode("utf-8"))
            rendered(done, len(corpus.maps))
            if not progress.shows(len(corpus.maps)):
                click.echo(f"wrote {target} and {m.id}.html", err=True)
        extra: list[tuple[str, str]] = []
        if corpus.issue_sets and not corpus.failed_issues:
            extra = [(f"compare/{href}", label) for href, label in _build_comparisons(corpus, out / "compare")]
        for m in corpus.maps:
            for to, suffix in EXPORTS.items():
                write_atomic(out / "export" / f"{m.id}{suffix}", export_text(m, to).encode("utf-8"))
        click.echo(f"wrote {out / 'export'}/: AIF, Argdown and GraphML of {len(corpus.maps)} map(s)", err=True)
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


#: The work every other work is compared with by the main job (the corpus's typology source).
REFERENCE_WORK = "lin2013"


def _build_comparisons(corpus: Corpus, out: Path) -> list[tuple[str, str]]:
    """The comparison part of the main job, into ``out``: every pair of works compared (Markdown,
    HTML, and the comparison diagram as SVG with its DOT; the reference work, the source of the
    first typology or :data:`REFERENCE_WORK`, is A in its pairs), the matrix works × issues with the
    agreement heatmap (``matrix.html``, ``agreement.svg``) and the camps by typology."""
    from argmap.compare.pair import compare as run_compare, to_markdown
    from argmap.compare.matrix import matrix, to_markdown as m_md
    from argmap.render.pages import classify_html, compare_html, matrix_html
    from argmap.render.rows import build_rows_graph
    from argmap.render.graphviz import layout
    from argmap.compare.typology import classify_all, to_markdown as c_md
    from argmap.compare.agreement import agreement
    from argmap.render.heatmap import agreement_svg

    issues = dict(corpus.issues)
    maps = {m.id: m for m in corpus.maps}
    typologies = corpus.typologies
    ref_id = typologies[0].source.split("#")[0] if typologies and typologies[0].source else REFERENCE_WORK
    order = sorted(corpus.maps, key=lambda m: m.id != ref_id)  # the reference work first: it is A in its pairs
    pairs, stems = [], {}
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            c = run_compare(a, b, issues, corpus.known.values())
            stem = f"{a.id}-vs-{b.id}"
            graph = build_rows_graph(c, links_to="../")
            write_atomic(out / f"{stem}.md", to_markdown(c).encode("utf-8"))
            write_atomic(out / f"{stem}.html", compare_html(c).encode("utf-8"))
            write_atomic(out / f"{stem}.dot", graph.to_string().encode("utf-8"))
            write_atomic(out / f"{stem}.svg", layout(graph, "svg"))
            stems[a.id, b.id] = stems[b.id, a.id] = f"{stem}.html"
            pairs.append((f"{stem}.html", f"{a.id} vs {b.id} ({c.agreement:.0%})" if c.agreement is not None
                          else f"{a.id} vs {b.id}"))
            click.echo(f"wrote {out / stem}.{{md,html,svg,dot}}", err=True)
    mx = matrix(corpus.maps, issues)
    ag = agreement(mx)
    links = {(r, c): stems[row.map.id, col.map.id] for r, row in enumerate(ag.rows) for c, col in enumerate(ag.columns)
             if row.attribution is None and (row.map.id, col.map.id) in stems}
    svg = agreement_svg(ag, links)
    write_atomic(out / "agreement.svg", svg.encode("utf-8"))
    write_atomic(out / "matrix.md", m_md(mx).encode("utf-8"))
    write_atomic(out / "matrix.html", matrix_html(mx, pairs + [("classify.html", "camps by typology")],
                                                  svg).encode("utf-8"))
    results = classify_all(corpus.maps, typologies, issues)
    write_atomic(out / "classify.md", c_md(results, issues, corpus.maps).encode("utf-8"))
    write_atomic(out / "classify.html", classify_html(results, issues, corpus.maps).encode("utf-8"))
    click.echo(f"wrote {out}/matrix.{{md,html}}, {out}/agreement.svg and {out}/classify.{{md,html}}", err=True)
    return [("matrix.html", "positions × issues (matrix, agreement heatmap)"), ("agreement.svg", "agreement heatmap"),
            ("classify.html", "camps by typology")] + pairs
