"""``argmap export --to qdpx`` and ``argmap import --from qdpx``: REFI-QDA projects (MAXQDA, NVivo,
ATLAS.ti, QualCoder). The commands themselves are in :mod:`argmap.cli.interchange`; this module
writes and reads the project files for them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.cli.common import _load_maps
from argmap.model.diagnostics import exit_code
from argmap.model.limits import Limits
from argmap.output import text_report, write_atomic


def export_qdpx(files: list[Path], output: Path | None, limits: Limits) -> None:
    """Write the maps in ``files`` as one ``.qdpx`` project to ``output`` (exit 2 on a usage error or
    a map that does not load)."""
    from argmap.interchange.qdpx import to_qdpx

    if output is None:
        raise click.UsageError("--to qdpx writes one project for all the maps given: give -o FILE.qdpx")
    corpus, maps = _load_maps(files, "export", limits)
    ids = [m.id for m in maps]
    if len(set(ids)) != len(ids):
        raise click.UsageError("two maps declare the same id; a project holds each map once")
    result = to_qdpx(maps, corpus.sources, issue_files=tuple(s.path for s in corpus.issue_sets))
    try:
        write_atomic(output, result.data)
    except OSError as exc:
        click.echo(f"argmap export: cannot write {output}: {exc.strerror}", err=True)
        sys.exit(2)
    for mid, cid, k, why in result.skipped:
        click.echo(f"argmap export: {mid}#{cid} quote {k} is not in the project: {why}", err=True)
    click.echo(f"wrote {output}: {len(maps)} map(s), {result.selections} quote(s) as coded passages"
               + (f", {len(result.skipped)} quote(s) left out (not found in their source)" if result.skipped else ""),
               err=True)


def import_qdpx(file: Path, output: Path, map_id: str | None, language: str, force: bool, max_bytes: int) -> None:
    """Import a ``.qdpx`` project into the folder ``output``: ``<id>.argmap.yaml`` per map,
    ``sources/<file>`` per text and ``sources/manifest.yaml`` when the project carries matching
    settings. Exit 2 (nothing written) when the file is unusable or a file exists without ``force``."""
    from argmap.interchange.qdpx_import import from_qdpx
    from argmap.load.document import dump_yaml
    from argmap.load.loader import display_path
    from argmap.model.diagnostics import Diagnostic
    from argmap.model.limits import ReadRefused, read_bounded

    shown = display_path(file)
    try:
        data = read_bounded(file, max_bytes)
    except (ReadRefused, OSError) as exc:
        click.echo(text_report([Diagnostic("X528", getattr(exc, "reason", None) or str(exc), shown, 1, 1)]), nl=False)
        sys.exit(2)
    result = from_qdpx(data, shown, map_id=map_id, language=language)
    click.echo(text_report(result.diagnostics), nl=False)
    if not result.maps:
        sys.exit(2)
    header = ("# yaml-language-server: $schema=../schemas/argmap.schema.json\n"
              f"# Imported from {file.name} by argmap import --from qdpx (docs/interchange.md).\n")
    writes = [(output / f"{doc['id']}.argmap.yaml", dump_yaml(doc, header).encode("utf-8")) for doc in result.maps]
    writes += [(output / "sources" / name, text.encode("utf-8")) for name, text in result.texts.items()]
    writes += [(output / name, text.encode("utf-8")) for name, text in result.issues.items()]
    if result.manifest:
        writes.append((output / "sources" / "manifest.yaml",
                       dump_yaml({"sources": result.manifest}, "# Matching settings carried by the project.\n")
                       .encode("utf-8")))
    existing = [str(p) for p, _ in writes if p.exists()]
    if existing and not force:
        raise click.BadParameter(f"{existing[0]} exists; use --force to overwrite", param_hint="-o")
    try:
        for path, payload in writes:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, payload)
    except OSError as exc:
        click.echo(f"argmap import: cannot write {exc.filename}: {exc.strerror}", err=True)
        sys.exit(2)
    click.echo(f"wrote {len(result.maps)} map(s) and {len(result.texts)} source text(s) to {output}/: "
               f"{result.quotes} coded passage(s) as quotes; run `argmap check {output}` to prove them", err=True)
    sys.exit(exit_code(result.diagnostics))
