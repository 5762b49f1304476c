"""After every publish, the copy in the bucket is checked by the same code as `lifeline verify`.

`BucketCopy` is one more `mirror.verify.Copy`: it reads through the storage API, and its
listing is every object under the prefix, so `verify` reports a missing, changed or extra
object as it does for a folder. SHA256SUMS and its signature are always read back from the
bucket. Another object is read back only where its ETag is not the MD5 of the build's file
at that path: where it is, the service itself attests that it holds exactly those bytes, and
the build's bytes are what `verify` hashes against the signed manifest (one listing instead
of a download of the whole site; `read_back=True` downloads every object all the same).
"""

from __future__ import annotations

from lifeline.common.signing import PublicKey
from lifeline.mirror.manifest import NAME, SIGNATURE
from lifeline.mirror.verify import Copy, Report, WebCopy, verify
from lifeline.publish.plan import LocalBuild
from lifeline.publish.storage import Storage, Stored


class BucketCopy(Copy):
    def __init__(self, storage: Storage, build: LocalBuild | None = None) -> None:
        self.storage = storage
        self.build = build
        self._listed: dict[str, Stored] | None = None

    def _stored(self) -> dict[str, Stored]:
        if self._listed is None:
            self._listed = self.storage.listing()
        return self._listed

    def read(self, path: str) -> bytes | None:
        if path in (NAME, SIGNATURE) or self.build is None:
            return self.storage.read(path)
        stored, local = self._stored().get(path), self.build.files.get(path)
        if stored is None:
            return None
        if local is not None and stored.size == local.size and stored.etag == local.md5:
            return self.build.data(path)
        return self.storage.read(path)

    def listing(self) -> list[str]:
        return sorted(self._stored())


def check_bucket(storage: Storage, build: LocalBuild, key: PublicKey | None, read_back: bool) -> Report:
    return verify(BucketCopy(storage, None if read_back else build), key)


def check_web(address: str, key: PublicKey | None) -> Report:
    """`lifeline verify ADDRESS`: what a reader gets from the bucket's public web address."""
    return verify(WebCopy(address), key)


def passed(report: Report, unsigned_demo: bool) -> bool:
    """Every file right; and signed by our key, unless this is an unsigned demonstration copy."""
    files_right = not (report.missing or report.changed or report.extra) and report.checked > 0
    return report.ok or (unsigned_demo and files_right)


def failure(report: Report, where: str) -> str:
    """The check's failure in one line: the counts and the first few paths."""
    paths = [*report.missing, *report.changed, *report.extra][:3]
    return (
        f"{where}: {len(report.missing)} missing, {len(report.changed)} changed, {len(report.extra)} extra"
        + (f" ({', '.join(paths)})" if paths else "")
        + ("" if report.signature_ok else f"; signature: {report.signature}")
    )
