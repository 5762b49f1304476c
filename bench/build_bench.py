"""Build benchmark: this project against Hugo, Pelican and MkDocs on the same corpus, same run.

    .venv/bin/python bench/build_bench.py [--sizes 12x12,12x100,12x800] [--runs 5] [--tools ...]

First install the other tools into their own environment:
    python3 -m venv .venv-bench && .venv-bench/bin/pip install -r bench/requirements.txt

For each size, bench/corpus.py writes a corpus; each adapter in bench/adapters/ converts it
into its tool's project (not timed); then every tool builds it cold, `--runs` times (3 for
sizes over 5,000 pages), one after the other. Each build runs as a child process, timed on the
wall clock, with its peak memory from the kernel (wait4's ru_maxrss: the largest single process
of the build, so a build split into processes shows its largest one). The table replaces the
build section of docs/benchmarks.md, with ratios to Hugo measured in the same run.

Cold means nothing from an earlier run: the output and Lifeline's .build.cache/ are removed
first. Two more kinds of row: `lifeline-rebuild` and `lifeline-pages-rebuild` build once
(untimed), then time each run as a rebuild after one sentence is added to one page; and
`markdown` times Python-Markdown alone converting every page on every core (bench/markdown_floor.py),
the part of our build that no change to our own code can remove.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import brotli

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "bench"))

from corpus import generate  # noqa: E402

BEGIN, END = "<!-- build-bench:begin -->", "<!-- build-bench:end -->"
SAMPLE_PAGES = 200  # pages whose brotli size is measured, spread evenly over the output


@dataclass
class Tool:
    name: str
    prepare: object  # (content, work) -> None
    command: object  # (work) -> argv
    output: object  # (work) -> Path
    leftovers: object = lambda work: []  # (work) -> what else a build leaves that a cold build must not find
    edit: bool = False  # timed: a rebuild after one page is edited, not a cold build


def lifeline(pages_only: bool, rebuild: bool = False) -> Tool:
    flags = ["--pages-only"] if pages_only else []
    kind = "pages only" if pages_only else "with mirror kit"
    return Tool(
        f"Lifeline ({kind}){', rebuild after editing one page' if rebuild else ''}",
        # a rebuild edits its own copy of the corpus; a cold build reads the shared one
        (lambda content, work: shutil.copytree(content, work / "content", symlinks=True))
        if rebuild
        else (lambda content, work: (work / "content").symlink_to(content, target_is_directory=True)),
        lambda work: [sys.executable, str(PROJECT / "freeze.py"), *flags, "--content", "content", "--dest", "build"],
        lambda work: work / "build",
        lambda work: [work / ".build.cache"],
        rebuild,
    )


def markdown_floor() -> Tool:
    return Tool(
        "Python-Markdown alone (every core; no templates, checks or links)",
        lambda content, work: (work / "content").symlink_to(content, target_is_directory=True),
        lambda work: [sys.executable, str(PROJECT / "bench" / "markdown_floor.py"), "content", "out"],
        lambda work: work / "out",
    )


def adapter(module: str) -> Tool:
    loaded = importlib.import_module(f"adapters.{module}")
    return Tool(loaded.NAME, loaded.prepare, loaded.command, loaded.output)


TOOLS = {
    "lifeline": lambda: lifeline(False),
    "lifeline-pages": lambda: lifeline(True),
    "lifeline-rebuild": lambda: lifeline(False, rebuild=True),
    "lifeline-pages-rebuild": lambda: lifeline(True, rebuild=True),
    "markdown": markdown_floor,
    "hugo": lambda: adapter("hugo"),
    "pelican": lambda: adapter("pelican"),
    "mkdocs": lambda: adapter("mkdocs"),
}


def timed(argv: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak memory (bytes) of one run; fails loudly if the build fails."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty tool cannot fill it and stall
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{argv[0]} failed ({process.returncode}): {errors.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss * 1024


def measure_output(folder: Path) -> tuple[int, int, int]:
    """HTML pages written, bytes of everything written, median brotli bytes of a page (sampled)."""
    files = [path for path in sorted(folder.rglob("*")) if path.is_file()]
    pages = [path for path in files if path.suffix == ".html"]
    step = max(1, len(pages) // SAMPLE_PAGES)
    sample = [len(brotli.compress(path.read_bytes(), quality=11)) for path in pages[::step]]
    return len(pages), sum(path.stat().st_size for path in files), int(statistics.median(sample)) if sample else 0


def bench(size: str, names: list[str], runs: int, scratch: Path) -> list[dict]:
    languages, pages = map(int, size.split("x"))
    content = generate(scratch / f"corpus-{size}", languages, pages)
    runs = min(runs, 3) if languages * pages > 5000 else runs
    rows = []
    for name in names:
        tool = TOOLS[name]()
        work = scratch / f"{name}-{size}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        tool.prepare(content, work)
        figures = []
        if tool.edit:
            timed(tool.command(work), work)  # the build the edits are made to (not counted)
        for run in range(runs):
            if tool.edit:
                edit_one_page(work, run)
            else:
                for leftover in [tool.output(work), *tool.leftovers(work)]:
                    shutil.rmtree(leftover, ignore_errors=True)  # cold: nothing left from a previous run
            figures.append(timed(tool.command(work), work))
        written, total, median_page = measure_output(tool.output(work))
        rows.append(
            {
                "size": size,
                "tool": tool.name,
                "key": name,
                "seconds": statistics.median(f[0] for f in figures),
                "memory": max(f[1] for f in figures),
                "pages": written,
                "bytes": total,
                "page_br": median_page,
                "runs": runs,
            }
        )
        print(
            f"{size} {tool.name}: {rows[-1]['seconds']:.2f} s, {rows[-1]['memory'] / 1e6:.0f} MB, {written} pages",
            flush=True,
        )
    return rows


def edit_one_page(work: Path, run: int) -> None:
    """What an editor does between two builds: add a sentence to one page of one language."""
    pages = sorted((work / "content").glob("*/page-*.md"))
    page = next((p for p in pages if p.name == "page-0042.md"), pages[0])
    with page.open("a", encoding="utf-8") as text:
        text.write(f"\nOne more sentence, edit number {run + 1}.\n")


def table(rows: list[dict], command: str) -> str:
    lines = [
        f"Command: `{command}`, on {os.cpu_count()} cores. Wall time is the median of the runs; "
        "peak memory is the largest process's; ratios are to Hugo in the same run (below 1: faster or smaller).",
        "",
        "| pages | tool | runs | wall s | x Hugo | peak MB | x Hugo | pages written | output MB | median page, brotli bytes |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        hugo = next((r for r in rows if r["size"] == row["size"] and r["key"] == "hugo"), None)
        ratio = (lambda key: f"{row[key] / hugo[key]:.2f}") if hugo else (lambda key: "")  # noqa: B023 (used at once, in this loop)
        lines.append(
            f"| {row['size'].replace('x', ' × ')} | {row['tool']} | {row['runs']} | {row['seconds']:.2f} | {ratio('seconds')} "
            f"| {row['memory'] / 1e6:.0f} | {ratio('memory')} | {row['pages']} | {row['bytes'] / 1e6:.1f} | {row['page_br']} |"
        )
    return "\n".join(lines)


def write_section(text: str) -> None:
    docs = PROJECT / "docs" / "benchmarks.md"
    current = docs.read_text(encoding="utf-8")
    start, end = current.index(BEGIN) + len(BEGIN), current.index(END)
    docs.write_text(current[:start] + "\n\n" + text + "\n\n" + current[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="12x12,12x100,12x800", help="LANGUAGESxPAGES, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="builds per tool and size (3 at most above 5,000 pages)")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated, from: {', '.join(TOOLS)}")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/benchmarks.md alone")
    args = parser.parse_args()
    names = args.tools.split(",")
    if unknown := set(names) - set(TOOLS):
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="build-bench-") as scratch:
        rows = [row for size in args.sizes.split(",") for row in bench(size, names, args.runs, Path(scratch))]
    text = table(rows, "python bench/build_bench.py " + " ".join(sys.argv[1:]))
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
