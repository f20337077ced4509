"""``argmap show`` and ``argmap quote``: reading aids (a claim with its quotes in context; a passage of
a source as a ready-to-paste evidence entry)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.cli.common import _find_map, _load_maps, _require_claim, limit_options
from argmap.model.limits import Limits
from argmap.output import terminal_safe, text_report


@click.command()
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


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("words", nargs=-1, required=True)
@click.option("--source-id", help="Add 'source: ID' to the entry (for maps with several sources).")
@click.option("--map", "map_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="With --claim: add the entry to this map (SOURCE must be one of its sources).")
@click.option("--claim", "claim_id", default=None, help="With --map: the claim whose evidence gets the entry.")
@limit_options
def quote(source: Path, words: tuple[str, ...], source_id: str | None, map_path: Path | None, claim_id: str | None,
          limits: Limits) -> None:
    """Find a passage in a source text and print a ready-to-paste evidence entry with its selector.

    The words are joined with spaces; whitespace and line breaks do not matter, and the source's
    normalisation (its manifest.yaml) applies. The entry holds the passage as the source has it,
    with line, start/end (code points), page, prefix and suffix. A passage that occurs several
    times gives one entry per occurrence; one that is not found gives the closest passage and exit 1.

    With --map and --claim, a passage found once is also added to that claim's evidence in the map
    (other lines of the file kept as they are); one found several times or not at all is not added
    (exit 1).

    Example:

        argmap quote arguments/sources/002_a7571c67bdaab12b.txt 上合組織即為一個高度平衡美國的組織

        argmap quote my-maps/sources/thesis.txt 上合組織即為一個高度平衡美國的組織 --map my-maps/lin-pdf.argmap.yaml --claim T
    """
    from argmap.load.corpus import SourceCache
    from argmap.render.reading import find_quote
    from argmap.evidence.sources import SourceText

    passage = " ".join(words)
    if not passage.strip():
        raise click.BadParameter("the passage is empty: give the words to find", param_hint="WORDS")
    if len(passage) > limits.max_quote:
        raise click.BadParameter(f"the passage is {len(passage):,} characters, over the limit of {limits.max_quote:,} "
                                 "(quote a shorter passage, or raise the limit with --max-quote)", param_hint="WORDS")
    cache = SourceCache(limits)
    got = cache.read(source)
    click.echo(text_report(cache.diagnostics), nl=False, err=True)
    if not isinstance(got, SourceText):
        click.echo(terminal_safe(f"argmap quote: {source}: {got[1]}", one_line=True), err=True)
        sys.exit(2)
    if (map_path is None) != (claim_id is None):
        raise click.UsageError("--map and --claim go together")
    target = _quote_target(source, map_path, claim_id, limits) if map_path is not None else None
    if target is not None and source_id is None:
        source_id = target
    result = find_quote(got, str(source), passage, source_id or None, max_quote=limits.max_quote)
    click.echo(terminal_safe(result.text), nl=False)
    if map_path is None:
        sys.exit(0 if result.found else 1)
    if not result.found or len(result.spans) != 1:
        why = "it is not found" if not result.found else f"it occurs {len(result.spans)} times; quote a longer passage"
        click.echo(f"argmap quote: not added to {map_path}: {why}", err=True)
        sys.exit(1)
    from argmap.edit.evidence_add import YamlEditError, add_evidence, evidence_fields

    try:
        add_evidence(map_path, claim_id, evidence_fields(got, result.spans[0], source_id or None))  # type: ignore[arg-type]
    except (YamlEditError, OSError) as exc:
        click.echo(f"argmap quote: not added to {map_path}: {exc}", err=True)
        sys.exit(2)
    click.echo(f"added to {map_path}, claim {claim_id}", err=True)


def _quote_target(source: Path, map_path: Path, claim_id: str | None, limits: Limits) -> str:
    """The ``source:`` an entry added to ``map_path`` needs ('' when none: the map's only or
    default source); a usage error (exit 2) when the map cannot be loaded, lacks the claim, or
    does not name ``source`` among its sources."""
    from argmap.load.loader import load_map
    from argmap.output import text_report

    loaded = load_map(map_path, limits=limits)
    if loaded.map is None:
        click.echo(text_report(loaded.diagnostics), nl=False, err=True)
        sys.exit(2)
    m = loaded.map
    _require_claim(m, claim_id or "", "--claim")
    match = [s for s in m.sources if s.path.resolve() == source.resolve()]
    if not match:
        raise click.BadParameter(f"{source} is not one of the sources of {map_path} (add it with argmap source add "
                                 f"{source} --map {map_path})", param_hint="SOURCE")
    return "" if match[0] is m.default_source else match[0].id

