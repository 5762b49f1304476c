"""The package keeps the layout its docstring describes: which room may import which."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PROJECT_DIR

PACKAGE = PROJECT_DIR / "site" / "lifeline"
# The rooms each room may import from (lifeline/__init__.py says why).
ALLOWED = {
    "common": {"common"},
    "content": {"common", "content"},
    "web": {"common", "content", "web"},
    "mirror": {"common", "mirror"},
    "build": {"common", "content", "web", "mirror", "build"},
    "serve": {"common", "content", "web", "serve"},
    "publish": {"common", "mirror", "publish"},
}
ENTRY_POINTS = {"cli.py", "__main__.py"}  # the command line and `python -m` may reach every room


def rooms_imported(path: Path) -> set[str]:
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else []
        )
        for name in names:
            parts = name.split(".")
            if parts[0] == "lifeline" and len(parts) > 1:
                rooms.add(parts[1])
            assert not (isinstance(node, ast.ImportFrom) and node.level), (
                f"{path}: relative import (write lifeline.ROOM.module)"
            )
    return rooms


MODULES = sorted(path for path in PACKAGE.rglob("*.py") if path.name not in ENTRY_POINTS and path.parent != PACKAGE)


def test_every_module_lives_in_a_room():
    assert MODULES and {path.name for path in PACKAGE.glob("*.py")} <= {"__init__.py", "cli.py", "__main__.py"}


@pytest.mark.parametrize("path", MODULES, ids=[str(path.relative_to(PACKAGE)) for path in MODULES])
def test_a_room_imports_only_the_rooms_before_it(path):
    room = path.relative_to(PACKAGE).parts[0]
    assert rooms_imported(path) <= ALLOWED[room], (
        f"{path.relative_to(PACKAGE)} imports {rooms_imported(path) - ALLOWED[room]}"
    )


def test_the_server_never_reads_content():
    for path in (PACKAGE / "serve").glob("*.py"):
        if path.name != "preview.py":  # the editors' preview renders content/ by design
            assert "content" not in rooms_imported(path), path


def test_two_checkouts_sharing_one_environment_each_build_their_own_content(tmp_path):
    """`lifeline build` builds the checkout it is run in, not the one the package came from."""
    other = tmp_path / "other-checkout"
    shutil.copytree(PROJECT_DIR / "content", other / "content")
    shutil.copytree(PROJECT_DIR / "translations", other / "translations", ignore=shutil.ignore_patterns("*.mo"))
    index = other / "content" / "ru" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("\n---\n\n", "\n---\n\nСтраница другой копии.\n\n", 1),
        encoding="utf-8",
    )
    lifeline = Path(sys.executable).with_name("lifeline")
    result = subprocess.run(
        [str(lifeline), "build", "--pages-only"], cwd=other, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "Страница другой копии." in (other / "build" / "ru" / "index.html").read_text(encoding="utf-8")
    assert "Страница другой копии." not in (PROJECT_DIR / "content" / "ru" / "index.md").read_text(encoding="utf-8")
