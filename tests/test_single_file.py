"""The guide in one file: one self-contained HTML file a language, that opens alone on a phone.

`download/lifeline-<lang>.html` holds every page of the language in menu order, asks for nothing
(no other file, no other origin), fits a metered link, is signed with the rest of the build, and
opens from disk or with no address at all in a real Chromium with the network off.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import zipfile
from collections import Counter

import pytest
import yaml

from browser import axe_violations
from helpers import PROJECT_DIR, build
from lifeline.content.site import load_site

LANGUAGES = [
    entry["code"]
    for entry in yaml.safe_load((PROJECT_DIR / "content" / "languages.yaml").read_text(encoding="utf-8"))["languages"]
]
MOST_BYTES = {"ru": 100_000}  # the source language; every other language:
MOST_BYTES_ANY = 150_000  # Devanagari takes three bytes a letter
ALLOWED_LINK = re.compile(r"#|https://|tel:")


@pytest.fixture(scope="module")
def site():
    return load_site(PROJECT_DIR / "content")


def one_file(build_root, lang: str) -> str:
    return (build_root / "download" / f"lifeline-{lang}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_the_language_in_menu_order_after_a_table_of_contents(shipped_build, site, lang):
    html = one_file(shipped_build, lang)
    titles = [site.page(lang, slug).title for slug in site.slugs]
    contents = html.split('<nav aria-labelledby="contents">', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<li><a href="#page-([a-z0-9-]+)">', contents) == site.slugs
    sections = re.findall(r'<section id="page-([a-z0-9-]+)"', html)
    assert sections == site.slugs
    for title in titles:
        assert (
            f">{title}</h2>".replace("&", "&amp;") in html.replace("&#34;", '"').replace("&#39;", "'") or title in html
        )
    assert html.startswith(f'<!doctype html>\n<html lang="{lang}" dir="{site.languages[lang].direction}">')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_id_is_unique_and_every_link_lands_in_the_file_or_leaves_for_another_site(shipped_build, lang):
    html = one_file(shipped_build, lang)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert [id_ for id_, count in Counter(ids).items() if count > 1] == []
    for href in re.findall(r'\bhref="([^"]*)"', html):
        if href == "data:,":
            continue  # the empty icon
        assert ALLOWED_LINK.match(href), f"{lang}: {href} would need another file"
        assert not href.startswith("#") or href[1:] in ids, f"{lang}: {href} has no target"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_asks_for_nothing_and_its_policy_allows_only_its_own_style(shipped_build, lang):
    html = one_file(shipped_build, lang)
    assert not re.search(r"<script|<form|<iframe|<img|\bsrc=|<link rel=\"stylesheet\"", html)
    assert re.findall(r"<link [^>]*>", html) == ['<link rel="icon" href="data:,">']
    css = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert (
        policy == f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_small_enough_to_forward_on_a_metered_link(shipped_build, lang):
    size = (shipped_build / "download" / f"lifeline-{lang}.html").stat().st_size
    assert size <= MOST_BYTES.get(lang, MOST_BYTES_ANY), f"{lang}: {size} bytes"
    assert one_file(shipped_build, lang).count('<nav aria-labelledby="contents">') == 1  # the menu once


def test_notices_dates_and_fallbacks_are_in_the_file(content, tmp_path):
    """uk has only its home page in the test site: its rights section is the Russian one, with a notice."""
    root = build(content, tmp_path / "build")
    uk = one_file(root, "uk")
    assert '<section id="page-rights" aria-labelledby="page-rights-title" lang="ru" dir="ltr">' in uk
    assert "Цю сторінку ще не перекладено цією мовою. Її показано мовою: Русский." in uk
    assert "Цю сторінку перекладено машинно" in uk  # the uk home page is machine-translated
    assert uk.count('<p class="updated">') == 2
    en = one_file(root, "en")
    assert "translated by machine" in en and "Read the original" not in en  # that link would need another file


def test_signed_listed_and_in_the_offline_archives(content, tmp_path):
    from click.testing import CliRunner

    from lifeline.cli import cli
    from lifeline.common.signing import write_key_pair

    write_key_pair(tmp_path / "site.key", tmp_path / "site.pub")
    root = build(content, tmp_path / "build", secret_key=tmp_path / "site.key")
    manifest = (root / "SHA256SUMS").read_text(encoding="utf-8")
    for lang in ("ru", "uk", "en"):
        data = (root / "download" / f"lifeline-{lang}.html").read_bytes()
        assert f"{hashlib.sha256(data).hexdigest()}  download/lifeline-{lang}.html" in manifest
        with zipfile.ZipFile(root / "download" / "lifeline.zip") as archive:
            assert archive.read(f"lifeline/download/lifeline-{lang}.html") == data
        assert f"download/lifeline-{lang}.html" in one_file(root, lang)  # it names itself for the check
    result = CliRunner().invoke(cli, ["verify", str(root), "--key", str(tmp_path / "site.pub")])
    assert result.exit_code == 0, result.output


def test_found_where_a_reader_looks(shipped_build):
    chooser = (shipped_build / "index.html").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert f'<a class="one-file" href="download/lifeline-{lang}.html" hreflang="{lang}">' in chooser
        for page in (shipped_build / lang).glob("*.html"):
            if page.name != "404.html":
                assert f'href="../download/lifeline-{lang}.html"' in page.read_text(encoding="utf-8"), page


def test_two_builds_give_the_same_bytes(content, tmp_path):
    first, second = build(content, tmp_path / "a" / "build"), build(content, tmp_path / "b" / "build")
    for lang in ("ru", "uk", "en"):
        assert one_file(first, lang) == one_file(second, lang)


# In a real Chromium, with the network off: from disk, and with no address at all (a messenger's content://).

IN_VIEW = "id => { const box = document.getElementById(id).getBoundingClientRect(); return box.top >= -2 && box.top < innerHeight; }"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_opens_alone_in_a_browser_with_the_network_off(chromium, shipped_build, tmp_path, lang):
    alone = tmp_path / "empty"
    alone.mkdir()
    shutil.copy(shipped_build / "download" / f"lifeline-{lang}.html", alone)
    context = chromium.new_context(viewport={"width": 320, "height": 640}, offline=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto((alone / f"lifeline-{lang}.html").as_uri())
    assert requests == [(alone / f"lifeline-{lang}.html").as_uri()] and errors == []
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"  # its own style applied
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # readable at 320 px
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == ("rtl" if lang == "ar" else "ltr")
    for anchor in page.eval_on_selector_all("nav a[href^='#page-']", "links => links.map(a => a.hash.slice(1))"):
        page.click(f"nav a[href='#{anchor}']")
        assert page.evaluate("location.hash") == f"#{anchor}" and page.evaluate(IN_VIEW, anchor), anchor
        page.evaluate("window.scrollTo(0, 0)")
    assert axe_violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
    assert axe_violations(page, ["color-contrast"]) == []
    page.emulate_media(media="print", color_scheme="light")
    assert page.locator("main").is_visible() and len(page.inner_text("main")) > 5_000
    assert requests == [(alone / f"lifeline-{lang}.html").as_uri()] and errors == []
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_opens_with_no_base_address_at_all(chromium, shipped_build, lang):
    """As from a messenger's content:// address: the document alone, nothing beside it to resolve."""
    context = chromium.new_context(offline=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_content(one_file(shipped_build, lang))
    assert page.url == "about:blank" and requests == [] and errors == []
    page.click("nav a[href='#page-faq']")
    assert page.evaluate(IN_VIEW, "page-faq")
    context.close()


# The message-sized guide: the share page as text to copy and forward.


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_message_fits_one_telegram_message_and_carries_the_contacts(shipped_build, site, lang):
    text = (shipped_build / "download" / f"lifeline-{lang}.txt").read_text(encoding="utf-8")
    assert len(text) <= 4096, f"{lang}: {len(text)} characters"
    for channel in site.contacts:
        if channel.id != "find-chatbot":  # the sister project's bot is not the programme's
            assert channel.value in text, f"{lang}: {channel.id} missing"
    page = (shipped_build / lang / "share.html").read_text(encoding="utf-8")
    block = re.search(r'<pre class="message-text">(.*?)</pre>', page, re.DOTALL).group(1)
    assert html_unescape(block) == text  # the page shows exactly the file's text
    assert f'href="../download/lifeline-{lang}.txt"' in page
    assert "<script" not in page and "<textarea" not in page


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_a_message_too_long_is_refused_with_the_count(content, tmp_path):
    from lifeline.common.problems import ContentError

    (content / "ru" / "share.md").write_text(
        "---\ntitle: Сообщение\ndescription: Для пересылки.\nweight: 30\nupdated: 2026-12-06\n---\n\n"
        + "Слово " * 1000,
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        build(content, tmp_path / "build")
    assert [str(problem) for problem in raised.value.problems] == [
        "content/ru/share.md: the message is 6,000 characters, and a Telegram message holds at most 4,096: "
        "shorten it by 1,904"
    ]
    (content / "ru" / "share.md").write_text(  # 2,700 characters: one message, and one leaflet page
        "---\ntitle: Сообщение\ndescription: Для пересылки.\nweight: 30\nupdated: 2026-12-06\n---\n\n" + "Слово " * 450,
        encoding="utf-8",
    )
    root = build(content, tmp_path / "build")
    assert (root / "download" / "lifeline-ru.txt").read_text(encoding="utf-8").endswith("Слово Слово\n")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_a_link_preview_of_its_own_with_no_address(shipped_build, site, lang):
    """Open Graph: the page's own title and description in its language, no image, no absolute address."""
    import html

    for slug in site.slugs:
        text = (shipped_build / lang / f"{slug}.html").read_text(encoding="utf-8")
        tags = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z_]+)" content="([^"]*)">', text))
        page = site.page(lang, slug)
        assert (
            html.unescape(tags.pop("og:title")) == page.title
            and html.unescape(tags.pop("og:description")) == page.description
        )
        assert tags.pop("og:locale").startswith(lang + "_") and tags.pop("og:type") == "website"
        assert tags.pop("og:site_name") and tags.pop("twitter:card") == "summary"
        assert tags == {}, tags  # no og:url, no og:image: nothing that names an address
