"""The guidance itself: the full page set in every language, cited, linked, and honest."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from lifeline import PROJECT_DIR
from lifeline.content import load_site

PAGE_SET = ["index", "contact", "rights", "food", "medical", "family", "after", "families",
            "safety", "faq", "verify", "about"]
LEGAL_PAGES = ["rights", "food", "medical", "family", "after", "faq"]
LANGUAGES = [entry["code"] for entry in yaml.safe_load((PROJECT_DIR / "content" / "languages.yaml").read_text(encoding="utf-8"))["languages"]]
# A citation in any of our languages: brackets holding the treaty's numeral (GCIII, ЖК III, CG I,
# API, ДП I, Korean 제3협약, Arabic جنيف 3...) and an article number, in any digits. Each language writes its
# own abbreviations, defined on its pages.
CITATION = re.compile(r"\([^()]*?(?:GCI{1,3}|API|(?<![A-Za-zА-Яа-яІі])[IІ]{1,3}(?![A-Za-zА-Яа-яІі])|제\d(?:협약|의정서)|جنيف \d|البروتوكول \d)"
                      r"[^()]*?[0-9०-९٠-٩]+[^()]*\)")


@pytest.fixture(scope="module")
def site():
    return load_site(PROJECT_DIR / "content")


@pytest.fixture(scope="module")
def built(shipped_build):
    return shipped_build


class TextOf(HTMLParser):
    """The text a reader sees, and every link target."""

    def __init__(self, html: str):
        super().__init__()
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_data(self, data):
        self.text.append(data)

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name == "href"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_the_set_exists_in_its_own_language(site, lang):
    missing = [slug for slug in PAGE_SET if (lang, slug) not in site.pages]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_builds(built, lang):
    for slug in PAGE_SET:
        html = (built / lang / f"{slug}.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html and "<h1>" in html


@pytest.mark.parametrize("slug", LEGAL_PAGES)
def test_legal_pages_cite_articles(site, slug):
    assert len(CITATION.findall(site.pages[("ru", slug)].body)) >= 5


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "ru"])
def test_translations_keep_every_citation_of_the_source(site, lang):
    """Each translated legal page cites as many articles as its Russian original."""
    for slug in LEGAL_PAGES:
        source = len(CITATION.findall(site.pages[("ru", slug)].body))
        assert len(CITATION.findall(site.pages[(lang, slug)].body)) == source, f"{lang}/{slug}"


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "ru"])
def test_translations_record_the_current_source_revision(site, lang):
    for slug in PAGE_SET:
        page = site.pages[(lang, slug)]
        assert page.translation in ("machine", "reviewed")
        assert not site.is_stale(page), f"{page.path} translates an older revision of content/ru/{slug}.md"


def contact_values(site) -> set[str]:
    return {channel.value for channel in site.contacts}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_shows_a_contact_detail_that_is_not_from_the_contact_file(site, built, lang):
    phone = re.compile(r"\+?\d[\d\s().-]{7,}\d")
    handle = re.compile(r"(?<![\w.])@[A-Za-z][\w-]{3,}")
    allowed = contact_values(site)
    for slug in PAGE_SET:
        page = TextOf((built / lang / f"{slug}.html").read_text(encoding="utf-8"))
        text = " ".join(page.text)
        for found in phone.findall(text) + handle.findall(text):
            assert found.strip() in allowed, f"{lang}/{slug}: {found!r} is not from content/contacts.yaml"
        for href in page.hrefs:
            assert not href.startswith(("tel:", "mailto:", "sms:")), f"{lang}/{slug}: {href}"
            assert "t.me/" not in href or href.removeprefix("https://t.me/") in {v.lstrip("@") for v in allowed}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_link_to_each_other(built, lang):
    """The pages a reader needs next are linked: faq to rights, safety to verify, index to contact."""
    def links(slug):
        html = (built / lang / f"{slug}.html").read_text(encoding="utf-8")
        return set(TextOf(html.split("<article", 1)[1].split("</article>", 1)[0]).hrefs)
    assert "rights.html" in links("faq")
    assert "verify.html" in links("safety")
    assert {"contact.html", "rights.html", "families.html"} <= links("index")


def test_the_chooser_greets_each_language_in_that_language(built):
    """Each prompt at `/` is its catalog's translation, inside an element of that language."""
    from babel.messages.pofile import read_po
    html = (built / "index.html").read_text(encoding="utf-8")
    directions = {"ar": "rtl"}
    for lang in LANGUAGES:
        with (PROJECT_DIR / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
            expected = read_po(po).get("Information for soldiers and their families").string
        assert expected and expected != "Information for soldiers and their families" or lang == "en", lang
        item = re.search(rf'<li lang="{lang}" dir="(\w+)">.*?<span class="language-prompt">([^<]*)</span>', html)
        assert item, lang
        assert item.groups() == (directions.get(lang, "ltr"), expected), lang
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
