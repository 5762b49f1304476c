"""Build the static site into build/: `python freeze.py [--release] [--dest DIR]`."""
import os
import sys

from lifeline.build import main

if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written and swapped in; skip freeing thousands of objects one by one on the way out.
    os._exit(status)
