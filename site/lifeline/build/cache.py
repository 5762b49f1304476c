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

import json
import marshal
import os
from dataclasses import dataclass
from pathlib import Path

from lifeline.common.problems import Problem
from lifeline.content.render import RenderCache

FORMAT = 2  # raise when what is kept changes shape (2: the package laid out in rooms)
RENDERS, FILES = "renders.marshal", "files.json"


def folder_for(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.cache")


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
        cache.kept = {
            key: (html, [Problem(*problem) for problem in problems])
            for key, (html, problems) in renders.get("pages", {}).items()
        }
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
    pages = {
        key: (html, [(p.path, p.line, p.message, p.warning) for p in problems])
        for key, (html, problems) in renders.used.items()
    }
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
