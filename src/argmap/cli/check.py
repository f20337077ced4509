"""``argmap check``: check maps, and with ``--fix`` pin their quotes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.cli.common import _project, _run_check, _summary_line, limit_options
from argmap.model.diagnostics import exit_code
from argmap.model.limits import Limits
from argmap.output import json_report, terminal_safe, text_report


@click.command()
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

    PATHS are map files or folders searched for *.argmap.yaml (default: the map folders of the
    project file argmap.yaml here or above, else arguments/). In a project, the maps of its other
    folders and its issues files are read too (docs/project.md). Prints one line per problem as
    file:line:col: severity CODE message (codes: docs/checks.md).

    Example:

        argmap check arguments/

        argmap check --format json arguments/lin2013.argmap.yaml

        argmap check --fix arguments/      # pin every quote (docs/anchoring.md)
    """
    if not paths:
        project = _project(limits)
        if project is not None and project.maps:
            paths = project.maps
        elif not Path("arguments").is_dir():
            raise click.UsageError("no PATHS given, no project file argmap.yaml here or above (argmap init), and "
                                   "no arguments/ folder here")
        else:
            paths = (Path("arguments"),)
    if fix_quotes and not fix:
        raise click.UsageError("--fix-quotes works together with --fix")
    corpus, diagnostics, summary = _run_check(paths, limits)
    stale = False  # a file --fix did not edit because it changed after the check read it
    if fix and not any(d.unusable for d in diagnostics):
        from argmap.edit.fix import fix_corpus

        try:
            reports = fix_corpus(corpus, fix_quotes=fix_quotes)
        except OSError as exc:
            click.echo(terminal_safe(f"argmap: cannot write the fixes: {exc}", one_line=True), err=True)
            sys.exit(2)
        for r in reports:
            if r.stale:
                click.echo(terminal_safe(f"not fixed: {r.file} changed after it was checked (saved by an editor?); "
                                         "nothing was written to it. Run argmap check --fix again", one_line=True),
                           err=True)
            if r.changed:
                named = f", {r.sourced} quote(s) given their source" if r.sourced else ""
                click.echo(terminal_safe(f"fixed {r.file}: {r.pinned} quote(s) pinned, {r.quotes} quote(s) corrected, "
                                         f"{r.hashes} source hash(es) recorded{named}", one_line=True), err=True)
            for line in r.skipped:
                click.echo(terminal_safe(f"not pinned: {line}", one_line=True), err=True)
        stale = any(r.stale for r in reports)
        if any(r.changed for r in reports):
            corpus, diagnostics, summary = _run_check(paths, limits)
    elif fix:
        click.echo("argmap: nothing was fixed: some files cannot be read as maps (exit 2 problems above)", err=True)
    if fmt == "json":
        click.echo(json_report(diagnostics, **summary), nl=False)
    else:
        click.echo(text_report(diagnostics), nl=False)
        click.echo(_summary_line(summary) + f" in {summary['seconds']:.2f} s", err=True)
    code = exit_code(diagnostics, strict=strict)
    sys.exit(max(code, 1) if stale else code)
