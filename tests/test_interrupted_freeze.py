"""Nothing lost: a freeze killed at any moment leaves the previous build whole.

The content alternates between two versions, so every run would change the build: after
each kill, build/ must be exactly one of the two complete builds, never a mix or a part.
The moments are random (the seed is in every failure message, to replay a failing run).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from helpers import PROJECT_DIR, snapshot
from lifeline.build.swap import TEMP_PREFIX

KILLS = 24


def contents(folder) -> dict[str, bytes]:
    return {name: data for name, (data, _) in snapshot(folder).items()}


def start_freeze(content, dest) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(PROJECT_DIR / "freeze.py"), "--content", str(content), "--dest", str(dest)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_freeze_killed_at_random_moments_leaves_a_whole_build(content, tmp_path):
    page = content / "ru" / "rights.md"
    versions = [
        page.read_text(encoding="utf-8"),
        page.read_text(encoding="utf-8").replace("гуманно", "гуманно, всегда"),
    ]
    dest = tmp_path / "out" / "build"
    builds, seconds = [], []
    for version in versions:  # the two complete builds, and how long a whole run takes
        page.write_text(version, encoding="utf-8")
        started = time.monotonic()
        assert start_freeze(content, dest).wait(timeout=120) == 0
        seconds.append(time.monotonic() - started)
        builds.append(contents(dest))
    assert builds[0] != builds[1]

    seed = random.randrange(2**32)
    rng, whole = random.Random(seed), seconds[1]  # each later run is, like the second, a rebuild after one edit
    # Half anywhere in a run, half in its last part, where the new build is written and swapped in.
    moments = [
        rng.uniform(0, 1.1 * whole) if run % 2 else rng.uniform(0.6 * whole, 1.05 * whole) for run in range(KILLS)
    ]
    finished = mid_write = 0
    for run, moment in enumerate(moments):
        page.write_text(versions[run % 2], encoding="utf-8")
        process = start_freeze(content, dest)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        finished += process.wait(timeout=60) == 0
        assert contents(dest) in builds, (
            f"seed {seed}, run {run}, killed after {moment:.2f} s: build/ is not a whole build"
        )
        strays = list(dest.parent.glob(f"{TEMP_PREFIX}*"))
        mid_write += any(folder.name.startswith(f"{TEMP_PREFIX}{process.pid}-") for folder in strays)
        assert len(strays) <= 2, f"seed {seed}, run {run}: temporary folders pile up: {strays}"

    print(f"seed {seed}: {finished} runs finished, {mid_write} killed while writing, of {KILLS}")
    assert finished < KILLS and mid_write > 0  # runs were cut short, some of them while writing the new build
    assert start_freeze(content, dest).wait(timeout=120) == 0
    assert contents(dest) == builds[(KILLS - 1) % 2]  # the content as the last run left it
    assert not list(dest.parent.glob(f"{TEMP_PREFIX}*")), "a whole build removes what killed builds left"
