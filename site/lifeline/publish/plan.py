"""What to upload, in what order, and what to delete: the build against what the target holds.

What the target holds is read from a listing of its prefix (one request per 1,000 objects),
object by object, not from the target's SHA256SUMS alone. A run that was killed leaves the
old signed SHA256SUMS in place while some objects already hold new bytes (or, after a
rollback, bytes newer than the record), so a manifest can vouch for objects it no longer
describes; and a listing is needed anyway to find what to delete. An object is current when:

1. it is listed with the build file's size, and
2. its ETag is the MD5 of the build file's bytes. We upload every object in one PUT, and a
   single-part upload's ETag is the MD5 of its bytes on S3 and on the services that copy its
   API (SeaweedFS, MinIO, R2, GCS, B2...): a per-object record that a killed run cannot
   falsify. An ETag that is an MD5 of other bytes means other bytes: upload.
3. Only where the ETag is no MD5 at all (a multipart upload's `<md5>-<parts>`, some
   encryption modes) the target's SHA256SUMS decides, and only if its signature verifies
   with our key (an unsigned or forged one is never trusted) and the object is older than
   it: our order writes the manifest after every object of its run, so an object written
   since came from a run that did not finish. Otherwise: upload.

Nothing else is trusted, so a wrong guess costs an upload, never a stale object.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lifeline.mirror.manifest import NAME, SIGNATURE, files_of
from lifeline.publish.storage import Stored

MD5_ETAG = re.compile(r"^[0-9a-f]{32}$")
# The order of a publish: a reader never gets a page whose stylesheet or link target is not
# there yet. New pages go before the changed pages that may link to them; SHA256SUMS (then its
# signature) is written after every file it lists; deletions come last, once no new page
# links to what goes.
PHASES = ("assets", "new pages", "pages", "manifest")


@dataclass(frozen=True)
class LocalFile:
    size: int
    sha256: str
    md5: str


class LocalBuild:
    """The files of a finished build, each with its size and digests, read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = {path: _local_file((root / path).read_bytes()) for path in files_of(root)}

    def data(self, path: str) -> bytes:
        return (self.root / path).read_bytes()


def _local_file(data: bytes) -> LocalFile:
    return LocalFile(len(data), hashlib.sha256(data).hexdigest(), hashlib.md5(data, usedforsecurity=False).hexdigest())


@dataclass(frozen=True)
class Record:
    """The target's SHA256SUMS, its signature verified with our key, and when it was written."""

    hashes: dict[str, str]
    written: datetime


@dataclass
class Plan:
    uploads: dict[str, list[str]] = field(default_factory=lambda: {phase: [] for phase in PHASES})
    deletions: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def upload_count(self) -> int:
        return sum(len(paths) for paths in self.uploads.values())


def make_plan(build: LocalBuild, stored: dict[str, Stored], record: Record | None, everything: bool = False) -> Plan:
    """`everything`: upload every file whatever the target holds (the listing shows bytes, not
    headers: objects another tool uploaded, or uploaded before the headers changed, get ours)."""
    plan = Plan()
    for path, local in build.files.items():
        if not everything and is_current(path, local, stored.get(path), record):
            plan.unchanged += 1
        else:
            plan.uploads[phase_of(path, path in stored)].append(path)
    plan.uploads["manifest"].sort(key=[NAME, SIGNATURE].index)
    plan.deletions = sorted(set(stored) - set(build.files))
    return plan


def is_current(path: str, local: LocalFile, stored: Stored | None, record: Record | None) -> bool:
    if stored is None or stored.size != local.size:
        return False
    if MD5_ETAG.match(stored.etag):
        return stored.etag == local.md5
    return record is not None and record.hashes.get(path) == local.sha256 and stored.modified < record.written


def phase_of(path: str, present: bool) -> str:
    if path in (NAME, SIGNATURE):
        return "manifest"
    if not path.endswith(".html"):
        return "assets"
    return "pages" if present else "new pages"
