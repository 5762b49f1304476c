"""What one build leaves for the next, so a rebuild redoes only what an edit changed.

Kept in a folder beside the output (`.build.cache/` for `build/`), never inside it, so it is
never published. Two things are kept:

- each page's Markdown rendered to HTML, with the problems found in it, under a key made of
  everything that rendering reads (the page, its original, the data files, the code);
- for each file of the build now in place, the key of everything its bytes depend on, and the
  file's size, time and inode as the build left them.

A rebuild takes a file over from the previous build (a hard link: its bytes are not written
again) only when its key is the same and the file is still exactly as that build left it.
Everything here is a cache: a missing, old or unreadable one only makes the build do all the
work, and the output is the same either way (tests/test_rebuild.py compares them).
"""
from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from .problems import Problem

FORMAT = 1  # raise when what is kept changes shape
RENDERS, FILES = "renders.marshal", "files.json"
LIBRARIES = ("Markdown", "nh3", "PyYAML", "Babel", "Flask", "Jinja2", "MarkupSafe", "Werkzeug", "flask-babel",
             "Frozen-Flask", "whitenoise", "Brotli")
PACKAGE = Path(__file__).parent


def digest(*parts) -> str:
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
    return digest(FORMAT, versions, *[(str(path.relative_to(PACKAGE)), path.read_bytes()) for path in files])


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
    return [(path.relative_to(folder).as_posix(), path.read_bytes()) for path in sorted(found)
            if path.is_file() and path.suffix != ".mo"]


def folder_for(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.cache")


@dataclass
class RenderCache:
    """Rendered pages by key: those found (`kept`) and those this build used (`used`)."""

    kept: dict[str, tuple[str, list[Problem]]] = field(default_factory=dict)
    used: dict[str, tuple[str, list[Problem]]] = field(default_factory=dict)

    def get(self, key: str) -> tuple[str, list[Problem]] | None:
        found = self.kept.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, result: tuple[str, list[Problem]]) -> None:
        self.used[key] = result


@dataclass(frozen=True)
class FileRecord:
    key: str | None  # what the file's bytes depend on (None: made after the pages, like archives)
    size: int
    mtime_ns: int
    inode: int

    def matches(self, path: Path) -> bool:
        """The file is still the one the build left (not edited, replaced or removed since)."""
        try:
            found = path.stat()
        except OSError:
            return False
        return (found.st_size, found.st_mtime_ns, found.st_ino) == (self.size, self.mtime_ns, self.inode)


def load(dest: Path) -> tuple[RenderCache, dict[str, FileRecord]]:
    """The cache beside `dest`: rendered pages, and the records of the build in `dest` if it is that one."""
    folder = folder_for(dest)
    renders = _read_marshal(folder / RENDERS)
    files = _read_json(folder / FILES)
    cache = RenderCache()
    if renders.get("format") == FORMAT:
        cache.kept = {key: (html, [Problem(*problem) for problem in problems])
                      for key, (html, problems) in renders.get("pages", {}).items()}
    records: dict[str, FileRecord] = {}
    if files.get("format") == FORMAT and files.get("folder") == _identity(dest):
        records = {path: FileRecord(*record) for path, record in files.get("files", {}).items()}
    return cache, records


def save(dest: Path, renders: RenderCache, keys: dict[str, str]) -> None:
    """Remember this build (now in `dest`): every file's record, and the pages it rendered."""
    folder = folder_for(dest)
    folder.mkdir(exist_ok=True)
    for stray in folder.glob("*.tmp"):  # left by a build killed while saving
        stray.unlink(missing_ok=True)
    pages = {key: (html, [(p.path, p.line, p.message, p.warning) for p in problems])
             for key, (html, problems) in renders.used.items()}
    _write_whole(folder / RENDERS, marshal.dumps({"format": FORMAT, "pages": pages}))
    files = {}
    for path in sorted(dest.rglob("*")):
        if path.is_file():
            found = path.stat()
            name = path.relative_to(dest).as_posix()
            files[name] = [keys.get(name), found.st_size, found.st_mtime_ns, found.st_ino]
    _write_json(folder / FILES, {"format": FORMAT, "folder": _identity(dest), "files": files})


def _identity(dest: Path) -> list[int] | None:
    """Which folder is at `dest` now: each build swaps in a new one."""
    try:
        found = dest.stat()
    except OSError:
        return None
    return [found.st_dev, found.st_ino]


def _read_json(path: Path) -> dict:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _read_marshal(path: Path) -> dict:
    """Rendered pages are kept with marshal: ten times quicker than JSON, and it runs no code."""
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _write_json(path: Path, data: dict) -> None:
    _write_whole(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _write_whole(path: Path, data: bytes) -> None:
    """Whole or not at all: a build killed while writing leaves the previous file."""
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
