"""Where the project's folders are: the folder a command runs in, or $LIFELINE_PROJECT.

Not where the package was imported from: two checkouts may share one virtual environment, and
each must build its own content (tests/test_cli.py proves it). `freeze.py` names its own folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_VARIABLE = "LIFELINE_PROJECT"


def project_dir() -> Path:
    return Path(os.environ.get(PROJECT_VARIABLE) or Path.cwd()).resolve()


def content_dir() -> Path:
    return project_dir() / "content"


def translations_dir() -> Path:
    return project_dir() / "translations"


def build_dir() -> Path:
    return project_dir() / "build"
