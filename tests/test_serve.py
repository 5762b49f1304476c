"""The embedded server: WhiteNoise behind waitress, on 127.0.0.1, started as the README says."""
from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import time

import pytest

from test_freeze import build


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(root, *options: str):
    """`python -m lifeline.serve` on a free port of 127.0.0.1, stopped (by its pid) on exit."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "lifeline.serve", "--root", str(root), "--port", str(port), *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield port
    finally:
        process.terminate()
        process.communicate(timeout=10)


@pytest.fixture
def server(content, tmp_path):
    with running_server(build(content, tmp_path / "build")) as port:
        yield port


def fetch(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_serves_pages_without_redirects_and_sets_no_cookie(server):
    for path, text in (("/", "Хочу жити"), ("/index.html", "Хочу жити"), ("/ru/", "Главная"),
                       ("/ru/index.html", "Главная"), ("/en/rights.html", "Your rights")):
        response = fetch(server, path)
        assert response.status == 200, path
        assert response.getheader("Content-Type").replace('"', "") == "text/html; charset=utf-8"
        assert text in response.body.decode("utf-8")
        assert response.getheader("Set-Cookie") is None


def test_unknown_addresses_are_not_found(server):
    for path in ("/xx/", "/ru/nothing.html", "/../freeze.py", "/%2e%2e/freeze.py"):
        assert fetch(server, path).status == 404, path


def test_refuses_to_start_without_a_build(tmp_path):
    result = subprocess.run([sys.executable, "-m", "lifeline.serve", "--root", str(tmp_path / "none")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "has no built site: run 'python freeze.py' first." in result.stderr
