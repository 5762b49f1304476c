"""A saved copy opened from disk (file://) in a real Chromium: links work three levels deep and more."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from helpers import build


def test_following_links_from_disk_reaches_pages_three_levels_deep(chromium, content, tmp_path):
    root = build(content, tmp_path / "build")
    page = chromium.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    start = (root / "index.html").as_uri()
    page.goto(start)
    trail = [page.url]
    # Chooser -> English home -> Ukrainian home (switcher) -> Ukrainian rights (in Russian, fallback) -> chooser
    for selector, expected in (
        ('a[hreflang="en"]', "/en/index.html"),
        ('nav.languages a[lang="uk"]', "/uk/index.html"),
        ('footer a[href="rights.html"]', "/uk/rights.html"),
        ('nav.languages a[href="../index.html"]', "/index.html"),
    ):
        if selector.startswith("nav.languages"):
            page.click("nav.languages summary")  # the switcher is folded
        page.click(selector)
        page.wait_for_load_state()
        assert page.url.startswith("file://") and page.url.endswith(expected), (selector, page.url)
        assert page.locator("main").count() == 1  # a real page, not a folder listing or an error
        trail.append(page.url)
    assert len(trail) == 5
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"  # the stylesheet loaded from disk
    assert all(urlsplit(url).scheme == "file" for url in requests), requests
    assert all(Path(urlsplit(url).path).resolve().is_relative_to(root.resolve()) for url in requests)
    page.close()
