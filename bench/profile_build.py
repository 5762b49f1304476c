"""Where a cold build's time goes: cProfile of one build on one core.

    .venv/bin/python bench/profile_build.py --content DIR [--pages-only] [--top 40]

Builds cold (`fresh`) into a temporary folder with every worker off, so that one profile sees
all the work (profiling makes it slower), and prints the functions that take the most time,
cumulative, then by their own time. docs/benchmarks.md has the table made from one such run.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))

from lifeline.build import pipeline as build  # noqa: E402
from lifeline.common import parallel  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--content", type=Path, required=True, help="content folder, e.g. a corpus from bench/corpus.py"
    )
    parser.add_argument("--pages-only", action="store_true", help="profile the pages only, not the mirror kit")
    parser.add_argument("--top", type=int, default=40, help="how many functions to list")
    args = parser.parse_args()
    parallel.PARALLEL_FROM = sys.maxsize  # nothing shared out among workers
    with tempfile.TemporaryDirectory(prefix="profile-build-") as scratch:
        profile = cProfile.Profile()
        profile.runcall(
            build.freeze,
            Path(scratch) / "build",
            config={"CONTENT_DIR": str(args.content.resolve())},
            pages_only=args.pages_only,
            workers=1,
            fresh=True,
        )
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
