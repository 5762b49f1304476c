"""What the tests share, in one place (pytest puts tests/ on the path: pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
