"""The editors' commands: status, check, catalogs and new languages, run as editors run them."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from helpers import PROJECT_DIR
from lifeline.cli import cli
from lifeline.web.app import create_app


@pytest.fixture
def translations(tmp_path):
    folder = tmp_path / "translations"
    shutil.copytree(PROJECT_DIR / "translations", folder, ignore=shutil.ignore_patterns("*.mo"))
    return folder


def catalog_of(path, locale=None):
    with open(path, "rb") as file:
        return read_po(file, locale=locale)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def status_rows(output: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in output.splitlines() if line.split()}


def test_status_shows_each_page_in_each_language(content, translations):
    result = run("status", "--content", str(content), "--translations", str(translations))
    assert result.exit_code == 0
    rows = status_rows(result.output)
    assert rows["page"] == ["ru", "uk", "en"]
    assert rows["index"] == ["source", "machine", "reviewed"]
    assert rows["rights"] == ["source", "missing", "machine"]
    assert rows["translated"] == ["100%", "100%", "100%"]
    assert rows["fuzzy"] == ["0", "0", "0"]
    assert result.output.rstrip().endswith("1 missing, 0 stale, 2 machine-translated, 0 catalogs incomplete.")


def test_status_strict_fails_on_missing_and_machine_translated_pages(content, translations):
    assert run("status", "--strict", "--content", str(content), "--translations", str(translations)).exit_code == 1
    shutil.copy(content / "en" / "rights.md", content / "uk" / "rights.md")
    assert run("status", "--strict", "--content", str(content), "--translations", str(translations)).exit_code == 1
    for page in content.glob("*/*.md"):
        page.write_text(
            page.read_text(encoding="utf-8").replace("translation: machine", "translation: reviewed"), encoding="utf-8"
        )
    assert run("status", "--strict", "--content", str(content), "--translations", str(translations)).exit_code == 0


def test_an_edited_source_page_makes_its_translations_stale_until_marked(content, translations):
    source = content / "ru" / "rights.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nНовый абзац.\n", encoding="utf-8")
    result = run("status", "--content", str(content), "--translations", str(translations))
    assert status_rows(result.output)["rights"] == ["source", "missing", "stale"]
    assert run("mark-up-to-date", "en", "rights", "--content", str(content)).exit_code == 0
    result = run("status", "--content", str(content), "--translations", str(translations))
    assert status_rows(result.output)["rights"] == ["source", "missing", "machine"]


def test_status_counts_untranslated_and_fuzzy_strings(content, translations):
    catalog = translations / "uk" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace('msgstr "Усі мови"', 'msgstr ""').replace('msgid "Language"', '#, fuzzy\nmsgid "Language"')
    catalog.write_text(text, encoding="utf-8")
    result = run("status", "--strict", "--content", str(content), "--translations", str(translations))
    rows = status_rows(result.output)
    total = len([m for m in catalog_of(catalog) if m.id])
    assert rows["translated"][1] == f"{100 * (total - 2) // total}%" and rows["fuzzy"][1] == "1"
    assert result.exit_code == 1


def test_check_passes_good_content_and_names_the_line_of_bad(content, translations):
    result = run("check", "--content", str(content), "--translations", str(translations))
    assert (
        result.exit_code == 0 and result.output == "No problems found: content/ and translations/ are ready to build.\n"
    )
    page = content / "en" / "rights.md"
    page.write_text(page.read_text(encoding="utf-8").replace("weight: 0", "weight: zero"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--content", str(content), "--translations", str(translations)])
    assert result.exit_code == 1
    assert "content/en/rights.md:4: front matter: 'weight' must be a whole number, not 'zero'" in result.output


def test_extract_and_update_bring_new_strings_to_every_catalog(content, translations):
    for path in [translations / "messages.pot"] + list(translations.glob("*/LC_MESSAGES/messages.po")):
        text = path.read_text(encoding="utf-8")
        start = text.index('msgid "All languages"')
        path.write_text(text[:start] + text[text.index("\n\n", start) + 2 :], encoding="utf-8")
    assert run("extract", "--translations", str(translations)).exit_code == 0
    assert run("update", "--translations", str(translations)).exit_code == 0
    for code in ("ru", "uk", "en"):
        catalog = catalog_of(translations / code / "LC_MESSAGES" / "messages.po")
        assert catalog["All languages"].string == ""
        assert catalog["Skip to main content"].string  # existing translations kept
    result = run("status", "--strict", "--content", str(content), "--translations", str(translations))
    assert result.exit_code == 1 and "3 catalogs incomplete" in result.output


def test_add_language_creates_catalog_folder_and_entry(content, translations):
    result = run("add-language", "kk", "--content", str(content), "--translations", str(translations))
    assert result.exit_code == 0, result.output
    assert (content / "kk").is_dir()
    assert content.joinpath("languages.yaml").read_text(encoding="utf-8").endswith("  - code: kk\n")
    catalog = catalog_of(translations / "kk" / "LC_MESSAGES" / "messages.po", locale="kk")
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    client = create_app({"CONTENT_DIR": str(content), "BABEL_TRANSLATION_DIRECTORIES": str(translations)}).test_client()
    html = client.get("/kk/rights.html").get_data(as_text=True)
    assert '<html lang="kk" dir="ltr">' in html and "С пленными обращаются гуманно" in html


@pytest.mark.parametrize(
    "code, message",
    [
        ("uk", "'uk' is already in content/languages.yaml"),
        ("xx", "Babel does not know the language 'xx': use its ISO 639 code"),
    ],
)
def test_add_language_refuses_bad_codes_and_writes_nothing(content, translations, code, message):
    before = content.joinpath("languages.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["add-language", code, "--content", str(content), "--translations", str(translations)]
    )
    assert result.exit_code == 1 and message in result.output
    assert content.joinpath("languages.yaml").read_text(encoding="utf-8") == before
    assert not (translations / "xx").exists()


def test_new_page_starts_a_source_page_last_in_the_menu(content, translations):
    result = run(
        "new-page",
        "medicine",
        "--title",
        "Лекарства: «что взять»",
        "--description",
        "Какие лекарства дают пленным.",
        "--content",
        str(content),
    )
    assert result.exit_code == 0, result.output
    page = content / "ru" / "medicine.md"
    assert page.read_text(encoding="utf-8").startswith(
        '---\ntitle: "Лекарства: «что взять»"\ndescription: "Какие лекарства дают пленным."\nweight: 30\nupdated: '
    )
    # Until its text is written, check says what to do; then the page is in the menu, last.
    result = run("check", "--content", str(content), "--translations", str(translations))
    assert result.exit_code == 1
    assert (
        "content/ru/medicine.md:7: the page has no text yet (write it below the front matter's closing '---')"
        in result.output
    )
    page.write_text(
        page.read_text(encoding="utf-8") + "Врач осмотрит вас бесплатно (ЖК III, ст. 15).\n", encoding="utf-8"
    )
    assert run("check", "--content", str(content), "--translations", str(translations)).exit_code == 0
    app = create_app({"CONTENT_DIR": str(content), "BABEL_TRANSLATION_DIRECTORIES": str(translations)})
    site = app.extensions["lifeline"].site
    assert site.slugs[-1] == "medicine" and site.pages[("ru", "medicine")].title == "Лекарства: «что взять»"


@pytest.mark.parametrize(
    "slug, title, message",
    [
        ("rights", "Права", "content/ru/rights.md exists already"),
        ("Права", "Права", "'Права' cannot be a page name: use lower-case letters, digits and hyphens, like 'rights'"),
        ("404", "Нет", "'404' cannot be a page name"),
        ("food", "<script>alert(1)</script>", "the title must be plain text, without markup or code"),
    ],
)
def test_new_page_refuses_bad_names_and_titles_and_writes_nothing(content, slug, title, message):
    before = sorted(p.name for p in (content / "ru").iterdir())
    rights = (content / "ru" / "rights.md").read_bytes()
    result = run("new-page", slug, "--title", title, "--description", "Описание.", "--content", str(content))
    assert result.exit_code == 1 and message in result.output
    assert sorted(p.name for p in (content / "ru").iterdir()) == before
    assert (content / "ru" / "rights.md").read_bytes() == rights
