"""`python -m lifeline.serve [OPTIONS]` is `lifeline serve`."""

import sys

from lifeline.cli import run_as

sys.exit(run_as("serve", "python -m lifeline.serve", sys.argv[1:]))
