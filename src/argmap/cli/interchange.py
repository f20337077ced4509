"""``argmap export`` and ``argmap import``: interchange formats (AIF, Argdown, GraphML; AIF in)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from argmap.cli.common import _emit, _inputs, _load_maps, _refuse_overwriting, limit_options
from argmap.interchange.aif.importer import Imported
from argmap.model import Map
from argmap.model.diagnostics import Diagnostic, exit_code
from argmap.model.limits import Limits
from argmap.output import terminal_safe, text_report


#: A map id (schemas/argmap.schema.json, ``id``).
MAP_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

#: Export formats: name → file suffix.
EXPORTS = {"aif": ".aif.json", "argdown": ".argdown", "graphml": ".graphml", "xaif": ".xaif.json"}
#: Export formats: name → how a reader calls it.
EXPORT_LABELS = {"aif": "AIF", "argdown": "Argdown", "graphml": "GraphML", "xaif": "xAIF"}
#: Exports of the whole corpus (one file for every map given): name → file name in --out.
CORPUS_EXPORTS = {"csl-json": "bibliography.csl.json"}


def export_text(m: Map, to: str) -> str:
    """The map in interchange format ``to`` (a key of :data:`EXPORTS`), as text."""
    if to == "aif":
        from argmap.interchange.aif import dumps, to_aif

        return dumps(to_aif(m))
    if to == "xaif":
        from argmap.interchange.aif import dumps, to_xaif

        return dumps(to_xaif(m))
    if to == "argdown":
        from argmap.interchange.argdown import to_argdown

        return to_argdown(m)
    from argmap.interchange.graphml import to_graphml

    return to_graphml(m)


@click.command("export")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--to", "formats", type=click.Choice(sorted(EXPORTS) + sorted(CORPUS_EXPORTS) + ["qdpx"]), multiple=True,
              required=True, help="Interchange format (repeat for several, with --out); csl-json is one "
                                  "bibliography of every map's work; qdpx one REFI-QDA project of all the maps (-o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file for one map and one format (default: standard output).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder: writes <id>.aif.json, <id>.argdown, <id>.graphml, <id>.xaif.json.")
@limit_options
def export_cmd(paths: tuple[Path, ...], formats: tuple[str, ...], output: Path | None, out_dir: Path | None,
               limits: Limits) -> None:
    """Export maps to AIF JSON (AIFdb, arguebuf), xAIF (OVA3), Argdown, GraphML (Gephi, yEd, Cytoscape), or
    REFI-QDA (MAXQDA, NVivo, ATLAS.ti, QualCoder), and their works' bibliography to CSL-JSON (Zotero,
    pandoc: one item per map, its id the map id).

    PATHS are map files or folders of maps. The mapping, and what each format loses, is in
    docs/interchange.md. A map must load (schema-valid) to be exported; it need not pass every check.

    Example:

        argmap export arguments/lin2013.argmap.yaml --to aif -o lin2013.aif.json

        argmap export arguments/ --to aif --to argdown --to graphml --out exports/

        argmap export arguments/ --to csl-json -o bibliography.json
        argmap export arguments/ --to qdpx -o corpus.qdpx
    """
    from argmap.load.corpus import find_map_files

    if output is not None and out_dir is not None:
        raise click.UsageError("give -o FILE or --out FOLDER, not both")
    files = [f for p in paths for f in (find_map_files(p) if p.is_dir() else [p])]
    if not files:
        raise click.BadParameter("no *.argmap.yaml in the folder(s) given", param_hint="PATHS")
    if "qdpx" in formats:
        from argmap.cli.qdpx import export_qdpx

        if len(formats) > 1 or out_dir is not None:
            raise click.UsageError("--to qdpx writes one project file: give it alone, with -o FILE.qdpx")
        export_qdpx(files, output, limits)
        return
    per_map = [f for f in formats if f in EXPORTS]
    if out_dir is None and (len(formats) > 1 or (per_map and len(files) > 1)):
        raise click.UsageError(f"{len(files)} map(s) in {len(formats)} format(s): give --out FOLDER")
    corpus, maps = _load_maps(files, "export", limits)
    _refuse_overwriting(output, _inputs(corpus))
    seen: dict[str, Map] = {}
    for m in maps:
        if m.id in seen and out_dir is not None:
            raise click.UsageError(f"{seen[m.id].file} and {m.file} both declare id {m.id!r}, so their exports "
                                   f"would overwrite each other in {out_dir}; export them to different folders")
        seen[m.id] = m
    outputs = []
    for to in formats:
        if to in CORPUS_EXPORTS:
            from argmap.interchange.csljson import to_csl_json

            outputs.append((output if out_dir is None else out_dir / CORPUS_EXPORTS[to], to_csl_json(maps)))
    for m in maps:
        for to in per_map:
            text = export_text(m, to)
            target = output if out_dir is None else out_dir / f"{m.id}{EXPORTS[to]}"
            outputs.append((target, text))
    try:
        for target, text in outputs:
            # to a terminal, control and bidi characters are shown as escapes (Argdown carries map text raw)
            _emit(text, target, terminal=target is None and sys.stdout.isatty())
    except OSError as exc:
        click.echo(f"argmap export: cannot write {exc.filename}: {exc.strerror}", err=True)
        sys.exit(2)


#: Import formats: name → what FILE is.
IMPORTS = {"aif": "AIF JSON (AIFdb, AraucariaDB, arguebuf)", "xaif": "xAIF (OVA3, ARG-tech pipelines)",
           "argdown": "Argdown text (the Argdown CLI and editors)",
           "qdpx": "REFI-QDA project (MAXQDA, NVivo, ATLAS.ti, QualCoder); -o names a folder"}


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "from_", type=click.Choice(sorted(IMPORTS)), default="aif", show_default=True,
              help="Format of FILE (--from aif also reads an xAIF document).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The map file to write, <id>.argmap.yaml (--from qdpx: the folder to write maps and sources to).")
@click.option("--id", "map_id", default=None, help="Map id (default: from the file name).")
@click.option("--language", default="en", show_default=True, help="BCP 47 language of the texts (AIF records none).")
@click.option("--thesis", default=None, metavar="NODEID",
              help="The claim to mark as thesis: an I-node's nodeID (AIF), a claim id or title (Argdown).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--max-bytes", type=click.IntRange(1), default=50 * 1024 * 1024, show_default=True,
              help="Limit: largest AIF file read, in bytes (X501).")
@click.option("--max-depth", type=click.IntRange(1, 500), default=64, show_default=True,
              help="Limit: deepest nesting of JSON arrays and objects (X501).")
@click.option("--max-nodes", type=click.IntRange(1), default=100_000, show_default=True,
              help="Limit: claims + inferences + attacks + quotes of the map made, as for argmap check; the AIF "
                   "graph may hold twice as many nodes and four times as many edges (X501).")
@click.option("--max-fan-out", type=click.IntRange(1), default=1_000, show_default=True,
              help="Limit: parts one AIF node is split into: attackers x targets of a CA-node, conclusions x "
                   "premises of an RA-node with several conclusions (X510: the node is not imported).")
def import_cmd(file: Path, from_: str, output: Path, map_id: str | None, language: str, thesis: str | None,
               force: bool, max_bytes: int, max_depth: int, max_nodes: int, max_fan_out: int) -> None:
    """Import an AIF JSON argument graph (AIFdb, AraucariaDB), an xAIF document (OVA3), an Argdown
    document or a REFI-QDA project as a map.

    I-nodes become claims, RA-nodes inferences, CA-nodes rebuttals or undercuts, MA-nodes rephrase
    inferences, and an L-node anchored to an I-node by a YA-node names who asserts the claim. Every
    construct that cannot be mapped is reported as an X5xx diagnostic at its file:line:col
    (docs/interchange.md); nothing is dropped silently. Exit code: 0 when everything was mapped,
    1 when something was reported as not imported (the map is still written), 2 when FILE is not
    usable (nothing is written).

    Argdown statements and arguments become claims, premise-conclusion structures and support
    relations inferences, attacks rebuttals, undercuts undercuts (docs/interchange.md).

    The new map has no sources or quotes (unless argmap wrote the file): AIF and Argdown do not carry
    the source text. `argmap check` then reports every claim without evidence or inference (C401) —
    the quotes still to be added.

    Example:

        argmap import nodeset10.json --from aif -o arguments/nodeset10.argmap.yaml

        argmap import debate.argdown --from argdown -o arguments/debate.argmap.yaml

        argmap import study.qdpx --from qdpx -o imported/
    """
    from argmap.load.document import dump_yaml

    if map_id is not None and not MAP_ID.match(map_id):
        raise click.BadParameter(f"{map_id!r}: use lower-case letters, digits and '-'", param_hint="--id")
    _refuse_overwriting(output, [file])
    if from_ == "qdpx":
        from argmap.cli.qdpx import import_qdpx

        import_qdpx(file, output, map_id, language, force, max_bytes)
        return
    if output.is_dir():
        raise click.BadParameter(f"{output} is a folder; give the map file to write", param_hint="-o")
    if output.exists() and not force:
        raise click.BadParameter(f"{output} exists; use --force to overwrite it", param_hint="-o")
    if map_id is None:
        name = output.name.removesuffix(".argmap.yaml") if output.name.endswith(".argmap.yaml") else None
        map_id = name if name and MAP_ID.match(name) else None
    if from_ == "argdown":
        result, read_as = _import_argdown(file, max_bytes, map_id=map_id, language=language, thesis=thesis)
    else:
        result, read_as = _import_json(file, from_, max_bytes, max_depth, map_id=map_id, language=language,
                                       thesis=thesis, max_nodes=max_nodes, max_fan_out=max_fan_out,
                                       max_depth=max_depth)
    click.echo(text_report(result.diagnostics), nl=False)
    if result.doc is None:
        sys.exit(2)
    from argmap.edit.new import schema_ref

    header = (f"# yaml-language-server: $schema={schema_ref(output.parent)}\n"
              f"# Imported from {file.name} by argmap import --from {from_} (docs/interchange.md).\n")
    try:
        _emit(dump_yaml(result.doc, header), output)
    except OSError as exc:
        click.echo(f"argmap import: cannot write {output}: {exc.strerror}", err=True)
        sys.exit(2)
    c = result.made
    read = ", ".join(f"{n} {t}" for t, n in sorted(result.node_types.items()))
    dropped = (f"; {c['default_schemes']} placeholder scheme name(s) (Default, Default Conflict, …) not taken "
               f"as schemes" if c.get("default_schemes") else "")
    click.echo(terminal_safe(f"imported {c['claims']} claim(s), {c['inferences']} inference(s), {c['attacks']} "
                             f"attack(s) from {read_as} {read}{dropped}", one_line=True), err=True)
    sys.exit(exit_code(result.diagnostics))


def _import_json(file: Path, from_: str, max_bytes: int, depth: int, **options: Any) -> tuple[Imported, str]:
    """Read ``file`` as AIF or xAIF JSON and import it: the result and the format it was read as
    (``AIF`` or ``xAIF``; ``--from aif`` reads an xAIF document as xAIF)."""
    from argmap.interchange.aif import from_aif, from_xaif, is_xaif, read_aif

    read = read_aif(file, max_bytes=max_bytes, max_depth=depth)
    if isinstance(read, Diagnostic):
        return Imported(None, [read]), from_
    data, text = read
    if from_ == "xaif" or is_xaif(data) and "nodes" not in data:
        return from_xaif(data, str(file), text, **options), "xAIF nodes"
    return from_aif(data, str(file), text, **options), "AIF nodes"


def _import_argdown(file: Path, max_bytes: int, **options: Any) -> tuple[Imported, str]:
    """Read ``file`` as an Argdown document and import it (X522 when it cannot be read)."""
    from argmap.interchange.argdown_import import MAX_ARGDOWN_BYTES, from_argdown
    from argmap.load.loader import _read

    got = _read(file, min(max_bytes, MAX_ARGDOWN_BYTES))
    if isinstance(got, Diagnostic):
        return Imported(None, [Diagnostic("X522", got.message, got.file, got.line or 1, got.column or 1)]), "Argdown"
    text, shown = got
    return from_argdown(text, shown, **options), "Argdown"
