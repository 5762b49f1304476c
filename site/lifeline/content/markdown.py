"""Markdown to safe HTML: contact macros, links between pages, and an allowlist sanitiser.

Three walls stand between a content file and the reader. Raw HTML in Markdown is not passed
through (it shows as text); links are checked and rewritten to relative `.html` addresses;
and the final HTML is cleaned by nh3 against a short allowlist of tags, attributes and URL
schemes, so no script, style, frame, event handler or `javascript:` URL can get through.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from lifeline.content.contacts import Channel, Contacts
from lifeline.content.sites import AllowedSites

CONTACT_INLINE = r"\{\{\s*contact:\s*([^}\s]*)\s*\}\}"
CONTACT_LIST = re.compile(r"^\{\{\s*contacts\s*\}\}$")

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class", "dir"},
    "span": {"class", "dir"},
    "abbr": {"title"},
    "ol": {"start"},
    "ul": {"class"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
ALLOWED_SCHEMES = {"https", "tel"}


def sanitise(html: str) -> str:
    """Keep only the allowlisted tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


@dataclass
class RenderContext:
    """What one page's rendering needs to know, and what it found wrong."""

    languages: list[str]  # the page's language, then its fallbacks: for contact labels
    slugs: frozenset[str] | set[str]
    contacts: Contacts
    sites: AllowedSites  # the other sites links may lead to
    found: list[tuple[str, str]] = field(default_factory=list)  # (message, text to locate)

    def report(self, message: str, needle: str) -> None:
        self.found.append((message, needle))


def channel_element(channel: Channel) -> etree.Element:
    """A channel's value: a link, or for a placeholder plain marked text that leads nowhere."""
    if channel.href:
        element = etree.Element("a", {"class": "contact", "href": channel.href, "dir": "ltr"})
    else:
        element = etree.Element("span", {"class": "contact placeholder", "dir": "ltr"})
    element.text = channel.value
    return element


class ContactInlineProcessor(InlineProcessor):
    """`{{ contact: ID }}`: one channel's value, inline."""

    def __init__(self, pattern: str, extension: LifelineExtension) -> None:
        super().__init__(pattern)
        self.extension = extension

    def handleMatch(self, match: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:
        context = self.extension.context
        channel = context.contacts.by_id.get(match.group(1))
        if channel is None:
            known = ", ".join(context.contacts.by_id)
            context.report(f"unknown contact '{match.group(1)}' (known: {known})", match.group(0))
            return match.group(0), match.start(0), match.end(0)
        return channel_element(channel), match.start(0), match.end(0)


class ContactListProcessor(BlockProcessor):
    """`{{ contacts }}` on a line of its own: every channel of the programme, with labels."""

    def __init__(self, parser: BlockParser, extension: LifelineExtension) -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(CONTACT_LIST.match(block.strip()))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        blocks.pop(0)
        context = self.extension.context
        listing = etree.SubElement(parent, "ul", {"class": "contacts"})
        for channel in context.contacts:
            if channel.programme != "live":
                continue
            item = etree.SubElement(listing, "li")
            label = etree.SubElement(item, "span", {"class": "contact-label"})
            label.text = channel.label(context.languages)
            label.tail = " "
            item.append(channel_element(channel))


class LinkProcessor(Treeprocessor):
    """Checks every link and rewrites links to our pages (`rights`, `rights.md#x`) to `.html`."""

    def __init__(self, md: markdown.Markdown, extension: LifelineExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        for image in root.iter("img"):
            self.extension.context.report(
                f"image '{image.get('src', '')}': pages have no images (on a slow or metered "
                "link each one costs a request and bytes; describe it in words)",
                image.get("src", "!["),
            )
        for link in root.iter("a"):
            if "contact" in link.get("class", "").split():
                continue
            href = link.get("href", "")
            new_href = self.checked(href)
            if new_href is None:
                link.attrib.pop("href", None)
            else:
                link.set("href", new_href)

    def checked(self, href: str) -> str | None:
        context = self.extension.context
        scheme = urlsplit(href).scheme.lower()
        if href.startswith("#"):
            return href
        if scheme == "https":
            if problem := context.sites.problem_with(href):
                context.report(problem, href)
                return None
            return href
        if scheme in ("tel", "mailto", "sms"):
            context.report(f"link '{href}': write contact details with {{{{ contact: ID }}}}", href)
            return None
        if scheme:
            context.report(f"link '{href}': only https:// links to other sites are allowed", href)
            return None
        path, hash_sign, fragment = href.partition("#")
        slug = path.removesuffix(".md")
        if slug not in context.slugs:
            context.report(
                f"link to a page that does not exist: '{href}' (pages: {', '.join(sorted(context.slugs))})", href
            )
            return None
        return f"{slug}.html{hash_sign}{fragment}"


class Renderer:
    """One Markdown converter, reused for every page (building one costs more than a page)."""

    def __init__(self) -> None:
        self.extension = LifelineExtension()
        self.md = markdown.Markdown(
            extensions=["tables", "sane_lists", "def_list", "abbr", "toc", self.extension],
            extension_configs={"toc": {"slugify": slugify_unicode, "permalink": False}},
            output_format="html",
        )
        # Raw HTML is never passed through: it stays visible as text, so an editor sees it.
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")

    def render(self, source: str, context: RenderContext) -> str:
        self.md.reset()  # the extensions forget the previous page (LifelineExtension.reset)
        self.extension.context = context
        return sanitise(self.md.convert(source))


class LifelineExtension(Extension):
    """Our macros and links, with the page being converted as per-document state.

    As Python-Markdown's own `abbr` and `footnotes` extensions do, it registers itself with the
    converter, so that `Markdown.reset()` calls `reset()` and no page sees the previous one's
    context.
    """

    def __init__(self) -> None:
        super().__init__()
        self.context: RenderContext | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.registerExtension(self)
        # 175: after `backtick` (190) and `escape` (180), so a macro in a code span stays code;
        # before `reference` (170) and `link` (160), so a macro's braces are never read as a link.
        md.inlinePatterns.register(ContactInlineProcessor(CONTACT_INLINE, self), "lifeline_contact", 175)
        # 95: right after `empty` (100), before `indent` (90) and every other block: a
        # `{{ contacts }}` line becomes the list of channels wherever it stands.
        md.parser.blockprocessors.register(ContactListProcessor(md.parser, self), "lifeline_contacts", 95)
        # 5: after `inline` (20), when every link is an <a>, and `prettify` (10); before `unescape` (0).
        md.treeprocessors.register(LinkProcessor(md, self), "lifeline_links", 5)

    def reset(self) -> None:
        self.context = None
