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
    result = find_quote(got, str(source), passage, source_id, max_quote=limits.max_quote)
    click.echo(terminal_safe(result.text), nl=False)
    sys.exit(0 if result.found else 1)

