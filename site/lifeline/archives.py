"""Offline copies: the whole site as a .zip and a .tar.gz, the same bytes for the same input.

Entries are sorted, every time is the site's own date (the newest `updated` of its pages),
owners and permissions are fixed, and gzip's own header carries no time or name.
"""
from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = "lifeline"  # the folder an archive unpacks into


def _entries(files: dict[str, bytes]):
    for name in sorted(files):
        yield f"{ROOT}/{name}", files[name]


def zip_bytes(files: dict[str, bytes], when: date) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in _entries(files):
            info = zipfile.ZipInfo(name, date_time=(when.year, when.month, when.day, 0, 0, 0))
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions above are read
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def tar_gz_bytes(files: dict[str, bytes], when: date) -> bytes:
    timestamp = int(datetime(when.year, when.month, when.day, tzinfo=timezone.utc).timestamp())
    tar_buffer = io.BytesIO()
    with tarfile.open(fileobj=tar_buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for name, data in _entries(files):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), timestamp, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))
    output = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=output, compresslevel=9, mtime=0) as compressed:
        compressed.write(tar_buffer.getvalue())
    return output.getvalue()


def read_archive(path: Path) -> dict[str, bytes]:
    """The files of an offline copy, by their path inside the site (without the root folder)."""
    files: dict[str, bytes] = {}
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    files[info.filename] = archive.read(info)
    else:
        with tarfile.open(path, "r:*") as archive:
            for member in archive.getmembers():
                if member.isfile():
                    files[member.name] = archive.extractfile(member).read()
    prefix = f"{ROOT}/"
    return {name.removeprefix(prefix): data for name, data in files.items()}
