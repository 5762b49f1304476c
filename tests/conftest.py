"""Shared fixtures: a small, valid content tree to break in tests, apps, and built sites."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from helpers import PROJECT_DIR
from lifeline.build.pipeline import freeze
from lifeline.content.pages import revision_of
from lifeline.web.app import create_app

CONTENT = PROJECT_DIR / "content"

LANGUAGES = """\
# The test site's languages.
source: ru
languages:
  - code: ru
  - code: uk
    fallback: ru
  - code: en
    fallback: ru
"""

RU_INDEX = """\
---
title: Главная
description: Кому и чем помогает программа.
weight: 0
updated: 2026-11-21
---

Вы можете сдаться в плен безопасно. Звоните: {{ contact: hotline }}.

## Ваши права

Прочитайте [о ваших правах](rights).

{{ contacts }}
"""

RU_RIGHTS = """\
---
title: Ваши права
description: Что гарантирует Третья Женевская конвенция.
weight: 20
updated: 2026-11-20
---

С пленными обращаются гуманно (ЖК III, ст. 13).

## Вода

Вернуться [на главную](index.md).
"""


def translation(title: str, body: str, source: str, kind: str = "machine") -> str:
    return (
        textwrap.dedent(f"""\
        ---
        title: {title}
        description: A page.
        weight: 0
        updated: 2026-11-21
        source_revision: "{revision_of(source)}"
        translation: {kind}
        ---

        """)
        + body
    )


@pytest.fixture
def content(tmp_path) -> Path:
    return make_content(tmp_path / "content")


def make_content(root: Path) -> Path:
    """A small valid content tree: ru index and rights, en both, uk only the index."""
    root.mkdir()
    (root / "languages.yaml").write_text(LANGUAGES, encoding="utf-8")
    # The real contact file, with the labels of the test site's three languages only.
    contacts = (CONTENT / "contacts.yaml").read_text(encoding="utf-8").split("\n")
    (root / "contacts.yaml").write_text(
        "\n".join(line for line in contacts if not re.match(r"      (?!ru:|uk:|en:)[a-z]{2}: ", line)), encoding="utf-8"
    )
    (root / "sites.yaml").write_text((CONTENT / "sites.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for lang in ("ru", "uk", "en"):
        (root / lang).mkdir()
    (root / "ru" / "index.md").write_text(RU_INDEX, encoding="utf-8")
    (root / "ru" / "rights.md").write_text(RU_RIGHTS, encoding="utf-8")
    (root / "en" / "index.md").write_text(
        translation(
            "Home",
            "You can surrender safely: {{ contact: hotline }}. See [your rights](rights).\n",
            RU_INDEX,
            "reviewed",
        ),
        encoding="utf-8",
    )
    (root / "en" / "rights.md").write_text(
        translation("Your rights", "Prisoners are treated humanely (GCIII, art. 13).\n", RU_RIGHTS), encoding="utf-8"
    )
    (root / "uk" / "index.md").write_text(
        translation("Головна", "Ви можете здатися безпечно: {{ contact: hotline }}.\n", RU_INDEX), encoding="utf-8"
    )
    return root


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
