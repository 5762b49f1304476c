"""What a freeze tells the person who runs it: a progress bar in a terminal, plain lines elsewhere.

In a terminal the bar is redrawn in place on stderr. In CI (the CI variable is set) or when
stderr is not a terminal, a plain line is printed as each language, and the group of the PDFs,
is finished, so logs stay readable. Both end with the same summary.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from lifeline.common.problems import Problem, plural
from lifeline.content.languages import Languages

BAR_WIDTH = 30
PDFS = "the PDFs"
ONE_FILE = re.compile(r"download/(?:lifeline|leaflet)-([\w-]+)\.(?:html|txt|pdf)")


@dataclass
class BuildReport:
    pages_by_language: Counter = field(default_factory=Counter)  # '' for the site-wide pages
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    unchanged: int = 0  # files taken over from the previous build, not written again
    language_order: list[str] = field(default_factory=list)  # as languages.yaml lists them
    signature: str | None = None  # what the summary says of signing; None: a pages-only build

    def count(self, address: str, languages: Languages) -> str:
        """Count a page written to `address` (URL or file path); the language it is in ('' for none)."""
        path = address.strip("/")
        one_file = ONE_FILE.fullmatch(path)  # the guide in one file counts with its language's pages
        first = one_file.group(1) if one_file else path.split("/")[0]
        language = first if first in languages else ""
        if not address.lstrip("/").startswith("static/"):
            self.pages_by_language[language] += 1
        return language

    @property
    def pages(self) -> int:
        return sum(self.pages_by_language.values())

    def summary(self, dest: str) -> list[str]:
        order = {code: index for index, code in enumerate(self.language_order)}
        languages = sorted(
            (code for code in self.pages_by_language if code), key=lambda code: order.get(code, len(order))
        )
        lines = [
            f"Built {plural(self.pages, 'page')} in {plural(len(languages), 'language')} into {dest} in {self.seconds:.2f} s: "
            f"{plural(self.files, 'file')}, {self.bytes / 1_000_000:.1f} MB.",
            "  " + "  ".join(f"{code} {self.pages_by_language[code]}" for code in languages),
        ]
        if self.signature:
            lines.append(self.signature)
        if self.unchanged:
            lines.append(f"{plural(self.unchanged, 'file')} unchanged since the last build (kept, not written again).")
        lines += [str(warning) for warning in self.warnings]
        lines.append(f"{plural(len(self.warnings), 'warning')}." if self.warnings else "No warnings.")
        return lines


class Progress:
    """Counts frozen files towards `total` and shows it; see the module's docstring.

    `groups`: how many files each group has (a language's code, '' for the site-wide files,
    PDFS for the PDFs): a group's plain line is printed when its last file is written, whichever
    worker wrote it, so the lines are the same however the files were shared out.
    """

    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        interactive: bool | None = None,
        groups: Counter | None = None,
    ) -> None:
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        if interactive is None:
            interactive = self.stream.isatty() and not os.environ.get("CI")
        self.interactive = interactive
        self.expected = groups or Counter()
        self.done_in: Counter = Counter()

    def page(self, url: str, language: str) -> None:
        """One more file written: `url` like /ru/food.html, of `language` ('' for site-wide files)."""
        group = group_of(url, language)
        self.done += 1
        self.done_in[group] += 1
        if self.interactive:
            filled = BAR_WIDTH * self.done // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total} {url[:40]:<40}")
            self.stream.flush()
        elif self.done_in[group] == self.expected[group]:
            name = group or "site-wide files"
            print(f"Froze {name}: {plural(self.done_in[group], 'file')} ({self.done}/{self.total})", file=self.stream)

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\r" + " " * (BAR_WIDTH + 55) + "\r")
            self.stream.flush()


def group_of(url: str, language: str) -> str:
    """The PDFs are one group of their own rather than counted language by language."""
    return PDFS if url.endswith(".pdf") else language
