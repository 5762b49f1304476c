"""The page budget, exact: every page with everything it loads fits the first round trip of a slow link.

Bytes are what a server that sends the build's brotli twins puts on the wire for the body (the
`.br` twin where the build made one, else the file itself); headers are not counted. The browser
test (test_pages_in_browser.py) checks the same page loads make no more requests than counted here.
"""

from __future__ import annotations

import re
import statistics
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from browser import site_pages

MOST_BYTES_A_PAGE = 14_000  # a page and all it loads, brotli (about ten TCP packets: one round trip)
MOST_REQUESTS_A_PAGE = 2
MEDIAN_BYTES = 8_000
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")


class Subresources(HTMLParser):
    """Every address a page makes the browser fetch by itself (not the links a reader follows)."""

    FETCHED = {
        "link": "href",
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "video": "poster",
        "audio": "src",
        "embed": "src",
        "object": "data",
        "input": "src",
        "track": "src",
    }

    def __init__(self, html: str):
        super().__init__()
        self.addresses: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(
            (attributes.get("rel") or "").split()
        ):
            return
        address = attributes.get(self.FETCHED.get(tag, ""))
        if address and not address.startswith("data:"):
            self.addresses.append(address)
        if attributes.get("style") and "url(" in attributes["style"]:
            self.addresses += CSS_URL.findall(attributes["style"])


def wire_bytes(path: Path) -> int:
    twin = path.with_name(path.name + ".br")
    return (twin if twin.exists() else path).stat().st_size


def page_load(root: Path, page: Path) -> tuple[int, list[Path]]:
    """The bytes of the page and of everything it loads, and the files it loads (stylesheets' own too)."""
    queue, loaded = [page], []
    while queue:
        current = queue.pop()
        loaded.append(current)
        text = current.read_text(encoding="utf-8")
        addresses = Subresources(text).addresses if current.suffix == ".html" else CSS_URL.findall(text)
        for address in addresses:
            target = urlsplit(urljoin("/" + str(current.relative_to(root)), address))
            assert not target.scheme, f"{page}: loads {address} from another site"
            queue.append(root / target.path.lstrip("/"))
    return sum(wire_bytes(p) for p in loaded), loaded


def test_every_page_with_all_it_loads_fits_the_budget(shipped_build):
    over, sizes = [], []
    for page in site_pages(shipped_build):
        size, loaded = page_load(shipped_build, page)
        sizes.append(size)
        assert all(p.is_file() for p in loaded), loaded
        if size > MOST_BYTES_A_PAGE or len(loaded) > MOST_REQUESTS_A_PAGE:
            over.append(f"{page.relative_to(shipped_build)}: {size} bytes in {len(loaded)} requests")
    assert len(sizes) > 15 * 12
    assert over == []
    assert statistics.median(sizes) <= MEDIAN_BYTES, statistics.median(sizes)


def test_the_budget_counts_every_file_a_page_loads(tmp_path):
    """A page with an image and a stylesheet that loads a font: four files, all counted."""
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.css").write_text("@font-face { src: url('font.woff2') }", encoding="utf-8")
    (tmp_path / "static" / "font.woff2").write_bytes(b"f" * 5000)
    (tmp_path / "static" / "font.woff2.br").write_bytes(b"f" * 4000)
    (tmp_path / "photo.jpg").write_bytes(b"j" * 20_000)
    page = tmp_path / "page.html"
    page.write_text(
        '<link rel="stylesheet" href="static/a.css"><link rel="icon" href="data:,">'
        '<a href="other.html">x</a><img src="photo.jpg" alt="">',
        encoding="utf-8",
    )
    size, loaded = page_load(tmp_path, page)
    assert sorted(p.name for p in loaded) == ["a.css", "font.woff2", "page.html", "photo.jpg"]
    assert size == page.stat().st_size + 37 + 4000 + 20_000
