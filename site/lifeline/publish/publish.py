"""One target from plan to check, and every target at once, each on its own thread.

A target that fails (down, refused, or a copy that does not verify) says so on its own line
and does not stop the others. Within a target the uploads of a phase run on a few threads,
and a phase starts only when the one before it has finished (plan.PHASES: assets, new pages,
pages, then SHA256SUMS and its signature), deletions last: so whenever a run is killed, what
the bucket serves is the old copy, or the old copy with some new files beside it, and a run
again finishes the job (plan.py says why a killed run cannot mislead the next one).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from lifeline.common.checkpoint import checkpoint
from lifeline.common.headers import cache_control, content_type
from lifeline.common.signing import PublicKey, SignatureError
from lifeline.mirror.manifest import NAME, SIGNATURE, parse_manifest
from lifeline.publish.check import check_bucket, check_web, failure, passed
from lifeline.publish.plan import MD5_ETAG, PHASES, LocalBuild, Record, make_plan
from lifeline.publish.storage import UPLOAD_THREADS, Storage, StorageError, Stored
from lifeline.publish.targets import Target

KILL_POINT = {"assets": "publish-assets", "new pages": "publish-pages", "pages": "publish-pages"}


@dataclass(frozen=True)
class Options:
    key: PublicKey | None  # the key the build and the targets' SHA256SUMS must be signed with
    unsigned_demo: bool = False  # --demo with an unsigned build: the check cannot ask for a signature
    read_back: bool = False  # check by downloading every object, not by ETags
    everything: bool = False  # upload every file, even those the target holds already


@dataclass
class Outcome:
    target: Target
    uploaded: int = 0
    deleted: int = 0
    unchanged: int = 0
    requests: int = 0
    checked: list[str] = field(default_factory=list)
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    def line(self) -> str:
        if self.failure:
            return f"{self.target.url}: FAILED: {self.failure}"
        return (
            f"{self.target.url}: {self.uploaded} uploaded, {self.deleted} deleted, {self.unchanged} unchanged, "
            f"verified ({' and '.join(self.checked)})"
        )


def publish_all(targets: list[Target], build: LocalBuild, options: Options) -> list[Outcome]:
    """Every target at once, in the order given."""
    with ThreadPoolExecutor(max_workers=max(1, len(targets))) as pool:
        return list(pool.map(lambda target: publish_one(target, build, options), targets))


def publish_one(target: Target, build: LocalBuild, options: Options) -> Outcome:
    outcome = Outcome(target)
    storage = None
    try:
        storage = Storage(target)
        _publish(storage, build, options, outcome)
    except StorageError as error:
        outcome.failure = str(error)
    except Exception as error:  # whatever else goes wrong with one target, the others go on
        why = f"{type(error).__name__}: {error}"
        outcome.failure = storage.clean(why) if storage else " ".join(why.split())
    finally:
        outcome.requests = storage.requests if storage else 0
    return outcome


def _publish(storage: Storage, build: LocalBuild, options: Options, outcome: Outcome) -> None:
    stored = storage.listing()
    plan = make_plan(build, stored, _record(storage, stored, options.key), options.everything)
    outcome.unchanged = plan.unchanged
    for phase in PHASES:
        _upload(storage, build, plan.uploads[phase], phase, outcome)
    checkpoint("publish-manifest")
    storage.delete(plan.deletions)
    outcome.deleted = len(plan.deletions)
    _check(storage, build, options, outcome)


def _record(storage: Storage, stored: dict[str, Stored], key: PublicKey | None) -> Record | None:
    """The target's SHA256SUMS if its signature verifies with our key, and only if it is needed:
    where every ETag is an MD5, the listing alone says what is current (plan.py)."""
    if key is None or NAME not in stored or all(MD5_ETAG.match(item.etag) for item in stored.values()):
        return None
    manifest, signature = storage.read(NAME), storage.read(SIGNATURE)
    if manifest is None or signature is None:
        return None
    try:
        key.verify(manifest, signature.decode("ascii", "replace"))
        return Record(parse_manifest(manifest.decode("utf-8")), stored[NAME].modified)
    except (SignatureError, UnicodeDecodeError, ValueError):
        return None  # unsigned, forged or damaged: never trusted


def _upload(storage: Storage, build: LocalBuild, paths: list[str], phase: str, outcome: Outcome) -> None:
    """A phase's files on a few threads; the phase ends when all are uploaded (or one failed)."""
    if phase == "manifest":  # SHA256SUMS strictly before its signature
        for path in paths:
            _put(storage, build, path)
            outcome.uploaded += 1
        return
    with ThreadPoolExecutor(max_workers=UPLOAD_THREADS) as pool:
        for done in as_completed([pool.submit(_put, storage, build, path) for path in paths]):
            done.result()
            outcome.uploaded += 1
            checkpoint(KILL_POINT[phase])


def _put(storage: Storage, build: LocalBuild, path: str) -> None:
    headers = {"Content-Type": content_type(path), "Cache-Control": cache_control(path)}
    storage.put(path, build.data(path), headers, build.files[path].sha256)


def _check(storage: Storage, build: LocalBuild, options: Options, outcome: Outcome) -> None:
    """The bucket through the storage API, then the public web address if there is one."""
    report = check_bucket(storage, build, options.key, options.read_back)
    if not passed(report, options.unsigned_demo):
        outcome.failure = failure(report, "storage check")
        return
    outcome.checked.append("storage")
    address = storage.target.web_address
    if address is None:
        return
    try:
        report = check_web(address, options.key)
    except OSError as error:
        outcome.failure = f"web check of {address}: {error}"
        return
    if not passed(report, options.unsigned_demo):
        outcome.failure = failure(report, f"web check of {address}")
        return
    outcome.checked.append(address)
