"""``argmap lsp``: the language server, on standard input and output."""

from __future__ import annotations

import click

from argmap.cli.common import limit_options
from argmap.model.limits import Limits


@click.command()
@click.option("--debounce", type=click.FloatRange(0, 10), default=0.15, show_default=True,
              help="Seconds after the last change of a document before it is checked again.")
@limit_options
def lsp(debounce: float, limits: Limits) -> None:
    """Run the language server (LSP over stdin/stdout) for maps, issues files and manifests.

    An editor starts it; see docs/editors.md for VS Code, Neovim, Helix and Emacs. It checks each
    document as you type (argmap's diagnostics and codes), and offers completion, hover, go to
    definition, references, outline, folding, the --fix edits as code actions, and renaming ids
    across the maps of a folder. A document over --max-bytes, or outside the workspace, is refused.
    """
    from argmap.lsp.handlers import make_server

    make_server(limits, debounce).start_io()
