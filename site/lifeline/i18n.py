"""Interface strings: gettext catalogs in `translations/`, compiled here, served by Flask-Babel.

Compiled `.mo` files are build products (never edited, never committed): `compile_catalogs`
writes them from the `.po` sources whenever the app starts, only where the bytes change.
"""
from __future__ import annotations

import io
from pathlib import Path

import flask_babel
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from flask import g

from .problems import Problems

DOMAIN = "messages"


def catalog_path(translations_dir: Path, code: str) -> Path:
    return translations_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalogs(translations_dir: Path, codes, problems: Problems) -> None:
    """Check each language's catalog and write its `.mo`; add a problem for each fault."""
    for code in codes:
        po_path = catalog_path(translations_dir, code)
        shown = f"{translations_dir.name}/{code}/LC_MESSAGES/{po_path.name}"
        if not po_path.is_file():
            problems.add(shown, None, f"missing: create it with 'pybabel init -i translations/messages.pot -d translations -l {code}'")
            continue
        try:
            with po_path.open("rb") as file:
                catalog = read_po(file, locale=code, abort_invalid=True)
        except (PoFileError, UnicodeDecodeError, ValueError) as error:
            line = getattr(error, "lineno", None)
            problems.add(shown, line, f"cannot be read: {error}")
            continue
        for message, errors in catalog.check():
            for error in errors:
                problems.add(shown, message.lineno, f"msgid {message.id!r}: {error}")
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.is_file() or mo_path.read_bytes() != buffer.getvalue():
            mo_path.write_bytes(buffer.getvalue())


def select_locale() -> str | None:
    """The language of the page being rendered, set from its URL by the views."""
    language = g.get("language")
    return language.code if language else None


def init_app(app) -> None:
    flask_babel.Babel(app, locale_selector=select_locale)
