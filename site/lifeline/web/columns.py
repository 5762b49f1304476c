"""A page's HTML cut into two columns of about the same length, between its top-level blocks.

The leaflet sets its message in two columns. WeasyPrint can balance CSS columns itself, but it
does so by laying the text out again and again: a second of CPU a leaflet, most of the PDFs'
time after the guides. Cut here, between paragraphs and lists, each column is laid out once.
A block that ends with a colon ("Three steps:") stays with the list it introduces. A message
with a block too long for either column is set in CSS columns instead (paper.py).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import Markup

VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK_SPACING = 60  # a block's margins, as so many characters of text
TAG = re.compile(r"<[^>]*>")


def two_columns(html: str) -> tuple[Markup, Markup] | None:
    """The two columns; None where there is nowhere to cut (a single block)."""
    blocks = top_level_blocks(html)
    sizes = [len(TAG.sub("", block)) + BLOCK_SPACING for block in blocks]
    cuts = [k for k in range(1, len(blocks)) if not TAG.sub("", blocks[k - 1]).rstrip().endswith(":")]
    if not cuts:
        return None
    cut = min(cuts, key=lambda k: abs(sum(sizes[:k]) - sum(sizes[k:])))
    return Markup("\n".join(blocks[:cut])), Markup("\n".join(blocks[cut:]))


def top_level_blocks(html: str) -> list[str]:
    """Each element at the top of `html`, whole (text between them, only white space in
    Python-Markdown's output, is dropped)."""
    return _Blocks(html).blocks


class _Blocks(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html, self.depth, self.start, self.blocks = html, 0, 0, []
        self.line_starts = [0]
        for line in html.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in VOID_ELEMENTS:
            return
        if self.depth == 0:
            self.start = self._here()
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.html.index(">", self._here()) + 1
            self.blocks.append(self.html[self.start : end])

    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column
