"""The storage requests publishing makes, through boto3: list, get, put, delete. Counted.

One client per target, shared by the upload threads (boto3 clients are thread-safe). Each
object is uploaded in one PUT, never in parts: the files of a build are small, and a
single-part upload's ETag is the MD5 of its bytes on S3 and the services that copy its API,
which is what lets `plan.py` see whether an object is current from a listing alone.
Errors come out as one line that never carries a credential.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import boto3
import botocore.exceptions
from botocore.config import Config

from lifeline.publish.targets import Target

DELETE_BATCH = 1000  # the most one DeleteObjects request takes
UPLOAD_THREADS = 8
Answer = TypeVar("Answer")
# A target that is down must fail in seconds, not hold the other targets' summary for minutes.
CLIENT_CONFIG = Config(
    connect_timeout=5,
    read_timeout=60,
    retries={"max_attempts": 3, "mode": "standard"},
    max_pool_connections=UPLOAD_THREADS,
    # Checksums only where the API demands them: third-party services differ on the newer ones.
    request_checksum_calculation="when_required",
    response_checksum_validation="when_required",
)


class StorageError(Exception):
    """A request that failed, as one line for the target's summary."""


@dataclass(frozen=True)
class Stored:
    """One object as a listing shows it."""

    size: int
    etag: str  # without quotes
    modified: datetime


class Storage:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.requests = 0
        self._lock = threading.Lock()
        try:
            session = boto3.session.Session(profile_name=target.profile, region_name=target.region)
        except botocore.exceptions.BotoCoreError as error:  # a profile that is not there
            raise StorageError(str(error)) from None
        options = {"s3": {"addressing_style": "path"}} if target.endpoint_url else {}
        self.client = session.client(
            "s3",
            endpoint_url=target.endpoint_url,
            region_name=target.region or session.region_name or "us-east-1",
            config=CLIENT_CONFIG.merge(Config(**options)),
        )
        self.client.meta.events.register("before-send", self._count)
        credentials = session.get_credentials()
        self._secrets = [s for s in (credentials.access_key, credentials.secret_key) if s] if credentials else []

    def _count(self, **_: object) -> None:
        with self._lock:
            self.requests += 1

    def listing(self) -> dict[str, Stored]:
        """Every object under the prefix, by path relative to it: one request per 1,000."""
        found = {}
        for page in self._call(self._pages):
            for item in page.get("Contents", []):
                found[item["Key"][len(self.target.prefix) :]] = Stored(
                    item["Size"], item["ETag"].strip('"'), item["LastModified"]
                )
        return found

    def _pages(self) -> list[dict]:
        paginator = self.client.get_paginator("list_objects_v2")
        return list(paginator.paginate(Bucket=self.target.bucket, Prefix=self.target.prefix))

    def read(self, path: str) -> bytes | None:
        def get() -> bytes | None:
            try:
                answer = self.client.get_object(Bucket=self.target.bucket, Key=self.target.prefix + path)
            except botocore.exceptions.ClientError as error:
                if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    return None
                raise
            return answer["Body"].read()

        return self._call(get)

    def put(self, path: str, data: bytes, headers: dict[str, str], sha256: str) -> None:
        self._call(
            lambda: self.client.put_object(
                Bucket=self.target.bucket,
                Key=self.target.prefix + path,
                Body=data,
                ContentType=headers["Content-Type"],
                CacheControl=headers["Cache-Control"],
                Metadata={"sha256": sha256},
            )
        )

    def delete(self, paths: list[str]) -> None:
        for batch in _batches(paths, DELETE_BATCH):
            objects = [{"Key": self.target.prefix + path} for path in batch]
            answer = self._call(
                lambda objects=objects: self.client.delete_objects(
                    Bucket=self.target.bucket, Delete={"Objects": objects, "Quiet": True}
                )
            )
            if answer.get("Errors"):
                first = answer["Errors"][0]
                raise StorageError(f"cannot delete {first.get('Key')}: {first.get('Code')} {first.get('Message', '')}")

    def _call(self, request: Callable[[], Answer]) -> Answer:
        try:
            return request()
        except botocore.exceptions.NoCredentialsError:
            raise StorageError(
                "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile "
                "of ~/.aws/credentials"
            ) from None
        except botocore.exceptions.ClientError as error:
            details = error.response.get("Error", {})
            raise StorageError(self.clean(f"{details.get('Code')}: {details.get('Message', '')}".strip())) from None
        except botocore.exceptions.BotoCoreError as error:
            raise StorageError(self.clean(str(error))) from None

    def clean(self, message: str) -> str:
        """One line, with any credential the session holds blotted out."""
        for secret in self._secrets:
            message = message.replace(secret, "***")
        return " ".join(message.split())


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
