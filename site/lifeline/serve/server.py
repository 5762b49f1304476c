"""Serve the frozen site from build/: the WSGI app of `wsgi.py` behind granian.

`lifeline serve` (or `python -m lifeline.serve`) [--root build] [--host 127.0.0.1] [--port 8000] [--workers N]

Why granian (a Rust HTTP server for Python apps): its connections are handled by an event loop
in Rust, so a client that sends nothing, or one byte every few seconds, holds no worker; the
WSGI app is called only once a whole request has arrived. gunicorn's sync workers each waited
on one connection, so two idle connections took the site down. Measured on the same build and
machine against nginx (docs/benchmarks.md, `bench/serve_bench.py`): granian with one worker per
core and one Python thread a worker answered 0.65 to 0.79 of nginx's requests/s with a lower p99;
gunicorn's sync and threaded workers 0.07 to 0.14. WhiteNoise still decides every answer
(`wsgi.py`); granian only carries it.

Each worker builds the app itself (`application`, a factory), from options passed in the
environment; the server reads only the build, never `content/`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from wsgiref.types import WSGIApplication

from lifeline.serve.wsgi import make_app

if TYPE_CHECKING:  # granian is imported where it is used, by the server alone
    from granian.server import MPServer, MTServer  # granian.Granian is one of them, by the Python build

OPTIONS_VARIABLE = "LIFELINE_SERVE_OPTIONS"
# A client has this long to send a request's headers, from the moment it connects or its
# previous answer was sent; then its connection is closed (slowloris, idle keep-alive).
HEADER_SECONDS = 10
STOP_SECONDS = 3
ONION_META = re.compile(rb'<meta http-equiv="onion-location" content="([^"]+)">')


def application() -> WSGIApplication:
    """The WSGI app, built in each granian worker from the options run() put in the environment."""
    options = json.loads(os.environ[OPTIONS_VARIABLE])
    return make_app(Path(options["root"]), options["onion"], log=options["access_log"])


def announced_onion(root: Path) -> str | None:
    """The onion address the build's pages announce (from content/mirrors.yaml at build time)."""
    found = ONION_META.search((root / "index.html").read_bytes()[:4096])
    return found.group(1).decode() if found else None


@dataclass(frozen=True)
class ServerOptions:
    root: Path
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    access_log: bool = False
    onion_location: str | None = None  # None: the one the build's pages announce
    certificate: Path | None = None  # with `private_key`: https, and HTTP/2
    private_key: Path | None = None

    @property
    def address(self) -> str:
        return f"{'https' if self.certificate else 'http'}://{self.host}:{self.port}/"


def granian_server(options: ServerOptions) -> MPServer | MTServer:
    """granian configured for a public static site: WSGI, no websockets, bounded header reads."""
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels

    return Granian(
        "lifeline.serve.server:application",
        factory=True,
        interface=Interfaces.WSGI,
        address=options.host,
        port=options.port,
        workers=options.workers,
        # One Python thread a worker: more only contend for the interpreter lock (docs/benchmarks.md);
        # the app never waits on a client, since every body is handed to granian whole (wsgi.py).
        blocking_threads=1,
        websockets=False,
        http=HTTPModes.auto if options.certificate else HTTPModes.http1,
        http1_settings=HTTP1Settings(header_read_timeout=HEADER_SECONDS * 1000),
        # Only errors, which name no client; granian's own access log stays off (ours has no addresses).
        log_level=LogLevels.error,
        log_access=False,
        ssl_cert=options.certificate,
        ssl_key=options.private_key,
        # Ctrl+C or SIGTERM: workers get this long to finish what they send, then are killed.
        workers_kill_timeout=STOP_SECONDS,
    )


def run(options: ServerOptions) -> None:
    """Serve until Ctrl+C (or SIGTERM); each worker builds its app from the options put in the environment."""
    onion = options.onion_location or announced_onion(options.root)
    os.environ[OPTIONS_VARIABLE] = json.dumps(
        {"root": str(options.root.resolve()), "onion": onion, "access_log": options.access_log}
    )
    granian_server(options).serve()
