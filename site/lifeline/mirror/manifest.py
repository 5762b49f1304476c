"""SHA256SUMS: every file of a copy with its SHA-256, in the format `sha256sum -c` reads."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

NAME = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.minisig"
LINE = re.compile(r"^([0-9a-f]{64})  (\S(?:.*\S)?)$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def files_of(folder: Path) -> list[str]:
    """Every file under `folder`, as sorted slash-separated relative paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def manifest_text(hashes: dict[str, str]) -> str:
    """The lines of SHA256SUMS from each file's SHA-256 (hex)."""
    return "".join(f"{hashes[path]}  {path}\n" for path in sorted(hashes))


def hashes_of(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under `folder`, reading one file at a time."""
    return {path: sha256((folder / path).read_bytes()) for path in files_of(folder)}


def parse_manifest(text: str) -> dict[str, str]:
    """path -> hash; raises ValueError naming the first malformed line."""
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = LINE.match(line)
        if not match or match.group(2).startswith("/") or ".." in match.group(2).split("/"):
            raise ValueError(f"{NAME}:{number}: not a line of '<sha256>  <relative path>'")
        entries[match.group(2)] = match.group(1)
    return entries
