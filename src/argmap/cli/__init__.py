"""The command line: a thin click layer over loader → checks → render.

This package holds the ``argmap`` command group; each command lives in a module of its own
(:mod:`.check`, :mod:`.render`, :mod:`.build`, :mod:`.reading` for show and quote, :mod:`.compare`
for compare and classify, :mod:`.interchange` for export and import), and what they share (the
resource-limit options, loading maps, writing output) is in :mod:`.common`. A new command is a
``@click.command()`` in a module of this package, added to :data:`main` below.

Exit codes: 0 clean; 1 problems found; 2 unusable input (a map that is not readable YAML or cannot be
rendered) or wrong usage; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import sys

import click

from argmap import __version__


#: Exit code of a run stopped by Ctrl-C (SIGINT): 128 + 2, as shells report it.
INTERRUPTED = 130


class _Group(click.Group):
    """The command group; a Ctrl-C while a command runs ends it with argmap's own one-line message
    and exit code :data:`INTERRUPTED` (click's would be "Aborted!" and 1, the code for "problems
    found"). Files being written are left as they were (atomic writes)."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\nargmap: interrupted (Ctrl-C); no file was left half-written", err=True)
            sys.exit(INTERRUPTED)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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

from argmap.cli import lsp as _lsp, serve as _serve  # noqa: E402

main.add_command(_lsp.lsp)
main.add_command(_serve.serve)

# names other code imported from argmap.cli before the commands had modules of their own
from argmap.cli.common import _emit, _load_maps, _run_check, limit_options  # noqa: E402
from argmap.cli.interchange import EXPORTS, MAP_ID, export_text  # noqa: E402
from argmap.cli.render import FORMATS  # noqa: E402

__all__ = ["EXPORTS", "FORMATS", "MAP_ID", "export_text", "limit_options", "main"]

from argmap.cli.source import source as _source_group  # noqa: E402  (argmap source add)

main.add_command(_source_group)

from argmap.cli.new import new as _new, schema as _schema  # noqa: E402  (argmap new, argmap schema)

main.add_command(_new)
main.add_command(_schema)

from argmap.cli.project import init as _init  # noqa: E402  (argmap init)

main.add_command(_init)
