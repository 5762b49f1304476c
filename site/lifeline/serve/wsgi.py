"""The production WSGI application over a built site: WhiteNoise, plus what a static host lacks.

- compressed twins chosen by Accept-Encoding, ETag/Last-Modified/304/HEAD (WhiteNoise);
- the content-hashed stylesheet cached for ever, HTML for five minutes;
- the site's own 404 page, in the reader's language where the address names one;
- `/` redirected to the browser's best language when it sends Accept-Language;
- security headers on every answer, no cookies, and no access log unless asked for (and then
  without addresses).
"""

from __future__ import annotations

import gzip
import io
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from email.utils import parsedate
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import TextIO
from wsgiref.headers import Headers
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment
from wsgiref.util import FileWrapper

import brotli
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header
from whitenoise import WhiteNoise
from whitenoise.responders import NOT_MODIFIED_HEADERS, Redirect, Response, StaticFile

from lifeline.common.headers import HTML_MAX_AGE, content_type, is_hashed

IN_MEMORY_BYTES = 64 * 1024 * 1024
SECURITY_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'self'; "
        "form-action 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
]
# What a server may pass to start_response with an error: sys.exc_info(), or (None, None, None).
ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]


class SiteFiles(WhiteNoise):
    """WhiteNoise, with `.../index.html` served as itself instead of redirected to `.../`.

    The site's links name `index.html` (so that a copy opened from disk works), and a
    redirect would cost a reader on a slow link one more round trip for each of them.
    Each file's compressed twins get ETags of their own (see `Representations`), and text is
    labelled `charset=utf-8` as the 404 pages are (WhiteNoise writes `charset="utf-8"`).
    """

    def add_file_to_dictionary(self, url: str, path: str, stat_cache: dict[str, os.stat_result] | None = None) -> None:
        super().add_file_to_dictionary(url, path, stat_cache=stat_cache)
        index_url = url.removesuffix(f"/{self.index_file}") + "/"
        if url.endswith(f"/{self.index_file}") and index_url in self.files:
            self.files[url] = self.files[index_url]

    def get_static_file(
        self, path: str, url: str, stat_cache: dict[str, os.stat_result] | None = None
    ) -> Representations:
        return Representations(super().get_static_file(path, url, stat_cache=stat_cache))

    @staticmethod
    def serve(
        static_file: Representations | Redirect, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        """WhiteNoise's `serve`, but a body held in memory goes out as it is, with no file to read."""
        response = static_file.get_response(environ["REQUEST_METHOD"], environ)
        start_response(f"{response.status} {response.status.phrase}", list(response.headers))
        if isinstance(response.file, bytes):
            return [response.file]
        return [] if response.file is None else environ.get("wsgi.file_wrapper", FileWrapper)(response.file)

    def add_mime_headers(self, headers: Headers, path: str, url: str) -> None:
        headers["Content-Type"] = content_type(path)


class Representations:
    """A WhiteNoise file whose identity, gzip and br forms each have their own ETag, kept in memory.

    WhiteNoise gives all three one ETag, so a cache could answer a revalidation, or join a
    Range, with bytes of another encoding. Here a twin's ETag ends in its encoding, and
    If-None-Match is compared with the ETag of the form this request would get.
    Every form of at most IN_MEMORY_BYTES (the whole build, in practice: a few MB) is read once,
    at start, and handed to the server whole. A page then goes out without opening a file (about
    1.5 times the requests per second, docs/benchmarks.md), and a client that reads slowly holds
    no Python thread: granian sends a whole body from Rust, where an iterated file body would be
    fed by the worker's one Python thread (`server.py`), which a few slow readers could tie up.
    Ranges, and any larger file, are left to WhiteNoise and read from disk.
    """

    def __init__(self, static: StaticFile) -> None:
        self.static = static
        static.alternatives = [
            (pattern, path, _with_own_etag(headers)) for pattern, path, headers in static.alternatives
        ]
        self.in_memory = {
            path: Path(path).read_bytes()
            for _, path, headers in static.alternatives
            if int(dict(headers)["Content-Length"]) <= IN_MEMORY_BYTES
        }

    def get_response(self, method: str, request_headers: WSGIEnvironment) -> Response:
        if method not in ("GET", "HEAD"):
            return self.static.get_response(method, request_headers)
        path, headers = self.static.get_path_and_headers(request_headers)
        if self._is_not_modified(request_headers, headers):
            return Response(HTTPStatus.NOT_MODIFIED, [(k, v) for k, v in headers if k in NOT_MODIFIED_HEADERS], None)
        data = self.in_memory.get(path)
        if data is None:
            unconditional = {
                k: v for k, v in request_headers.items() if k not in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
            }
            return self.static.get_response(method, unconditional)
        if "HTTP_RANGE" in request_headers:
            return self._range(request_headers["HTTP_RANGE"], headers, None if method == "HEAD" else data)
        return Response(HTTPStatus.OK, headers, None if method == "HEAD" else data)

    def _range(self, range_header: str, headers: list[tuple[str, str]], data: bytes | None) -> Response:
        """WhiteNoise's answer to a Range, cut from the bytes in memory (or 416, or the whole form)."""
        try:
            response = self.static.get_range_response(range_header, headers, None if data is None else io.BytesIO(data))
        except ValueError:  # a Range WhiteNoise cannot read is ignored, as it does
            return Response(HTTPStatus.OK, headers, data)
        body = (
            response.file.read()
            if response.file is not None and response.status == HTTPStatus.PARTIAL_CONTENT
            else None
        )
        return Response(response.status, response.headers, body)

    def _is_not_modified(self, request_headers: WSGIEnvironment, headers: list[tuple[str, str]]) -> bool:
        """If-None-Match against this form's own ETag; else If-Modified-Since, as WhiteNoise does."""
        asked = request_headers.get("HTTP_IF_NONE_MATCH")
        if asked is not None:
            etag = dict(headers)["ETag"]
            return asked.strip() == "*" or etag in (tag.strip().removeprefix("W/") for tag in asked.split(","))
        since = parsedate(request_headers.get("HTTP_IF_MODIFIED_SINCE") or "")
        return bool(since and self.static.last_modified and since >= self.static.last_modified)


def _with_own_etag(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    headers = list(headers)
    encoding = dict(headers).get("Content-Encoding")
    if not encoding:
        return headers
    return [(k, f'{v[:-1]}-{encoding}"' if k == "ETag" else v) for k, v in headers]


class NotFound:
    """The site's own 404 pages, read once: `<lang>/404.html` under a language, else `404.html`.

    A 404 answers at any depth, where the page's relative links would miss; a `<base>` naming
    the page's real folder puts them right.
    """

    def __init__(self, root: Path) -> None:
        self.pages = {}
        for page in [root / "404.html", *root.glob("*/404.html")]:
            folder = "" if page.parent == root else page.parent.name
            html = page.read_bytes().replace(
                b"<head>", b'<head>\n<base href="/%s">' % (folder + "/" if folder else "").encode(), 1
            )
            self.pages[folder] = _compressed_forms(html)
        self.fallback = self.pages.get("", _compressed_forms(b"Not found\n"))

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        folder = environ.get("PATH_INFO", "/").lstrip("/").split("/", 1)[0]
        forms = self.pages.get(folder, self.fallback)
        accepted = environ.get("HTTP_ACCEPT_ENCODING", "")
        encoding = next((name for name in ("br", "gzip") if re.search(rf"\b{name}\b", accepted)), None)
        body = forms[encoding]
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", f"max-age={HTML_MAX_AGE}"),
            ("Vary", "Accept-Encoding"),
        ]
        start_response("404 Not Found", headers + ([("Content-Encoding", encoding)] if encoding else []))
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


def _compressed_forms(body: bytes) -> dict[str | None, bytes]:
    """A 404 page as sent to each client: brotli, gzip (same bytes every start), or plain."""
    return {"br": brotli.compress(body), "gzip": gzip.compress(body, mtime=0), None: body}


def negotiate_language(app: WSGIApplication, codes: list[str]) -> WSGIApplication:
    """At `/`, send a browser that says which languages it reads to the best one we have."""

    def negotiating(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") not in ("/", "/index.html"):
            return app(environ, start_response)
        best = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE", ""), LanguageAccept).best_match(codes)
        if environ.get("PATH_INFO") == "/" and best:
            location = f"{environ.get('SCRIPT_NAME', '')}/{best}/"
            start_response(
                "302 Found",
                [
                    ("Location", location),
                    ("Vary", "Accept-Language"),
                    ("Cache-Control", "no-cache"),
                    ("Content-Length", "0"),
                ],
            )
            return []

        def with_vary(
            status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
        ) -> Callable[[bytes], object]:
            return start_response(status, headers + [("Vary", "Accept-Language")], exc_info)

        return app(environ, with_vary)

    return negotiating


def secure(app: WSGIApplication, onion: str | None) -> WSGIApplication:
    """Security headers on every answer (and the onion address where one is set); never a cookie."""

    def securing(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def with_headers(
            status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
        ) -> Callable[[bytes], object]:
            headers = [(name, value) for name, value in headers if name.lower() != "set-cookie"] + SECURITY_HEADERS
            if onion:
                headers.append(("Onion-Location", onion + environ.get("PATH_INFO", "/").lstrip("/")))
            return start_response(status, headers, exc_info)

        return app(environ, with_headers)

    return securing


def access_log(app: WSGIApplication, stream: TextIO = sys.stdout) -> WSGIApplication:
    """One line per answer: method, path, status, bytes, time. No address, agent, referrer or query."""

    def logging(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        started, answer = time.perf_counter(), {}

        def recording(
            status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
        ) -> Callable[[bytes], object]:
            answer["status"] = status.split(" ", 1)[0]
            answer["bytes"] = dict((k.lower(), v) for k, v in headers).get("content-length", "-")
            return start_response(status, headers, exc_info)

        result = app(environ, recording)
        milliseconds = (time.perf_counter() - started) * 1000
        print(
            f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')} {answer.get('status')} "
            f"{answer.get('bytes')} {milliseconds:.1f}ms",
            file=stream,
            flush=True,
        )
        return result

    return logging


def make_app(root: Path, onion: str | None = None, log: bool = False) -> WSGIApplication:
    root = Path(root)
    files = SiteFiles(
        NotFound(root),
        root=str(root),
        index_file=True,
        max_age=HTML_MAX_AGE,
        allow_all_origins=False,
        immutable_file_test=lambda path, url: is_hashed(url),
    )
    codes = sorted(p.name for p in root.iterdir() if (p / "index.html").is_file())
    app = secure(negotiate_language(files, codes), onion)
    return access_log(app) if log else app
