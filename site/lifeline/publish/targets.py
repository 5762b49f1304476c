"""Where a build is published: `s3://BUCKET/PREFIX/` targets, from the command line or a file.

A target names a bucket and a prefix (the copy's folder in it), the S3-compatible service's
endpoint, and optionally the web address of the bucket's root (where readers fetch it; the
prefix is added) and a profile of the S3 client's own config files. Credentials are never
here: boto3 takes them from its standard places (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials and the profile named), so they never sit in
the project, and nothing of ours prints or logs them.

The config file is TOML, one `[[target]]` table per mirror (README.md, "Publish to mirrors").
"""

from __future__ import annotations

import base64
import re
import secrets
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

TARGET = re.compile(r"^s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:/(.*))?$")
PREFIX = re.compile(r"^(?:[A-Za-z0-9._~-]+/)*$")
KEYS = {"url", "endpoint-url", "public-url", "profile", "region"}
SECRET_KEYS = re.compile(r"key|secret|token|password", re.IGNORECASE)
NEW_PREFIX_BYTES = 15  # 120 bits: 24 characters of base32 in lower case


class TargetError(ValueError):
    """A target or config file that cannot be used; the message names it and what to do."""


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str  # "" or "a/b/": every key this target touches starts with it
    endpoint_url: str | None = None
    public_url: str | None = None  # the bucket's root on the web
    profile: str | None = None
    region: str | None = None

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    @property
    def web_address(self) -> str | None:
        """Where readers open this copy, if the bucket has a public web address."""
        return f"{self.public_url.rstrip('/')}/{self.prefix}" if self.public_url else None


def parse_target(url: str, **options: str | None) -> Target:
    match = TARGET.match(url)
    if not match:
        raise TargetError(f"{url}: not a target; write s3://BUCKET/PREFIX/ (a bucket name in lower case)")
    prefix = match.group(2) or ""
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    if not PREFIX.match(prefix) or {".", ".."} & set(prefix.split("/")):
        raise TargetError(f"{url}: the prefix may hold only letters, digits and . _ ~ - between slashes, no . or ..")
    return Target(match.group(1), prefix, **options)


def load_config(path: Path) -> list[Target]:
    """Every `[[target]]` of a config file; unknown keys and anything like a credential refused."""
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8")).get("target", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TargetError(f"{path}: cannot read it: {error}") from None
    if not tables:
        raise TargetError(f"{path}: no [[target]] table")
    return [_config_target(path, number, table) for number, table in enumerate(tables, start=1)]


def _config_target(path: Path, number: int, table: dict) -> Target:
    where = f"{path}: target {number}"
    for key in table:
        if SECRET_KEYS.search(key):
            raise TargetError(
                f"{where}: '{key}' looks like a credential: keep credentials out of this file "
                "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile of ~/.aws/credentials)"
            )
        if key not in KEYS:
            raise TargetError(f"{where}: unknown key '{key}' (known: {', '.join(sorted(KEYS))})")
    if not isinstance(table.get("url"), str):
        raise TargetError(f"{where}: 'url' (s3://BUCKET/PREFIX/) is required")
    options = {key.replace("-", "_"): table.get(key) for key in KEYS - {"url"}}
    return parse_target(table["url"], **options)


def with_new_prefix(target: Target) -> Target:
    """The same bucket under a fresh, unguessable folder inside the target's prefix.

    120 random bits from the operating system: no one finds the mirror by guessing, so a
    censor must learn each address to block it. Base32 in lower case survives every host.
    """
    name = base64.b32encode(secrets.token_bytes(NEW_PREFIX_BYTES)).decode("ascii").lower()
    return replace(target, prefix=f"{target.prefix}{name}/")
