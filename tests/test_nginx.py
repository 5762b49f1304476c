"""A real nginx (Debian's) serves the build under a path prefix, with the configuration in docs/."""
from __future__ import annotations

import getpass
import gzip
import os
import http.client
import shutil
import socket
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from lifeline import PROJECT_DIR
from test_freeze import LinkCollector, build
from test_serve import free_port
from lifeline.signing import write_key_pair

PREFIX = "/mirror/x/"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture
def nginx(content, tmp_path):
    """nginx on 127.0.0.1 serving a fresh build at PREFIX; stopped by its pid afterwards."""
    write_key_pair(tmp_path / "site.key", tmp_path / "site.pub")
    root = build(content, tmp_path / "copy" / "build", secret_key=tmp_path / "site.key")
    port = free_port()
    server = (PROJECT_DIR / "docs" / "nginx-mirror.conf").read_text(encoding="utf-8")
    server = server.replace("__PREFIX__", PREFIX).replace("__ROOT__", f"{root}/").replace("__PORT__", str(port))
    config = tmp_path / "nginx.conf"
    # pytest's temporary folders are private to the user running the tests, so the workers
    # must be that user (nginx started by root would otherwise run them as 'nobody').
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    config.write_text(
        user + f"daemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log stderr crit;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n"
        f" client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;\n"
        f" fastcgi_temp_path {tmp_path}/fastcgi; uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;\n"
        f"{server}\n}}\n",
        encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert process.poll() is None, process.communicate()[1].decode()
            time.sleep(0.1)
    try:
        yield port, root
    finally:
        process.terminate()
        process.communicate(timeout=10)


def get(port: int, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_a_crawl_from_the_prefix_reaches_every_page_and_never_leaves_it(nginx):
    port, root = nginx
    seen, queue = set(), [PREFIX]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response, body = get(port, path)
        assert response.status == 200, path
        if response.getheader("Content-Type", "").startswith("text/html"):
            for link in LinkCollector(body.decode("utf-8")).links:
                target = urljoin(path, link)
                if urlsplit(target).scheme in ("https", "tel"):
                    continue
                target_path = urlsplit(target).path
                assert target_path.startswith(PREFIX), f"{path}: {link} leaves {PREFIX}"
                queue.append(target_path)
    pages = {p.relative_to(root).as_posix() for p in root.rglob("*.html") if p.name != "404.html"}
    assert {PREFIX + page for page in pages} <= seen | {PREFIX + "index.html"}


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
