"""What a build signs with, and what a release refuses: placeholders, and being unsigned."""

from __future__ import annotations

from pathlib import Path

from lifeline.common.problems import ContentError, Problem
from lifeline.common.signing import SecretKey, SignatureError
from lifeline.content.site import PUBLIC_KEY_FILE, Site
from lifeline.mirror.kit import Signing

SIGNING_KEY_VARIABLE = "LIFELINE_SIGNING_KEY"


def resolve_signing(site: Site, secret_path: Path | None) -> Signing:
    """The secret key to sign with (if any) and the public key to publish; they must match."""
    if secret_path is None:
        return Signing(None, site.public_key)
    display = str(secret_path)
    try:
        secret = SecretKey.from_text(Path(secret_path).read_text(encoding="ascii"))
    except FileNotFoundError:
        raise ContentError([Problem(display, None, "signing key not found")]) from None
    except (SignatureError, UnicodeDecodeError, ValueError) as error:
        raise ContentError([Problem(display, None, f"not a minisign secret key: {error}")]) from None
    if site.public_key and site.public_key.key_id != secret.key_id:
        raise ContentError(
            [
                Problem(
                    display,
                    None,
                    f"this key ({secret.public.fingerprint}) is not the one in "
                    f"{Path(site.contacts.path).parent / PUBLIC_KEY_FILE} ({site.public_key.fingerprint})",
                )
            ]
        )
    return Signing(secret, site.public_key or secret.public)


def signature_line(signing: Signing) -> str:
    if signing.secret is None:
        return "Unsigned: no signing key was given, so this build has no SHA256SUMS.minisig (see docs/mirrors.md)."
    return f"Signed: SHA256SUMS.minisig, by key ID {signing.secret.public.fingerprint}."


def refuse_unfinished(site: Site, signing: Signing) -> None:
    """A release carries real contact details and mirrors, and is signed."""
    problems = [
        Problem(
            site.contacts.path,
            channel.line,
            f"'{channel.id}' is a placeholder ({channel.value}): put in the real, verified detail",
        )
        for channel in site.contacts.placeholders
    ]
    problems += [
        Problem(
            site.mirrors.path, mirror.line, f"mirror {mirror.url} is a placeholder: list only real, checked mirrors"
        )
        for mirror in site.mirrors.web
        if mirror.placeholder
    ]
    if signing.secret is None:
        problems.append(
            Problem("freeze.py", None, f"a release must be signed: give --sign-key FILE or set {SIGNING_KEY_VARIABLE}")
        )
    if problems:
        raise ContentError(problems)
