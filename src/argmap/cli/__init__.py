"""The command line: a thin click layer over loader → checks → render.

This package holds the ``argmap`` command group; each command lives in a module of its own
(:mod:`.check`, :mod:`.render`, :mod:`.build`, :mod:`.reading` for show and quote, :mod:`.compare`
for compare and classify, :mod:`.interchange` for export and import), and what they share (the
resource-limit options, loading maps, writing output) is in :mod:`.common`. A new command is a
``@click.command()`` in a module of this package, added to :data:`main` below.

Exit codes: 0 clean; 1 problems found; 2 unusable input (a map that is not readable YAML or cannot be
rendered) or wrong usage.
"""

from __future__ import annotations

import click

from argmap import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="argmap")
def main() -> None:
    """argmap: argument maps of scholarly works, with every quote proved against its source.

    Maps are YAML files named <id>.argmap.yaml (format: docs/format.md).
    """


from argmap.cli import build, check, compare, interchange, reading, render  # noqa: E402  (the commands need main's module)
from argmap.cli import evaluate  # noqa: E402

for _command in (check.check, render.render, build.build, reading.show, reading.quote, compare.compare,
                 compare.classify, interchange.export_cmd, interchange.import_cmd):
    main.add_command(_command)
main.add_command(evaluate.evaluate)

# names other code imported from argmap.cli before the commands had modules of their own
from argmap.cli.common import _emit, _load_maps, _run_check, limit_options  # noqa: E402
from argmap.cli.interchange import EXPORTS, MAP_ID, export_text  # noqa: E402
from argmap.cli.render import FORMATS  # noqa: E402

__all__ = ["EXPORTS", "FORMATS", "MAP_ID", "export_text", "limit_options", "main"]
