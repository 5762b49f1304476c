"""Serve the frozen site from build/ with WhiteNoise behind waitress.

`python -m lifeline.serve [--host 127.0.0.1] [--port 8000] [--root build]`

waitress is a production WSGI server written in pure Python, so it runs wherever Python
does (a mirror host's Windows machine included) and writes no access log. Hardening
(security headers, 404 page, language negotiation) is its own issue.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import waitress
from whitenoise import WhiteNoise

from .mirrors import load_mirrors
from .paths import BUILD_DIR, CONTENT_DIR
from .problems import Problems


def not_found(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"Not found\n"]


class SiteFiles(WhiteNoise):
    """WhiteNoise, with `.../index.html` served as itself instead of redirected to `.../`.

    The site's links name `index.html` (so that a copy opened from disk works), and a
    redirect would cost a reader on a slow link one more round trip for each of them.
    """

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        super().add_file_to_dictionary(url, path, stat_cache=stat_cache)
        index_url = url.removesuffix(f"/{self.index_file}") + "/"
        if url.endswith(f"/{self.index_file}") and index_url in self.files:
            self.files[url] = self.files[index_url]


def make_app(root: Path, onion: str | None = None) -> WhiteNoise:
    """The built site; with `onion`, HTML answers name the same page at the onion address."""

    def add_headers(headers, path, url):
        if onion and headers.get("Content-Type", "").startswith("text/html"):
            headers["Onion-Location"] = onion + url.lstrip("/")

    return SiteFiles(not_found, root=str(root), index_file=True, add_headers_function=add_headers)


def configured_onion() -> str | None:
    """The onion address of content/mirrors.yaml, when serving from the project folder."""
    problems = Problems()
    return load_mirrors(CONTENT_DIR / "mirrors.yaml", "content/mirrors.yaml", problems).onion


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lifeline.serve", description="Serve the built site.")
    parser.add_argument("--root", type=Path, default=BUILD_DIR, help="the built site (default: build/)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--onion-location", default=None,
                        help="onion address to announce in an Onion-Location header (default: content/mirrors.yaml's)")
    args = parser.parse_args(argv)
    if not (args.root / "index.html").is_file():
        print(f"{args.root} has no built site: run 'python freeze.py' first.", file=sys.stderr)
        return 1
    print(f"Serving {args.root} at http://{args.host}:{args.port}/ (Ctrl+C stops)")
    onion = args.onion_location or configured_onion()
    waitress.serve(make_app(args.root, onion), host=args.host, port=args.port, threads=args.threads, ident=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
