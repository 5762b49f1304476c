"""The Flask app that renders the site: `create_app()`, as the Flask tutorial's factory does."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from lifeline.common.problems import ContentError
from lifeline.common.project import content_dir, translations_dir
from lifeline.content.check import check_everything, has_errors
from lifeline.content.message import MESSAGE_SLUG
from lifeline.content.render import RenderCache
from lifeline.web import edition, i18n, paper, views
from lifeline.web.state import WebState


def create_app(test_config: dict | None = None, renders: RenderCache | None = None) -> Flask:
    """Load and check all content and catalogs, then build the Flask app that renders them.

    Raises ContentError, listing every problem, when content or catalogs are broken.
    `renders`: pages an earlier build rendered (see content/render.py), used where still valid.
    """
    app = Flask(__name__, static_folder=None)  # the one stylesheet has its own route (views.stylesheet)
    app.config.from_mapping(
        CONTENT_DIR=str(content_dir()),
        BABEL_TRANSLATION_DIRECTORIES=str(translations_dir()),
        BABEL_DEFAULT_LOCALE="en",
    )
    if test_config:
        app.config.from_mapping(test_config)

    site, problems = check_everything(
        Path(app.config["CONTENT_DIR"]), Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]), renders
    )
    if has_errors(problems):
        raise ContentError(problems)
    app.extensions["lifeline"] = WebState.of(site)
    app.config.setdefault("PUBLIC_KEY", site.public_key)

    i18n.init_app(app)
    views.init_app(app)
    app.add_url_rule("/" + edition.FILE_NAME.format(code="<lang_code>"), "single_file", edition.single_file)
    if MESSAGE_SLUG in site.slug_set:  # a site with a message-sized page has it as text too
        app.add_url_rule(
            "/" + edition.MESSAGE_FILE_NAME.format(code="<lang_code>"), "message_file", edition.message_file
        )
        app.add_url_rule("/" + paper.LEAFLET_FILE_NAME.format(code="<lang_code>"), "leaflet_pdf", paper.leaflet_pdf)
    app.add_url_rule("/" + paper.GUIDE_FILE_NAME.format(code="<lang_code>"), "guide_pdf", paper.guide_pdf)
    return app
