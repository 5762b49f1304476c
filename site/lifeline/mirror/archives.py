"""Offline copies: the whole site as a .zip and a .tar.gz, the same bytes for the same input.

Entries are sorted, every time is the site's own date (the newest `updated` of its pages),
owners and permissions are fixed, and gzip's own header carries no time or name.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = "lifeline"  # the folder an archive unpacks into


FileReader = Callable[[str], bytes]  # a file's bytes by its path inside the site, read when it is packed


def write_zip(out: Path, names: list[str], source: FileReader, when: date) -> None:
    """A .zip of the named files, read one at a time: memory stays small for any size of site."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo(f"{ROOT}/{name}", date_time=(when.year, when.month, when.day, 0, 0, 0))
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions above are read
            archive.writestr(info, source(name), compresslevel=9)


def write_tar_gz(out: Path, names: list[str], source: FileReader, when: date) -> None:
    """A .tar.gz of the named files, streamed through gzip one file at a time."""
    timestamp = int(datetime(when.year, when.month, when.day, tzinfo=UTC).timestamp())
    with (
        open(out, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as compressed,
        tarfile.open(fileobj=compressed, mode="w", format=tarfile.GNU_FORMAT) as archive,
    ):
        for name in sorted(names):
            data = source(name)
            info = tarfile.TarInfo(f"{ROOT}/{name}")
            info.size, info.mtime, info.mode = len(data), timestamp, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))


def read_archive(path: Path) -> dict[str, bytes]:
    """The files of an offline copy, by their path inside the site (without the root folder)."""
    files: dict[str, bytes] = {}
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    files[info.filename] = archive.read(info)
    else:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive.getmembers():
                if member.isfile():
                    files[member.name] = archive.extractfile(member).read()
    prefix = f"{ROOT}/"
    return {name.removeprefix(prefix): data for name, data in files.items()}
