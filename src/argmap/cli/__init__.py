"""The command line: a thin click layer over loader → checks → render.

Exit codes: 0 clean; 1 problems found; 2 unusable input (a map that is not readable YAML or cannot be
rendered) or wrong usage.
"""

from __future__ import annotations

import difflib
import functools
import re
import sys
import time
from pathlib import Path

import click

from argmap import __version__
from argmap.checks import check_corpus, check_counts
from argmap.load.corpus import Corpus, load_corpus
from argmap.model.diagnostics import Diagnostic, exit_code
from argmap.model.limits import DEFAULT_LIMITS, Limits
from argmap.load.loader import load_map
from argmap.model import Map
from argmap.output import Progress, json_report, terminal_safe, text_report, write_atomic

FORMATS = ("svg", "png", "pdf", "dot", "html")


def _summary(corpus: Corpus, diagnostics: list[Diagnostic], seconds: float) -> dict[str, object]:
    counts = check_counts(diagnostics)
    return {"maps": len(corpus.maps) + len(corpus.failed), "claims": sum(len(m.claims) for m in corpus.maps),
            "quotes": sum(len(c.evidence) for m in corpus.maps for c in m.claims),
            "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"],
            "seconds": round(seconds, 3)}


def _summary_line(s: dict[str, object]) -> str:
    return (f"checked {s['maps']} map(s), {s['claims']} claims, {s['quotes']} quotes: "
            f"{s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} info(s)")


def limit_options(f):  # type: ignore[no-untyped-def]
    """Add the resource-limit options (:mod:`argmap.model.limits`) to a command, which receives them as
    one ``limits: Limits`` argument. Put it directly above the command's ``def``."""

    @functools.wraps(f)
    def wrapper(*args, max_bytes: int, max_depth: int, max_nodes: int, max_quote: int,  # type: ignore[no-untyped-def]
                regex_timeout: float, **kwargs):
        return f(*args, limits=Limits(max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes,
                                      max_quote=max_quote, regex_timeout=regex_timeout), **kwargs)

    d = DEFAULT_LIMITS
    for option in reversed([
        click.option("--max-bytes", type=click.IntRange(1), default=d.max_bytes, show_default=True,
                     help="Limit: largest map or issues file read, in bytes (L007)."),
        click.option("--max-depth", type=click.IntRange(1, 500), default=d.max_depth, show_default=True,
                     help="Limit: deepest nesting of YAML lists and mappings (L001)."),
        click.option("--max-nodes", type=click.IntRange(1), default=d.max_nodes, show_default=True,
                     help="Limit: claims + inferences + attacks + quotes in one map (L009)."),
        click.option("--max-quote", type=click.IntRange(1), default=d.max_quote, show_default=True,
                     help="Limit: longest quote searched, in characters (E312)."),
        click.option("--regex-timeout", type=click.FloatRange(0, min_open=True), default=d.regex_timeout,
                     show_default=True, help="Limit: seconds one manifest pattern may run on one text (E313)."),
    ]):
        wrapper = option(wrapper)
    return wrapper


def _run_check(paths: tuple[Path, ...], limits: Limits) -> tuple[Corpus, list[Diagnostic], dict[str, object]]:
    t0 = time.perf_counter()
    progress = Progress()
    try:
        corpus = load_corpus(paths, limits=limits, progress=progress("reading "))
    except FileNotFoundError as exc:
        raise click.BadParameter(f"no such file or folder: {exc}", param_hint="PATHS") from None
    diagnostics = check_corpus(corpus, progress=progress("checking"))
    return corpus, diagnostics, _summary(corpus, diagnostics, time.perf_counter() - t0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="argmap")
def main() -> None:
    """argmap: argument maps of scholarly works, with every quote proved against its source.

    Maps are YAML files named <id>.argmap.yaml (format: docs/format.md).
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--fix", is_flag=True,
              help="Write each resolved quote's selectors (line, start, end, page, prefix, suffix) and each "
                   "source's sha256 into the map files, changing nothing else; then check again.")
@click.option("--fix-quotes", is_flag=True,
              help="With --fix: also replace a quote that is not found by its near miss, when that passage "
                   "is unique and at least 90% similar.")
@limit_options
def check(paths: tuple[Path, ...], fmt: str, strict: bool, fix: bool, fix_quotes: bool, limits: Limits) -> None:
    """Check maps: schema, ids, references, cycles, support, and that every quote occurs in its source.

    PATHS are map files or folders searched for *.argmap.yaml (default: arguments/). Prints one line
    per problem as file:line:col: severity CODE message (codes: docs/checks.md).

    Example:

        argmap check arguments/

        argmap check --format json arguments/lin2013.argmap.yaml

        argmap check --fix arguments/      # pin every quote (docs/anchoring.md)
    """
    if not paths:
        if not Path("arguments").is_dir():
            raise click.UsageError("no PATHS given and there is no arguments/ folder here")
        paths = (Path("arguments"),)
    if fix_quotes and not fix:
        raise click.UsageError("--fix-quotes works together with --fix")
    corpus, diagnostics, summary = _run_check(paths, limits)
    if fix and not any(d.unusable for d in diagnostics):
        from argmap.edit.fix import fix_corpus

        try:
            reports = fix_corpus(corpus, fix_quotes=fix_quotes)
        except OSError as exc:
            click.echo(f"argmap: cannot write the fixes: {exc}", err=True)
            sys.exit(2)
        for r in reports:
            if r.changed:
                click.echo(f"fixed {r.file}: {r.pinned} quote(s) pinned, {r.quotes} quote(s) corrected, "
                           f"{r.hashes} source hash(es) recorded", err=True)
            for line in r.skipped:
                click.echo(f"not pinned: {line}", err=True)
        if any(r.changed for r in reports):
            corpus, diagnostics, summary = _run_check(paths, limits)
    elif fix:
        click.echo("argmap: nothing was fixed: some files cannot be read as maps (exit 2 problems above)", err=True)
    if fmt == "json":
        click.echo(json_report(diagnostics, **summary), nl=False)
    else:
        click.echo(text_report(diagnostics), nl=False)
        click.echo(_summary_line(summary) + f" in {summary['seconds']:.2f} s", err=True)
    sys.exit(exit_code(diagnostics, strict=strict))


def _render_one(map_path: Path, output: Path, fmt: str, opts, engine: str, limits: Limits) -> None:  # type: ignore[no-untyped-def]
    from argmap.load.corpus import SourceCache
    from argmap.render.dot import build_graph, engine_for, layout

    if fmt == "html":
        corpus, (m,) = _load_maps([map_path], "render", limits)
        _check_focus(m, opts)
        diagnostics = check_corpus(corpus)
        write_atomic(output, _map_html(m, corpus, diagnostics, opts, None).encode("utf-8"))
        return
    loaded = load_map(map_path, limits=limits)
    if loaded.map is None:
        click.echo(text_report(loaded.diagnostics), nl=False, err=True)
        raise SystemExit(2)
    _check_focus(loaded.map, opts)
    graph = build_graph(loaded.map, opts, SourceCache(limits))
    if fmt == "dot":
        write_atomic(output, graph.to_string().encode("utf-8"))
        return
    prog = engine_for(graph) if engine == "auto" else engine
    write_atomic(output, layout(graph, fmt, prog))


def _require_claim(m: Map, claim_id: str, param_hint: str) -> None:
    """A claim id the map does not define is a usage error (exit 2) naming the closest ids."""
    if claim_id not in m.claims_by_id:
        near = difflib.get_close_matches(claim_id, list(m.claims_by_id), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise click.BadParameter(f"map {m.id!r} has no claim {claim_id!r}{hint}", param_hint=param_hint)


def _check_focus(m: Map, opts) -> None:  # type: ignore[no-untyped-def]
    """A --focus that names no claim of the map is a usage error (exit 2) with close matches."""
    if opts.focus is not None:
        _require_claim(m, opts.focus, "--focus")


def _map_html(m: Map, corpus: Corpus, diagnostics: list[Diagnostic], opts, svg_zh: bytes | None,  # type: ignore[no-untyped-def]
              index_href: str | None = None) -> str:
    """The interactive page of ``m`` (both languages laid out; ``svg_zh`` reused when given)."""
    import dataclasses

    from argmap.render.dot import build_graph, engine_for, layout
    from argmap.render.viewer import map_page

    def draw(lang: str) -> bytes:
        graph = build_graph(m, dataclasses.replace(opts, lang=lang), corpus.sources)
        return layout(graph, "svg", engine_for(graph))

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


@main.command()
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
@click.option("--rankdir", type=click.Choice(["TB", "LR", "BT", "RL"]), default="TB", show_default=True,
              help="Layout direction of a single map; TB puts the thesis on top.")
@click.option("--engine", type=click.Choice(["auto", "dot", "sfdp"]), default="auto", show_default=True,
              help="Graphviz layout program; auto keeps dot (layered) unless edges exceed nodes by 800, then sfdp.")
@limit_options
def render(map_files: tuple[Path, ...], output: Path, fmt: str | None, lang: str, evidence: bool, focus: str | None,
           depth: int, cluster: str, legend: bool, rankdir: str, engine: str, limits: Limits) -> None:
    """Draw a map as SVG (or PNG, PDF, DOT, HTML) through Graphviz; with two maps, draw them side by side.

    HTML is one self-contained interactive page: the diagram in both languages, a search box, and a
    panel showing a clicked claim's reasons, objections and quotes in their source context.

    Support is drawn green and solid, attacks red and dashed; undercuts end on the inference they
    attack; attributed claims are violet with their author; unsupported claims are flagged.
    Hover a claim in the SVG to see its gloss and quotes. Options: docs/rendering.md.

    Two maps give the comparison diagram: one cluster per work with the claims behind its
    positions, the issues in the middle coloured by agreement, and the cross-map links and shared
    passages drawn across (docs/compare.md).

    Example:

        argmap render arguments/lin2013.argmap.yaml -o renders/lin2013.svg

        argmap render arguments/lin2013.argmap.yaml -o nsc.png --focus NSC --depth 2 --lang en

        argmap render arguments/lin2013.argmap.yaml -o lin2013.html

        argmap render arguments/lin2013.argmap.yaml arguments/gpr33-2011.argmap.yaml -o lin2013-vs-gpr33.svg
    """
    from argmap.render.dot import RenderError, RenderOptions, build_comparison_graph, layout

    fmt = _format_for(output, fmt)
    if len(map_files) > 2:
        raise click.UsageError("give one map, or two maps to draw side by side")
    opts = RenderOptions(lang=lang, rankdir=rankdir, legend=legend, evidence=evidence, focus=focus,  # type: ignore[arg-type]
                         depth=depth, cluster=cluster)  # type: ignore[arg-type]
    try:
        if len(map_files) == 1:
            _render_one(map_files[0], output, fmt, opts, engine, limits)
        else:
            from argmap.compare.pair import compare as run_compare

            if fmt == "html":
                raise click.BadParameter("two maps are drawn as svg, png, pdf or dot; for an HTML "
                                         "comparison use 'argmap compare A B --format html'", param_hint="--format")
            corpus, (ma, mb) = _load_maps(list(map_files), "render", limits)
            if ma.id == mb.id:
                raise click.BadParameter("the two maps are the same map", param_hint="MAP2")
            graph = build_comparison_graph(run_compare(ma, mb, dict(corpus.issues), corpus.known.values()),
                                           RenderOptions(lang=lang, columns=24, legend=False),  # type: ignore[arg-type]
                                           corpus.sources)
            write_atomic(output, graph.to_string().encode("utf-8") if fmt == "dot" else
                         layout(graph, fmt, "dot" if engine == "auto" else engine))
    except RenderError as exc:
        click.echo(f"argmap render: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"argmap render: cannot write {exc.filename or output}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default="arguments")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default="renders",
              show_default=True, help="Folder for the rendered diagrams.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format for the check.")
@limit_options
def build(folder: Path, out: Path, fmt: str, limits: Limits) -> None:
    """The main job: check every map in FOLDER, render each readable map to OUT/<id>.svg, and write
    the comparisons to OUT/compare/: the matrix works × issues and the camps by typology (Markdown
    and HTML), and the typology's source work compared with each other work (Markdown, HTML, and a
    side-by-side SVG); and each map's interchange files to OUT/export/ (<id>.aif.json, <id>.argdown,
    <id>.graphml: docs/interchange.md).

    Exit code is the check's: 0 clean, 1 problems found, 2 unusable input.

    Example:

        argmap build arguments/ --out renders/
    """
    from argmap.render.dot import RenderError, RenderOptions, build_graph, engine_for, layout
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
    """The comparison part of the main job, into ``out``: the matrix works × issues and the camps
    by typology (Markdown and HTML), and the reference work (the source of the first typology, or
    :data:`REFERENCE_WORK`) compared with each other work (Markdown, HTML and the side-by-side SVG
    with its DOT)."""
    from argmap.compare.pair import compare as run_compare, to_markdown
    from argmap.compare.matrix import matrix, to_markdown as m_md
    from argmap.render.pages import classify_html, compare_html, matrix_html
    from argmap.render.dot import build_comparison_graph, layout
    from argmap.compare.typology import classify_all, to_markdown as c_md

    issues = dict(corpus.issues)
    maps = {m.id: m for m in corpus.maps}
    typologies = corpus.typologies
    ref_id = typologies[0].source.split("#")[0] if typologies and typologies[0].source else REFERENCE_WORK
    ref = maps.get(ref_id)
    pairs = []
    if ref is not None:
        for other in corpus.maps:
            if other.id == ref.id:
                continue
            c = run_compare(ref, other, issues, corpus.known.values())
            stem = f"{ref.id}-vs-{other.id}"
            graph = build_comparison_graph(c, None, corpus.sources)
            write_atomic(out / f"{stem}.md", to_markdown(c).encode("utf-8"))
            write_atomic(out / f"{stem}.html", compare_html(c).encode("utf-8"))
            write_atomic(out / f"{stem}.dot", graph.to_string().encode("utf-8"))
            write_atomic(out / f"{stem}.svg", layout(graph, "svg"))
            pairs.append((f"{stem}.html", f"{ref.id} vs {other.id} ({c.agreement:.0%})" if c.agreement is not None
                          else f"{ref.id} vs {other.id}"))
            click.echo(f"wrote {out / stem}.{{md,html,svg,dot}}", err=True)
    mx = matrix(corpus.maps, issues)
    write_atomic(out / "matrix.md", m_md(mx).encode("utf-8"))
    write_atomic(out / "matrix.html", matrix_html(mx, pairs + [("classify.html", "camps by typology")]).encode("utf-8"))
    results = classify_all(corpus.maps, typologies, issues)
    write_atomic(out / "classify.md", c_md(results, issues, corpus.maps).encode("utf-8"))
    write_atomic(out / "classify.html", classify_html(results, issues, corpus.maps).encode("utf-8"))
    click.echo(f"wrote {out}/matrix.{{md,html}} and {out}/classify.{{md,html}}", err=True)
    return [("matrix.html", "positions × issues (matrix)"), ("classify.html", "camps by typology")] + pairs


def _map_path(ref: str, maps: Path, hint: str) -> Path:
    """A map file given as a path, or as a map id looked up in ``maps``."""
    path = Path(ref)
    if path.is_file():
        return path
    from argmap.load.corpus import MAP_SUFFIXES, find_map_files

    if maps.is_dir():
        for f in find_map_files(maps):
            if f.name in {ref + s for s in MAP_SUFFIXES}:
                return f
    raise click.BadParameter(f"no map file {ref!r}, and no {ref}.argmap.yaml in {maps}/", param_hint=hint)


def _load_maps(paths: list[Path], command: str, limits: Limits) -> tuple[Corpus, list[Map]]:
    """Load the maps at ``paths`` (with their folders' issues and sibling maps); on any load
    problem print the diagnostics and exit 2."""
    corpus = load_corpus(paths, limits=limits)
    loaded = {m.path.resolve(): m for m in corpus.maps}
    maps = [loaded.get(p.resolve()) for p in paths]
    if None in maps or corpus.failed_issues:
        click.echo(text_report(corpus.load_diagnostics), nl=False, err=True)
        click.echo(f"argmap {command}: fix the problems above first (argmap check)", err=True)
        sys.exit(2)
    return corpus, maps  # type: ignore[return-value]


def _find_map(target: str, maps: Path) -> tuple[Path, str]:
    """``MAP#CLAIM`` → (map file, claim id). MAP is a file path or a map id looked up in ``maps``."""
    if "#" not in target:
        raise click.BadParameter(f"{target!r} is not MAP#CLAIM (e.g. lin2013#H)", param_hint="MAP#CLAIM")
    ref, claim_id = target.rsplit("#", 1)
    return _map_path(ref, maps, "MAP#CLAIM"), claim_id


@main.command()
@click.argument("target", metavar="MAP#CLAIM")
@click.option("--maps", type=click.Path(file_okay=False, path_type=Path), default="arguments", show_default=True,
              help="Folder where a map id is looked up.")
@click.option("--context", "sentences", type=click.IntRange(0, 5), default=1, show_default=True,
              help="Sentences shown before and after the sentence that holds each quote.")
@limit_options
def show(target: str, maps: Path, sentences: int, limits: Limits) -> None:
    """Print a claim with its reasons, objections, positions and each quote in its source context.

    MAP is a map id (looked up in --maps) or a map file. The quoted passage is marked 【…】 and each
    quote is located as source-file:line:column, with its code-point offsets and page.

    Example:

        argmap show lin2013#H

        argmap show arguments/guo-wuping.argmap.yaml#T --context 2
    """
    from argmap.render.reading import CLOSE, OPEN, show_claim

    path, claim_id = _find_map(target, maps)
    corpus, (m,) = _load_maps([path], "show", limits)
    _require_claim(m, claim_id, "MAP#CLAIM")
    text = show_claim(m, corpus, claim_id, sentences)
    text = terminal_safe(text)
    if sys.stdout.isatty():
        text = text.replace(OPEN, OPEN + "\x1b[1m").replace(CLOSE, "\x1b[0m" + CLOSE)
    click.echo(text, nl=False)


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("words", nargs=-1, required=True)
@click.option("--source-id", help="Add 'source: ID' to the entry (for maps with several sources).")
@limit_options
def quote(source: Path, words: tuple[str, ...], source_id: str | None, limits: Limits) -> None:
    """Find a passage in a source text and print a ready-to-paste evidence entry with its selector.

    The words are joined with spaces; whitespace and line breaks do not matter, and the source's
    normalisation (its manifest.yaml) applies. The entry holds the passage as the source has it,
    with line, start/end (code points), page, prefix and suffix. A passage that occurs several
    times gives one entry per occurrence; one that is not found gives the closest passage and exit 1.

    Example:

        argmap quote arguments/sources/002_a7571c67bdaab12b.txt 上合組織即為一個高度平衡美國的組織
    """
    from argmap.load.corpus import SourceCache
    from argmap.render.reading import find_quote
    from argmap.evidence.sources import SourceText

    cache = SourceCache(limits)
    got = cache.read(source)
    for d in cache.diagnostics:
        click.echo(str(d), err=True)
    if not isinstance(got, SourceText):
        click.echo(f"argmap quote: {source}: {got[1]}", err=True)
        sys.exit(2)
    result = find_quote(got, str(source), " ".join(words), source_id)
    click.echo(result.text, nl=False)
    sys.exit(0 if result.found else 1)


def _emit(text: str, output: Path | None, terminal: bool = False) -> None:
    """Print ``text`` (with control characters made visible when ``terminal``: a text or Markdown
    report), or write it atomically to ``output``."""
    if output is None:
        click.echo(terminal_safe(text) if terminal else text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("works", nargs=-1, metavar="[A B]")
@click.option("--all", "all_works", is_flag=True,
              help="The matrix works × issues over every map in --maps, with attributed positions.")
@click.option("--maps", type=click.Path(file_okay=False, path_type=Path), default="arguments", show_default=True,
              help="Folder where map ids are looked up.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "html"]), default="text",
              show_default=True, help="Output format (JSON: schemas/compare.schema.json; HTML: one self-contained page).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--quotes", type=click.IntRange(0, 50), default=2, show_default=True,
              help="Quotes shown per claim (text, Markdown, HTML).")
@limit_options
def compare(works: tuple[str, ...], all_works: bool, maps: Path, fmt: str, output: Path | None, quotes: int,
            limits: Limits) -> None:
    """Compare two works issue by issue: positions, the claims and quotes behind them, claims the
    maps link across works, evidence both use, and suggested pairs they do not link yet
    (method: docs/compare.md). With --all: the matrix of every work's positions on every issue,
    including the positions works attribute to the authors they cite.

    A and B are map ids (looked up in --maps) or map files; the issues come from the *.issues.yaml
    files beside them.

    Example:

        argmap compare lin2013 guo-wuping

        argmap compare lin2013 gpr33-2011 --format html -o lin2013-vs-gpr33.html

        argmap compare --all --format markdown
    """
    if all_works:
        if works:
            raise click.BadParameter("give either A B or --all, not both", param_hint="--all")
        from argmap.compare.matrix import matrix, to_json as m_json, to_markdown as m_md, to_text as m_text
        from argmap.render.pages import matrix_html

        if not maps.is_dir():
            raise click.BadParameter(f"no folder {maps}", param_hint="--maps")
        corpus, found = _load_maps(_all_map_files(maps), "compare", limits)
        mx = matrix(found, dict(corpus.issues))
        _emit({"text": m_text, "markdown": m_md, "json": m_json, "html": matrix_html}[fmt](mx), output,
              fmt in ("text", "markdown"))
        return
    if len(works) != 2:
        raise click.UsageError("give two works A B (map ids or files), or --all")
    from argmap.compare.pair import compare as run_compare, to_json, to_markdown, to_text
    from argmap.render.pages import compare_html

    a, b = works
    corpus, (ma, mb) = _load_maps([_map_path(a, maps, "A"), _map_path(b, maps, "B")], "compare", limits)
    if ma.id == mb.id:
        raise click.BadParameter("A and B are the same map", param_hint="B")
    result = run_compare(ma, mb, dict(corpus.issues), corpus.known.values())
    text = {"text": lambda: to_text(result, quotes), "markdown": lambda: to_markdown(result, quotes),
            "json": lambda: to_json(result), "html": lambda: compare_html(result, quotes)}[fmt]()
    _emit(text, output, fmt in ("text", "markdown"))
    for p in result.problems:
        click.echo(f"warning: {p}", err=True)


def _all_map_files(folder: Path) -> list[Path]:
    from argmap.load.corpus import find_map_files

    files = find_map_files(folder)
    if not files:
        raise click.BadParameter(f"no *.argmap.yaml in {folder}/", param_hint="--maps")
    return files


@main.command()
@click.option("--maps", type=click.Path(file_okay=False, path_type=Path), default="arguments", show_default=True,
              help="Folder of the maps and their *.issues.yaml.")
@click.option("--typology", "typology_id", default=None, help="Only this typology (default: every one).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "html"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@limit_options
def classify(maps: Path, typology_id: str | None, fmt: str, output: Path | None, limits: Limits) -> None:
    """Derive each work's camp from its positions on a typology's criteria issues, and set it beside
    the camp the work states for itself and the camp other works assign it (by attribution),
    flagging every mismatch with the claims and quotes on both sides (method: docs/compare.md).

    Example:

        argmap classify

        argmap classify --format markdown -o renders/compare/classify.md
    """
    from argmap.render.pages import classify_html
    from argmap.compare.typology import classify_all, to_json as c_json, to_markdown as c_md, to_text as c_text

    if not maps.is_dir():
        raise click.BadParameter(f"no folder {maps}", param_hint="--maps")
    corpus, found = _load_maps(_all_map_files(maps), "classify", limits)
    typologies = corpus.typologies
    if typology_id is not None:
        typologies = [t for t in typologies if t.id == typology_id]
        if not typologies:
            known = ", ".join(t.id for t in corpus.typologies) or "none"
            raise click.BadParameter(f"no typology {typology_id!r} (known: {known})", param_hint="--typology")
    if not typologies:
        click.echo(f"argmap classify: no typology in the *.issues.yaml files of {maps}/ (docs/format.md)", err=True)
        sys.exit(2)
    issues = dict(corpus.issues)
    results = classify_all(found, typologies, issues)
    text = {"text": lambda: c_text(results, issues, found), "markdown": lambda: c_md(results, issues, found),
            "json": lambda: c_json(results), "html": lambda: classify_html(results, issues, found)}[fmt]()
    _emit(text, output, fmt in ("text", "markdown"))


#: A map id (schemas/argmap.schema.json, ``id``).
MAP_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

#: Export formats: name → file suffix.
EXPORTS = {"aif": ".aif.json", "argdown": ".argdown", "graphml": ".graphml"}


def export_text(m: Map, to: str) -> str:
    """The map in interchange format ``to`` (a key of :data:`EXPORTS`), as text."""
    if to == "aif":
        from argmap.interchange.aif import dumps, to_aif

        return dumps(to_aif(m))
    if to == "argdown":
        from argmap.interchange.argdown import to_argdown

        return to_argdown(m)
    from argmap.interchange.graphml import to_graphml

    return to_graphml(m)


@main.command("export")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--to", "formats", type=click.Choice(sorted(EXPORTS)), multiple=True, required=True,
              help="Interchange format (repeat for several, with --out).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file for one map and one format (default: standard output).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder: writes <id>.aif.json, <id>.argdown, <id>.graphml.")
@limit_options
def export_cmd(paths: tuple[Path, ...], formats: tuple[str, ...], output: Path | None, out_dir: Path | None,
               limits: Limits) -> None:
    """Export maps to AIF JSON (OVA, AIFdb), Argdown, or GraphML (Gephi, yEd, Cytoscape).

    PATHS are map files or folders of maps. The mapping, and what each format loses, is in
    docs/interchange.md. A map must load (schema-valid) to be exported; it need not pass every check.

    Example:

        argmap export arguments/lin2013.argmap.yaml --to aif -o lin2013.aif.json

        argmap export arguments/ --to aif --to argdown --to graphml --out exports/
    """
    from argmap.load.corpus import find_map_files

    if output is not None and out_dir is not None:
        raise click.UsageError("give -o FILE or --out FOLDER, not both")
    files = [f for p in paths for f in (find_map_files(p) if p.is_dir() else [p])]
    if not files:
        raise click.BadParameter("no *.argmap.yaml in the folder(s) given", param_hint="PATHS")
    if out_dir is None and (len(files) > 1 or len(formats) > 1):
        raise click.UsageError(f"{len(files)} map(s) in {len(formats)} format(s): give --out FOLDER")
    _, maps = _load_maps(files, "export", limits)
    seen: dict[str, Map] = {}
    for m in maps:
        if m.id in seen and out_dir is not None:
            raise click.UsageError(f"{seen[m.id].file} and {m.file} both declare id {m.id!r}, so their exports "
                                   f"would overwrite each other in {out_dir}; export them to different folders")
        seen[m.id] = m
    outputs = []
    for m in maps:
        for to in formats:
            text = export_text(m, to)
            target = output if out_dir is None else out_dir / f"{m.id}{EXPORTS[to]}"
            outputs.append((target, text))
    try:
        for target, text in outputs:
            _emit(text, target)
    except OSError as exc:
        click.echo(f"argmap export: cannot write {exc.filename}: {exc.strerror}", err=True)
        sys.exit(2)


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "from_", type=click.Choice(["aif"]), default="aif", show_default=True,
              help="Format of FILE.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The map file to write, <id>.argmap.yaml.")
@click.option("--id", "map_id", default=None, help="Map id (default: from the file name).")
@click.option("--language", default="en", show_default=True, help="BCP 47 language of the texts (AIF records none).")
@click.option("--thesis", default=None, metavar="NODEID", help="nodeID of the I-node to mark as thesis.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--max-bytes", type=click.IntRange(1), default=50 * 1024 * 1024, show_default=True,
              help="Limit: largest AIF file read, in bytes (X501).")
def import_cmd(file: Path, from_: str, output: Path, map_id: str | None, language: str, thesis: str | None,
               force: bool, max_bytes: int) -> None:
    """Import an AIF JSON argument graph (OVA, AIFdb, AraucariaDB) as an argmap map.

    I-nodes become claims, RA-nodes inferences, CA-nodes rebuttals or undercuts, MA-nodes rephrase
    inferences, and an L-node anchored to an I-node by a YA-node names who asserts the claim. Every
    construct that cannot be mapped is reported as an X5xx diagnostic at its file:line:col
    (docs/interchange.md); nothing is dropped silently. Exit code: 0 when everything was mapped,
    1 when something was reported as not imported (the map is still written), 2 when FILE is not
    usable AIF (nothing is written).

    The new map has no sources or quotes: AIF does not carry the source text. `argmap check` then
    reports every claim without evidence or inference (C401) — the quotes still to be added.

    Example:

        argmap import nodeset10.json --from aif -o arguments/nodeset10.argmap.yaml
    """
    from argmap.interchange.aif import from_aif, read_aif
    from argmap.load.document import dump_yaml

    if map_id is not None and not MAP_ID.match(map_id):
        raise click.BadParameter(f"{map_id!r}: use lower-case letters, digits and '-'", param_hint="--id")
    if output.exists() and not force:
        raise click.BadParameter(f"{output} exists; use --force to overwrite it", param_hint="-o")
    read = read_aif(file, max_bytes=max_bytes)
    if isinstance(read, Diagnostic):
        click.echo(text_report([read]), nl=False)
        sys.exit(2)
    data, text = read
    if map_id is None:
        name = output.name.removesuffix(".argmap.yaml") if output.name.endswith(".argmap.yaml") else None
        map_id = name if name and MAP_ID.match(name) else None
    result = from_aif(data, str(file), text, map_id=map_id, language=language, thesis=thesis)
    click.echo(text_report(result.diagnostics), nl=False)
    if result.doc is None:
        sys.exit(2)
    header = (f"# yaml-language-server: $schema=../schemas/argmap.schema.json\n"
              f"# Imported from {file.name} by argmap import --from aif (docs/interchange.md).\n")
    try:
        _emit(dump_yaml(result.doc, header), output)
    except OSError as exc:
        click.echo(f"argmap import: cannot write {output}: {exc.strerror}", err=True)
        sys.exit(2)
    c = result.made
    read = ", ".join(f"{n} {t}" for t, n in sorted(result.node_types.items()))
    click.echo(f"imported {c['claims']} claim(s), {c['inferences']} inference(s), {c['attacks']} attack(s) "
               f"from AIF nodes {read}", err=True)
    sys.exit(exit_code(result.diagnostics))


from argmap.cli.source import source as _source_group  # noqa: E402  (argmap source add)

main.add_command(_source_group)
