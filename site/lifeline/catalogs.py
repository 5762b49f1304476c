"""Gettext catalogs in `translations/`: the editor's workflow, checked at every step.

Extraction and updates run Babel's own `pybabel` commands; compiling is done here so that
each catalog is checked first (placeholders must match the source string) and `.mo` files
are written only when their bytes change. Compiled files are never edited or committed.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from .paths import PROJECT_DIR
from .problems import Problems

DOMAIN = "messages"
TEMPLATE = "messages.pot"


def catalog_path(translations_dir: Path, code: str) -> Path:
    return translations_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def _shown(translations_dir: Path, code: str) -> str:
    return f"{translations_dir.name}/{code}/LC_MESSAGES/{DOMAIN}.po"


def read_catalog(translations_dir: Path, code: str, problems: Problems):
    """The parsed catalog of one language, or None with a problem added."""
    path, shown = catalog_path(translations_dir, code), _shown(translations_dir, code)
    if not path.is_file():
        problems.add(shown, None, f"missing: create it with 'pybabel init -i translations/{TEMPLATE} -d translations -l {code}'")
        return None
    try:
        with path.open("rb") as file:
            return read_po(file, locale=code, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        problems.add(shown, getattr(error, "lineno", None), f"cannot be read: {error}")
        return None


def compile_catalogs(translations_dir: Path, codes, problems: Problems) -> None:
    """Check each language's catalog and write its `.mo`; add a problem for each fault."""
    for code in codes:
        catalog = read_catalog(translations_dir, code, problems)
        if catalog is None:
            continue
        for message, errors in catalog.check():
            for error in errors:
                problems.add(_shown(translations_dir, code), message.lineno, f"msgid {message.id!r}: {error}")
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        mo_path = catalog_path(translations_dir, code).with_suffix(".mo")
        if not mo_path.is_file() or mo_path.read_bytes() != buffer.getvalue():
            mo_path.write_bytes(buffer.getvalue())


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


def _is_translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings)


def pybabel(*args: str) -> None:
    """Run one pybabel command from the project folder (paths in args are relative to it)."""
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def extract(translations_dir: Path) -> None:
    pybabel("extract", "-F", str(PROJECT_DIR / "babel.cfg"), "--no-location", "--sort-output",
            "--project=Lifeline", "--copyright-holder=Lifeline contributors",
            "-o", str(translations_dir / TEMPLATE), str(PROJECT_DIR))


def update(translations_dir: Path) -> None:
    pybabel("update", "-i", str(translations_dir / TEMPLATE), "-d", str(translations_dir), "--no-fuzzy-matching")


def init(translations_dir: Path, code: str) -> None:
    pybabel("init", "-i", str(translations_dir / TEMPLATE), "-d", str(translations_dir), "-l", code)
