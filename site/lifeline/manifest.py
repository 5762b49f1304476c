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


def manifest_text(files: dict[str, bytes]) -> str:
    return "".join(f"{sha256(files[path])}  {path}\n" for path in sorted(files))


def parse_manifest(text: str) -> dict[str, str]:
    """path -> hash; raises ValueError naming the first malformed line."""
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = LINE.match(line)
        if not match or match.group(2).startswith("/") or ".." in match.group(2).split("/"):
            raise ValueError(f"{NAME}:{number}: not a line of '<sha256>  <relative path>'")
        entries[match.group(2)] = match.group(1)
    return entries
