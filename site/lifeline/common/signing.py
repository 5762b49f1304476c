"""Ed25519 signatures in minisign's format, so that anyone can check them with `minisign`.

Only the format is written here; the cryptography is the `cryptography` package's Ed25519
and the standard library's BLAKE2b. Signatures are "prehashed" (`ED`, minisign's default):
the signed message is the BLAKE2b-512 of the file. Ed25519 is deterministic, so the same
file signed with the same key gives the same bytes, and a build stays reproducible.

Secret keys are written in minisign's own layout, without a password (as `minisign -W`
would), so a mirror operator may also sign with `minisign -S` if they wish.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SIG_ALG, PREHASHED, KDF_NONE, CHK_ALG = b"Ed", b"ED", b"\x00\x00", b"B2"


class SignatureError(ValueError):
    """A key or signature file that is malformed, or a signature that does not verify."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes
    key: Ed25519PublicKey

    @property
    def fingerprint(self) -> str:
        """The key id as minisign shows it (`minisign public key 4B1A…`)."""
        return f"{int.from_bytes(self.key_id, 'little'):016X}"

    def to_text(self) -> str:
        raw = self.key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return f"untrusted comment: minisign public key {self.fingerprint}\n{_b64(SIG_ALG + self.key_id + raw)}\n"

    @property
    def base64(self) -> str:
        """The one line `minisign -P` takes."""
        return self.to_text().split("\n")[1]

    @classmethod
    def from_text(cls, text: str) -> PublicKey:
        raw = _decode_line(text, "public key")
        if len(raw) != 42 or raw[:2] != SIG_ALG:
            raise SignatureError("not a minisign Ed25519 public key")
        return cls(raw[2:10], Ed25519PublicKey.from_public_bytes(raw[10:]))

    def verify(self, data: bytes, signature_text: str) -> str:
        """Check a `.minisig` for `data`; return its trusted comment, or raise SignatureError."""
        lines = [line for line in signature_text.splitlines() if line.strip()]
        if len(lines) != 4 or not lines[2].startswith("trusted comment: "):
            raise SignatureError("not a minisign signature file")
        raw = _b64decode(lines[1])
        if len(raw) != 74 or raw[:2] not in (SIG_ALG, PREHASHED):
            raise SignatureError("not a minisign Ed25519 signature")
        if raw[2:10] != self.key_id:
            raise SignatureError(f"signed with another key (key id {int.from_bytes(raw[2:10], 'little'):016X})")
        message = hashlib.blake2b(data).digest() if raw[:2] == PREHASHED else data
        trusted = lines[2][len("trusted comment: ") :]
        try:
            self.key.verify(raw[10:], message)
            self.key.verify(_b64decode(lines[3]), raw[10:] + trusted.encode("utf-8"))
        except InvalidSignature:
            raise SignatureError("the signature does not match: the file or its comment was changed") from None
        return trusted


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    key: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> SecretKey:
        return cls(os.urandom(8), Ed25519PrivateKey.generate())

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key_id, self.key.public_key())

    def _secret_bytes(self) -> bytes:
        seed = self.key.private_bytes_raw()
        return seed + self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def to_text(self) -> str:
        secret = self._secret_bytes()
        checksum = hashlib.blake2b(SIG_ALG + self.key_id + secret, digest_size=32).digest()
        raw = SIG_ALG + KDF_NONE + CHK_ALG + bytes(32) + bytes(8) + bytes(8) + self.key_id + secret + checksum
        return f"untrusted comment: minisign secret key (no password): keep it secret, never commit it\n{_b64(raw)}\n"

    @classmethod
    def from_text(cls, text: str) -> SecretKey:
        raw = _decode_line(text, "secret key")
        if len(raw) != 158 or raw[:2] != SIG_ALG or raw[4:6] != CHK_ALG:
            raise SignatureError("not a minisign Ed25519 secret key")
        if raw[2:4] != KDF_NONE:
            raise SignatureError("this secret key has a password; make one without (lifeline keygen)")
        key_id, secret, checksum = raw[54:62], raw[62:126], raw[126:158]
        if hashlib.blake2b(SIG_ALG + key_id + secret, digest_size=32).digest() != checksum:
            raise SignatureError("the secret key is damaged (its checksum does not match)")
        return cls(key_id, Ed25519PrivateKey.from_private_bytes(secret[:32]))

    def sign(self, data: bytes, trusted_comment: str) -> str:
        """A `.minisig` for `data`, prehashed as minisign does by default."""
        signature = self.key.sign(hashlib.blake2b(data).digest())
        global_signature = self.key.sign(signature + trusted_comment.encode("utf-8"))
        return (
            f"untrusted comment: signature from lifeline secret key {self.public.fingerprint}\n"
            f"{_b64(PREHASHED + self.key_id + signature)}\n"
            f"trusted comment: {trusted_comment}\n{_b64(global_signature)}\n"
        )


def write_key_pair(secret_path: Path, public_path: Path) -> SecretKey:
    """Make a new key pair; the secret file is readable by its owner only and never overwritten."""
    key = SecretKey.generate()
    descriptor = os.open(secret_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key.to_text())
    public_path.write_text(key.public.to_text(), encoding="ascii")
    return key


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _b64decode(line: str) -> bytes:
    try:
        return base64.b64decode(line.strip(), validate=True)
    except ValueError:
        raise SignatureError("not valid base64") from None


def _decode_line(text: str, what: str) -> bytes:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("untrusted comment:")]
    if len(lines) != 1:
        raise SignatureError(f"a minisign {what} file has one comment line and one key line")
    return _b64decode(lines[0])
