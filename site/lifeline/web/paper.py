"""The guide and the leaflet as PDFs: `download/lifeline-<lang>.pdf` and `download/leaflet-<lang>.pdf`.

A PDF is the one document every phone opens with no other app, and messengers show it with a
preview; the leaflet is for paper. Both are routes like the pages, so a build freezes them on
every core, makes them again only when what they are made from changed (build/rebuild.py),
lists them in SHA256SUMS and puts them in the offline archives.

The guide is the guide in one file (edition.py) laid out on A6 pages with pdf.css: an outline
entry per page, page numbers, the notices. The leaflet is the `share` page, the message that
is also sent as text, under the guide's title, with QR codes for the addresses a phone can
open; printed from a browser, the share page says the same: its message and the same codes.
"""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, render_template
from markupsafe import Markup

from lifeline.common.problems import ContentError, Problem
from lifeline.content.message import MESSAGE_SLUG
from lifeline.web.columns import two_columns
from lifeline.web.edition import part_of, whole_guide
from lifeline.web.pdf import TooManyPages, pdf_of
from lifeline.web.qr import codes_for
from lifeline.web.views import current_site, use_language

GUIDE_FILE_NAME = "download/lifeline-{code}.pdf"
LEAFLET_FILE_NAME = "download/leaflet-{code}.pdf"
PDF_ENDPOINTS = ("guide_pdf", "leaflet_pdf")
STATIC = Path(__file__).parent / "static"
GUIDE_STYLESHEET = (STATIC / "pdf.css").read_text(encoding="utf-8")
LEAFLET_STYLESHEET = GUIDE_STYLESHEET + (STATIC / "leaflet.css").read_text(encoding="utf-8")
# The leaflet's type: the largest of these that puts the message on one page (never under 9 pt,
# what an office print of it can still be read at). Today's messages take the first.
LEAFLET_FONT_SIZES = ("10pt", "9.5pt", "9pt")


def guide_pdf(lang_code: str) -> Response:
    html = whole_guide(lang_code, GUIDE_STYLESHEET, GUIDE_FILE_NAME.format(code=lang_code))
    return Response(pdf_of(html), mimetype="application/pdf")


def leaflet_pdf(lang_code: str) -> Response:
    site = current_site()
    if lang_code not in site.languages or MESSAGE_SLUG not in site.slug_set:
        abort(404)
    use_language(lang_code)
    share = part_of(site, lang_code, MESSAGE_SLUG)
    cut = two_columns(share.page.html)  # the page's own HTML: ids and headings as on its page
    headline, codes = site.page(lang_code, "index").title, codes_for(site, lang_code)
    for size in LEAFLET_FONT_SIZES:
        # Then CSS columns, balanced by WeasyPrint: slow, but it can split a paragraph between them.
        for columns in (cut, None) if cut else (None,):
            html = render_template(
                "leaflet.html",
                part=share,
                columns=columns,
                message=Markup(share.page.html),
                headline=headline,
                codes=codes,
                stylesheet=f"{LEAFLET_STYLESHEET}html {{ font-size: {size}; }}\n",
            )
            try:
                return Response(pdf_of(html, max_pages=1), mimetype="application/pdf")
            except TooManyPages as error:
                pages = error.pages
    message = (
        f"the leaflet ({LEAFLET_FILE_NAME.format(code=lang_code)}) takes {pages} A4 pages with this text, "
        f"even in {LEAFLET_FONT_SIZES[-1]} type; it must fit on one: shorten the message"
    )
    raise ContentError([Problem(share.page.path, None, message)])
