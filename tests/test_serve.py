"""The embedded server: WhiteNoise behind granian, on 127.0.0.1, started as the README says."""

from __future__ import annotations

import gzip
import http.client
import re
import subprocess
import sys

import brotli
import pytest

from helpers import SECURITY, build, make_content, raw_request, request, running_server
from servers import free_port, wait_for


@pytest.fixture(scope="module")
def built_root(tmp_path_factory):
    """One build of the test site for the module; no test changes it."""
    root = tmp_path_factory.mktemp("served")
    return build(make_content(root / "content"), root / "build")


@pytest.fixture(scope="module")
def server(built_root):
    """`python -m lifeline.serve` over that build, for every test of the module that only asks."""
    with running_server(built_root) as port:
        yield port


def fetch(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_serves_pages_without_redirects_and_sets_no_cookie(server):
    for path, text in (
        ("/", "Хочу жити"),
        ("/index.html", "Хочу жити"),
        ("/ru/", "Главная"),
        ("/ru/index.html", "Главная"),
        ("/en/rights.html", "Your rights"),
    ):
        response = fetch(server, path)
        assert response.status == 200, path
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"  # as the 404 page says it
        assert text in response.body.decode("utf-8")
        assert response.getheader("Set-Cookie") is None


def test_unknown_addresses_are_not_found(server):
    for path in ("/xx/", "/ru/nothing.html", "/../freeze.py", "/%2e%2e/freeze.py"):
        assert fetch(server, path).status == 404, path


def test_refuses_to_start_without_a_build(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "lifeline.serve", "--root", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "has no built site: run 'python freeze.py' first." in result.stderr


def test_every_answer_carries_the_security_headers_and_no_cookie(server):
    etag = request(server, "GET", "/ru/").getheader("ETag")
    answers = [
        request(server, "GET", "/ru/rights.html"),
        request(server, "GET", "/nothing"),
        request(server, "GET", "/", {"Accept-Language": "uk"}),
        request(server, "HEAD", "/en/"),
        request(server, "GET", "/ru/", {"If-None-Match": etag}),
    ]
    assert [a.status for a in answers] == [200, 404, 302, 200, 304]
    for answer in answers:
        for name, value in SECURITY.items():
            assert answer.getheader(name) == value, (answer.status, name)
        assert answer.getheader("Set-Cookie") is None and answer.getheader("Access-Control-Allow-Origin") is None


@pytest.mark.parametrize(
    "accept, encoding, suffix", [("br, gzip", "br", ".br"), ("gzip", "gzip", ".gz"), ("identity", None, "")]
)
def test_the_compressed_twin_is_chosen_by_accept_encoding(server, accept, encoding, suffix, built_root):
    answer = request(server, "GET", "/ru/rights.html", {"Accept-Encoding": accept})
    assert answer.getheader("Content-Encoding") == encoding
    assert answer.body == (built_root / ("ru/rights.html" + suffix)).read_bytes()
    assert "Accept-Encoding" in answer.getheader("Vary")


@pytest.mark.parametrize("accept, encoding", [("br, gzip", "br"), ("gzip", "gzip"), ("identity", None)])
def test_the_404_page_is_sent_compressed_like_every_other_page(server, accept, encoding, built_root):
    answer = request(server, "GET", "/ru/no-such-page.html", {"Accept-Encoding": accept})
    assert answer.status == 404 and answer.getheader("Content-Encoding") == encoding
    assert "Accept-Encoding" in answer.getheader("Vary")
    body = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](answer.body)
    assert body.replace(b'<base href="/ru/">\n', b"") == (built_root / "ru" / "404.html").read_bytes()
    assert int(answer.getheader("Content-Length")) == len(answer.body)


def test_each_encoding_has_its_own_etag_and_revalidates_only_itself(server):
    forms = {
        accept: request(server, "GET", "/ru/rights.html", {"Accept-Encoding": accept})
        for accept in ("br", "gzip", "identity")
    }
    etags = {accept: answer.getheader("ETag") for accept, answer in forms.items()}
    assert len(set(etags.values())) == 3, etags
    for accept, etag in etags.items():
        same = request(server, "GET", "/ru/rights.html", {"Accept-Encoding": accept, "If-None-Match": etag})
        assert same.status == 304 and same.getheader("ETag") == etag and same.body == b""
        for other in set(etags) - {accept}:
            mixed = request(server, "GET", "/ru/rights.html", {"Accept-Encoding": other, "If-None-Match": etag})
            assert mixed.status == 200 and mixed.getheader("ETag") == etags[other] and mixed.body == forms[other].body


def test_conditional_requests_and_head(server):
    first = request(server, "GET", "/en/rights.html")
    assert first.getheader("ETag") and first.getheader("Last-Modified")
    assert request(server, "GET", "/en/rights.html", {"If-None-Match": first.getheader("ETag")}).status == 304
    assert (
        request(server, "GET", "/en/rights.html", {"If-Modified-Since": first.getheader("Last-Modified")}).status == 304
    )
    head = request(server, "HEAD", "/en/rights.html")
    assert (
        head.status == 200
        and head.body == b""
        and head.getheader("Content-Length") == first.getheader("Content-Length")
    )


def test_the_hashed_stylesheet_is_cached_for_ever_and_pages_briefly(server):
    html = request(server, "GET", "/ru/").body.decode("utf-8")
    stylesheet = re.search(r'href="\.\./(static/style\.[0-9a-f]{12}\.css)"', html).group(1)
    css = request(server, "GET", "/" + stylesheet)
    assert css.status == 200 and "immutable" in css.getheader("Cache-Control")
    assert int(re.search(r"max-age=(\d+)", css.getheader("Cache-Control")).group(1)) >= 365 * 24 * 3600
    assert request(server, "GET", "/ru/").getheader("Cache-Control") == "max-age=300, public"


def test_not_found_answers_in_the_readers_language(server):
    ukrainian = request(server, "GET", "/uk/no/such/page.html")
    assert ukrainian.status == 404
    body = ukrainian.body.decode("utf-8")
    assert '<html lang="uk"' in body and '<base href="/uk/">' in body and "Сторінку не знайдено" in body
    everyone = request(server, "GET", "/no-such-thing")
    text = everyone.body.decode("utf-8")
    assert everyone.status == 404 and '<base href="/">' in text
    assert "Такой страницы нет." in text and "This page does not exist." in text and "Такої сторінки немає." in text


@pytest.mark.parametrize(
    "accept, location",
    [
        ("uk,en;q=0.5", "/uk/"),
        ("en-US,en;q=0.9", "/en/"),
        ("de-DE,ru;q=0.3", "/ru/"),
        ("RU", "/ru/"),
    ],
)
def test_the_root_sends_a_browser_to_its_best_language(server, accept, location):
    answer = request(server, "GET", "/", {"Accept-Language": accept})
    assert answer.status == 302 and answer.getheader("Location") == location
    assert answer.getheader("Vary") == "Accept-Language"


@pytest.mark.parametrize("headers", [{}, {"Accept-Language": "de, fr;q=0.5"}])
def test_without_a_language_we_have_the_root_is_the_chooser(server, headers):
    answer = request(server, "GET", "/", headers)
    assert answer.status == 200 and "Accept-Language" in answer.getheader("Vary")
    assert 'hreflang="uk"' in answer.body.decode("utf-8")


@pytest.mark.parametrize(
    "target",
    [
        b"/../pyproject.toml",
        b"/%2e%2e/pyproject.toml",
        b"/ru/..%2f..%2fpyproject.toml",
        b"/static/%2e%2e%2f%2e%2e%2fREADME.md",
        b"//etc/passwd",
        b"/%2fetc%2fpasswd",
        b"/ru/%00index.html",
        b"/ru/index.html%00.txt",
        b"/..\\..\\etc\\passwd",
        b"/%c0%ae%c0%ae/etc/passwd",
        b"/ru/../../../../etc/passwd",
        b"http://127.0.0.1/../../etc/passwd",
    ],
)
def test_path_traversal_never_leaves_the_build(server, target):
    answer = raw_request(server, target)
    status = int(answer.split(b" ", 2)[1])
    assert status in (400, 404), answer[:200]
    assert b"root:" not in answer and b"[build-system]" not in answer and b"# Lifeline" not in answer


def test_no_access_log_by_default_and_an_addressless_one_on_request(content, tmp_path):
    root = build(content, tmp_path / "build")
    for options, expect_lines in (((), 0), (("--access-log",), 2)):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "lifeline.serve", "--root", str(root), "--port", str(port), *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for(port)
            request(port, "GET", "/ru/?secret=1", {"User-Agent": "Reader/1.0", "Referer": "https://example.org/"})
            request(port, "GET", "/missing")
        finally:
            process.terminate()
            out, err = process.communicate(timeout=10)
        lines = out.splitlines()[1:]  # the first line says where it serves
        assert len(lines) == expect_lines, out
        assert lines == (
            [] if not expect_lines else [line for line in lines if re.fullmatch(r"GET /\S* \d{3} \S+ [\d.]+ms", line)]
        )
        assert "127.0.0.1" not in out.split("\n", 1)[1] and "Reader" not in out + err and "secret" not in out + err


def test_the_preview_shows_an_edit_on_the_next_load_and_problems_by_line(content):
    from werkzeug.test import Client

    from lifeline.serve.preview import Preview

    client = Client(Preview({"CONTENT_DIR": str(content)}))
    assert "С пленными обращаются гуманно" in client.get("/ru/rights.html").get_data(as_text=True)
    page = content / "ru" / "rights.md"
    page.write_text(page.read_text(encoding="utf-8").replace("гуманно", "по-человечески"), encoding="utf-8")
    assert "С пленными обращаются по-человечески" in client.get("/ru/rights.html").get_data(as_text=True)
    page.write_text(page.read_text(encoding="utf-8").replace("weight: 20", "weight: twenty"), encoding="utf-8")
    broken = client.get("/ru/rights.html")
    assert broken.status_code == 500
    assert "content/ru/rights.md:4: front matter: 'weight' must be a whole number, not 'twenty'" in broken.get_data(
        as_text=True
    )


def test_the_preview_renders_again_only_the_page_that_was_edited(content, monkeypatch):
    from werkzeug.test import Client

    from lifeline.content import render as content_module
    from lifeline.serve.preview import Preview

    rendered = []
    render = content_module._render_and_lint
    monkeypatch.setattr(content_module, "_render_and_lint", lambda site, key: rendered.append(key) or render(site, key))
    client = Client(Preview({"CONTENT_DIR": str(content)}))
    client.get("/ru/")
    assert len(rendered) == 5  # every page file, the first time
    rendered.clear()
    page = content / "en" / "rights.md"
    page.write_text(page.read_text(encoding="utf-8").replace("humanely", "humanely and fairly"), encoding="utf-8")
    assert "humanely and fairly" in client.get("/en/rights.html").get_data(as_text=True)
    assert rendered == [("en", "rights")]


@pytest.mark.parametrize("accept, suffix", [("identity", ""), ("br", ".br")])
def test_a_range_is_cut_from_the_form_the_client_gets(server, built_root, accept, suffix):
    whole = (built_root / ("ru/rights.html" + suffix)).read_bytes()
    part = request(server, "GET", "/ru/rights.html", {"Accept-Encoding": accept, "Range": "bytes=10-109"})
    assert part.status == 206 and part.body == whole[10:110]
    assert part.getheader("Content-Range") == f"bytes 10-109/{len(whole)}" and part.getheader("Content-Length") == "100"
    tail = request(server, "GET", "/ru/rights.html", {"Accept-Encoding": accept, "Range": "bytes=-20"})
    assert tail.status == 206 and tail.body == whole[-20:]
    beyond = request(server, "GET", "/ru/rights.html", {"Accept-Encoding": accept, "Range": f"bytes={len(whole) + 5}-"})
    assert beyond.status == 416 and beyond.getheader("Content-Range") == f"bytes */{len(whole)}"
    ignored = request(server, "GET", "/ru/rights.html", {"Accept-Encoding": accept, "Range": "lines=1-2"})
    assert ignored.status == 200 and ignored.body == whole
