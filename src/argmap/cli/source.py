"""``argmap source add``: a PDF or a text file in any encoding made a source to quote from."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.evidence.encodings import DEFAULT_MAX_BYTES
from argmap.evidence.pdf import DEFAULT_PDF_LIMITS


@click.group("source")
def source() -> None:
    """Source texts: add a PDF or a text file in any encoding as a UTF-8 text with its pages."""


@source.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "source_id", default=None,
              help="Source id (default: from the file name); the text is written to FOLDER/ID.txt.")
@click.option("--map", "map_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Also add the source to this map's sources: list.")
@click.option("--encoding", default=None,
              help="Encoding of a text file (a Python codec name: big5, cp950, gb18030, utf-16…); default: detected.")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the texts and their manifest.yaml (default: sources/ beside --map, else ./sources).")
@click.option("--max-bytes", type=click.IntRange(1), default=max(DEFAULT_MAX_BYTES, DEFAULT_PDF_LIMITS.max_bytes),
              show_default=True, help="Limit: largest file read, in bytes.")
@click.option("--max-pages", type=click.IntRange(1), default=DEFAULT_PDF_LIMITS.max_pages, show_default=True,
              help="Limit: most pages of a PDF.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=DEFAULT_PDF_LIMITS.timeout,
              show_default=True, help="Limit: seconds to read a PDF.")
@click.option("--max-memory", type=click.IntRange(64), default=DEFAULT_PDF_LIMITS.max_memory // (1024 * 1024),
              show_default=True, help="Limit: MiB of memory the PDF reader may use.")
def add(file: Path, source_id: str | None, map_path: Path | None, encoding: str | None, folder: Path | None,
        max_bytes: int, max_pages: int, timeout: float, max_memory: int) -> None:
    """Make FILE (a PDF, or text in any encoding) a source: its text as UTF-8 in FOLDER/ID.txt,
    registered in FOLDER/manifest.yaml with the original's name and sha256 and what was derived
    (pages with their printed labels, running heads, footnotes, normalisation).

    FILE is never modified. Running the command again on the same file changes nothing; on a
    changed file it says what changed. Unusable input (encrypted or scanned PDF, unknown encoding,
    over a limit) exits 2 and writes nothing. Details: docs/anchoring.md, "PDF sources".

    Example:

    \b
        argmap source add thesis.pdf --id lin2013 --map arguments/lin2013.argmap.yaml
        argmap source add chapter-big5.txt --encoding big5 --folder arguments/sources
    """
    from argmap.edit.source_add import add_source, describe
    from argmap.evidence.encodings import UnusableSource
    from argmap.evidence.pdf import PdfLimits

    if folder is None:
        folder = (map_path.parent if map_path else Path(".")) / "sources"
    limits = PdfLimits(max_bytes=max_bytes, max_pages=max_pages, timeout=timeout,
                       max_memory=max_memory * 1024 * 1024)
    try:
        report = add_source(file, folder=folder, source_id=source_id, map_path=map_path, encoding=encoding,
                            max_bytes=max_bytes, limits=limits)
    except UnusableSource as exc:
        click.echo(f"argmap source add: {file}: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"argmap source add: {exc.filename or file}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    for line in describe(report):
        click.echo(line)
