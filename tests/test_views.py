"""The pages as the Flask app renders them: languages, navigation, notices, attributes."""

from __future__ import annotations

import re

import pytest

from helpers import with_real_contacts
from lifeline.web.app import create_app


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_chooser_names_every_language_in_its_own_script(client):
    html = get(client, "/")
    for code, name in (("ru", "Русский"), ("uk", "Українська"), ("en", "English")):
        assert (
            f'<li lang="{code}" dir="ltr"><a href="{code}/index.html" hreflang="{code}"><span class="language-name">{name}</span>'
            in html
        )
    assert "Хочу жить" in html and "Хочу жити" in html and "I Want to Live" in html


def test_page_has_language_direction_alternates_and_skip_link(client):
    html = get(client, "/ru/")
    assert html.startswith('<!doctype html>\n<html lang="ru" dir="ltr">')
    assert '<a class="skip-link" href="#main-content">Перейти к основному содержанию</a>' in html
    assert '<main id="main-content">' in html
    alternates = re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html)
    assert alternates == [("ru", "index.html"), ("uk", "../uk/index.html"), ("en", "../en/index.html")]


def test_rights_alternates_only_languages_that_have_the_page(client):
    html = get(client, "/ru/rights.html")
    assert re.findall(r'hreflang="(\w+)" href="[^"]+">\n', html) == ["ru", "en"]


def test_language_switcher_links_the_same_page_in_every_language(client):
    html = get(client, "/en/rights.html")
    switcher = html.split('<nav class="languages"', 1)[1].split("</nav>", 1)[0]
    assert 'href="../ru/rights.html" lang="ru" hreflang="ru">Русский<' in switcher
    assert 'href="../uk/rights.html" lang="uk" hreflang="uk">Українська<' in switcher
    assert 'href="rights.html" lang="en" hreflang="en" aria-current="true">English<' in switcher
    assert 'href="../index.html">All languages<' in switcher


def test_updated_date_is_localised(client):
    assert "Обновлено: 20 ноября 2026\u202fг." in get(client, "/ru/rights.html")
    assert "Updated: November 21, 2026" in get(client, "/en/rights.html")
    # A page shown through fallback keeps the reader's date format.
    assert "Оновлено: 20 листопада 2026\u202fр." in get(client, "/uk/rights.html")


def test_each_language_gets_its_own_interface_strings(client):
    """Flask-Babel caches the locale per app context; one client renders all three in turn."""
    assert "Перейти к основному содержанию" in get(client, "/ru/")
    assert "Перейти до основного вмісту" in get(client, "/uk/")
    assert "Skip to main content" in get(client, "/en/")
    assert "Перейти к основному содержанию" in get(client, "/ru/rights.html")


def test_navigation_lists_pages_in_weight_order_with_titles_of_the_readers_language(client):
    html = get(client, "/en/")
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', footer) == [
        ("index.html", "Home"),
        ("rights.html", "Your rights"),
    ]


def test_missing_translation_falls_back_with_a_notice_in_the_readers_language(client):
    html = get(client, "/uk/rights.html")
    assert html.startswith('<!doctype html>\n<html lang="uk" dir="ltr">')
    assert '<article lang="ru" dir="ltr">' in html
    assert "Цю сторінку ще не перекладено цією мовою. Її показано мовою: Русский." in html
    assert "С пленными обращаются гуманно (ЖК III, ст. 13)." in html
    assert ">Головна</a>" in html  # navigation stays in Ukrainian where it can


def test_machine_translation_says_so_and_links_the_original(client):
    html = get(client, "/en/rights.html")
    assert "This page was translated by machine and has not yet been checked by a person." in html
    assert '<a href="../ru/rights.html" lang="ru" hreflang="ru">Read the original: Русский</a>' in html
    assert "translated by machine" not in get(client, "/en/")  # marked 'reviewed'


def test_stale_translation_is_flagged_after_the_source_changes(content):
    app = create_app({"CONTENT_DIR": str(content)})
    notice = "this translation may be out of date"
    assert notice not in get(app.test_client(), "/en/rights.html")
    source = content / "ru" / "rights.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nНовый абзац.\n", encoding="utf-8")
    app = create_app({"CONTENT_DIR": str(content)})
    assert notice in get(app.test_client(), "/en/rights.html")


def test_placeholder_contacts_show_a_banner_and_never_link(client):
    html = get(client, "/ru/")
    assert '<p class="banner" role="note">Демонстрационная копия' in html
    assert '<span class="contact placeholder" dir="ltr">+380 00 000 0000</span>' in html
    assert "tel:" not in html and "t.me" not in html


def test_real_contacts_link_and_remove_the_banner(content):
    with_real_contacts(content)
    html = get(create_app({"CONTENT_DIR": str(content)}).test_client(), "/ru/")
    assert 'class="banner"' not in html
    assert '<a class="contact" dir="ltr" href="tel:+380441234567">+380 44 123 4567</a>' in html
    assert '<a class="contact" dir="ltr" href="https://t.me/example_bot">@example_bot</a>' in html


def test_contact_list_shows_programme_channels_with_labels_in_the_pages_language(client):
    html = get(client, "/ru/")
    listing = html.split('<ul class="contacts">', 1)[1].split("</ul>", 1)[0]
    labels = re.findall(r'<span class="contact-label">([^<]+)</span>', listing)
    assert labels == ["Горячая линия, круглосуточно", "Чат-бот в Telegram", "Официальный сайт программы"]


def test_unknown_language_and_page_are_not_found(client):
    assert client.get("/xx/").status_code == 404
    assert client.get("/ru/nothing.html").status_code == 404
    assert client.get("/ru/rights").status_code == 404


def test_pages_carry_no_script_and_no_address_of_another_origin(client):
    for url in ("/", "/ru/", "/ru/rights.html", "/uk/rights.html", "/en/"):
        html = get(client, url)
        assert "<script" not in html.lower()
        assert not re.search(r'(?:src|href)="(?:https?:)?//', html), url
        assert "<img" not in html and "@import" not in html


@pytest.mark.parametrize(
    "words, lang, expected",
    [
        (10, "ru", "1 минута чтения"),
        (450, "ru", "3 минуты чтения"),
        (750, "ru", "5 минут чтения"),
        (450, "en", "3 minutes to read"),
        (10, "en", "1 minute to read"),
    ],
)
def test_reading_time_uses_the_languages_plural_rules(content, words, lang, expected):
    page = content / lang / "rights.md"
    page.write_text(
        page.read_text(encoding="utf-8").split("\n---\n")[0] + "\n---\n" + "слово " * words, encoding="utf-8"
    )
    app = create_app({"CONTENT_DIR": str(content)})
    assert f'<p class="reading-time">{expected}</p>' in get(app.test_client(), f"/{lang}/rights.html")


@pytest.mark.parametrize(
    "path", ["/", "/index.html", "/404.html", "/ru/", "/ru/rights.html", "/en/404.html", "/a/b/c.html"]
)
@pytest.mark.parametrize("script_root", ["", "/mirror/copy"])
def test_remembered_links_are_what_frozen_flask_would_write(app, path, script_root):
    """views.url remembers addresses; from any folder it must give relative_url_for's answer."""
    from flask_frozen import relative_url_for

    from lifeline.web.links import url

    site = app.extensions["lifeline"].site
    targets = [("chooser", {}), ("not_found", {}), ("stylesheet", {"digest": "0123abcd"})]
    targets += [
        ("pages.page", {"lang_code": lang.code, "slug": slug}) for lang in site.languages for slug in site.slugs
    ]
    targets += [("pages.not_found_page", {"lang_code": lang.code}) for lang in site.languages]
    with app.test_request_context(path, base_url=f"http://localhost{script_root}"):
        for endpoint, values in targets * 2:  # the second time from what was remembered
            assert url(endpoint, **values) == relative_url_for(endpoint, **values), (path, endpoint, values)
