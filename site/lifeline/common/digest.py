"""Fingerprints of what an output is made from: values, files, and the code and libraries.

The build's caches (content/render.py, build/cache.py) key what they keep by these, so that a
change to any input, to the package's own code or to a library's version makes a new key.
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

LIBRARIES = (
    "Markdown",
    "nh3",
    "PyYAML",
    "Babel",
    "Flask",
    "Jinja2",
    "MarkupSafe",
    "Werkzeug",
    "flask-babel",
    "Frozen-Flask",
    "whitenoise",
    "Brotli",
)
PACKAGE = Path(__file__).parents[1]  # the whole lifeline package


def digest(*parts: object) -> str:
    """A short fingerprint of the given values (strings, bytes, or anything with a stable repr)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else (part if isinstance(part, str) else repr(part)).encode("utf-8")
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()[:32]


@cache
def code_digest() -> str:
    """The build's own code, templates and stylesheet, and the versions of the libraries it runs."""
    files = sorted(path for path in PACKAGE.rglob("*") if path.is_file() and path.suffix in (".py", ".html", ".css"))
    versions = [sys.version, *(_version(name) for name in LIBRARIES)]  # marshal's format is Python's
    return digest(versions, *[(str(path.relative_to(PACKAGE)), path.read_bytes()) for path in files])


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def files_in(folder: Path, recursive: bool = False) -> list[tuple[str, bytes]]:
    """The files of a folder (not its subfolders, unless `recursive`) with their bytes; compiled `.mo` left out."""
    if not folder.is_dir():
        return []
    found = folder.rglob("*") if recursive else folder.iterdir()
    return [
        (path.relative_to(folder).as_posix(), path.read_bytes())
        for path in sorted(found)
        if path.is_file() and path.suffix != ".mo"
    ]
