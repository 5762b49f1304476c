"""What turns a frozen site into a copy anyone can mirror and check.

Run on the freshly frozen folder, before it replaces build/: the public key, the offline
archives (each carrying its own signed SHA256SUMS, so an unpacked copy checks by itself),
the compressed twins that servers send without compressing per request, and last the
signed SHA256SUMS of every file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from whitenoise.compress import Compressor

from lifeline.common.checkpoint import checkpoint
from lifeline.common.parallel import map_on_cores
from lifeline.common.signing import PublicKey, SecretKey
from lifeline.mirror.archives import write_tar_gz, write_zip
from lifeline.mirror.manifest import NAME, SIGNATURE, files_of, hashes_of, manifest_text, sha256

PUBLIC_KEY = "signing-key.pub"
DOWNLOADS = "download"
ZIP, TAR_GZ = f"{DOWNLOADS}/lifeline.zip", f"{DOWNLOADS}/lifeline.tar.gz"


@dataclass(frozen=True)
class Signing:
    """The key that signs this build (None: unsigned) and the public key shown to readers."""

    secret: SecretKey | None
    public: PublicKey | None


def make_kit(
    folder: Path, site_date: date, signing: Signing, earlier_twins: Callable[[], set[str]] = frozenset
) -> None:
    """`earlier_twins`: puts in place the twins the previous build made of files taken over from
    it, and says which files have them now; called after the archives, which hold no twins."""
    if signing.public:
        (folder / PUBLIC_KEY).write_text(signing.public.to_text(), encoding="ascii")
    hashes = hashes_of(folder)
    _write_archives(folder, hashes, site_date, signing.secret)
    checkpoint("archives")
    _compress(folder, earlier_twins())
    checkpoint("twins")
    hashes |= {path: sha256((folder / path).read_bytes()) for path in files_of(folder) if path not in hashes}
    for name, data in _signed_manifest(hashes, site_date, signing.secret).items():
        (folder / name).write_bytes(data)
    checkpoint("manifest")


def _signed_manifest(hashes: dict[str, str], site_date: date, secret: SecretKey | None) -> dict[str, bytes]:
    manifest = manifest_text(hashes).encode("utf-8")
    out = {NAME: manifest}
    if secret:
        out[SIGNATURE] = secret.sign(manifest, f"Lifeline {NAME}, site of {site_date.isoformat()}").encode("ascii")
    return out


def _write_archives(folder: Path, hashes: dict[str, str], site_date: date, secret: SecretKey | None) -> None:
    """The .zip and the .tar.gz, side by side on two cores, each reading the files one at a time."""
    manifest = _signed_manifest(hashes, site_date, secret)
    names = [*hashes, *manifest]
    (folder / DOWNLOADS).mkdir(exist_ok=True)  # the guide in one file per language is there already

    def write(archive: tuple[Callable, str]) -> None:
        writer, name = archive
        writer(folder / name, names, lambda path: manifest.get(path) or (folder / path).read_bytes(), site_date)

    map_on_cores(write, [(write_zip, ZIP), (write_tar_gz, TAR_GZ)], workers=2)


def _compress(folder: Path, compressed: set[str]) -> None:
    """`.br` and `.gz` twins of every compressible file, each kept only where clearly smaller.

    Brotli at its best quality is most of a build's time, so the files are shared out among
    every core; each twin depends only on its own file, so the bytes are the same. Files in
    `compressed` are skipped: their twins are hard links to the previous build's, and writing
    them again would change that build's files too.
    """
    map_on_cores(
        _compress_one,
        [
            str(folder / path)
            for path in files_of(folder)
            if _COMPRESSOR.should_compress(path) and path not in compressed
        ],
    )


# PDFs are compressed inside already (their streams and fonts): twins would save a few per cent
# for seconds of brotli, so they have none, like images and archives.
_COMPRESSOR = Compressor(extensions=(*Compressor.SKIP_COMPRESS_EXTENSIONS, "pdf"), quiet=True, log=lambda message: None)


def _compress_one(path: str) -> None:
    _COMPRESSOR.compress(path)
