"""Readable everywhere: dark mode follows the system, print is clean, right-to-left pages mirror."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from helpers import build
from servers import mirror_copy, running_nginx

# Relative luminance (WCAG) of a computed CSS colour such as "rgb(18, 18, 18)".
LUMINANCE = """colour => {
  const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(Number).map(c => c / 255)
    .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""
COLOURS = f"""() => {{
  const luminance = {LUMINANCE}, body = getComputedStyle(document.body);
  return {{text: luminance(body.color), page: luminance(body.backgroundColor)}};
}}"""


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("address", ["index.html", "ru/rights.html", "ar/contact.html"])
def test_dark_mode_follows_the_system_setting(phone, served, address):
    phone.emulate_media(color_scheme="light")
    phone.goto(f"{served}/{address}")
    light = phone.evaluate(COLOURS)
    assert light["page"] > 0.9 and light["text"] < 0.05, light
    phone.emulate_media(color_scheme="dark")
    dark = phone.evaluate(COLOURS)
    assert dark["page"] < 0.05 and dark["text"] > 0.7, dark
    assert phone.evaluate("getComputedStyle(document.documentElement).colorScheme") == "light dark"


def printed_text(page) -> str:
    """The text of the page as Chromium prints it to PDF (A4), with white space made single."""
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return re.sub(r"\s+", " ", " ".join(sheet.extract_text() for sheet in pdf.pages))


def test_print_shows_the_text_and_the_contact_details_without_navigation(phone, served):
    phone.emulate_media(color_scheme="dark")  # a reader in dark mode still prints black on white
    phone.goto(f"{served}/ru/contact.html")
    heading = phone.locator("h1").inner_text()
    first_paragraph = phone.locator("article p:not([class])").first.inner_text()
    values = phone.locator("article .contact").all_inner_texts()
    phone.emulate_media(media="print")
    assert phone.evaluate(COLOURS) == {"text": 0, "page": 1}
    text = printed_text(phone)
    assert heading in text and " ".join(first_paragraph.split()[:6]) in text
    assert values and all(value in text for value in values), values
    for hidden in ("Перейти к основному содержанию", "Українська", "English", "Все языки"):
        assert hidden not in text  # the skip link and the language list are not printed


def test_print_shows_where_each_contact_and_outside_link_leads(chromium, content, tmp_path):
    """With real (not placeholder) contact details, the printout shows each link's target."""
    contacts = (content / "contacts.yaml").read_text(encoding="utf-8")
    contacts = contacts.replace("    placeholder: true\n", "").replace("@placeholder-chatbot", "@example_bot")
    (content / "contacts.yaml").write_text(
        contacts.replace("@placeholder-find-bot", "@example_find_bot"), encoding="utf-8"
    )
    root = build(content, tmp_path / "build")
    (tmp_path / "nginx").mkdir()
    with mirror_copy(root) as copy, running_nginx(copy, "/", tmp_path / "nginx") as port:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/ru/index.html")
        targets = page.eval_on_selector_all(
            "article a[href^='tel:'], article a[href^='https:']", "links => links.map(a => a.href)"
        )
        page.emulate_media(media="print")
        text = printed_text(page)
        context.close()
    assert {"tel:+380000000000", "https://t.me/example_bot", "https://placeholder.invalid/"} <= set(targets)
    compact = text.replace(" ", "")  # the PDF's text may break a long address anywhere
    assert all(f"({target})" in compact for target in targets), (targets, text)


def box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "el => el.getBoundingClientRect().toJSON()")


def text_box(page, selector: str) -> dict:
    """Where the text of the element actually is (not the full width of its block)."""
    return page.eval_on_selector(
        selector,
        """el => {
      const range = document.createRange(); range.selectNodeContents(el);
      return range.getBoundingClientRect().toJSON(); }""",
    )


def styles(page, selector: str, *names: str) -> list[str]:
    return page.eval_on_selector(selector, "(el, names) => names.map(n => getComputedStyle(el)[n])", list(names))


def test_right_to_left_pages_mirror_the_layout(phone, served):
    phone.goto(f"{served}/en/rights.html")
    english = {"article": box(phone, "article"), "heading": text_box(phone, "h1"), "name": box(phone, ".site-name")}
    phone.goto(f"{served}/ar/rights.html")
    assert phone.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    arabic = {"article": box(phone, "article"), "heading": text_box(phone, "h1"), "name": box(phone, ".site-name")}
    # Left-to-right: the heading and the site's name start at the left edge; right-to-left: at the right.
    assert abs(english["heading"]["left"] - english["article"]["left"]) < 1
    assert abs(arabic["heading"]["right"] - arabic["article"]["right"]) < 1
    assert arabic["heading"]["left"] > arabic["article"]["left"] + 20
    assert english["name"]["left"] < 40 and arabic["name"]["right"] > 360 - 40
    # Indents, bars and rules are on the reading side.
    assert styles(phone, "article ul", "paddingRight", "paddingLeft")[1] == "0px"
    assert styles(phone, "article ul", "paddingRight")[0] != "0px"
    assert styles(phone, ".notice", "borderRightWidth", "borderLeftWidth") == ["4px", "0px"]
    assert styles(phone, "article ul li", "direction", "textAlign")[0] == "rtl"
