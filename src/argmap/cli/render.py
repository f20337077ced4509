"""``argmap render``: draw a map (SVG, PNG, PDF, DOT, or the interactive HTML page), or two maps
side by side."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.checks import check_corpus
from argmap.cli.common import (_inputs, _load_maps, _refuse_overwriting, _require_claim, layout_timeout_option,
                               limit_options)
from argmap.load.corpus import Corpus
from argmap.load.loader import load_map
from argmap.model import Map
from argmap.model.diagnostics import Diagnostic
from argmap.model.limits import Limits
from argmap.output import text_report, write_atomic

FORMATS = ("svg", "png", "pdf", "dot", "html")


def _render_one(map_path: Path, output: Path, fmt: str, opts, engine: str, limits: Limits,  # type: ignore[no-untyped-def]
                timeout: float) -> None:
    from argmap.load.corpus import SourceCache
    from argmap.render.graph import build_graph
    from argmap.render.graphviz import engine_for, layout

    if fmt == "html":
        corpus, (m,) = _load_maps([map_path], "render", limits)
        _refuse_overwriting(output, _inputs(corpus))
        _check_focus(m, opts)
        diagnostics = check_corpus(corpus)
        write_atomic(output, _map_html(m, corpus, diagnostics, opts, None, timeout=timeout).encode("utf-8"))
        return
    loaded = load_map(map_path, limits=limits)
    if loaded.map is None:
        click.echo(text_report(loaded.diagnostics), nl=False, err=True)
        raise SystemExit(2)
    _refuse_overwriting(output, [map_path, *(s.path for s in loaded.map.sources)])
    _check_focus(loaded.map, opts)
    graph = build_graph(loaded.map, opts, SourceCache(limits))
    if fmt == "dot":
        write_atomic(output, graph.to_string().encode("utf-8"))
        return
    prog = engine_for(graph) if engine == "auto" else engine
    write_atomic(output, layout(graph, fmt, prog, timeout=timeout))


def _check_focus(m: Map, opts) -> None:  # type: ignore[no-untyped-def]
    """A --focus that names no claim of the map is a usage error (exit 2) with close matches."""
    if opts.focus is not None:
        _require_claim(m, opts.focus, "--focus")


def _map_html(m: Map, corpus: Corpus, diagnostics: list[Diagnostic], opts, svg_zh: bytes | None,  # type: ignore[no-untyped-def]
              index_href: str | None = None, *, timeout: float | None = None) -> str:
    """The interactive page of ``m`` (both languages laid out, with the evaluation's marks;
    ``svg_zh`` reused when given: it must have been drawn with ``evaluate=True``)."""
    import dataclasses

    from argmap.render.graph import build_graph
    from argmap.render.graphviz import LAYOUT_TIMEOUT, engine_for, layout
    from argmap.render.viewer import map_page

    def draw(lang: str) -> bytes:
        graph = build_graph(m, dataclasses.replace(opts, lang=lang, evaluate=True), corpus.sources)
        return layout(graph, "svg", engine_for(graph), timeout=LAYOUT_TIMEOUT if timeout is None else timeout)

    svg_zh = draw("zh") if svg_zh is None else svg_zh
    svg_en = draw("en")
    return map_page(m, corpus, svg_zh.decode("utf-8"), svg_en.decode("utf-8"), diagnostics, index_href)


def _format_for(output: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    suffix = output.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise click.BadParameter(f"cannot tell the format from {output.name!r}; use --format", param_hint="-o")


@click.command()
@click.argument("map_files", metavar="MAP [MAP2]", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file; its suffix (.svg .png .pdf .dot .html) sets the format.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (default: from -o).")
@click.option("--lang", type=click.Choice(["zh", "en", "both"]), default="zh", show_default=True,
              help="Claim text: the paraphrase (zh), the English gloss (en), or both.")
@click.option("--evidence/--no-evidence", default=False, show_default=True,
              help="Draw each quote as a node of its own under its claim (default: quotes only in tooltips).")
@click.option("--focus", metavar="CLAIM", default=None, help="Draw only the neighbourhood of this claim.")
@click.option("--depth", type=click.IntRange(0, 50), default=1, show_default=True,
              help="With --focus: steps from the claim (support or attack, either way).")
@click.option("--cluster", type=click.Choice(["none", "section", "author"]), default="none", show_default=True,
              help="Group claims in boxes by their section (chapter) or by the author they are attributed to.")
@click.option("--legend/--no-legend", default=True, show_default=True, help="Draw the legend under the title.")
@click.option("--evaluate", is_flag=True, default=False,
              help="Mark every claim and inference in, out or undec (grounded, the map alone; docs/evaluation.md).")
@click.option("--claims-graph", is_flag=True, default=False,
              help="Two maps: draw the claim graphs side by side (clusters, support chains, links across) "
                   "instead of the issue rows.")
@click.option("--rankdir", type=click.Choice(["TB", "LR", "BT", "RL"]), default="TB", show_default=True,
              help="Layout direction of a single map; TB puts the thesis on top.")
@click.option("--engine", type=click.Choice(["auto", "dot", "sfdp"]), default="auto", show_default=True,
              help="Graphviz layout program; auto keeps dot (layered) unless edges exceed nodes by 800, then sfdp.")
@layout_timeout_option
@limit_options
def render(map_files: tuple[Path, ...], output: Path, fmt: str | None, lang: str, evidence: bool, focus: str | None,
           depth: int, cluster: str, legend: bool, evaluate: bool, claims_graph: bool, rankdir: str, engine: str,
           layout_timeout: float,
           limits: Limits) -> None:
    """Draw a map as SVG (or PNG, PDF, DOT, HTML) through Graphviz; with two maps, draw them side by side.

    HTML is one self-contained interactive page: the diagram in both languages, a search box, and a
    panel showing a clicked claim's reasons, objections and quotes in their source context.

    Support is drawn green and solid, attacks red and dashed; undercuts end on the inference they
    attack; attributed claims are violet with their author; unsupported claims are flagged.
    Hover a claim in the SVG to see its gloss and quotes. With --evaluate, each claim and
    inference is marked in, out or undec (the HTML page always is). Options: docs/rendering.md.

    Two maps give the comparison diagram: the issues as rows down the middle with the verdict
    (agree, partly, disagree), each work's position beside the row on its side with the few claims
    that carry it, then the agreement figure, the cross-map links and the passages both quote
    (docs/compare.md); with --evaluate each claim is marked as the two works evaluated together
    label it; --claims-graph draws the claim graphs side by side instead.

    Example:

        argmap render arguments/lin2013.argmap.yaml -o renders/lin2013.svg

        argmap render arguments/lin2013.argmap.yaml -o nsc.png --focus NSC --depth 2 --lang en

        argmap render arguments/lin2013.argmap.yaml -o lin2013.html

        argmap render arguments/lin2013.argmap.yaml -o lin2013-labels.svg --evaluate

        argmap render arguments/lin2013.argmap.yaml arguments/gpr33-2011.argmap.yaml -o lin2013-vs-gpr33.svg
    """
    from argmap.render.comparison import build_comparison_graph
    from argmap.render.graphviz import RenderError, layout
    from argmap.render.rows import build_rows_graph
    from argmap.evaluate.result import evaluate as _evaluate
    from argmap.render.options import RenderOptions

    fmt = _format_for(output, fmt)
    if len(map_files) > 2:
        raise click.UsageError("give one map, or two maps to draw side by side")
    opts = RenderOptions(lang=lang, rankdir=rankdir, legend=legend, evidence=evidence, focus=focus,  # type: ignore[arg-type]
                         depth=depth, cluster=cluster, evaluate=evaluate)  # type: ignore[arg-type]
    try:
        if len(map_files) == 1:
            _render_one(map_files[0], output, fmt, opts, engine, limits, layout_timeout)
        else:
            from argmap.compare.pair import compare as run_compare

            if fmt == "html":
                raise click.BadParameter("two maps are drawn as svg, png, pdf or dot; for an HTML "
                                         "comparison use 'argmap compare A B --format html'", param_hint="--format")
            corpus, (ma, mb) = _load_maps(list(map_files), "render", limits)
            _refuse_overwriting(output, _inputs(corpus))
            if ma.id == mb.id:
                raise click.BadParameter("the two maps are the same map", param_hint="MAP2")
            result = run_compare(ma, mb, dict(corpus.issues), corpus.known.values())
            if claims_graph:
                graph = build_comparison_graph(result, RenderOptions(lang=lang, columns=24, legend=False),  # type: ignore[arg-type]
                                               corpus.sources)
            else:
                graph = build_rows_graph(result, labels=_evaluate([ma, mb]).by_member() if evaluate else None)
            write_atomic(output, graph.to_string().encode("utf-8") if fmt == "dot" else
                         layout(graph, fmt, "dot" if engine == "auto" else engine, timeout=layout_timeout))
    except RenderError as exc:
        click.echo(f"argmap render: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"argmap render: cannot write {exc.filename or output}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    click.echo(f"wrote {output}", err=True)

