"""The site's pages: the language chooser at `/`, and `/<lang>/` and `/<lang>/<slug>.html`.

Every link a template writes goes through `links.url`, so the same HTML works under any path
prefix and from disk; the routes also answer the `index.html` forms those links use.
"""

from __future__ import annotations

from dataclasses import dataclass

import flask_babel
from flask import Blueprint, Flask, Response, abort, g, render_template, request
from flask_babel import force_locale, gettext, lazy_gettext
from flask_babel.speaklater import LazyString
from werkzeug.exceptions import NotFound

from lifeline.content.languages import Language
from lifeline.content.message import MESSAGE_SLUG, text_of
from lifeline.content.site import Site
from lifeline.web.links import url
from lifeline.web.menu import navigation
from lifeline.web.qr import codes_for
from lifeline.web.state import state

bp = Blueprint("pages", __name__, url_prefix="/<lang_code>")
# Marked where they are written, so that extraction finds them (a string handed to `gettext`
# through a variable is never extracted, and every language would show the English).
CHOOSER_PROMPT = lazy_gettext("Information for soldiers and their families")
NOT_FOUND_PROMPT = lazy_gettext("This page does not exist.")
ONE_FILE_PROMPT = lazy_gettext("Save this guide as one file")
GUIDE_PDF_PROMPT = lazy_gettext("The guide as a PDF")
LEAFLET_PDF_PROMPT = lazy_gettext("Leaflet to print (PDF)")
DEMONSTRATION = lazy_gettext(
    "Demonstration copy: the phone numbers and addresses on this site are examples, "
    "not the programme's real contact details. Do not use them."
)


def current_site() -> Site:
    return state().site


def use_language(code: str) -> None:
    """Make `code` the language of this request, for the templates and for Flask-Babel.

    Flask-Babel caches the locale per app context, and Frozen-Flask renders every page in
    one app context, so the cache is refreshed here: without it every frozen page would
    come out in the first language rendered.
    """
    g.language = current_site().languages[code]
    flask_babel.refresh()


@bp.url_value_preprocessor
def pull_language(endpoint: str | None, values: dict[str, str] | None) -> None:
    code = values.pop("lang_code")
    if code not in current_site().languages:
        abort(404)
    use_language(code)


@bp.route("/404.html")
def not_found_page() -> str:
    """The language's own "not found" page; the server sends it with status 404."""
    return render_template("not_found.html", navigation=navigation(current_site()))


@bp.route("/", defaults={"slug": "index"})
@bp.route("/<slug>.html")
def page(slug: str) -> str:
    site = current_site()
    if slug not in site.slugs:
        abort(404)
    page_to_show = site.page(g.language.code, slug)
    return render_template(
        "page.html",
        page=page_to_show,
        page_language=site.languages[page_to_show.lang],
        source_language=site.languages[site.languages.source],
        is_stale=site.is_stale(page_to_show),
        alternates=site.translations_of(slug),
        message=message_text(site, g.language.code) if slug == MESSAGE_SLUG else None,
        codes=codes_for(site, g.language.code) if slug == MESSAGE_SLUG else None,
        navigation=navigation(site),
    )


def chooser() -> str:
    site = current_site()
    description = site.page(site.languages.source, "index").description
    return render_template("chooser.html", entries=_entries_in_every_language(CHOOSER_PROMPT), description=description)


def not_found_in_every_language() -> str:
    """The "not found" page for addresses outside any language: every language says it."""
    return render_template("chooser.html", entries=_entries_in_every_language(NOT_FOUND_PROMPT), not_found=True)


@dataclass(frozen=True)
class ChooserEntry:
    """A language on the chooser, in that language: the site's name, the prompt, the downloads."""

    language: Language
    site_name: str
    prompt: str
    one_file: str
    guide_pdf: str
    leaflet_pdf: str


def _entries_in_every_language(prompt: LazyString) -> list[ChooserEntry]:
    use_language(current_site().languages.source)
    entries = []
    for language in current_site().languages:
        with force_locale(language.code):
            entries.append(
                ChooserEntry(
                    language,
                    gettext("I Want to Live"),
                    str(prompt),
                    str(ONE_FILE_PROMPT),
                    str(GUIDE_PDF_PROMPT),
                    str(LEAFLET_PDF_PROMPT),
                )
            )
    return entries


def stylesheet(digest: str) -> Response:
    """The one stylesheet, at an address that changes with its content: cacheable for ever."""
    if digest != state().stylesheet_digest:
        abort(404)
    return Response(state().stylesheet, mimetype="text/css")


def not_found_error(error: NotFound) -> tuple[str, int]:
    """In the live preview: the same page the static server sends for a missing address."""
    code = (request.path.split("/") + ["", ""])[1]
    if code in current_site().languages:
        use_language(code)
        return not_found_page(), 404
    return not_found_in_every_language(), 404


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_url_rule("/", "chooser", chooser)
    app.add_url_rule("/index.html", "chooser", chooser)
    app.add_url_rule("/404.html", "not_found", not_found_in_every_language)
    app.add_url_rule("/static/style.<digest>.css", "stylesheet", stylesheet)
    app.register_error_handler(404, not_found_error)
    app.jinja_env.globals["url"] = url
    app.context_processor(
        lambda: {
            "site": current_site(),
            "language": g.get("language"),
            "stylesheet_digest": state().stylesheet_digest,
            "has_leaflet": MESSAGE_SLUG in current_site().slug_set,  # the leaflet is the share page on paper
        }
    )


def message_text(site: Site, lang_code: str) -> str:
    """The `share` page of the language as a message; while contacts are placeholders, it says so first."""
    text = text_of(site.page(lang_code, MESSAGE_SLUG).html)
    if site.contacts.placeholders:
        text = str(DEMONSTRATION) + "\n\n" + text
    return text
