"""Put a finished build in the place of the previous one in one step; clear what dead builds left.

A build is written into a temporary folder beside its destination (TEMP_PREFIX, with the
builder's pid), so a failed or killed build never leaves a half-written one in place.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from pathlib import Path

TEMP_PREFIX = ".build-"


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
        pid = folder.name[len(TEMP_PREFIX) :].split("-")[0]
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
