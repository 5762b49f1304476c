"""Shared fixtures: a small, valid content tree to break in tests, apps, and built sites."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import make_content
from lifeline.build.pipeline import freeze
from lifeline.web.app import create_app


@pytest.fixture
def content(tmp_path) -> Path:
    return make_content(tmp_path / "content")


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory) -> Path:
    """The site as shipped (content/, translations/), built once for the whole run. Do not change it."""
    dest = tmp_path_factory.mktemp("shipped") / "build"
    freeze(dest)
    return dest


@pytest.fixture(scope="session")
def served(shipped_build, tmp_path_factory):
    """The shipped build served by nginx with the configuration mirror hosts are given: its address."""
    from servers import mirror_copy, running_nginx

    with mirror_copy(shipped_build) as root, running_nginx(root, "/", tmp_path_factory.mktemp("nginx")) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, driven by Playwright (no browser is downloaded)."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def app(content):
    return create_app({"CONTENT_DIR": str(content), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()
