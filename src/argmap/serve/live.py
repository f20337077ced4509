"""The preview server: HTTP on a loopback address, a poller that rebuilds what changed, and
server-sent events that make open pages reload.

Safety: only files inside the build folder are served (a path with ``..``, a backslash or a NUL,
or one that resolves outside the folder through a link, is refused with 403); the ``Host`` header
must name the address the server listens on or ``localhost`` (so a web page elsewhere cannot read
the preview through DNS rebinding); only GET and HEAD are answered. Every loop is bounded: the
poller and each event stream stop when the server stops, an event stream also after
:data:`STREAM_SECONDS` (the browser reconnects), and the whole server after ``max_seconds`` when
given.
"""

from __future__ import annotations

import json
import posixpath
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from argmap.load.corpus import ISSUES_SUFFIXES, MAP_SUFFIXES
from argmap.load.manifest import MANIFEST_NAME
from argmap.serve.site import Site

#: Seconds an event stream stays open before the server closes it (the page's EventSource reconnects).
STREAM_SECONDS = 300.0
#: Seconds between two keep-alive comments on an event stream.
PING_SECONDS = 10.0
EVENTS, SCRIPT = "/__argmap/events", "/__argmap/live.js"
_TYPES = {".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".md": "text/markdown; charset=utf-8",
          ".dot": "text/plain; charset=utf-8", ".json": "application/json", ".js": "text/javascript; charset=utf-8"}


def live_script() -> bytes:
    """The script injected into every served page (``static/live.js``, package data)."""
    return resources.files("argmap.serve").joinpath("static", "live.js").read_bytes()


def snapshot(folder: Path, extra: set[Path]) -> dict[Path, tuple[int, int]]:
    """(modification time in ns, size) of every map, issues file and manifest under ``folder`` and
    of the ``extra`` files (sources), for polling."""
    out: dict[Path, tuple[int, int]] = {}
    names = MAP_SUFFIXES + ISSUES_SUFFIXES
    for p in [*folder.rglob("*"), *extra]:
        if p in extra or p.name.endswith(names) or p.name == MANIFEST_NAME:
            try:
                st = p.stat()
            except OSError:
                continue
            out[p] = (st.st_mtime_ns, st.st_size)
    return out


class Broadcast:
    """The latest build's number and the pages it changed; event streams wait on it."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.version = 0
        self.changed: list[str] = []

    def publish(self, changed: list[str]) -> None:
        with self.cond:
            self.version += 1
            self.changed = changed
            self.cond.notify_all()


class Preview:
    """``argmap serve``: see the module docstring. ``site`` builds into ``site.out``, which is served."""

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 8000, poll: float = 0.5,
                 say: Callable[[str], None] = print) -> None:
        self.site, self.poll, self.say = site, poll, say
        self.events = Broadcast()
        self.stop = threading.Event()
        self.root = site.out.resolve()
        handler = type("Handler", (_Handler,), {"preview": self})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.host, self.port = self.httpd.server_address[:2]

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in str(self.host) else self.host
        return f"http://{host}:{self.port}/"

    def watch(self) -> None:
        """Poll the inputs; after a change, build and tell the open pages. Ends with the server."""
        seen = snapshot(self.site.folder, self.site.watched)
        while not self.stop.wait(self.poll):
            now = snapshot(self.site.folder, self.site.watched)
            if now == seen:
                continue
            seen = now
            try:
                changed = self.site.build()
            except Exception as exc:  # noqa: BLE001 - a failed rebuild must not end the preview
                self.say(f"argmap serve: rebuilding failed: {exc}")
                continue
            seen = snapshot(self.site.folder, self.site.watched)
            if changed:
                self.events.publish(changed)

    def run(self, max_seconds: float | None = None) -> None:
        """Serve until interrupted, or for ``max_seconds``."""
        watcher = threading.Thread(target=self.watch, name="argmap-serve-watch", daemon=True)
        watcher.start()
        if max_seconds is not None:
            timer = threading.Timer(max_seconds, self.shutdown)
            timer.daemon = True
            timer.start()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.stop.set()
            with self.events.cond:
                self.events.cond.notify_all()
            self.httpd.server_close()
            watcher.join(timeout=5)

    def shutdown(self) -> None:
        self.stop.set()
        self.httpd.shutdown()

    def resolve(self, url_path: str) -> Path | None:
        """The file of the build folder that ``url_path`` names, or ``None`` when it names
        something outside it (``..``, backslashes, NUL, links leading out)."""
        parts = unquote(url_path).split("/")
        if any(p == ".." or "\\" in p or "\0" in p for p in parts):
            return None
        rel = posixpath.normpath("/".join(p for p in parts if p and p != ".")) if any(parts) else ""
        target = self.root / rel if rel not in ("", ".") else self.root
        try:
            resolved = target.resolve()
            resolved.relative_to(self.root)
        except (ValueError, OSError, RuntimeError):
            return None
        return resolved / "index.html" if resolved.is_dir() else resolved


class _Handler(BaseHTTPRequestHandler):
    preview: Preview
    server_version = "argmap-serve"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # quiet: the terminal shows what was rebuilt instead

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        return host in {"localhost", str(self.preview.host), "127.0.0.1", "::1"}

    def _send(self, code: int, body: bytes, ctype: str = "text/plain; charset=utf-8") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        if not self._host_ok():
            return self._send(403, b"argmap serve answers only requests to its own loopback address\n")
        path = urlsplit(self.path).path
        if path == EVENTS:
            return self._events()
        if path == SCRIPT:
            return self._send(200, live_script(), _TYPES[".js"])
        if path == "/favicon.ico":  # browsers ask for it; there is none
            return self._send(204, b"")
        target = self.preview.resolve(path)
        if target is None:
            return self._send(403, b"outside the preview\n")
        if not target.is_file():
            return self._send(404, b"not found\n")
        body = target.read_bytes()
        if target.suffix == ".html":
            body = body.replace(b"</body>", f'<script src="{SCRIPT}"></script>\n</body>'.encode(), 1)
        self._send(200, body, _TYPES.get(target.suffix, "application/octet-stream"))

    def _events(self) -> None:
        """A stream of ``reload`` events (data: the pages a build changed, as JSON)."""
        ev = self.preview.events
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with ev.cond:
            version = ev.version
        until = time.monotonic() + STREAM_SECONDS
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not self.preview.stop.is_set() and time.monotonic() < until:
                with ev.cond:
                    ev.cond.wait_for(lambda: ev.version != version or self.preview.stop.is_set(), timeout=PING_SECONDS)
                    news = ev.version != version
                    version, changed = ev.version, list(ev.changed)
                msg = f"event: reload\ndata: {json.dumps(changed)}\n\n" if news else ": ping\n\n"
                self.wfile.write(msg.encode("utf-8"))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
