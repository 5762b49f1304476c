"""Serve the frozen site from build/: the WSGI app of `wsgi.py` behind granian.

`python -m lifeline.serve [--host 127.0.0.1] [--port 8000] [--workers N] [--root build]`

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

import argparse
import json
import os
import re
import sys
from pathlib import Path

from .paths import BUILD_DIR
from .wsgi import make_app

OPTIONS_VARIABLE = "LIFELINE_SERVE_OPTIONS"
# A client has this long to send a request's headers, from the moment it connects or its
# previous answer was sent; then its connection is closed (slowloris, idle keep-alive).
HEADER_SECONDS = 10
ONION_META = re.compile(rb'<meta http-equiv="onion-location" content="([^"]+)">')


def application():
    """The WSGI app, built in each granian worker from the options main() put in the environment."""
    options = json.loads(os.environ[OPTIONS_VARIABLE])
    return make_app(Path(options["root"]), options["onion"], log=options["access_log"])


def announced_onion(root: Path) -> str | None:
    """The onion address the build's pages announce (from content/mirrors.yaml at build time)."""
    found = ONION_META.search((root / "index.html").read_bytes()[:4096])
    return found.group(1).decode() if found else None


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m lifeline.serve", description="Serve the built site.")
    parser.add_argument("--root", type=Path, default=BUILD_DIR, help="the built site (default: build/)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: one per core, which measured best; see docs/benchmarks.md)")
    parser.add_argument("--access-log", action="store_true",
                        help="print one line per request (method, path, status, size, time; never an address)")
    parser.add_argument("--onion-location", default=None,
                        help="onion address to announce in an Onion-Location header (default: the one the build's pages announce)")
    parser.add_argument("--certificate", type=Path, help="TLS certificate chain (PEM): serve https, with HTTP/2")
    parser.add_argument("--private-key", type=Path, help="the certificate's private key (PEM, PKCS#8)")
    args = parser.parse_args(argv)
    if bool(args.certificate) != bool(args.private_key):
        parser.error("--certificate and --private-key go together")
    return args


def granian_server(args: argparse.Namespace):
    """granian configured for a public static site: WSGI, no websockets, bounded header reads."""
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels

    return Granian(
        "lifeline.serve:application", factory=True, interface=Interfaces.WSGI, address=args.host, port=args.port,
        # One Python thread a worker: more only contend for the interpreter lock (docs/benchmarks.md);
        # the app never waits on a client, since every body is handed to granian whole (wsgi.py).
        workers=args.workers, blocking_threads=1, websockets=False, http=HTTPModes.auto if args.certificate else HTTPModes.http1,
        http1_settings=HTTP1Settings(header_read_timeout=HEADER_SECONDS * 1000),
        # Only errors, which name no client; granian's own access log stays off (ours has no addresses).
        log_level=LogLevels.error, log_access=False, ssl_cert=args.certificate, ssl_key=args.private_key,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if not (args.root / "index.html").is_file():
        print(f"{args.root} has no built site: run 'python freeze.py' first.", file=sys.stderr)
        return 1
    onion = args.onion_location or announced_onion(args.root)
    os.environ[OPTIONS_VARIABLE] = json.dumps({"root": str(args.root.resolve()), "onion": onion, "access_log": args.access_log})
    scheme = "https" if args.certificate else "http"
    print(f"Serving {args.root} at {scheme}://{args.host}:{args.port}/ (Ctrl+C stops)", flush=True)
    granian_server(args).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
