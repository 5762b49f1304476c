"""Live preview for editors: renders straight from content/, and shows an edit on the next load.

Each request first looks whether any file under content/, translations/ or the templates has
changed (names, sizes and times: a few milliseconds); if so the app is built again. Content
with problems is answered with the list of problems, file and line, instead of a page.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from wsgiref.types import StartResponse, WSGIEnvironment

from lifeline.common.problems import ContentError
from lifeline.common.project import content_dir, translations_dir
from lifeline.content.render import RenderCache
from lifeline.web.app import create_app

WEB_DIR = Path(__file__).parents[1] / "web"  # its templates and stylesheet


def fingerprint(folders: list[Path]) -> tuple:
    """What changes when any file below the folders is added, removed or edited."""
    entries = []
    for folder in folders:
        for directory, _, names in os.walk(folder):
            for name in names:
                if not name.endswith((".mo", ".pyc")):
                    stat = os.stat(os.path.join(directory, name))
                    entries.append((directory, name, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))


class Preview:
    """A WSGI app that rebuilds the Flask app whenever the watched files change."""

    def __init__(self, config: dict | None = None) -> None:
        self.config = dict(config or {})
        content = Path(self.config.get("CONTENT_DIR") or content_dir())
        translations = Path(self.config.get("BABEL_TRANSLATION_DIRECTORIES") or translations_dir())
        self.watched = [content, translations, WEB_DIR / "templates", WEB_DIR / "static"]
        self.seen: tuple | None = None
        self.app = None
        self.problems = ""
        self.renders = RenderCache()  # pages rendered so far: an edit re-renders only its own page

    def refresh(self) -> None:
        current = fingerprint(self.watched)
        if current == self.seen:
            return
        self.seen = current
        renders = RenderCache(kept={**self.renders.kept, **self.renders.used})
        try:
            self.app, self.problems = create_app(self.config, renders), ""
            self.renders = RenderCache(kept=renders.used)  # forget pages no longer as they were
        except ContentError as error:
            self.app, self.problems, self.renders = None, error.report(), renders

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        self.refresh()
        if self.app is None:
            body = ("The content has problems; fix them and reload this page.\n\n" + self.problems + "\n").encode(
                "utf-8"
            )
            start_response(
                "500 Internal Server Error",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return self.app(environ, start_response)
