"""What each file of a build is served with: its Content-Type and its Cache-Control.

Shared by the server (`serve/wsgi.py`, through WhiteNoise) and by publishing to object storage
(`publish/`), which sets the same headers on every object once, at upload: a mirror in a
bucket then answers as `lifeline serve` does. It lives here because serve and publish may not
import each other (lifeline/__init__.py).
"""

from __future__ import annotations

import re

from whitenoise.base import WhiteNoise
from whitenoise.media_types import MediaTypes

HTML_MAX_AGE = 300
# The stylesheet's name carries a hash of its bytes (style.<12 hex>.css): it never changes.
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[a-z]+$")
IMMUTABLE = f"max-age={WhiteNoise.FOREVER}, public, immutable"
SHORT = f"max-age={HTML_MAX_AGE}, public"
_MEDIA_TYPES = MediaTypes()


def is_hashed(url: str) -> bool:
    return bool(HASHED_NAME.search(url))


def content_type(path: str) -> str:
    """WhiteNoise's type for the file's name, text labelled UTF-8 (every text file we build is)."""
    media_type = _MEDIA_TYPES.get_type(path)
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def cache_control(path: str) -> str:
    """What WhiteNoise sends given `max_age=HTML_MAX_AGE` and `is_hashed` as its immutable test."""
    return IMMUTABLE if is_hashed(path) else SHORT
