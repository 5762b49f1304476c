"""What the tests share, in one place (pytest puts tests/ on the path: pyproject.toml).

No test module imports another: a helper two modules need lives here (or in servers.py, for
the real servers, and browser.py, for Chromium and the checkers).
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

from lifeline.build.pipeline import freeze
from lifeline.content.pages import revision_of
from servers import free_port, running

PROJECT_DIR = Path(__file__).resolve().parents[1]
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


def build(content: Path, dest: Path, **options) -> Path:
    freeze(dest, config={"CONTENT_DIR": str(content)}, **options)
    return dest


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`, with its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@contextlib.contextmanager
def running_server(root, *options: str):
    """`python -m lifeline.serve` on a free port of 127.0.0.1, stopped (by its pid) on exit."""
    port = free_port()
    command = [sys.executable, "-m", "lifeline.serve", "--root", str(root), "--port", str(port), *options]
    with running(command, port, stdout=subprocess.PIPE, stderr=subprocess.PIPE):
        yield port


def request(port: int, method: str, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def raw_request(port: int, target: bytes) -> bytes:
    """Send a request line byte for byte (http.client refuses some of these targets)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


SECURITY = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def with_real_contacts(content: Path) -> Path:
    """The content's contact details made real-looking (no placeholder left): a release builds."""
    contacts = content / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8").replace("    placeholder: true\n", "")
    text = text.replace('"+380 00 000 0000"', '"+380 44 123 4567"').replace("@placeholder-chatbot", "@example_bot")
    text = text.replace("https://placeholder.invalid/", "https://example.org/").replace(
        "@placeholder-find-bot", "@example_find_bot"
    )
    contacts.write_text(text, encoding="utf-8")
    return content
