"""Freezing: every page written, same bytes every time, relative links, and no half builds."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from helpers import PROJECT_DIR, build, snapshot
from lifeline.build.progress import Progress
from lifeline.build.swap import TEMP_PREFIX
from lifeline.common.problems import ContentError
from lifeline.serve.wsgi import make_app
from servers import LinkCollector, crawl


@pytest.fixture
def built(content, tmp_path) -> Path:
    return build(content, tmp_path / "out" / "build")


def test_every_page_of_every_language_is_written(built):
    pages = {str(p.relative_to(built)) for p in built.rglob("*.html") if not p.name.endswith((".gz", ".br"))}
    assert pages == {"index.html", "404.html"} | {
        f"{lang}/{slug}.html" for lang in ("ru", "uk", "en") for slug in ("index", "rights", "404")
    } | {f"download/lifeline-{lang}.html" for lang in ("ru", "uk", "en")}
    assert [p.name for p in (built / "static").iterdir() if p.suffix == ".css"] == [
        f"style.{hashlib.sha256((PROJECT_DIR / 'site/lifeline/web/static/style.css').read_bytes()).hexdigest()[:12]}.css"
    ]


def test_each_frozen_page_is_in_its_own_language(built):
    """Frozen-Flask renders every page in one app context: the locale must not stick."""
    assert '<html lang="ru"' in (built / "ru/index.html").read_text(encoding="utf-8")
    uk = (built / "uk/rights.html").read_text(encoding="utf-8")
    assert '<html lang="uk"' in uk and "Перейти до основного вмісту" in uk and "Оновлено:" in uk
    en = (built / "en/index.html").read_text(encoding="utf-8")
    assert "Skip to main content" in en and "Updated:" in en
    assert "Перейти к основному содержанию" in (built / "ru/rights.html").read_text(encoding="utf-8")


def test_two_builds_of_the_same_input_are_byte_identical(content, tmp_path):
    first = build(content, tmp_path / "a" / "build")
    second = build(content, tmp_path / "b" / "build")
    assert {k: v[0] for k, v in snapshot(first).items()} == {k: v[0] for k, v in snapshot(second).items()}


def test_a_rebuild_replaces_the_previous_build_and_leaves_no_temporary_folder(content, built):
    (built / "stale-file.html").write_text("from an older build", encoding="utf-8")
    source = content / "ru" / "rights.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nНовый абзац.\n", encoding="utf-8")
    build(content, built)
    assert not (built / "stale-file.html").exists()
    assert "Новый абзац." in (built / "ru/rights.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in built.parent.iterdir()) == [
        ".build.cache",
        "build",
    ]  # the build, and what a rebuild reuses


def test_a_failed_build_leaves_the_previous_build_exactly_as_it_was(content, built):
    before, cache = snapshot(built), snapshot(built.parent / ".build.cache")
    (content / "ru" / "rights.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(content, built)
    assert snapshot(built) == before and snapshot(built.parent / ".build.cache") == cache
    assert sorted(p.name for p in built.parent.iterdir()) == [".build.cache", "build"]


def test_abandoned_temporary_folders_of_dead_builds_are_removed(content, built):
    dead = built.parent / f"{TEMP_PREFIX}999999999-abc"
    alive = built.parent / f"{TEMP_PREFIX}{os.getpid()}-abc"
    dead.mkdir()
    alive.mkdir()
    build(content, built)
    assert not dead.exists() and alive.exists()


def internal_targets(built: Path):
    """(page, link, target file, fragment) for every link in every built HTML file."""
    for page in sorted(built.rglob("*.html")):
        collector = LinkCollector(page.read_text(encoding="utf-8"))
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme in ("https", "tel"):
                continue
            yield page, link, parts


def test_every_link_is_relative_and_resolves_to_a_file(built):
    checked = 0
    for page, link, parts in internal_targets(built):
        assert not parts.scheme and not parts.netloc and not link.startswith("/"), (page, link)
        target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
        assert target.is_file(), f"{page.relative_to(built)}: {link} does not lead to a file"
        assert built.resolve() in target.parents or target == built.resolve(), (page, link)
        if parts.fragment:
            assert unquote(parts.fragment) in LinkCollector(target.read_text(encoding="utf-8")).ids, (page, link)
        checked += 1
    assert checked > 50


def test_the_build_works_under_a_path_prefix(built):
    """Served under /mirror/x/ by WhiteNoise, a crawl from the chooser reaches every page."""
    prefix = "/mirror/x/"
    app = DispatcherMiddleware(
        lambda environ, start: start("404 Not Found", []) or [], {prefix.rstrip("/"): make_app(built)}
    )
    client = Client(app)

    def fetch(path):
        response = client.get(path)
        body = response.get_data()
        response.close()
        return response.status_code, response.mimetype, body

    seen = crawl(prefix, fetch)
    assert {prefix + "ru/rights.html", prefix + "uk/rights.html"} <= seen
    assert any(url.startswith(prefix + "static/style.") for url in seen)


def run_freeze(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "freeze.py"), *args], capture_output=True, text=True, timeout=120
    )


def test_release_build_refuses_placeholders_and_lists_them(content, tmp_path):
    result = run_freeze("--release", "--content", str(content), "--dest", str(tmp_path / "build"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert (
        lines[0]
        == "content/contacts.yaml:14: 'hotline' is a placeholder (+380 00 000 0000): put in the real, verified detail"
    )
    assert "freeze.py: a release must be signed: give --sign-key FILE or set LIFELINE_SIGNING_KEY" in lines
    assert lines[-2:] == ["5 problems found.", f"Nothing was built; {tmp_path / 'build'} is unchanged."]
    assert not (tmp_path / "build").exists()


def test_the_command_reports_bad_content_without_a_traceback(content, tmp_path):
    (content / "ru" / "rights.md").write_text("---\ntitle: Права\nweight: ten\n---\n", encoding="utf-8")
    result = run_freeze("--content", str(content), "--dest", str(tmp_path / "build"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "content/ru/rights.md:3: front matter: 'weight' must be a whole number, not 'ten'" in result.stderr.splitlines()
    )
    assert not (tmp_path / "build").exists()


def test_the_command_builds_and_says_what_it_did(content, tmp_path):
    result = run_freeze("--content", str(content), "--dest", str(tmp_path / "build"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Built 17 pages in 3 languages into {tmp_path / 'build'} in ")
    assert lines[1:4] == [
        "  ru 5  uk 5  en 5",  # index, rights, 404, the guide in one file and as a PDF
        "Unsigned: no signing key was given, so this build has no SHA256SUMS.minisig (see docs/mirrors.md).",
        "No warnings.",
    ]
    # Output not to a terminal: plain lines, one a language, no progress bar drawn over itself.
    assert "\r" not in result.stderr
    # One line as each group is finished; two workers share the files out, so the order of the
    # lines and the running counts may vary.
    lines = result.stderr.splitlines()
    assert {re.sub(r" \(\d+/18\)$", "", line) for line in lines} == {
        "Froze site-wide files: 3 files",
        "Froze ru: 4 files",
        "Froze uk: 4 files",
        "Froze en: 4 files",
        "Froze the PDFs: 3 files",
    }
    assert len(lines) == 5 and lines[-1].endswith(" (18/18)")
    assert (tmp_path / "build" / "uk" / "index.html").is_file()


def test_the_command_lists_warnings_in_its_summary(content, tmp_path):
    (content / "ru" / "rights.md").write_text(
        (content / "ru" / "rights.md").read_text(encoding="utf-8") + "\n<b>Важно</b>\n", encoding="utf-8"
    )
    result = run_freeze("--content", str(content), "--dest", str(tmp_path / "build"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[3:5] == [
        "content/ru/rights.md:14: warning: raw HTML is shown to readers as text: '<b>' (use Markdown: **bold**, *italic*, [link](page))",
        "content/ru/rights.md:14: warning: raw HTML is shown to readers as text: '</b>' (use Markdown: **bold**, *italic*, [link](page))",
    ]
    assert result.stdout.splitlines()[5] == "2 warnings."


def test_in_a_terminal_the_progress_is_one_bar_redrawn_in_place():
    stream = io.StringIO()
    progress = Progress(4, stream, interactive=True)
    for url, language in (("/", ""), ("/ru/", "ru"), ("/ru/a.html", "ru"), ("/en/", "en")):
        progress.page(url, language)
    progress.finish()
    drawn = stream.getvalue()
    assert drawn.count("\r[") == 4 and "\n" not in drawn
    assert "[##############################] 4/4 /en/" in drawn
    assert drawn.endswith("\r")  # the bar is wiped before the summary is printed


def test_a_pages_only_build_writes_the_pages_and_nothing_for_mirrors(content, tmp_path):
    result = run_freeze("--pages-only", "--content", str(content), "--dest", str(tmp_path / "build"))
    assert result.returncode == 0, result.stderr
    files = {str(p.relative_to(tmp_path / "build")) for p in (tmp_path / "build").rglob("*") if p.is_file()}
    assert "ru/rights.html" in files and "index.html" in files
    assert not {name for name in files if name.endswith((".br", ".gz", ".zip")) or "SHA256SUMS" in name}
    assert "Pages only:" in result.stdout
    refused = run_freeze("--pages-only", "--release", "--content", str(content), "--dest", str(tmp_path / "other"))
    assert refused.returncode == 2 and "not for publication" in refused.stderr
    assert not (tmp_path / "other").exists()


def test_a_build_on_every_core_is_byte_identical_to_one_on_a_single_core(tmp_path, monkeypatch):
    """A site large enough to share out (reading, rendering, freezing and compressing), both ways."""
    from corpus import generate
    from lifeline.common import parallel

    # Shared out from 20 files (not PARALLEL_FROM's few hundred), so that the corpus, and its two
    # guides as PDFs, stay small: the test is of sharing out, not of size.
    content = generate(tmp_path / "corpus", languages=2, pages=12)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 20)
    shared = build(content, tmp_path / "shared", workers=2)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)  # nothing shared out
    single = build(content, tmp_path / "single", workers=1)
    assert {k: v[0] for k, v in snapshot(shared).items()} == {k: v[0] for k, v in snapshot(single).items()}
    assert (
        len(list(shared.rglob("*.html"))) == 2 * 14 + 2 and len(list(shared.rglob("*.pdf"))) == 2
    )  # each language's pages, 404 and one file, and its guide as a PDF; the chooser, the root 404


def test_a_build_can_be_read_by_every_user_as_a_mirror_host_needs(built):
    """build/ is made in a temporary folder (0700 from mkdtemp) and swapped in: it must be 0755."""
    assert built.stat().st_mode & 0o777 == 0o755
    for path in built.rglob("*"):
        assert path.stat().st_mode & 0o755 == (0o755 if path.is_dir() else 0o644), path


def test_the_summary_names_the_signing_key_and_lists_languages_as_the_languages_file_does(content, tmp_path):
    from lifeline.common.signing import write_key_pair

    key = write_key_pair(tmp_path / "site.key", tmp_path / "site.pub")
    (content / "languages.yaml").write_text(
        (content / "languages.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  - code: uk\n    fallback: ru\n  - code: en\n    fallback: ru\n",
            "  - code: en\n    fallback: ru\n  - code: uk\n    fallback: ru\n",
        ),
        encoding="utf-8",
    )
    result = run_freeze(
        "--content", str(content), "--dest", str(tmp_path / "build"), "--sign-key", str(tmp_path / "site.key")
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "  ru 5  en 5  uk 5"
    assert lines[2] == f"Signed: SHA256SUMS.minisig, by key ID {key.public.fingerprint}."


def test_a_stuck_build_worker_stops_the_build_instead_of_hanging(content, tmp_path, monkeypatch):
    """A worker that writes nothing for SILENCE_SECONDS (a deadlock, say) ends the build with an error."""
    import time

    from lifeline.build import workers
    from lifeline.web import paper

    monkeypatch.setattr(workers, "SILENCE_SECONDS", 2)
    monkeypatch.setattr(paper, "pdf_of", lambda html, max_pages=None: time.sleep(60))
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="no build worker has written a file in 2 s: stuck"):
        build(content, tmp_path / "build", workers=2)
    assert time.monotonic() - started < 20
    assert not (tmp_path / "build").exists() and not list(tmp_path.glob(".build-*"))
