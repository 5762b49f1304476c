"""Nothing lost: a freeze killed at any named point of the build leaves the previous build whole.

The content alternates between two versions, so every run would change the build: after each
kill, build/ must be exactly one of the two complete builds: the old one until the swap,
the new one after it, never a mix or a part. The build
kills itself with SIGKILL at a named checkpoint (lifeline/common/checkpoint.py), so every run
is the same; the order of the points comes from a seed, printed, to replay a failing run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys

from helpers import PROJECT_DIR, snapshot
from lifeline.build.swap import TEMP_PREFIX
from lifeline.common.checkpoint import KILL_VARIABLE, POINTS

ROUNDS = 2  # every point twice


def contents(folder) -> dict[str, bytes]:
    return {name: data for name, (data, _) in snapshot(folder).items()}


def run_freeze(content, dest, kill_at: str | None = None) -> int:
    env = dict(os.environ, **({KILL_VARIABLE: kill_at} if kill_at else {}))
    command = [sys.executable, str(PROJECT_DIR / "freeze.py"), "--content", str(content), "--dest", str(dest)]
    return subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, timeout=120
    ).returncode


def test_a_freeze_killed_at_every_point_leaves_a_whole_build(content, tmp_path):
    page = content / "ru" / "rights.md"
    versions = [
        page.read_text(encoding="utf-8"),
        page.read_text(encoding="utf-8").replace("гуманно", "гуманно, всегда"),
    ]
    dest = tmp_path / "out" / "build"
    builds = []
    for version in versions:  # the two complete builds
        page.write_text(version, encoding="utf-8")
        assert run_freeze(content, dest) == 0
        builds.append(contents(dest))
    assert builds[0] != builds[1]

    seed = random.randrange(2**32)
    points = [point for _ in range(ROUNDS) for point in random.Random(seed).sample(POINTS, len(POINTS))]
    for run, point in enumerate(points):
        in_place = builds.index(contents(dest))
        page.write_text(versions[1 - in_place], encoding="utf-8")  # always the other one: there is work to do
        assert run_freeze(content, dest, kill_at=point) == -signal.SIGKILL, f"seed {seed}: never reached '{point}'"
        assert contents(dest) in builds, f"seed {seed}, run {run}, killed at '{point}': build/ is not a whole build"
        strays = list(dest.parent.glob(f"{TEMP_PREFIX}*"))
        assert len(strays) <= 2, f"seed {seed}, run {run}, killed at '{point}': temporary folders pile up: {strays}"
        swapped = POINTS.index(point) >= POINTS.index("swapped")
        assert contents(dest) == builds[1 - in_place if swapped else in_place], f"seed {seed}, run {run}, '{point}'"

    assert run_freeze(content, dest) == 0
    assert contents(dest) == builds[versions.index(page.read_text(encoding="utf-8"))]  # as the last run left it
    assert not list(dest.parent.glob(f"{TEMP_PREFIX}*")), "a whole build removes what killed builds left"
