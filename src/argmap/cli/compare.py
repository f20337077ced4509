"""``argmap compare`` and ``argmap classify``: two works issue by issue, the matrix works × issues,
and each work's camp by typology."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.checks import check_typology
from argmap.cli.common import (_all_map_files, _emit, _inputs, _is_file, _load_maps, _map_folders, _map_path,
                               _refuse_overwriting, limit_options)
from argmap.model.diagnostics import Diagnostic
from argmap.model.limits import Limits
from argmap.output import text_report


@click.command()
@click.argument("works", nargs=-1, metavar="[A B]")
@click.option("--all", "all_works", is_flag=True,
              help="The matrix works × issues over every map in --maps, with attributed positions.")
@click.option("--maps", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder where map ids are looked up [default: the project's map folders (argmap.yaml), "
                   "else arguments/].")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "html"]), default="text",
              show_default=True, help="Output format (JSON: schemas/compare.schema.json; HTML: one self-contained page).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--quotes", type=click.IntRange(0, 50), default=2, show_default=True,
              help="Quotes shown per claim (text, Markdown, HTML).")
@limit_options
def compare(works: tuple[str, ...], all_works: bool, maps: Path | None, fmt: str, output: Path | None, quotes: int,
            limits: Limits) -> None:
    """Compare two works issue by issue: positions, the claims and quotes behind them, claims the
    maps link across works, evidence both use, and suggested pairs they do not link yet
    (method: docs/compare.md). With --all: the matrix of every work's positions on every issue,
    including the positions works attribute to the authors they cite.

    A and B are map ids (looked up in --maps, or in every map folder of the project file argmap.yaml
    here or above: docs/project.md) or map files; the issues come from the project's issues files
    and the *.issues.yaml files beside the maps.

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

        corpus, found = _load_maps(_all_map_files(_map_folders(maps, limits)), "compare", limits)
        _refuse_overwriting(output, _inputs(corpus))
        mx = matrix(found, dict(corpus.issues))
        _emit({"text": m_text, "markdown": m_md, "json": m_json, "html": matrix_html}[fmt](mx), output,
              fmt in ("text", "markdown"))
        return
    if len(works) != 2:
        raise click.UsageError("give two works A B (map ids or files), or --all")
    from argmap.compare.pair import compare as run_compare, to_json, to_markdown, to_text
    from argmap.render.pages import compare_html

    a, b = works
    folders = _map_folders(maps, limits) if not (_is_file(a) and _is_file(b)) else []
    corpus, (ma, mb) = _load_maps([_map_path(a, folders, "A"), _map_path(b, folders, "B")], "compare", limits)
    if ma.id == mb.id:
        raise click.BadParameter("A and B are the same map", param_hint="B")
    _refuse_overwriting(output, _inputs(corpus))
    result = run_compare(ma, mb, dict(corpus.issues), corpus.known.values())
    text = {"text": lambda: to_text(result, quotes), "markdown": lambda: to_markdown(result, quotes),
            "json": lambda: to_json(result), "html": lambda: compare_html(result, quotes)}[fmt]()
    _emit(text, output, fmt in ("text", "markdown"))
    for p in result.problems:
        click.echo(f"warning: {p}", err=True)


@click.command()
@click.option("--maps", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the maps and their *.issues.yaml [default: the project's map folders "
                   "(argmap.yaml), else arguments/].")
@click.option("--typology", "typology_id", default=None, help="Only this typology (default: every one).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "html"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@limit_options
def classify(maps: Path | None, typology_id: str | None, fmt: str, output: Path | None, limits: Limits) -> None:
    """Derive each work's camp from its positions on a typology's criteria issues, and set it beside
    the camp the work states for itself and the camp other works assign it (by attribution),
    flagging every mismatch with the claims and quotes on both sides (method: docs/compare.md).

    Example:

        argmap classify

        argmap classify --format markdown -o renders/compare/classify.md
    """
    from argmap.render.pages import classify_html
    from argmap.compare.typology import classify_all, to_json as c_json, to_markdown as c_md, to_text as c_text

    folders = _map_folders(maps, limits)
    corpus, found = _load_maps(_all_map_files(folders), "classify", limits)
    _refuse_overwriting(output, _inputs(corpus))
    typologies = corpus.typologies
    if typology_id is not None:
        typologies = [t for t in typologies if t.id == typology_id]
        if not typologies:
            known = ", ".join(t.id for t in corpus.typologies) or "none"
            raise click.BadParameter(f"no typology {typology_id!r} (known: {known})", param_hint="--typology")
    if not typologies:
        where = ", ".join(f"{f}/" for f in folders)
        click.echo(f"argmap classify: no typology in the *.issues.yaml files of {where} (docs/format.md)", err=True)
        sys.exit(2)
    problems = [d for s in corpus.issue_sets for t in s.typologies if t in typologies
                for d in check_typology(t, corpus.issues, s.file)]
    if problems:
        click.echo(text_report(sorted(problems, key=Diagnostic.sort_key)), nl=False, err=True)
        click.echo(f"argmap classify: typology {', '.join(sorted({t.id for t in typologies}))} cannot be used: "
                   "fix the problems above (R216), or choose another with --typology", err=True)
        sys.exit(2)
    issues = dict(corpus.issues)
    results = classify_all(found, typologies, issues)
    text = {"text": lambda: c_text(results, issues, found), "markdown": lambda: c_md(results, issues, found),
            "json": lambda: c_json(results), "html": lambda: classify_html(results, issues, found)}[fmt]()
    _emit(text, output, fmt in ("text", "markdown"))

