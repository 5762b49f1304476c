"""A synthetic site in this project's own content format, for build benchmarks.

    .venv/bin/python bench/corpus.py --languages 12 --pages 100 --out ../corpus

writes ../corpus/content/: N languages (the project's own, which have catalogs) x M pages of
about 600 words each, with headings, a list, links to other pages of the language and contact
macros, the source language first and every other language a translation of it. The same
arguments always give the same bytes (every choice comes from a seeded random generator).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
LANGUAGES = ["ru", "uk", "en", "kk", "uz", "tg", "ky", "tt", "ce", "az", "ko", "es", "ne", "hi", "ar"]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ra",
    "sa",
    "to",
    "vu",
    "de",
    "li",
    "po",
    "ze",
    "ba",
    "gu",
    "ri",
    "sho",
    "tra",
    "ven",
]
DATA_FILES = ("contacts.yaml", "sites.yaml", "mirrors.yaml")
UPDATED = "2026-11-21"


def slugs(pages: int) -> list[str]:
    return ["index"] + [f"page-{number:04d}" for number in range(1, pages)]


class Writer:
    """Words, sentences and paragraphs from one seeded generator."""

    def __init__(self, seed: str):
        self.random = random.Random(seed)

    def word(self) -> str:
        return "".join(self.random.choice(SYLLABLES) for _ in range(self.random.randint(1, 4)))

    def words(self, count: int) -> str:
        return " ".join(self.word() for _ in range(count))

    def sentence(self) -> str:
        return self.words(self.random.randint(6, 14)).capitalize() + "."

    def paragraph(self, words: int) -> str:
        sentences, written = [], 0
        while written < words:
            sentences.append(self.sentence())
            written += sentences[-1].count(" ") + 1
        return " ".join(sentences)


def page_body(writer: Writer, all_slugs: list[str], number: int) -> str:
    """About 600 words: a lead, three sections with a list, links to other pages, contact macros."""
    parts = [writer.paragraph(90)]
    for section in range(3):
        targets = writer.random.sample(all_slugs, k=min(2, len(all_slugs)))
        links = " ".join(f"[{writer.words(2)}]({target})" for target in targets)
        items = "\n".join(f"- {writer.words(writer.random.randint(5, 9))}" for _ in range(4))
        parts += [
            f"## {writer.words(3).capitalize()} {number}.{section + 1}",
            writer.paragraph(110),
            items,
            f"{writer.paragraph(20)} {links}. {{{{ contact: hotline }}}}",
        ]
    return "\n\n".join(parts) + "\n"


def front_matter(title: str, weight: int, revision: str | None) -> str:
    lines = ["---", f"title: {title}", f"description: {title}.", f"weight: {weight}", f"updated: {UPDATED}"]
    if revision:
        lines += [f'source_revision: "{revision}"', "translation: machine"]
    return "\n".join(lines + ["---", "", ""])


def generate(out: Path, languages: int, pages: int) -> Path:
    """Write out/content (replacing it) and return its path."""
    import sys

    sys.path.insert(0, str(PROJECT / "site"))
    from lifeline.content.pages import revision_of

    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    codes = LANGUAGES[:languages]
    entries = "".join(
        f"  - code: {code}\n" + ("" if code == codes[0] else f"    fallback: {codes[0]}\n") for code in codes
    )
    (content / "languages.yaml").write_text(f"source: {codes[0]}\nlanguages:\n{entries}", encoding="utf-8")
    for name in DATA_FILES:
        shutil.copy(PROJECT / "content" / name, content / name)
    contacts = (content / "contacts.yaml").read_text(encoding="utf-8").split("\n")
    labels_elsewhere = re.compile(rf"      (?!{'|'.join(codes)}:)[a-z]{{2}}: ")  # labels of languages left out
    (content / "contacts.yaml").write_text(
        "\n".join(line for line in contacts if not labels_elsewhere.match(line)), encoding="utf-8"
    )
    all_slugs = slugs(pages)
    for code in codes:
        (content / code).mkdir()
        for number, slug in enumerate(all_slugs):
            writer = Writer(f"{code}/{slug}")
            title = f"{writer.words(3).capitalize()} {number}"
            body = page_body(writer, all_slugs, number)
            revision = (
                None
                if code == codes[0]
                else revision_of((content / codes[0] / f"{slug}.md").read_text(encoding="utf-8"))
            )
            (content / code / f"{slug}.md").write_text(
                front_matter(title, number * 10, revision) + body, encoding="utf-8"
            )
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", type=int, default=12, help=f"how many languages (at most {len(LANGUAGES)})")
    parser.add_argument("--pages", type=int, default=100, help="pages in each language")
    parser.add_argument("--out", type=Path, required=True, help="folder to write content/ into")
    args = parser.parse_args()
    if not 1 <= args.languages <= len(LANGUAGES) or args.pages < 1:
        parser.error(f"--languages must be 1 to {len(LANGUAGES)} and --pages at least 1")
    content = generate(args.out, args.languages, args.pages)
    print(f"Wrote {args.languages} x {args.pages} pages into {content}")


if __name__ == "__main__":
    main()
