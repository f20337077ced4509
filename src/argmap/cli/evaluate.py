"""``argmap evaluate``: which claims stand, under a Dung semantics with support (docs/evaluation.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.cli.common import _SECONDS, _emit, _load_maps, _map_path, limit_options
from argmap.model.limits import Limits


@click.command()
@click.argument("maps_given", nargs=-1, required=True, metavar="MAP...")
@click.option("--semantics", type=click.Choice(["grounded", "preferred", "stable"]), default="grounded",
              show_default=True, help="Grounded: the one sceptical labelling; preferred and stable: every "
              "labelling, enumerated within --max-labellings and --timeout.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--maps", type=click.Path(file_okay=False, path_type=Path), default="arguments", show_default=True,
              help="Folder where map ids are looked up.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--max-labellings", type=click.IntRange(1, 10_000), default=64, show_default=True,
              help="Limit: preferred or stable labellings listed; the report says when more may exist.")
@click.option("--timeout", type=_SECONDS, default=10.0, show_default=True,
              help="Limit: seconds the search for preferred or stable labellings may run.")
@limit_options
def evaluate(maps_given: tuple[str, ...], semantics: str, fmt: str, maps: Path, output: Path | None,
             max_labellings: int, timeout: float, limits: Limits) -> None:
    """Label every claim and inference of MAP in, out or undec: a rebuttal attacks a claim, an
    undercut an inference, and an inference supports its conclusion only while all its premises
    are in. The thesis's status comes first; each out is explained by the attack that defeats it.

    Several MAPs are evaluated together through their cross-map links (same-claim merges two
    claims, contradicts attacks both ways, attacks and supports one way), and the report lists
    what changes against each map alone. MAP is a map id (looked up in --maps) or a map file.

    Exit code: 0 when every thesis is in (in every labelling), 1 otherwise, 2 for unusable input.

    Example:

        argmap evaluate lin2013

        argmap evaluate lin2013 gpr33-2011 --format markdown

        argmap evaluate arguments/lin2013.argmap.yaml --semantics preferred --format json
    """
    from argmap.evaluate.across import evaluate_together
    from argmap.evaluate.report import theses, to_json, to_markdown, to_text
    from argmap.evaluate.result import IN, evaluate as run
    from argmap.evaluate.semantics import Bounds

    paths = [_map_path(ref, maps, "MAP") for ref in maps_given]
    corpus, found = _load_maps(paths, "evaluate", limits)
    unique = list({m.id: m for m in found}.values())
    bounds = Bounds(max_labellings, timeout)
    together = evaluate_together(unique, semantics, bounds) if len(unique) > 1 else None
    ev = together.joint if together else run(unique, semantics, bounds)
    text = {"text": to_text, "markdown": to_markdown, "json": to_json}[fmt](ev, together)
    _emit(text, output, fmt != "json")
    if not ev.complete:
        click.echo(f"argmap evaluate: the search stopped ({ev.stopped}) after {len(ev.labellings)} labelling(s); "
                   "raise --max-labellings or --timeout to see more", err=True)
    sys.exit(0 if all(label == IN for _, _, label in theses(ev)) and ev.labellings else 1)
