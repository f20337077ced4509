"""``argmap new`` (a map for a work, with its sources) and ``argmap schema`` (the installed schemas)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.evidence.encodings import DEFAULT_MAX_BYTES
from argmap.evidence.pdf import DEFAULT_PDF_LIMITS

KINDS = ("master-thesis", "doctoral-thesis", "thesis-chapter", "journal-article", "book", "book-chapter", "report",
         "other")


@click.command("new")
@click.argument("map_id", metavar="ID")
@click.option("--source", "sources", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The work's text: a PDF or a text file in any encoding (repeat for several; the first is the "
                   "default source).")
@click.option("--source-id", "source_ids", multiple=True,
              help="Id of the --source in the same place (default: from its file name).")
@click.option("--bib", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A CSL-JSON or BibTeX file with the work's entry (options below override its fields).")
@click.option("--bib-key", default=None, help="The entry of --bib to use, when it holds several.")
@click.option("--title", default=None, help="The work's title in its own language.")
@click.option("--author", "authors", multiple=True, help="An author's name as the work gives it (repeat, in order).")
@click.option("--year", type=click.IntRange(1000, 2999), default=None, help="Year of publication.")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="What sort of work it is [default: other].")
@click.option("--language", default=None, help="BCP 47 tag of the work's language: zh-Hant, zh-Hans, ja, en…")
@click.option("--institution", default=None, help="University and department (theses).")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the map goes, its texts in FOLDER/sources/ [default: arguments/ when it exists, else .].")
@click.option("--encoding", default=None, help="Encoding of text sources (default: detected).")
@click.option("--max-bytes", type=click.IntRange(1), default=max(DEFAULT_MAX_BYTES, DEFAULT_PDF_LIMITS.max_bytes),
              show_default=True, help="Limit: largest source file read, in bytes.")
@click.option("--force", is_flag=True, help="Replace the map file if it exists.")
def new(map_id: str, sources: tuple[Path, ...], source_ids: tuple[str, ...], bib: Path | None, bib_key: str | None,
        title: str | None, authors: tuple[str, ...], year: int | None, kind: str | None, language: str | None,
        institution: str | None, folder: Path | None, encoding: str | None, max_bytes: int, force: bool) -> None:
    """Start a map: FOLDER/ID.argmap.yaml with the work's metadata, its sources (added as
    'argmap source add' does: a PDF's text with its printed page numbers), a $schema line for
    editors, and a thesis to write and quote.

    The work's metadata comes from --bib (a CSL-JSON item exported by Zotero or a BibTeX entry:
    title, authors, year, kind, DOI, journal, volume, issue, pages, publisher) and from the options,
    which win. Title, author and language are needed. Nothing is written when something is
    missing. Walk-through: docs/workflow.md.

    Example:

    \b
        argmap new lin2013 --source thesis.pdf --title 上海合作組織與平衡 --author 林伯雍 \\
            --year 2013 --kind master-thesis --language zh-Hant
        argmap new lin2013 --source thesis.pdf --bib lin2013.bib --language zh-Hant
    """
    from argmap.edit.new import new_map
    from argmap.edit.source_add import describe
    from argmap.evidence.encodings import UnusableSource
    from argmap.evidence.pdf import PdfLimits
    from argmap.load.citation import CitationError, read_entry, work_fields

    work: dict[str, object] = {}
    if bib is not None:
        try:
            work = work_fields(read_entry(bib, bib_key))
        except CitationError as exc:
            raise click.BadParameter(str(exc), param_hint="--bib") from None
    given = {"title": title, "authors": list(authors) or None, "year": year, "kind": kind, "language": language,
             "institution": institution}
    work.update({k: v for k, v in given.items() if v is not None})
    if folder is None:
        folder = Path("arguments") if Path("arguments").is_dir() else Path(".")
    limits = PdfLimits(max_bytes=max_bytes, max_pages=DEFAULT_PDF_LIMITS.max_pages)
    try:
        report = new_map(map_id, folder, list(sources), work, source_ids=list(source_ids), encoding=encoding,
                         max_bytes=max_bytes, limits=limits, force=force)
    except UnusableSource as exc:
        click.echo(f"argmap new: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"argmap new: {exc.filename or ''}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    for r in report.sources:
        for line in describe(r):
            click.echo(line)
    click.echo(f"wrote {report.path}")
    text = report.sources[0].text_path if report.sources else "SOURCE"
    click.echo(f"next: argmap quote {text} WORDS… --map {report.path} --claim T  (each quote of the thesis), then "
               f"argmap check --fix {report.path}")


@click.command("schema")
@click.argument("name", type=click.Choice(["argmap", "issues", "manifest", "project"]), default="argmap")
@click.option("--path", "as_path", is_flag=True, help="Print the installed file's path instead of its content.")
def schema(name: str, as_path: bool) -> None:
    """Print the JSON Schema of maps (or of issues files, manifests, project files), or with --path
    where it is installed: what an editor's '# yaml-language-server: $schema=…' line names.

    Example:

    \b
        argmap schema --path
        argmap schema issues > issues.schema.json
    """
    from argmap.edit.new import schema_path

    path = schema_path(name)
    if as_path:
        click.echo(path)
    else:
        click.echo(path.read_text(encoding="utf-8"), nl=False)
