"""Markdown to HTML: macros, links and the sanitiser, one case per test (source -> HTML)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from helpers import PROJECT_DIR
from lifeline.common.problems import Problems
from lifeline.content.contacts import load_contacts
from lifeline.content.languages import load_languages
from lifeline.content.markdown import RenderContext, Renderer, sanitise
from lifeline.content.sites import AllowedSites

CONTENT = PROJECT_DIR / "content"


SITES = AllowedSites("content/sites.yaml", ("www.icrc.org", "ohchr.org"), ("placeholder.invalid",))


@pytest.fixture(scope="module")
def render():
    problems = Problems()
    languages = load_languages(CONTENT / "languages.yaml", "languages.yaml", problems)
    contacts = load_contacts(CONTENT / "contacts.yaml", "contacts.yaml", languages, problems)
    assert not problems
    renderer = Renderer()

    def render(source: str, lang: str = "ru"):
        context = RenderContext(languages.chain(lang), {"index", "rights", "food"}, contacts, SITES)
        html = renderer.render(source, context)
        return html, [message for message, _ in context.found]

    return render


def test_contact_macro_inline(render):
    html, found = render("Звоните: {{ contact: hotline }}.")
    assert html == '<p>Звоните: <span class="contact placeholder" dir="ltr">+380 00 000 0000</span>.</p>'
    assert found == []


def test_contact_macro_spacing_is_free(render):
    assert render("{{contact:chatbot}}")[0] == render("{{  contact:   chatbot  }}")[0]


def test_contact_macro_unknown_id_is_reported(render):
    html, found = render("Звоните: {{ contact: hotlne }}.")
    assert found == ["unknown contact 'hotlne' (known: hotline, chatbot, website, find-chatbot)"]


def test_contact_macro_in_code_is_left_as_text(render):
    html, found = render("Пример: `{{ contact: hotline }}`")
    assert html == "<p>Пример: <code>{{ contact: hotline }}</code></p>" and found == []


def test_contact_list_labels_follow_the_fallback_chain(render):
    html, _ = render("{{ contacts }}", lang="en")
    assert html.startswith(
        '<ul class="contacts">\n<li><span class="contact-label">Hotline, day and night</span> '
        '<span class="contact placeholder" dir="ltr">+380 00 000 0000</span></li>'
    )
    assert "I Want to Find" not in html  # the sister project's channel is named only where a page names it


@pytest.mark.parametrize(
    "source, href",
    [
        ("[права](rights)", "rights.html"),
        ("[права](rights.md)", "rights.html"),
        ("[вода](food#water)", "food.html#water"),
        ("[главная](index)", "index.html"),
        ("[ниже](#water)", "#water"),
        ("[МККК](https://www.icrc.org/)", "https://www.icrc.org/"),
        ("[ООН](https://www.ohchr.org/ru/)", "https://www.ohchr.org/ru/"),
    ],
)
def test_links_are_rewritten_relative(render, source, href):
    html, found = render(source)
    assert f'href="{href}"' in html and found == []


@pytest.mark.parametrize(
    "source, message",
    [
        ("[x](right)", "link to a page that does not exist: 'right' (pages: food, index, rights)"),
        ("[x](../uk/rights)", "link to a page that does not exist: '../uk/rights' (pages: food, index, rights)"),
        ("[x](http://example.org/)", "link 'http://example.org/': only https:// links to other sites are allowed"),
        ("[x](tel:+79990000000)", "link 'tel:+79990000000': write contact details with {{ contact: ID }}"),
        ("[x](javascript:alert(1))", "link 'javascript:alert(1)': only https:// links to other sites are allowed"),
        (
            "[x](https://example.org/)",
            "link to a site not on the list of allowed sites: 'example.org' "
            "(add it to content/sites.yaml if it is trustworthy)",
        ),
        (
            "[x](https://www.icrc.org.example.org/)",
            "link to a site not on the list of allowed sites: 'www.icrc.org.example.org' "
            "(add it to content/sites.yaml if it is trustworthy)",
        ),
        (
            "[МККК](https://www.lcrc.org/)",
            "link 'https://www.lcrc.org/': 'www.lcrc.org' looks like 'www.icrc.org' but is another "
            "site, a trick of fake sites (remove it)",
        ),
        (
            "[x](https://placehoIder.invalid/)",
            "link 'https://placehoIder.invalid/': 'placehoider.invalid' looks like "
            "'placeholder.invalid' but is another site, a trick of fake sites (remove it)",
        ),
        (
            "[МККК](https://www.іcrc.org/)",
            "link 'https://www.іcrc.org/': its address uses letters of another alphabet that "
            "look like Latin ones, a trick of fake sites (remove it)",
        ),
        (
            "[x](https://www.icrc.org@evil.example/)",
            "link 'https://www.icrc.org@evil.example/' hides its real address behind '@': "
            "a trick of fake sites (remove it)",
        ),
        (
            "![карта](map.png)",
            "image 'map.png': pages have no images (on a slow or metered link each one costs a request "
            "and bytes; describe it in words)",
        ),
    ],
)
def test_bad_links_are_reported_and_lose_their_target(render, source, message):
    html, found = render(source)
    assert found == [message]
    assert "href" not in html


HOSTILE = [
    "<script>alert(1)</script>",
    "Текст <script>alert(1)</script> текст",
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example/"></iframe>',
    '<img src="https://tracker.example/p.gif" onerror="alert(1)">',
    "![трекер](https://tracker.example/p.gif)",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    '<p onmouseover="alert(1)">x</p>',
    "<div>\n<script>alert(1)</script>\n</div>",
    "[x](javascript:alert(1))",
    "[x]( JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"></svg>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example/"><input name=p></form>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "<!-- <script>alert(1)</script> -->",
]


class ElementCollector(HTMLParser):
    """Every element and attribute a browser would see in the HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_never_reaches_the_output(render, source):
    html, _ = render(source)
    for tag, attributes in ElementCollector(html).elements:
        assert tag in {"p", "a", "code", "pre", "ul", "li"}, html
        assert set(attributes) <= {"href", "class", "dir"}, html
        href = attributes.get("href")
        assert href is None or href.startswith(("https://", "tel:")) or ":" not in href, html
        assert "evil.example" not in (href or "") and "tracker.example" not in (href or "")


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<p onclick="alert(1)" style="color:red">x</p>', "<p>x</p>"),
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ('<iframe src="https://evil.example/"></iframe>', ""),
        ('<a href="tel:+380" class="contact" dir="ltr">n</a>', '<a href="tel:+380" class="contact" dir="ltr">n</a>'),
        ('<h2 id="вода">Вода</h2>', '<h2 id="вода">Вода</h2>'),
    ],
)
def test_sanitiser_keeps_only_the_allowlist(html, expected):
    assert sanitise(html) == expected


def test_headings_get_unicode_anchors(render):
    assert render("## Питьевая вода")[0] == '<h2 id="питьевая-вода">Питьевая вода</h2>'
