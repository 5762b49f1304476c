"""Where the project's folders are, for a checkout installed with `pip install -e .`."""
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
CONTENT_DIR = PROJECT_DIR / "content"
TRANSLATIONS_DIR = PROJECT_DIR / "translations"
BUILD_DIR = PROJECT_DIR / "build"
