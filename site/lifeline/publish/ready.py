"""What publishing refuses, told from the build itself (content/ may have changed since).

Only a real release goes out to mirrors: a whole build that matches its SHA256SUMS, signed by
our key, without the placeholder contact details or mirrors that a release build refuses.
The build shows both: a placeholder contact puts the demonstration banner on every page, a
placeholder mirror is marked on the verify pages, and an unsigned build has no signature.
`--demo` lets a demonstration copy out (unsigned, or with placeholders); a build that does not
match its own manifest, or whose signature is bad, never goes out.
"""

from __future__ import annotations

from pathlib import Path

from lifeline.common.signing import PublicKey
from lifeline.mirror.manifest import NAME, SIGNATURE
from lifeline.mirror.verify import FolderCopy, verify

BANNER = b'<p class="banner" role="note">'  # web/templates/top_of_page.html
PLACEHOLDER_MIRROR = b'<span class="placeholder">'  # web/templates/verification.html
RELEASE = "build with 'lifeline build --release --sign-key FILE'"


def refusals(root: Path, key: PublicKey | None, demo: bool) -> list[str]:
    """One line per reason not to publish `root`, each saying what to do; none: go."""
    if not (root / NAME).is_file():
        return [f"{root}: no {NAME}, so not a whole build (a --pages-only build?): {RELEASE}"]
    report = verify(FolderCopy(root), key)
    reasons = []
    if report.missing or report.changed or report.extra:
        reasons.append(
            f"{root} does not match its {NAME} ({len(report.missing)} missing, {len(report.changed)} changed, "
            f"{len(report.extra)} extra files): build it again"
        )
    reasons += _signature_refusals(root, key, report.signature, report.signature_ok, demo)
    if not demo:
        reasons += _placeholder_refusals(root)
    return reasons


def _signature_refusals(root: Path, key: PublicKey | None, signature: str, ok: bool, demo: bool) -> list[str]:
    if ok:
        return []
    if not (root / SIGNATURE).is_file():
        return (
            [] if demo else [f"{root} is unsigned (no {SIGNATURE}): {RELEASE}, or give --demo for a demonstration copy"]
        )
    if key is None:
        return [f"no public key to check {root}/{SIGNATURE} with: give --key FILE"]
    return [f"{root}/{SIGNATURE} does not verify with key {key.fingerprint} ({signature}): {RELEASE} and that key"]


def _placeholder_refusals(root: Path) -> list[str]:
    pages = [path.read_bytes() for path in sorted(root.rglob("*.html"))]
    reasons = []
    if any(BANNER in page for page in pages):
        reasons.append(
            f"{root}'s pages carry the demonstration banner: content/contacts.yaml has placeholder contact details; "
            f"put in the real ones and {RELEASE}, or give --demo"
        )
    if any(PLACEHOLDER_MIRROR in page for page in pages):
        reasons.append(
            f"{root} lists placeholder mirrors: list only real, checked ones in content/mirrors.yaml and {RELEASE}, "
            "or give --demo"
        )
    return reasons
