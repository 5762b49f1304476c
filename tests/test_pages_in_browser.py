"""Every page of the shipped site, in every language, in a real Chromium served by a real nginx.

For each page: valid HTML (Nu Html Checker), no WCAG 2.2 A/AA violation (axe-core, in light and
in dark mode), no script, no request to another origin, at most two requests, no console error,
and readable at 320 px, at 200 % zoom and with the browser's text size doubled: no horizontal
scrolling and nothing cut off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import axe_violations, nu_html_check, rendered_files
from helpers import PROJECT_DIR
from lifeline.common.problems import Problems
from lifeline.content.languages import load_languages

# Only the languages file, read at collection time (the whole site is built once, by a fixture).
LANGUAGE_CODES = [
    language.code
    for language in load_languages(PROJECT_DIR / "content" / "languages.yaml", "languages.yaml", Problems())
]
PHONE = {"width": 320, "height": 640}
PHONE_360 = {"width": 360, "height": 640}
ZOOMED = {"width": 640, "height": 400}

# Every element that is cut off: outside the viewport's width (unless inside a box that scrolls
# on purpose, like a wide table), or clipping its own content. The skip link is off-screen until
# focused, by design.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth, problems = [];
  const name = el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' "' + el.textContent.trim().slice(0, 30) + '"';
  const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (el.closest('.skip-link') || style.display === 'none' || inScroller(el)) continue;
    if (['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) problems.push(name(el) + ' clips its content');
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.left < -1 || box.right > width + 1)) problems.push(name(el) + ` spans ${Math.round(box.left)}..${Math.round(box.right)} of ${width} px`);
  }
  if (document.documentElement.scrollWidth > width) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in ${width} px`);
  return problems;
}"""


def pages_of(build: Path, code: str) -> list[str]:
    """The addresses (relative to the site root) of one language's pages; '' is the root's own."""
    folder = build / code if code else build
    return [str(p.relative_to(build)) for p in sorted(folder.glob("*.html"))]


def test_every_page_and_the_stylesheet_are_valid_for_the_nu_html_checker(shipped_build):
    pages, stylesheets = rendered_files(shipped_build), sorted(shipped_build.glob("static/*.css"))
    assert len(pages) > 15 * 12 and stylesheets
    messages = nu_html_check(pages) + nu_html_check(stylesheets, css=True)
    assert messages == [], "\n".join(
        f"{m['url']}:{m.get('lastLine')}: {m['type']}: {m['message']}" for m in messages[:20]
    )


def test_the_nu_html_checker_does_report_invalid_markup(tmp_path):
    """The check above can fail: the same run on a broken page reports it, with its line."""
    broken = tmp_path / "broken.html"
    broken.write_text('<!doctype html>\n<html lang="en">\n<title>x</title>\n<p><div></p>\n', encoding="utf-8")
    messages = nu_html_check([broken])
    assert any(m["type"] == "error" and m["lastLine"] == 4 for m in messages), messages
    misspelt = tmp_path / "broken.css"
    misspelt.write_text("p {\n  colr: red;\n}\n", encoding="utf-8")
    assert [(m["type"], m["lastLine"]) for m in nu_html_check([misspelt], css=True)] == [("error", 2)]


@pytest.mark.parametrize("code", LANGUAGE_CODES + [""], ids=LANGUAGE_CODES + ["root"])
def test_every_page_passes_in_a_real_browser(code, shipped_build, served, chromium):
    addresses = pages_of(shipped_build, code)
    assert addresses
    context = chromium.new_context(viewport=PHONE)
    try:
        tab = Tab(context)
        problems = [f"{address}: {p}" for address in addresses for p in tab.check(f"{served}/{address}", served)]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


class Tab:
    """One browser tab with its cache disabled, so that every page's every request is seen."""

    def __init__(self, context):
        self.page = context.new_page()
        self.devtools = context.new_cdp_session(self.page)
        self.devtools.send("Network.enable")
        self.devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def check(self, url: str, origin: str) -> list[str]:
        """Everything wrong with one page."""
        self.requests.clear()
        self.errors.clear()
        page = self.page
        page.emulate_media(color_scheme="light")
        response = page.goto(url, wait_until="load")
        problems = [] if response.status == 200 else [f"answered {response.status}"]
        if "<script" in response.text().lower() or page.locator("script").count():
            problems.append("has a <script>")
        problems += [f"request to another origin: {r}" for r in self.requests if not r.startswith(origin + "/")]
        if len(self.requests) > 2:
            problems.append(f"{len(self.requests)} requests: {self.requests}")
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # the longest layout
        problems += [f"at 320 px: {p}" for p in page.evaluate(CUT_OFF)]
        problems += [f"at 200 % zoom: {p}" for p in self.zoomed(CUT_OFF)]
        problems += [f"with text at 200 %: {p}" for p in self.large_text(CUT_OFF)]
        problems += [f"axe: {v}" for v in axe_violations(page)]
        page.emulate_media(color_scheme="dark")
        problems += [f"axe, dark mode: {v}" for v in axe_violations(page, ["color-contrast", "link-in-text-block"])]
        problems += [f"console error: {e}" for e in self.errors]
        return problems

    def zoomed(self, script: str):
        """A 1280 x 800 window zoomed to 200 % lays the page out in 640 x 400 CSS pixels."""
        self.page.set_viewport_size(ZOOMED)
        try:
            return self.page.evaluate(script)
        finally:
            self.page.set_viewport_size(PHONE)

    def large_text(self, script: str):
        """A 360 px phone whose reader set the browser's font size to 200 % (32 px instead of 16)."""
        self.page.set_viewport_size(PHONE_360)
        self.devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        try:
            return self.page.evaluate(script)
        finally:
            self.devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
            self.page.set_viewport_size(PHONE)
