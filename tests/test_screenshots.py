"""Screenshots for the README, taken by the tests in a real Chromium.

`scripts/screenshots` runs this file with LIFELINE_SCREENSHOTS=docs/screenshots to renew the
README's pictures; in a plain test run they go to a temporary folder.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 800}
SHOTS = [
    (f"{code}-{page}-{kind}", f"{code}/{page}.html", viewport)
    for code, kind, viewport in (
        ("ru", "phone", PHONE),
        ("en", "phone", PHONE),
        ("ar", "phone", PHONE),
        ("ru", "desktop", DESKTOP),
    )
    for page in ("index", "rights")
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    chosen = os.environ.get("LIFELINE_SCREENSHOTS")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("name, address, viewport", SHOTS, ids=[shot[0] for shot in SHOTS])
def test_screenshot(chromium, served, folder, name, address, viewport):
    context = chromium.new_context(viewport=viewport, color_scheme="light")
    page = context.new_page()
    page.goto(f"{served}/{address}")
    data = page.screenshot()
    context.close()
    assert png_size(data) == (viewport["width"], viewport["height"])
    assert len(data) > 15_000  # a page of text, not an empty or failed render (a blank one is about 2 KB)
    (folder / f"{name}.png").write_bytes(data)


def test_the_right_to_left_screenshot_is_not_the_left_to_right_one(folder):
    assert (folder / "ar-index-phone.png").read_bytes() != (folder / "en-index-phone.png").read_bytes()
