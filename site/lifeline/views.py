"""The site's pages: the language chooser at `/`, and `/<lang>/` and `/<lang>/<slug>.html`.

Every link a template writes goes through `relative_url_for`, so the same HTML works under
any path prefix and from disk; the routes also answer the `index.html` forms those links use.
"""
from __future__ import annotations

import flask_babel
from flask import Blueprint, abort, current_app, g, render_template
from flask_babel import force_locale, gettext
from flask_frozen import relative_url_for

from .content import Site

bp = Blueprint("pages", __name__, url_prefix="/<lang_code>")


def current_site() -> Site:
    return current_app.extensions["lifeline"]


def use_language(code: str) -> None:
    """Make `code` the language of this request, for the templates and for Flask-Babel.

    Flask-Babel caches the locale per app context, and Frozen-Flask renders every page in
    one app context, so the cache is refreshed here: without it every frozen page would
    come out in the first language rendered.
    """
    g.language = current_site().languages[code]
    flask_babel.refresh()


@bp.url_value_preprocessor
def pull_language(endpoint, values) -> None:
    code = values.pop("lang_code")
    if code not in current_site().languages:
        abort(404)
    use_language(code)


@bp.route("/", defaults={"slug": "index"})
@bp.route("/<slug>.html")
def page(slug: str):
    site = current_site()
    if slug not in site.slugs:
        abort(404)
    shown = site.page(g.language.code, slug)
    return render_template(
        "page.html",
        page=shown,
        page_language=site.languages[shown.lang],
        source_language=site.languages[site.languages.source],
        is_stale=site.is_stale(shown),
        alternates=site.translations_of(slug),
        navigation=[(s, site.page(g.language.code, s).title) for s in site.slugs],
    )


def chooser():
    site = current_site()
    use_language(site.languages.source)
    entries = []
    for language in site.languages:
        with force_locale(language.code):
            entries.append((language, gettext("I Want to Live"), gettext("Information for soldiers and their families")))
    return render_template("chooser.html", entries=entries)


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.add_url_rule("/", "chooser", chooser)
    app.add_url_rule("/index.html", "chooser", chooser)
    app.jinja_env.globals["url"] = relative_url_for
    app.context_processor(lambda: {"site": current_site(), "language": g.get("language")})
