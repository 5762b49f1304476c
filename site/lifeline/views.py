"""The site's pages: the language chooser at `/`, and `/<lang>/` and `/<lang>/<slug>.html`.

Every link a template writes goes through `relative_url_for`, so the same HTML works under
any path prefix and from disk; the routes also answer the `index.html` forms those links use.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import flask_babel
from flask import Blueprint, Response, abort, current_app, g, render_template, request, url_for
from flask_babel import force_locale, gettext, lazy_gettext
from flask_frozen import relative_url_for
from markupsafe import Markup, escape

from .content import Site

bp = Blueprint("pages", __name__, url_prefix="/<lang_code>")
STYLESHEET = Path(__file__).parent / "static" / "style.css"
# Marked where they are written, so that extraction finds them (a string handed to `gettext`
# through a variable is never extracted, and every language would show the English).
CHOOSER_PROMPT = lazy_gettext("Information for soldiers and their families")
NOT_FOUND_PROMPT = lazy_gettext("This page does not exist.")


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


@bp.route("/404.html")
def not_found_page():
    """The language's own "not found" page; the server sends it with status 404."""
    return render_template("not_found.html", navigation=_navigation(current_site()))


def _navigation(site: Site) -> "Menu":
    """The menu of every page of the language, made once per language and folder.

    Like a cached partial: the addresses are relative, so they are the same for every page in
    one folder, and with hundreds of pages, writing the menu afresh on every page was most of
    the build's time (docs/benchmarks.md). Each page only marks itself as the current one.
    """
    key = (g.language.code, request.script_root, _folder())
    cache = current_app.extensions.setdefault("lifeline.navigation", {})
    if key not in cache:
        cache[key] = Menu(tuple(_menu_item(slug, site.page(g.language.code, slug).title,
                                           url("pages.page", lang_code=g.language.code, slug=slug))
                                for slug in site.slugs))
    return cache[key]


def _folder() -> str:
    """The folder of this request's address: relative links from it are the same for every page in it."""
    return request.path.rpartition("/")[0]


def url(endpoint: str, **values) -> str:
    """What Frozen-Flask's relative_url_for gives, worked out once per address and folder pair.

    Every page links to its language's pages and to each of its translations; asking Flask's
    URL map and posixpath.relpath anew for each link was a third of the time of writing a page.
    Here Flask builds each address once, and the way from one folder to another is worked out
    once; relative_url_for's own rules (a trailing '/' means index.html) are kept, and
    tests/test_views.py checks the two agree on every link of a site.
    """
    cache = current_app.extensions.setdefault("lifeline.urls", {})
    target_key = (request.script_root, endpoint, *sorted(values.items()))
    if (target := cache.get(target_key)) is None:
        target = cache[target_key] = _folder_and_name(url_for(endpoint, **values))
    folder, name = target
    if folder is None:
        return name  # another host: absolute, as relative_url_for leaves it
    way_key = (_folder() or "/", folder)
    if (way := cache.get(way_key)) is None:
        way = cache[way_key] = posixpath.relpath(folder, way_key[0])
    return name if way == "." else f"{way}/{name}"


def _folder_and_name(address: str) -> tuple[str | None, str]:
    """An address as its folder and the rest; relative_url_for's rule: '/' ends in index.html."""
    if not address.startswith("/"):
        return None, address
    path, rest = re.match(r"([^?#]*)(.*)", address, re.DOTALL).groups()
    folder, _, name = path.rpartition("/")
    return folder or "/", (name or "index.html") + rest


def _menu_item(slug: str, title: str, href: str) -> tuple[str, str, str]:
    link = f'<li><a href="{escape(href)}"%s>{escape(title)}</a></li>'
    return slug, link % "", link % ' aria-current="page"'


@dataclass(frozen=True)
class Menu:
    items: tuple[tuple[str, str, str], ...]  # (slug, as a link, as the current page)

    def html(self, current: str | None = None) -> Markup:
        return Markup("\n".join(marked if slug == current else plain for slug, plain, marked in self.items))


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
        navigation=_navigation(site),
    )


def chooser():
    site = current_site()
    description = site.page(site.languages.source, "index").description
    return render_template("chooser.html", entries=_entries_in_every_language(CHOOSER_PROMPT), description=description)


def not_found_in_every_language():
    """The "not found" page for addresses outside any language: every language says it."""
    return render_template("chooser.html", entries=_entries_in_every_language(NOT_FOUND_PROMPT), not_found=True)


def _entries_in_every_language(prompt) -> list[tuple]:
    use_language(current_site().languages.source)
    entries = []
    for language in current_site().languages:
        with force_locale(language.code):
            entries.append((language, gettext("I Want to Live"), str(prompt)))
    return entries


def stylesheet(digest: str):
    """The one stylesheet, at an address that changes with its content: cacheable for ever."""
    css = current_app.extensions["lifeline.css"]
    if digest != css[0]:
        abort(404)
    return Response(css[1], mimetype="text/css")


def not_found_error(error):
    """In the live preview: the same page the static server sends for a missing address."""
    code = (request.path.split("/") + ["", ""])[1]
    if code in current_site().languages:
        use_language(code)
        return not_found_page(), 404
    return not_found_in_every_language(), 404


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.add_url_rule("/", "chooser", chooser)
    app.add_url_rule("/index.html", "chooser", chooser)
    app.add_url_rule("/404.html", "not_found", not_found_in_every_language)
    css = STYLESHEET.read_bytes()
    app.extensions["lifeline.css"] = (hashlib.sha256(css).hexdigest()[:12], css)
    app.add_url_rule("/static/style.<digest>.css", "stylesheet", stylesheet)
    app.register_error_handler(404, not_found_error)
    app.jinja_env.globals["url"] = url
    app.context_processor(lambda: {"site": current_site(), "language": g.get("language"),
                                   "stylesheet_digest": app.extensions["lifeline.css"][0]})
