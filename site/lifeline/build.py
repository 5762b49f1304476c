"""Freeze the site into static files: content -> Flask -> Frozen-Flask -> build/.

The freeze writes into a fresh temporary folder beside `build/` and only when it has
finished swaps it into place, so a failed or interrupted build never leaves a broken or
half-written `build/`. The same input always gives the same bytes.

A rebuild does only what changed: pages whose Markdown has not changed are not rendered again,
and files made from the same things as before are hard-linked from the previous build instead
of being written (see rebuild.py and buildcache.py; `--fresh` makes everything anew).
"""
from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import buildcache, create_app, rebuild
from .buildcache import RenderCache
from .freezing import check_every_endpoint_is_frozen, freeze_routes
from .parallel import workers_for
from .paths import BUILD_DIR
from .problems import ContentError, Problem
from .progress import BuildReport, Progress
from .publish import Signing, publish
from .signing import SecretKey, SignatureError

SIGNING_KEY_VARIABLE = "LIFELINE_SIGNING_KEY"

TEMP_PREFIX = ".build-"


def freeze(dest: Path, release: bool = False, config: dict | None = None, secret_key: Path | None = None,
           show_progress: bool = False, pages_only: bool = False, workers: int | None = None,
           fresh: bool = False) -> BuildReport:
    """Build the whole site into `dest` and say what was built. Raises ContentError.

    `workers`: processes that write pages (default: every core for a large site, else one).
    `fresh`: ignore what the previous build left (buildcache) and make every file anew.
    """
    started = time.perf_counter()
    dest = Path(dest).resolve()
    renders, records = (RenderCache(), {}) if fresh else buildcache.load(dest)
    app = create_app(config, renders=renders)
    site = app.extensions["lifeline"]
    signing = resolve_signing(site, secret_key)
    if release:
        _refuse_unfinished(site, signing)
    app.config["PUBLIC_KEY"] = signing.public
    dest.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_temp_dirs(dest.parent)
    temp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=dest.parent))
    temp.chmod(0o755)  # mkdtemp makes it 0700: a web server running as another user could read nothing
    report = BuildReport(warnings=site.warnings, language_order=[language.code for language in site.languages],
                         signature=None if pages_only else _signature_line(signing))
    try:
        routes = _routes(app, site)
        check_every_endpoint_is_frozen(app, routes)
        paths = rebuild.route_files(app, routes)
        keys = dict(zip(paths, rebuild.route_keys(app, site, routes)))  # file -> what its bytes are made from
        taken = rebuild.take_over(dest, records, temp, keys)
        _freeze_into(app, site, temp, report, show_progress, workers,
                     [route for route, path in zip(routes, paths) if path not in taken])
        for path in taken:
            report.count(path, site.languages)
        if not pages_only:
            publish(temp, site.date, signing, lambda: rebuild.take_over_twins(dest, records, temp, taken))
        report.unchanged = rebuild.keep_unchanged(dest, records, temp)
        replace_dir(temp, dest)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    buildcache.save(dest, renders, keys)
    sizes = [path.stat().st_size for path in dest.rglob("*") if path.is_file()]
    report.files, report.bytes, report.seconds = len(sizes), sum(sizes), time.perf_counter() - started
    return report


def resolve_signing(site, secret_path: Path | None) -> Signing:
    """The secret key to sign with (if any) and the public key to publish; they must match."""
    if secret_path is None:
        return Signing(None, site.public_key)
    shown = str(secret_path)
    try:
        secret = SecretKey.from_text(Path(secret_path).read_text(encoding="ascii"))
    except FileNotFoundError:
        raise ContentError([Problem(shown, None, "signing key not found")]) from None
    except (SignatureError, UnicodeDecodeError, ValueError) as error:
        raise ContentError([Problem(shown, None, f"not a minisign secret key: {error}")]) from None
    if site.public_key and site.public_key.key_id != secret.key_id:
        raise ContentError([Problem(shown, None, f"this key ({secret.public.fingerprint}) is not the one in "
                                                 f"content/signing-key.pub ({site.public_key.fingerprint})")])
    return Signing(secret, site.public_key or secret.public)


def _signature_line(signing: Signing) -> str:
    if signing.secret is None:
        return "Unsigned: no signing key was given, so this build has no SHA256SUMS.minisig (see docs/mirrors.md)."
    return f"Signed: SHA256SUMS.minisig, by key ID {signing.secret.public.fingerprint}."


def _refuse_unfinished(site, signing: Signing) -> None:
    """A release carries real contact details and mirrors, and is signed."""
    problems = [Problem(site.contacts.path, channel.line, f"'{channel.id}' is a placeholder ({channel.value}): put in the real, verified detail")
                for channel in site.contacts.placeholders]
    problems += [Problem(site.mirrors.path, mirror.line, f"mirror {mirror.url} is a placeholder: list only real, checked mirrors")
                 for mirror in site.mirrors.web if mirror.placeholder]
    if signing.secret is None:
        problems.append(Problem("freeze.py", None, f"a release must be signed: give --sign-key FILE or set {SIGNING_KEY_VARIABLE}"))
    if problems:
        raise ContentError(problems)


def _freeze_into(app, site, folder: Path, report: BuildReport, show_progress: bool, workers: int | None,
                 routes: list[tuple[str, dict]]) -> None:
    progress = Progress(len(routes)) if show_progress else None

    def on_file(url: str) -> None:
        language = report.count(url, site.languages)
        if progress:
            progress.page(url, language)

    freeze_routes(app, folder, routes, workers or workers_for(len(routes)), on_file)
    if progress:
        progress.finish()


def _routes(app, site) -> list[tuple[str, dict]]:
    """Every file of the site, by endpoint and values: site-wide ones, then language by language."""
    routes = [("chooser", {}), ("not_found", {}), ("stylesheet", {"digest": app.extensions["lifeline.css"][0]})]
    for language in site.languages:
        routes.append(("pages.not_found_page", {"lang_code": language.code}))
        routes += [("pages.page", {"lang_code": language.code, "slug": slug}) for slug in site.slugs]
    return routes


def replace_dir(new: Path, dest: Path) -> None:
    """Put `new` in the place of `dest` in one step, where the system allows it."""
    if not dest.exists():
        os.rename(new, dest)
    elif _exchange(new, dest):
        pass  # `new` now holds the previous build; the caller removes it
    else:
        old = dest.with_name(f"{TEMP_PREFIX}{os.getpid()}-old")
        os.rename(dest, old)
        os.rename(new, dest)
        os.rename(old, new)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False if unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def remove_abandoned_temp_dirs(parent: Path) -> None:
    """Remove temporary build folders left by builds that were killed (their process is gone)."""
    for folder in parent.glob(f"{TEMP_PREFIX}*"):
        pid = folder.name[len(TEMP_PREFIX):].split("-")[0]
        if pid.isdigit() and not _is_running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="freeze.py", description="Build the static site into a folder.")
    parser.add_argument("--release", action="store_true", help="refuse to build while any contact detail is a placeholder")
    parser.add_argument("--dest", type=Path, default=BUILD_DIR, help="output folder (default: build/)")
    parser.add_argument("--content", type=Path, help="content folder (default: content/)")
    parser.add_argument("--pages-only", action="store_true",
                        help="write only the pages and stylesheet: no compressed twins, archives or manifest (a quick look)")
    parser.add_argument("--fresh", action="store_true",
                        help="make every file anew, ignoring what the previous build left in .build.cache/ beside it")
    parser.add_argument("--sign-key", type=Path, default=os.environ.get(SIGNING_KEY_VARIABLE) or None,
                        help=f"minisign secret key to sign SHA256SUMS with (default: ${SIGNING_KEY_VARIABLE}; none: unsigned)")
    args = parser.parse_args(argv)
    config = {"CONTENT_DIR": str(args.content.resolve())} if args.content else None
    try:
        if args.pages_only and (args.release or args.sign_key):
            parser.error("--pages-only builds are not for publication: no --release or --sign-key")
        report = freeze(args.dest, release=args.release, config=config, secret_key=args.sign_key, show_progress=True,
                        pages_only=args.pages_only, fresh=args.fresh)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        print(f"Nothing was built; {args.dest} is unchanged.", file=sys.stderr)
        return 1
    print("\n".join(report.summary(str(args.dest))))
    if args.pages_only:
        print("Pages only: no compressed twins, offline archives or SHA256SUMS (not a copy to publish or mirror).")
    return 0
