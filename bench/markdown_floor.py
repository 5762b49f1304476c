"""The floor under any build of ours: Python-Markdown alone, on every core, on the corpus.

    python bench/markdown_floor.py CONTENT_DIR OUT_DIR

Converts every page's body (below its front matter) with the same Python-Markdown extensions
the site uses, shared out over every core, and writes each result to OUT_DIR/<lang>/<slug>.html.
No templates, no checks, no links rewritten: what Python-Markdown costs by itself, start-up
included. build_bench.py times it beside the real builds, so the table shows how much of a
build no change to our own code can remove.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import markdown

EXTENSIONS = ["tables", "sane_lists", "def_list", "abbr", "toc"]  # as site/lifeline/markup.py
_converter = None


def convert(job: tuple[str, str]) -> None:
    global _converter
    source, target = job
    _converter = _converter or markdown.Markdown(extensions=EXTENSIONS)
    body = Path(source).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    Path(target).write_text(_converter.reset().convert(body), encoding="utf-8")


def main() -> None:
    content, out = Path(sys.argv[1]), Path(sys.argv[2])
    jobs = []
    for page in sorted(content.glob("*/*.md")):
        (out / page.parent.name).mkdir(parents=True, exist_ok=True)
        jobs.append((str(page), str(out / page.parent.name / f"{page.stem}.html")))
    workers = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.map(convert, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


if __name__ == "__main__":
    main()
