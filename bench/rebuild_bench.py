"""The shipped site's full build, cold, and its rebuilds after one edit: what an editor waits for.

    .venv/bin/python bench/rebuild_bench.py [--runs 3]

Each figure is the median of --runs runs of `freeze.py` (the whole build: pages, the guides in one
file, the messages, twins, archives, SHA256SUMS), on a copy of content/ in a temporary folder.
Three kinds of run: cold (no previous build or cache); a rebuild after adding a sentence to a
Russian page for the first time (every translation of that page becomes out of date, and says so,
in its page and its language's guide in one file); a rebuild after a further edit of that page
(only Russian files change); a rebuild after editing an English page. Writes the section between
the rebuild-bench markers of docs/benchmarks.md.
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


def build_seconds(content: Path, dest: Path) -> float:
    started = time.perf_counter()
    command = [sys.executable, str(PROJECT / "freeze.py"), "--content", str(content), "--dest", str(dest)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - started


def one_round(work: Path, run: int) -> dict[str, float]:
    content, dest = work / f"content-{run}", work / f"out-{run}" / "build"
    shutil.copytree(PROJECT / "content", content)
    figures = {"cold": build_seconds(content, dest)}
    for kind, page, sentence in (
        ("first Russian edit", "ru/rights.md", "\nНовый абзац.\n"),
        ("further Russian edit", "ru/rights.md", "\nЕщё один абзац.\n"),
        ("English edit", "en/rights.md", "\nA new paragraph.\n"),
    ):
        with (content / page).open("a", encoding="utf-8") as file:
            file.write(sentence)
        figures[kind] = build_seconds(content, dest)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, default=PROJECT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rebuild-bench-") as work:
        rounds = [one_round(Path(work), run) for run in range(args.runs)]
    lines = [
        BEGIN,
        "",
        f"Command: `.venv/bin/python bench/rebuild_bench.py --runs {args.runs}`, on {os.cpu_count()} cores; "
        f"median of {args.runs} runs, seconds.",
        "",
        "| build | seconds |",
        "|---|---|",
    ]
    lines += [f"| {kind} | {statistics.median(r[kind] for r in rounds):.2f} |" for kind in rounds[0]]
    lines += ["", END]
    text = "\n".join(lines)
    write_section(args.write, BEGIN, END, "The shipped site: cold build and rebuilds after one edit", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
