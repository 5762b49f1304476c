"""Freeze the site into static files: content -> Flask -> Frozen-Flask -> build/.

The freeze writes into a fresh temporary folder beside `build/` and only when it has
finished swaps it into place, so a failed or interrupted build never leaves a broken or
half-written `build/`. The same input always gives the same bytes.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

from flask_frozen import Freezer, FrozenFlaskWarning

from . import create_app
from .paths import BUILD_DIR
from .problems import ContentError, Problem

TEMP_PREFIX = ".build-"


def freeze(dest: Path, release: bool = False, config: dict | None = None) -> int:
    """Build the whole site into `dest`; return the number of pages. Raises ContentError."""
    app = create_app(config)
    site = app.extensions["lifeline"]
    if release and site.contacts.placeholders:
        raise ContentError([
            Problem(site.contacts.path, channel.line, f"'{channel.id}' is a placeholder ({channel.value}): put in the real, verified detail")
            for channel in site.contacts.placeholders
        ])
    dest = Path(dest).resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_temp_dirs(dest.parent)
    temp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=dest.parent))
    try:
        pages = _freeze_into(app, site, temp)
        replace_dir(temp, dest)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return pages


def _freeze_into(app, site, folder: Path) -> int:
    app.config.update(FREEZER_DESTINATION=str(folder), FREEZER_RELATIVE_URLS=True,
                      FREEZER_REDIRECT_POLICY="error", FREEZER_REMOVE_EXTRA_FILES=False)
    # Every page is named by a generator, so url_for need not be logged (Frozen-Flask trap:
    # logged calls miss values added later by url_defaults). Links are checked by the tests.
    freezer = Freezer(app, with_no_argument_rules=False, log_url_for=False)

    @freezer.register_generator
    def chooser():
        yield "chooser", {}

    @freezer.register_generator
    def pages():
        for language in site.languages:
            for slug in site.slugs:
                yield "pages.page", {"lang_code": language.code, "slug": slug}

    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenFlaskWarning)
        urls = freezer.freeze()
    return len(urls) - sum(1 for url in urls if url.startswith("/static/"))


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
    args = parser.parse_args(argv)
    config = {"CONTENT_DIR": str(args.content.resolve())} if args.content else None
    started = time.perf_counter()
    try:
        pages = freeze(args.dest, release=args.release, config=config)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        print(f"Nothing was built; {args.dest} is unchanged.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(f"Built {pages} pages into {args.dest} in {seconds:.2f} s.")
    return 0
