"""Check a copy of the site against its signed SHA256SUMS: a folder, an archive, or a web address.

Every file listed must be there with the listed SHA-256; in a folder or an archive, every file
there must be listed; and SHA256SUMS must carry a good signature by the expected key.
"""

from __future__ import annotations

import tarfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lifeline.common.signing import PublicKey, SignatureError
from lifeline.mirror.archives import read_archive
from lifeline.mirror.manifest import NAME, SIGNATURE, files_of, parse_manifest, sha256

TIMEOUT_SECONDS = 15
TWIN_ENCODINGS = {".br": "br", ".gz": "gzip"}


class Copy:
    """Where the files of a copy are read from."""

    def read(self, path: str) -> bytes | None:
        raise NotImplementedError

    def listing(self) -> list[str] | None:
        """Every file present, or None where that cannot be known (a web address)."""
        raise NotImplementedError


class FolderCopy(Copy):
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def read(self, path: str) -> bytes | None:
        file = (self.root / path).resolve()
        return file.read_bytes() if file.is_file() and self.root in file.parents else None

    def listing(self) -> list[str]:
        return files_of(self.root)


class ArchiveCopy(Copy):
    def __init__(self, path: Path) -> None:
        try:
            self.files = read_archive(path)
        except (tarfile.TarError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            why = str(error).split("\n")[0] or type(error).__name__
            raise ValueError(
                f"{path}: not a whole .zip or .tar.gz archive ({why}): "
                "it may be cut short or damaged; download it again"
            ) from None

    def read(self, path: str) -> bytes | None:
        return self.files.get(path)

    def listing(self) -> list[str]:
        return sorted(self.files)


class WebCopy(Copy):
    def __init__(self, base_url: str) -> None:
        self.base = base_url if base_url.endswith("/") else base_url + "/"

    def read(self, path: str) -> bytes | None:
        data = self._get(path)
        if data is None and path.endswith(tuple(TWIN_ENCODINGS)):
            # Servers such as WhiteNoise send a compressed twin only in place of its original,
            # to a client that accepts that encoding: ask for it that way, byte for byte.
            base, encoding = path.rsplit(".", 1)
            data = self._get(base, TWIN_ENCODINGS[f".{encoding}"])
        return data

    def _get(self, path: str, encoding: str | None = None) -> bytes | None:
        url = urllib.parse.urljoin(self.base, urllib.parse.quote(path))
        headers = {"Accept-Encoding": encoding or "identity"}
        try:
            with urllib.request.urlopen(
                urllib.request.Request(url, headers=headers), timeout=TIMEOUT_SECONDS
            ) as response:
                if (response.headers.get("Content-Encoding") or None) != encoding:
                    return None
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise

    def listing(self) -> None:
        return None


def copy_at(target: str) -> Copy:
    if target.startswith(("http://", "https://")):
        return WebCopy(target)
    path = Path(target)
    if path.is_dir():
        return FolderCopy(path)
    if path.is_file() and path.name.endswith((".zip", ".tar.gz", ".tgz")):
        return ArchiveCopy(path)
    raise ValueError(f"{target}: not a folder, a .zip or .tar.gz archive, or an http(s) address")


@dataclass
class Report:
    signature: str = ""
    signature_ok: bool = False
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.signature_ok and not (self.missing or self.changed or self.extra)

    def lines(self) -> list[str]:
        out = [f"signature: {self.signature}"]
        out += [f"missing: {path}" for path in self.missing]
        out += [f"changed: {path}" for path in self.changed]
        out += [f"extra (not in {NAME}): {path}" for path in self.extra]
        out += self.notes
        if self.ok:
            out.append(f"OK: all {self.checked} files match the signed {NAME}.")
        else:
            out.append(
                f"FAILED: {len(self.missing)} missing, {len(self.changed)} changed, {len(self.extra)} extra, "
                f"signature {'good' if self.signature_ok else 'not good'}."
            )
        return out


def verify(copy: Copy, key: PublicKey | None) -> Report:
    report = Report()
    manifest = copy.read(NAME)
    if manifest is None:
        report.signature = f"no {NAME} in this copy: nothing can be checked"
        return report
    _check_signature(report, manifest, copy.read(SIGNATURE), key)
    try:
        entries = parse_manifest(manifest.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        report.notes.append(f"{NAME} is malformed: {error}")
        report.signature_ok = False
        return report
    for path, expected in entries.items():
        data = copy.read(path)
        if data is None:
            report.missing.append(path)
        elif sha256(data) != expected:
            report.changed.append(path)
    report.checked = len(entries)
    present = copy.listing()
    if present is None:
        report.notes.append("note: a web address cannot list its files, so extra files were not looked for.")
    else:
        report.extra = [path for path in present if path not in entries and path not in (NAME, SIGNATURE)]
    return report


def _check_signature(report: Report, manifest: bytes, signature: bytes | None, key: PublicKey | None) -> None:
    if key is None:
        report.signature = "no public key to check against (give --key with a key you trust)"
    elif signature is None:
        report.signature = f"MISSING: {SIGNATURE} is not there, so this copy is unsigned"
    else:
        try:
            comment = key.verify(manifest, signature.decode("ascii", "replace"))
        except SignatureError as error:
            report.signature = f"BAD: {error}"
        else:
            report.signature = f"good, by key {key.fingerprint} ({comment})"
            report.signature_ok = True
