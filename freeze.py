"""Build the static site into build/: `python freeze.py [--release] [--dest DIR]`."""
import sys

from lifeline.build import main

if __name__ == "__main__":
    sys.exit(main())
