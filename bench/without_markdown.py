"""Experiment: this project's build with Python-Markdown's conversion made (almost) free.

    .venv/bin/python bench/without_markdown.py --pages-only --content DIR --dest DIR

The same as `freeze.py` with the same arguments, except that each page's Markdown is not
converted but only escaped and wrapped in one <p>: everything else (reading and checking the
content, Flask, Jinja, Frozen-Flask, writing) is as in a real build. What it takes shows how
fast the build could be with an infinitely fast Markdown engine, and so whether a faster one
alone could make it as fast as Hugo (docs/benchmarks.md). Never a site to publish.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))

import markdown  # noqa: E402

markdown.Markdown.convert = lambda self, source: "<p>" + source.replace("&", "&amp;").replace("<", "&lt;") + "</p>"

from lifeline.cli import run_as  # noqa: E402

if __name__ == "__main__":
    status = run_as("build", "without_markdown.py", sys.argv[1:])
    sys.stdout.flush()
    os._exit(status)
