"""The guidance itself: the full page set in every language, cited, linked, and honest."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest
import yaml

from helpers import PROJECT_DIR
from lifeline.content.site import load_site

PAGE_SET = [
    "index",
    "share",
    "contact",
    "rights",
    "food",
    "medical",
    "family",
    "after",
    "families",
    "safety",
    "faq",
    "verify",
    "about",
]
LEGAL_PAGES = ["rights", "food", "medical", "family", "after", "faq"]
LANGUAGES = [
    entry["code"]
    for entry in yaml.safe_load((PROJECT_DIR / "content" / "languages.yaml").read_text(encoding="utf-8"))["languages"]
]
# A citation in any of our languages: brackets holding the treaty's numeral (GCIII, ЖК III, CG I,
# API, ДП I, Korean 제3협약, Arabic جنيف 3...) and an article number, in any digits. Each language writes its
# own abbreviations, defined on its pages.
CITATION = re.compile(
    r"\([^()]*?(?:GCI{1,3}|API|(?<![A-Za-zА-Яа-яІі])[IІ]{1,3}(?![A-Za-zА-Яа-яІі])|제\d(?:협약|의정서)|جنيف \d|البروتوكول \d)"
    r"[^()]*?[0-9०-९٠-٩]+[^()]*\)"
)


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


# How each language says "do exactly what the Ukrainian soldiers say": never just "the soldiers'
# orders", which a Russian soldier can read as his own commanders' (compared case-insensitively).
UKRAINIAN_SOLDIERS = {
    "ru": "выполняйте то, что говорят украинские военные",
    "uk": "виконуйте те, що кажуть українські військові",
    "en": "exactly what the ukrainian soldiers tell you",
    "kk": "украина әскерилерінің айтқанын дәл орындаңыз",
    "uz": "ukraina harbiylari aytganini aniq bajaring",
    "tg": "ҳарбиёни украина мегӯянд, дақиқ иҷро кунед",
    "ky": "украин аскерлеринин айткандарын так аткарыңыз",
    "tt": "украина хәрбиләре әйткәнне төгәл үтәгез",
    "ce": "украинин эскархоша бохург нийса кхочуш де",
    "az": "ukrayna hərbçilərinin dediklərinə dəqiq əməl edin",
    "ko": "우크라이나 군인들이 말하는 대로 정확히 따르십시오",
    "es": "exactamente lo que le digan los militares ucranianos",
    "ne": "युक्रेनी सैनिकहरूले जे भन्छन्, ठ्याक्कै त्यही गर्नुहोस्",
    "hi": "यूक्रेनी सैनिक जो कहें, ठीक वैसा ही करें",
    "ar": "نفّذ بدقة ما يقوله الجنود الأوكرانيون",
}
SURRENDER_STEPS = ["contact", "index", "after", "faq"]


def test_the_phrase_list_covers_every_language():
    assert set(UKRAINIAN_SOLDIERS) == set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_surrender_steps_name_the_ukrainian_soldiers(site, lang):
    for slug in SURRENDER_STEPS:
        body = site.pages[(lang, slug)].body.casefold()
        assert UKRAINIAN_SOLDIERS[lang].casefold() in body, f"{lang}/{slug}"


@pytest.mark.parametrize(
    "lang, words, never",
    [
        ("ru", ("враждебных действий", "бежать"), ("сам не нападает", "не совершает враждебных", "приказы военных")),
        ("uk", ("ворожих дій", "втекти"), ("сам не нападає", "накази військових")),
        ("en", ("hostile act", "escape"), ("does not attack", "do nothing hostile", "soldiers' orders")),
    ],
)
def test_surrender_protection_is_cited_in_the_treatys_words(site, lang, words, never):
    """Wherever API Art. 41 is cited, its condition: abstains from any hostile act, no escape."""
    cited = 0
    for slug in PAGE_SET:
        for paragraph in site.pages[(lang, slug)].body.split("\n"):
            if re.search(r"\((?:ДП I|API),? (?:ст\.|art\.) 41\)", paragraph):
                cited += 1
                assert all(word in paragraph for word in words), f"{lang}/{slug}: {paragraph}"
        assert not any(phrase in site.pages[(lang, slug)].body for phrase in never), f"{lang}/{slug}"
    assert cited >= 5


def articles_cited(body: str) -> set[int]:
    numbers = set()
    for citation in CITATION.findall(body):
        for digits in re.findall(r"[0-9०-९٠-٩]+", citation):
            numbers.add(int("".join(str(unicodedata.digit(d)) for d in digits)))
    return numbers


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rights_is_the_complete_list(site, lang):
    assert {13, 17, 23, 70, 118, 126} <= articles_cited(site.pages[(lang, "rights")].body)


@pytest.mark.parametrize(
    "lang, abbreviations",
    [
        (
            "ru",
            {
                "ЖК III": "Третья Женевская конвенция",
                "ЖК I": "Первая Женевская конвенция",
                "ДП I": "Дополнительный протокол I",
            },
        ),
        (
            "uk",
            {
                "ЖК III": "Третя Женевська конвенція",
                "ЖК I": "Перша Женевська конвенція",
                "ДП I": "Додатковий протокол I",
            },
        ),
        ("en", {"GCIII": "Third Geneva Convention", "GCI": "First Geneva Convention", "API": "Additional Protocol I"}),
    ],
)
def test_every_page_explains_the_abbreviations_it_uses(site, lang, abbreviations):
    for slug in PAGE_SET:
        body = site.pages[(lang, slug)].body
        for abbreviation, name in abbreviations.items():
            if re.search(rf"\({re.escape(abbreviation)}\b,", body):
                assert name in body, f"{lang}/{slug} uses {abbreviation} without saying what it is"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_families_are_warned_about_fakes_before_they_are_asked_for_anything(site, lang):
    """The warning (which links to `verify`) comes before what to prepare (followed by `safety`)."""
    body = site.pages[(lang, "families")].body
    assert body.index("](verify)") < body.index("](safety)")
