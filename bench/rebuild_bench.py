"""The shipped site's full build, cold, and its rebuilds after one edit: what an editor waits for.

    .venv/bin/python bench/rebuild_bench.py [--runs 3] [--before COMMIT]

Each figure is the median of --runs runs of `freeze.py` (the whole build: pages, the guides in one
file, the messages, twins, archives, SHA256SUMS), on a copy of content/ in a temporary folder.
Three kinds of run: cold (no previous build or cache); a rebuild after adding a sentence to a
Russian page for the first time (every translation of that page becomes out of date, and says so,
in its page and its language's guide in one file); a rebuild after a further edit of that page
(only Russian files change); a rebuild after editing an English page. Writes the section between
the rebuild-bench markers of docs/benchmarks.md.

--before COMMIT: the same runs, interleaved, with the build of an earlier commit too (checked out
in a temporary git worktree, its package put first on the path), side by side in the table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import write_section

PROJECT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- rebuild-bench:begin -->", "<!-- rebuild-bench:end -->"


def build_seconds(project: Path, content: Path, dest: Path) -> float:
    started = time.perf_counter()
    command = [sys.executable, str(project / "freeze.py"), "--content", str(content), "--dest", str(dest)]
    environment = {**os.environ, "PYTHONPATH": str(project / "site")}  # that checkout's package, not .venv's
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600, env=environment
    )
    return time.perf_counter() - started


def one_round(project: Path, work: Path, run: int) -> dict[str, float]:
    content, dest = work / f"content-{run}", work / f"out-{run}" / "build"
    shutil.copytree(project / "content", content)
    figures = {"cold": build_seconds(project, content, dest)}
    for kind, page, sentence in (
        ("first Russian edit", "ru/rights.md", "\nНовый абзац.\n"),
        ("further Russian edit", "ru/rights.md", "\nЕщё один абзац.\n"),
        ("English edit", "en/rights.md", "\nA new paragraph.\n"),
    ):
        with (content / page).open("a", encoding="utf-8") as file:
            file.write(sentence)
        figures[kind] = build_seconds(project, content, dest)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", help="an earlier commit to measure beside this checkout")
    parser.add_argument("--write", type=Path, default=PROJECT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rebuild-bench-") as work:
        projects = {"now": PROJECT}
        if args.before:
            projects = {f"before ({args.before})": Path(work) / "before", **projects}
            git = ["git", "-C", str(PROJECT), "worktree"]
            subprocess.run([*git, "add", "--detach", str(projects[next(iter(projects))]), args.before], check=True)
        try:
            rounds = {name: [] for name in projects}
            for run in range(args.runs):  # interleaved, so that a noisy minute hurts both alike
                for index, (name, project) in enumerate(projects.items()):
                    rounds[name].append(one_round(project, Path(work) / f"runs-{index}", run))
        finally:
            if args.before:
                subprocess.run([*git, "remove", "--force", str(projects[next(iter(projects))])], check=True)
    text = _table(args, rounds)
    write_section(args.write, BEGIN, END, "The shipped site: cold build and rebuilds after one edit", text)
    print(text)
    return 0


def _table(args: argparse.Namespace, rounds: dict[str, list[dict[str, float]]]) -> str:
    before = f" --before {args.before}" if args.before else ""
    lines = [
        BEGIN,
        "",
        f"Command: `.venv/bin/python bench/rebuild_bench.py --runs {args.runs}{before}`, on {os.cpu_count()} cores; "
        f"median of {args.runs} runs, seconds.",
        "",
        "| build | " + " | ".join(rounds) + " |",
        "|---|" + "---|" * len(rounds),
    ]
    kinds = next(iter(rounds.values()))[0]
    lines += [
        f"| {kind} | "
        + " | ".join(f"{statistics.median(r[kind] for r in runs):.2f}" for runs in rounds.values())
        + " |"
        for kind in kinds
    ]
    return "\n".join([*lines, "", END])


if __name__ == "__main__":
    sys.exit(main())
