"""Lifeline: the public information site of the "I Want to Live" programme."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import i18n, views
from .buildcache import RenderCache
from .check import check_everything, has_errors
from .paths import CONTENT_DIR, PROJECT_DIR, TRANSLATIONS_DIR
from .problems import ContentError


def create_app(test_config: dict | None = None, renders: RenderCache | None = None) -> Flask:
    """Load and check all content and catalogs, then build the Flask app that renders them.

    Raises ContentError, listing every problem, when content or catalogs are broken.
    `renders`: pages an earlier build rendered (see buildcache), used where still valid.
    """
    app = Flask(__name__, static_folder=None)  # the one stylesheet has its own route (views.stylesheet)
    app.config.from_mapping(
        CONTENT_DIR=str(CONTENT_DIR),
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS_DIR),
        BABEL_DEFAULT_LOCALE="en",
    )
    if test_config:
        app.config.from_mapping(test_config)

    site, problems = check_everything(Path(app.config["CONTENT_DIR"]), Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]),
                                       renders)
    if has_errors(problems):
        raise ContentError(problems)
    app.extensions["lifeline"] = site
    app.config.setdefault("PUBLIC_KEY", site.public_key)

    i18n.init_app(app)
    views.init_app(app)
    return app


__all__ = ["create_app", "ContentError", "PROJECT_DIR"]
