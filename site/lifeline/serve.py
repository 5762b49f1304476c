"""Serve the frozen site from build/: the WSGI app of `wsgi.py` behind gunicorn.

`python -m lifeline.serve [--host 127.0.0.1] [--port 8000] [--workers N] [--root build]`

Why gunicorn: serving a static page costs the WSGI app about 11 microseconds; nearly all the
rest is the server's own HTTP handling, and gunicorn's pre-forked workers spread that over
every core where waitress keeps it on one. Measured on the same build and machine (see
docs/benchmarks.md): waitress gave about 1,200 requests/s with a p99 of 740 ms at 64
connections, gunicorn's sync workers over 3,000 requests/s with a p99 under 50 ms.
Its limits: it runs on Unix only (a Windows mirror host can serve build/ with any static
server), and a sync worker is held by a client that sends its request very slowly, so on a
busy public address put nginx in front (docs/mirrors.md) or raise --workers.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from gunicorn.app.base import BaseApplication

from .mirrors import load_mirrors
from .paths import BUILD_DIR, CONTENT_DIR
from .problems import Problems
from .wsgi import make_app


class Server(BaseApplication):
    """gunicorn, configured here rather than from a command line or a file."""

    def __init__(self, application, options: dict):
        self.application, self.options = application, options
        super().__init__()

    def load_config(self):
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        return self.application


def configured_onion() -> str | None:
    """The onion address of content/mirrors.yaml, when serving from the project folder."""
    problems = Problems()
    return load_mirrors(CONTENT_DIR / "mirrors.yaml", "content/mirrors.yaml", problems).onion


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lifeline.serve", description="Serve the built site.")
    parser.add_argument("--root", type=Path, default=BUILD_DIR, help="the built site (default: build/)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: one per core, which measured best; see docs/benchmarks.md)")
    parser.add_argument("--access-log", action="store_true",
                        help="print one line per request (method, path, status, size, time; never an address)")
    parser.add_argument("--onion-location", default=None,
                        help="onion address to announce in an Onion-Location header (default: content/mirrors.yaml's)")
    args = parser.parse_args(argv)
    if not (args.root / "index.html").is_file():
        print(f"{args.root} has no built site: run 'python freeze.py' first.", file=sys.stderr)
        return 1
    print(f"Serving {args.root} at http://{args.host}:{args.port}/ (Ctrl+C stops)")
    onion = args.onion_location or configured_onion()
    Server(make_app(args.root, onion, log=args.access_log), {
        "bind": f"{args.host}:{args.port}", "workers": args.workers, "worker_class": "sync",
        "accesslog": None, "errorlog": "-", "loglevel": "warning", "backlog": 2048, "proc_name": "lifeline",
    }).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
