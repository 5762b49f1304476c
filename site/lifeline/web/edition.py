"""The whole guide of one language as one self-contained HTML file: `download/lifeline-<lang>.html`.

What a phone can open from a messenger's download, where a folder of pages cannot: every page of
the language in menu order, each a section after a table of contents, links between pages made
links between sections, every `id` unique in the file, the stylesheet inside (allowed by its hash
in the file's own Content-Security-Policy). It asks for nothing else: no other file, no other
origin. Frozen like any page, so it is in SHA256SUMS, signed, and in the offline archives.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from flask import Response, abort, render_template

from lifeline.content.languages import Language
from lifeline.content.message import MESSAGE_SLUG
from lifeline.content.pages import Page
from lifeline.content.site import Site
from lifeline.web.state import state
from lifeline.web.views import current_site, message_text, use_language

FILE_NAME = "download/lifeline-{code}.html"
MESSAGE_FILE_NAME = "download/lifeline-{code}.txt"
# An id or a link in a page's rendered HTML (Python-Markdown writes double quotes).
ID_OR_LINK = re.compile(r'\b(id|href)="([^"]*)"')
PAGE_LINK = re.compile(r"([a-z0-9-]+)\.html(?:#(.*))?")
HEADING = re.compile(r"<(/?)h([1-5])\b")


@dataclass(frozen=True)
class Part:
    """One page of the guide as a section of the file."""

    page: Page
    language: Language  # the page's own language: another one where it falls back
    anchor: str
    html: str
    is_stale: bool
    message: str | None  # the share page's text, shown as a block to copy


def single_file(lang_code: str) -> str:
    # On one line: the Nu Html Checker hashes only an inline style's first line (Chromium hashes
    # all of it), and would report the style as blocked by the policy.
    stylesheet = " ".join(line.strip() for line in state().stylesheet.decode("utf-8").splitlines())
    return whole_guide(lang_code, stylesheet, FILE_NAME.format(code=lang_code))


def whole_guide(lang_code: str, stylesheet: str, file_name: str) -> str:
    """Every page of the language in one HTML document: the one-file guide, and the PDF guide's source."""
    site = current_site()
    if lang_code not in site.languages:
        abort(404)
    use_language(lang_code)
    return render_template(
        "single.html",
        parts=[part_of(site, lang_code, slug) for slug in site.slugs],
        stylesheet=stylesheet,
        style_hash=style_hash(stylesheet),
        description=site.page(lang_code, "index").description,
        file_name=file_name,
        single_file=True,
    )


def message_file(lang_code: str) -> Response:
    """The message-sized guide (the `share` page) as plain text, ready to paste into a messenger."""
    site = current_site()
    if lang_code not in site.languages or MESSAGE_SLUG not in site.slug_set:
        abort(404)
    use_language(lang_code)
    return Response(message_text(site, lang_code), mimetype="text/plain")


def style_hash(css: str) -> str:
    """The CSP source that allows exactly this inline stylesheet."""
    return "sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")


def part_of(site: Site, lang_code: str, slug: str) -> Part:
    page = site.page(lang_code, slug)
    html = within_file(page.html, slug, site.slug_set)
    message = message_text(site, lang_code) if slug == MESSAGE_SLUG else None
    return Part(page, site.languages[page.lang], section_anchor(slug), html, site.is_stale(page), message)


def section_anchor(slug: str) -> str:
    return f"page-{slug}"


def within_file(html: str, slug: str, slugs: frozenset[str]) -> str:
    """A page's HTML with its ids made unique in the file and links to pages made links to sections."""

    def rewrite(match: re.Match[str]) -> str:
        attribute, value = match.groups()
        if attribute == "id":
            return f'id="{slug}--{value}"'
        if value.startswith("#"):
            return f'href="#{slug}--{value[1:]}"'
        target = PAGE_LINK.fullmatch(value)
        if target and target.group(1) in slugs:
            other, fragment = target.groups()
            return f'href="#{other}--{fragment}"' if fragment else f'href="#{section_anchor(other)}"'
        return match.group(0)

    # Each page's own headings go one level down, under the page's title (an <h2> in the file).
    return HEADING.sub(lambda tag: f"<{tag[1]}h{int(tag[2]) + 1}", ID_OR_LINK.sub(rewrite, html))
