"""A real nginx (Debian's) serves the build under a path prefix, with the configuration in docs/."""

from __future__ import annotations

import gzip
import http.client

import pytest

from helpers import build
from lifeline.common.signing import write_key_pair
from servers import crawl, mirror_copy, running_nginx

PREFIX = "/mirror/x/"


@pytest.fixture
def nginx(content, tmp_path):
    """nginx on 127.0.0.1 serving a fresh signed build at PREFIX, with docs/nginx-mirror.conf."""
    write_key_pair(tmp_path / "site.key", tmp_path / "site.pub")
    built = build(content, tmp_path / "copy" / "build", secret_key=tmp_path / "site.key")
    with mirror_copy(built) as root, running_nginx(root, PREFIX, tmp_path) as port:
        yield port, root


def get(port: int, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_a_crawl_from_the_prefix_reaches_every_page_and_never_leaves_it(nginx):
    port, root = nginx

    def fetch(path):
        response, body = get(port, path)
        return response.status, response.getheader("Content-Type", ""), body

    seen = crawl(PREFIX, fetch)
    pages = {p.relative_to(root).as_posix() for p in root.rglob("*.html") if p.name != "404.html"}
    assert {PREFIX + page for page in pages} <= seen | {PREFIX + "index.html"}


def test_nginx_sends_the_brotli_twin_as_the_embedded_server_does(nginx):
    port, root = nginx
    response, body = get(port, PREFIX + "ru/rights.html", {"Accept-Encoding": "br, gzip"})
    assert response.getheader("Content-Encoding") == "br"
    assert body == (root / "ru" / "rights.html.br").read_bytes()


def test_nginx_sends_the_gzip_twin_and_the_security_headers(nginx):
    port, root = nginx
    response, body = get(port, PREFIX + "ru/rights.html", {"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert body == (root / "ru" / "rights.html.gz").read_bytes()
    assert gzip.decompress(body) == (root / "ru" / "rights.html").read_bytes()
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Set-Cookie") is None


def test_lifeline_verify_accepts_the_nginx_mirror_and_catches_a_change(nginx, tmp_path):
    from click.testing import CliRunner

    from lifeline.cli import cli

    port, root = nginx
    command = ["verify", f"http://127.0.0.1:{port}{PREFIX}", "--key", str(tmp_path / "site.pub")]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    (root / "ru" / "rights.html.gz").write_bytes(gzip.compress(b"<p>fake number</p>"))
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 1 and "changed: ru/rights.html.gz" in result.output
