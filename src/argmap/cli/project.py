"""``argmap init``: the project file argmap.yaml (docs/project.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click


@click.command("init")
@click.option("--maps", "maps", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of maps (repeat for several) [default: every folder here that holds *.argmap.yaml].")
@click.option("--issues", "issues", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A shared issues file (repeat) [default: the *.issues.yaml files in those folders].")
@click.option("--title", default=None, help="What the project is.")
@click.option("--force", is_flag=True, help="Replace an existing argmap.yaml.")
def init(maps: tuple[Path, ...], issues: tuple[Path, ...], title: str | None, force: bool) -> None:
    """Write argmap.yaml here: the project's folders of maps and the issues files they share.

    Then check, compare, classify and build, run anywhere in the project, read the maps of every
    folder together: a map in one folder links to claims of maps in another and answers the shared
    issues without a copy of the issues file (docs/project.md).

    Example:

    \b
        argmap init
        argmap init --maps arguments --maps my-maps --issues arguments/sco.issues.yaml
    """
    from argmap.edit.new import schema_ref
    from argmap.load.project import PROJECT_NAME, discover, project_text
    from argmap.output import write_atomic

    root = Path.cwd()
    target = root / PROJECT_NAME
    if target.exists() and not force:
        raise click.UsageError(f"{PROJECT_NAME} exists here; edit it, or give --force to replace it")
    found_maps, found_issues = discover(root)
    folders = [Path(os.path.abspath(m)) for m in maps] or found_maps
    files = [Path(os.path.abspath(i)) for i in issues] or found_issues
    outside = [p for p in [*folders, *files] if not p.resolve().is_relative_to(root.resolve())]
    if outside:
        raise click.UsageError(f"{outside[0]} is outside this folder; run argmap init in a folder that holds "
                               "all the project's maps")
    if not folders:
        click.echo("argmap init: no folder here holds *.argmap.yaml; make a map first (argmap new) or name "
                   "folders with --maps", err=True)
        sys.exit(2)
    rel = [Path(os.path.relpath(p.resolve(), root.resolve())).as_posix() for p in folders]
    rel_issues = [Path(os.path.relpath(p.resolve(), root.resolve())).as_posix() for p in files]
    write_atomic(target, project_text(rel, rel_issues, title, schema_ref(root, "project")).encode("utf-8"))
    click.echo(f"wrote {PROJECT_NAME}: maps in {', '.join(rel)}; issues from {', '.join(rel_issues) or 'none'}")
