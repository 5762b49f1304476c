"""Build the static site into build/: `python freeze.py [--release] [--dest DIR]` is `lifeline build`.

It builds the checkout it lives in, wherever it is run from.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("LIFELINE_PROJECT", str(Path(__file__).resolve().parent))

from lifeline.cli import run_as  # noqa: E402  (the project folder is set first)

if __name__ == "__main__":
    status = run_as("build", "freeze.py", sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written and swapped in; skip freeing thousands of objects one by one on the way out.
    os._exit(status)
