"""Interface strings at run time: Flask-Babel, with the locale taken from the page's URL."""

from __future__ import annotations

import flask_babel
from flask import Flask, g


def select_locale() -> str | None:
    """The language of the page being rendered, set from its URL by the views."""
    language = g.get("language")
    return language.code if language else None


def init_app(app: Flask) -> None:
    flask_babel.Babel(app, locale_selector=select_locale)
