"""Gettext catalogs in `translations/`: the editor's workflow, checked at every step.

Extraction and updates run Babel's own `pybabel` commands; compiling is done here so that
each catalog is checked first (placeholders must match the source string) and `.mo` files
are written only when their bytes change. Compiled files are never edited or committed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from lifeline.common.files import MAX_CATALOG_BYTES, read_text
from lifeline.common.problems import Problems
from lifeline.common.project import project_dir
from lifeline.content.lint import contact_details_in
from lifeline.content.pages import MARKUP

DOMAIN = "messages"
TEMPLATE = "messages.pot"


def catalog_path(translations_dir: Path, code: str) -> Path:
    return translations_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def _display(translations_dir: Path, code: str) -> str:
    return f"{translations_dir.name}/{code}/LC_MESSAGES/{DOMAIN}.po"


def read_catalog(translations_dir: Path, code: str, problems: Problems) -> Catalog | None:
    """The parsed catalog of one language, or None with a problem added."""
    path, display = catalog_path(translations_dir, code), _display(translations_dir, code)
    if not path.is_file():
        problems.add(
            display,
            None,
            f"missing: create it with 'pybabel init -i translations/{TEMPLATE} -d translations -l {code}'",
        )
        return None
    text = read_text(path, display, problems, MAX_CATALOG_BYTES)
    if text is None or not _well_formed(text, display, problems):
        return None
    try:
        return read_po(io.StringIO(text), locale=code, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        problems.add(display, getattr(error, "lineno", None), f"cannot be read: {error}")
        return None


# A line of a .po file that is not a comment or blank: a keyword and a quoted string, or a
# continued string. Babel's reader quietly accepts a missing closing quote (and loses a letter).
PO_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"$')


def _well_formed(text: str, display: str, problems: Problems) -> bool:
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if line and not line.startswith("#") and not PO_LINE.match(line):
            problems.add(
                display,
                number,
                f'not a catalog line: {line[:60]!r} (each line is msgid "...", msgstr "..." '
                'or a continued "...", with both quotes)',
            )
            found = True
    return not found


def compile_catalogs(translations_dir: Path, codes: Iterable[str], problems: Problems) -> None:
    """Check each language's catalog and write its `.mo`; add a problem for each fault."""
    for code in codes:
        catalog = read_catalog(translations_dir, code, problems)
        if catalog is None:
            continue
        display = _display(translations_dir, code)
        for message, errors in catalog.check():
            for error in errors:
                problems.add(
                    display,
                    message.lineno,
                    f"msgid {message.id!r}: {error} (use the same %(name)s placeholders as the original)",
                )
        for message in catalog:  # the header (empty msgid) holds dates and addresses by design
            for problem in _smuggled(message) if message.id else ():
                problems.add(display, message.lineno, f"msgid {message.id!r}: {problem}")
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        mo_path = catalog_path(translations_dir, code).with_suffix(".mo")
        if not mo_path.is_file() or mo_path.read_bytes() != buffer.getvalue():
            mo_path.write_bytes(buffer.getvalue())


def _smuggled(message: Message) -> list[str]:
    """Markup or contact details in a translation that its original does not have."""
    originals = message.id if isinstance(message.id, (list, tuple)) else [message.id]
    translations = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    original = " ".join(originals)
    problems = []
    for text in filter(None, translations):
        if (markup := MARKUP.search(text)) and markup.group(0) not in original:
            problems.append(
                f"the translation holds markup or code that the original does not: '{markup.group(0)}' (remove it)"
            )
        for kind, detail in contact_details_in(text):
            if detail not in original:
                problems.append(
                    f"the translation holds {kind}, '{detail}', that the original does not "
                    "(contact details come only from the contact file, contacts.yaml: remove it)"
                )
    return problems


@dataclass(frozen=True)
class CatalogStats:
    code: str
    total: int
    translated: int
    fuzzy: int


def catalog_stats(translations_dir: Path, code: str, problems: Problems) -> CatalogStats | None:
    catalog = read_catalog(translations_dir, code, problems)
    if catalog is None:
        return None
    messages = [message for message in catalog if message.id]
    fuzzy = sum(1 for message in messages if message.fuzzy)
    translated = sum(1 for message in messages if not message.fuzzy and _is_translated(message))
    return CatalogStats(code, len(messages), translated, fuzzy)


def _is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings)


def pybabel(*args: str) -> None:
    """Run one pybabel command from the project folder (paths in args are relative to it)."""
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def extract(translations_dir: Path) -> None:
    pybabel(
        "extract",
        "-F",
        str(project_dir() / "babel.cfg"),
        "-k",
        "lazy_gettext",
        "--no-location",
        "--sort-output",
        "--project=Lifeline",
        "--copyright-holder=Lifeline contributors",
        "-o",
        str(translations_dir / TEMPLATE),
        str(project_dir()),
    )


def update(translations_dir: Path) -> None:
    pybabel("update", "-i", str(translations_dir / TEMPLATE), "-d", str(translations_dir), "--no-fuzzy-matching")


def init(translations_dir: Path, code: str) -> None:
    pybabel("init", "-i", str(translations_dir / TEMPLATE), "-d", str(translations_dir), "-l", code)
