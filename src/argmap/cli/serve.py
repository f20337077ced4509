"""``argmap serve``: a live preview of the pages ``argmap build`` writes."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from argmap.cli.common import limit_options
from argmap.model.limits import Limits

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@click.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path), default="arguments")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep a loopback address unless you mean to show your maps to your network.")
@click.option("--poll", type=click.FloatRange(0.05, 60), default=0.5, show_default=True,
              help="Seconds between two looks at the files.")
@click.option("--max-seconds", type=click.FloatRange(1), default=None,
              help="Stop by itself after this many seconds (default: run until Ctrl-C).")
@limit_options
def serve(path: Path, port: int, host: str, poll: float, max_seconds: float | None, limits: Limits) -> None:
    """Preview the maps in PATH (default arguments/) in the browser while you edit them.

    Builds what `argmap build` writes (each map's page and SVG, the comparisons, the index) into a
    temporary folder and serves it on http://127.0.0.1:PORT/. It watches the maps, issues files,
    manifests and source texts, redraws only what changed, and reloads the open pages. A map that
    stops loading shows its diagnostics on its page until it is fixed. Only the built pages are
    served. Ctrl-C stops it; the temporary folder is deleted.

    Example:

        argmap serve arguments/ --port 8000
    """
    from argmap.serve.live import Preview
    from argmap.serve.site import Site

    out = Path(tempfile.mkdtemp(prefix="argmap-serve-"))
    try:
        site = Site(path, out, limits, lambda line: click.echo(line, err=True))
        site.build()
        try:
            preview = Preview(site, host, port, poll, lambda line: click.echo(line, err=True))
        except OSError as exc:
            click.echo(f"argmap serve: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
            sys.exit(2)
        if host not in _LOOPBACK:
            click.echo(f"argmap serve: warning: listening on {host}, not a loopback address: other machines "
                       "can read these pages", err=True)
        click.echo(f"argmap serve: {preview.url} ({path}; Ctrl-C stops)")
        sys.stdout.flush()
        try:
            preview.run(max_seconds)
        except KeyboardInterrupt:
            pass
    finally:
        shutil.rmtree(out, ignore_errors=True)
