"""The message-sized guide: the `share` page as plain text a reader copies and forwards.

Editors write it as an ordinary page (contacts through the macros, articles cited); here its
rendered HTML becomes the text a messenger shows: paragraphs and list items on lines of their
own, numbered lists numbered, links as their text. A Telegram message holds 4,096 characters,
so the check refuses a longer one and says by how much.
"""

from __future__ import annotations

from html.parser import HTMLParser

MESSAGE_SLUG = "share"
MOST_CHARACTERS = 4096  # one Telegram message
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "dt", "dd"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.lists: list[list[int]] = []  # for each open list: [items so far] for <ol>, [] for <ul>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ol", "ul"):
            self._end_block()
            self.lists.append([0] if tag == "ol" else [])
        elif tag in BLOCKS:
            self._end_block()
            if tag == "li" and self.lists:
                numbered = self.lists[-1]
                if numbered:
                    numbered[0] += 1
                self.current.append(f"{numbered[0]}. " if numbered else "• ")
        elif tag == "br":
            self.current.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul"):
            self._end_block()
            if self.lists:
                self.lists.pop()
            self.blocks.append("")  # a list ends its paragraph
        elif tag in BLOCKS:
            self._end_block()
            if tag != "li":
                self.blocks.append("")

    def handle_data(self, data: str) -> None:
        self.current.append(data)

    def _end_block(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []


def text_of(html: str) -> str:
    """Rendered HTML as a message: one line a paragraph or list item, a blank line between paragraphs."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._end_block()
    lines: list[str] = []
    for block in parser.blocks:
        if block or (lines and lines[-1]):
            lines.append(block)
    return "\n".join(lines).strip() + "\n"


def too_long(text: str) -> str | None:
    """The problem with a message longer than one Telegram message, with the count; else None."""
    if len(text) <= MOST_CHARACTERS:
        return None
    return (
        f"the message is {len(text):,} characters, and a Telegram message holds at most {MOST_CHARACTERS:,}: "
        f"shorten it by {len(text) - MOST_CHARACTERS:,}"
    )
