"""The site's languages: enough of them, each complete, right to left where it should be."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from helpers import PROJECT_DIR
from lifeline.cli import cli
from lifeline.content.site import load_site
from lifeline.web.app import create_app

CONTENT = PROJECT_DIR / "content"


@pytest.fixture(scope="module")
def site():
    return load_site(CONTENT)


def test_at_least_fifteen_languages_with_arabic_right_to_left(site):
    codes = [language.code for language in site.languages]
    assert codes[:3] == ["ru", "uk", "en"] and len(codes) >= 15
    assert site.languages["ar"].direction == "rtl"
    assert all(site.languages[code].direction == "ltr" for code in codes if code != "ar")


def test_every_page_and_catalog_is_translated_and_current():
    """Nothing missing or stale; `--strict` (for a release) still fails while no person has
    reviewed the machine translations, as it must."""
    result = CliRunner().invoke(cli, ["status"])
    assert result.exit_code == 0, result.output
    last = result.output.splitlines()[-1]
    assert last.startswith("0 missing, 0 stale,") and last.endswith(" 0 catalogs incomplete.")
    assert CliRunner().invoke(cli, ["status", "--strict"]).exit_code == (
        1 if " 0 machine-translated" not in last else 0
    )


def test_every_translation_says_whether_a_person_checked_it(site):
    for (lang, _slug), page in site.pages.items():
        if lang != site.languages.source:
            assert page.translation in ("machine", "reviewed"), page.path


def test_a_removed_page_is_published_in_the_fallback_language_with_a_notice(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "kk" / "food.md").unlink()
    (content / "ar" / "food.md").unlink()
    client = create_app({"CONTENT_DIR": str(content)}).test_client()

    kazakh = client.get("/kk/food.html").get_data(as_text=True)
    assert kazakh.startswith('<!doctype html>\n<html lang="kk" dir="ltr">')
    assert '<article lang="ru" dir="ltr">' in kazakh
    russian_title = load_site(CONTENT).pages[("ru", "food")].title
    assert f"<h1>{russian_title}</h1>" in kazakh
    kazakh_home_title = load_site(CONTENT).pages[("kk", "index")].title
    assert f">{kazakh_home_title}</a>" in kazakh  # navigation stays in Kazakh
    notice = re.search(r'<p class="notice" lang="kk" dir="ltr">([^<]+)</p>', kazakh).group(1)
    assert "Русский" in notice and "This page has not yet been translated" not in notice

    arabic = client.get("/ar/food.html").get_data(as_text=True)
    assert arabic.startswith('<!doctype html>\n<html lang="ar" dir="rtl">')
    assert '<article lang="en" dir="ltr">' in arabic  # Arabic falls back to English
    assert '<p class="notice" lang="ar" dir="rtl">' in arabic


def test_the_stylesheet_uses_only_logical_directions():
    """Physical left/right would not mirror for right-to-left pages."""
    css = (PROJECT_DIR / "site" / "lifeline" / "web" / "static" / "style.css").read_text(encoding="utf-8")
    assert not re.search(
        r"(?:margin|padding|border|inset)-(?:left|right)|(?:float|clear|text-align)\s*:\s*(?:left|right)"
        r"|\b(?:left|right)\s*:",
        css,
    )
    assert "inline-start" in css


def test_the_font_stack_is_the_readers_own_system_fonts():
    css = (PROJECT_DIR / "site" / "lifeline" / "web" / "static" / "style.css").read_text(encoding="utf-8")
    assert "@font-face" not in css and "url(" not in css
    assert "system-ui" in css
