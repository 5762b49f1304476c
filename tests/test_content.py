"""Loading content: every problem is found, named by file and line, and reported at once."""

from __future__ import annotations

import shutil

import pytest

from helpers import PROJECT_DIR
from lifeline.common.problems import ContentError
from lifeline.content.site import load_site
from lifeline.web.app import create_app


def problems_of(content) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_site(content)
    return [str(problem) for problem in raised.value.problems if not problem.warning]


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_fixture_content_is_valid(content):
    site = load_site(content)
    assert site.slugs == ["index", "rights"]
    assert [language.code for language in site.languages] == ["ru", "uk", "en"]


def test_the_real_content_is_valid():
    site = load_site(PROJECT_DIR / "content")
    assert "index" in site.slugs and "rights" in site.slugs


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("title: Ваши права\n", "", "content/ru/rights.md:1: front matter: 'title' is required"),
        (
            "title: Ваши права",
            "titel: Ваши права",
            "content/ru/rights.md:2: front matter: unknown field 'titel' (did you mean 'title'?)\n"
            "content/ru/rights.md:1: front matter: 'title' is required",
        ),
        (
            "weight: 20",
            "weight: ten",
            "content/ru/rights.md:4: front matter: 'weight' must be a whole number, not 'ten'",
        ),
        (
            "weight: 20",
            "weight: yes",
            "content/ru/rights.md:4: front matter: 'weight' must be a whole number, not True",
        ),
        (
            "updated: 2026-11-20",
            "updated: 2026-11-20 10:00:00",
            "content/ru/rights.md:5: front matter: 'updated' must be a date without a time, like 2026-11-21",
        ),
        (
            "title: Ваши права",
            "title: no",
            "content/ru/rights.md:2: front matter: 'title' must be text, not False (put it in quotes)",
        ),
        ("title: Ваши права", "title: ''", "content/ru/rights.md:2: front matter: 'title' is empty"),
        (
            "title: Ваши права",
            "title: [Ваши права",
            "content/ru/rights.md:2: YAML in 'title': while parsing a flow sequence: expected ',' or ']', but got ':' (check quotes and indentation)",
        ),
        ("weight: 20", "weight: 20\ntitle: Опять", "content/ru/rights.md:5: 'title' is given twice (keep one)"),
        (
            "weight: 20\n",
            'weight: 20\nsource_revision: "0123456789ab"\n',
            "content/ru/rights.md:5: front matter: unknown field 'source_revision' (only translations have it: remove it)",
        ),
        (
            "---\ntitle",
            "title",
            "content/ru/rights.md:1: must start with front matter: a line '---', the fields, then '---'",
        ),
        (
            "Вернуться [на главную](index.md).",
            "Вернуться [на главную](indx).",
            "content/ru/rights.md:12: link to a page that does not exist: 'indx' (pages: index, rights)",
        ),
        (
            "С пленными",
            "{{ contact: hotlin }} С пленными",
            "content/ru/rights.md:8: unknown contact 'hotlin' (known: hotline, chatbot, website, find-chatbot)",
        ),
        (
            "С пленными",
            "Звоните +7 (999) 123-45-67. С пленными",
            "content/ru/rights.md:8: a phone number written into the page: '+7 (999) 123-45-67' "
            "(use {{ contact: ID }}; details live only in content/contacts.yaml)",
        ),
        (
            "## Вода",
            "## Вода\n\n[Бот](https://t.me/hochu_zhit_bot)",
            "content/ru/rights.md:12: link to a site not on the list of allowed sites: 't.me' "
            "(add it to content/sites.yaml if it is trustworthy)\n"
            "content/ru/rights.md:12: a messenger link written into the page: 't.me/hochu_zhit_bot)' "
            "(use {{ contact: ID }}; details live only in content/contacts.yaml)",
        ),
        (
            "## Вода",
            "## Вода\n\nКанал 149.200 МГц",
            "content/ru/rights.md:12: a radio frequency written into the page: '149.200 МГц' "
            "(use {{ contact: ID }}; details live only in content/contacts.yaml)",
        ),
    ],
)
def test_a_broken_source_page_is_named_with_its_line(content, old, new, expected):
    replace_in(content / "ru" / "rights.md", old, new)
    assert problems_of(content) == expected.split("\n")


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "source_revision:",
            "# source_revision:",
            "content/en/rights.md:1: front matter: 'source_revision' is required",
        ),
        (
            'source_revision: "',
            'source_revision: "zz',
            "content/en/rights.md:6: front matter: 'source_revision' must be the 12-character revision of the source page in quotes",
        ),
        (
            "translation: machine",
            "translation: auto",
            "content/en/rights.md:7: front matter: 'translation' must be 'machine' or 'reviewed', not 'auto'",
        ),
    ],
)
def test_a_broken_translation_is_named_with_its_line(content, old, new, expected):
    replace_in(content / "en" / "rights.md", old, new)
    (found,) = problems_of(content)
    assert found.startswith(expected)


def test_a_translation_without_a_source_page(content):
    shutil.copy(content / "en" / "rights.md", content / "en" / "food.md")
    assert problems_of(content) == ["content/en/food.md: no source page content/ru/food.md to translate"]


def test_a_file_that_is_not_a_page(content):
    (content / "ru" / "Notes.txt").write_text("x", encoding="utf-8")
    (content / "ru" / "Rights.md").write_text("x", encoding="utf-8")
    assert problems_of(content) == [
        "content/ru/Notes.txt: not a page: pages are Markdown files ending in .md",
        "content/ru/Rights.md: duplicate page name: another file in content/ru/ differs only in capitals or ending, "
        "and on many systems they are one file (keep one)",
        "content/ru/rights.md: duplicate page name: another file in content/ru/ differs only in capitals or ending, "
        "and on many systems they are one file (keep one)",
    ]


def test_every_problem_is_reported_at_once(content):
    replace_in(content / "ru" / "rights.md", "weight: 20", "weight: ten")
    replace_in(content / "en" / "index.md", "title: Home", "title:")
    replace_in(content / "contacts.yaml", "type: phone", "type: fax")
    assert len(problems_of(content)) == 3


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "  - code: en\n",
            "  - code: xx\n",
            "content/languages.yaml:7: 'xx' is not a language Babel knows (use its ISO 639 code)",
        ),
        (
            "  - code: uk\n    fallback: ru",
            "  - code: uk\n    fallback: de",
            "content/languages.yaml:6: fallback 'de' is not a listed language",
        ),
        ("  - code: en\n", "  - code: uk\n", "content/languages.yaml:7: language 'uk' is listed twice"),
        ("source: ru", "source: be", "content/languages.yaml:2: source language 'be' is not in the list"),
        (
            "  - code: ru\n",
            "  - code: ru\n    direction: rtl\n",
            "content/languages.yaml:5: unknown key 'direction' (allowed: code, fallback)",
        ),
    ],
)
def test_a_broken_languages_file(content, old, new, expected):
    replace_in(content / "languages.yaml", old, new)
    assert expected in problems_of(content)


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            'value: "+380 00 000 0000"\n    placeholder: true\n',
            'value: "+7 (999) 000"\n',
            "content/contacts.yaml:16: value '+7 (999) 000' is not an international number like +380 44 123 4567",
        ),
        ("type: phone", "type: fax", "content/contacts.yaml:15: type 'fax' is not one of: phone, telegram, web"),
        ("id: chatbot", "id: hotline", "content/contacts.yaml:23: channel id 'hotline' is used twice"),
        (
            "      ru: Горячая линия, круглосуточно\n",
            "",
            "content/contacts.yaml:18: 'label' needs the source language 'ru'",
        ),
        (
            "      en: Hotline, day and night\n",
            "      en: Hotline, day and night\n      de: Hotline\n",
            "content/contacts.yaml:22: label language 'de' is not a listed language",
        ),
        (
            "    placeholder: true\n    label",
            "    placeholder: yes please\n    label",
            "content/contacts.yaml:17: 'placeholder' must be true or false",
        ),
    ],
)
def test_a_broken_contacts_file(content, old, new, expected):
    replace_in(content / "contacts.yaml", old, new)
    assert expected in problems_of(content)


def test_a_catalog_whose_placeholders_differ(content, tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(PROJECT_DIR / "translations", translations, ignore=shutil.ignore_patterns("*.mo"))
    catalog = translations / "uk" / "LC_MESSAGES" / "messages.po"
    replace_in(catalog, 'msgstr "Оновлено: %(date)s"', 'msgstr "Оновлено: %(data)s"')
    line = catalog.read_text(encoding="utf-8").split("\n").index('msgid "Updated: %(date)s"') + 1
    with pytest.raises(ContentError) as raised:
        create_app({"CONTENT_DIR": str(content), "BABEL_TRANSLATION_DIRECTORIES": str(translations)})
    assert [str(p) for p in raised.value.problems] == [
        f"translations/uk/LC_MESSAGES/messages.po:{line}: msgid 'Updated: %(date)s': unknown named placeholder 'data' (use the same %(name)s placeholders as the original)"
    ]


def test_a_missing_catalog(content, tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(PROJECT_DIR / "translations", translations, ignore=shutil.ignore_patterns("*.mo", "en"))
    with pytest.raises(ContentError) as raised:
        create_app({"CONTENT_DIR": str(content), "BABEL_TRANSLATION_DIRECTORIES": str(translations)})
    assert [str(p) for p in raised.value.problems] == [
        "translations/en/LC_MESSAGES/messages.po: missing: create it with "
        "'pybabel init -i translations/messages.pot -d translations -l en'"
    ]
