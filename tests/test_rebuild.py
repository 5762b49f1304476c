"""Rebuilds: after an edit, only the files whose bytes changed are written, and the result is
byte for byte what a fresh build of the same content gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus import generate  # noqa: E402
from helpers import PROJECT_DIR
from lifeline.build import cache as buildcache
from lifeline.build.pipeline import freeze


def files(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under `folder`: its bytes, inode and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_rebuilt_exactly(before: dict, after: dict, fresh: dict) -> set[str]:
    """The rebuild equals a fresh build; unchanged files were kept, changed ones written. The changed."""
    assert {path: data for path, (data, _, _) in after.items()} == {path: data for path, (data, _, _) in fresh.items()}
    changed = {path for path in after if path not in before or before[path][0] != after[path][0]}
    for path, (_data, inode, mtime) in after.items():
        if path in changed:
            assert inode != before.get(path, (None, None))[1], f"{path} changed but was not written anew"
        else:
            assert (inode, mtime) == before[path][1:], f"{path} did not change but was written again"
    return changed


@pytest.fixture
def site(content, tmp_path):
    """A small site with its own copy of the catalogs, built once (with the mirror kit)."""
    translations = tmp_path / "translations"
    shutil.copytree(PROJECT_DIR / "translations", translations, ignore=shutil.ignore_patterns("*.mo"))
    config = {"CONTENT_DIR": str(content), "BABEL_TRANSLATION_DIRECTORIES": str(translations)}
    dest = tmp_path / "out" / "build"
    freeze(dest, config=config)
    return content, translations, config, dest


def rebuild_and_compare(site, tmp_path) -> set[str]:
    content, translations, config, dest = site
    before = files(dest)
    report = freeze(dest, config=config)
    fresh = tmp_path / "fresh" / "build"
    freeze(fresh, config=config, fresh=True)
    changed = assert_rebuilt_exactly(before, files(dest), files(fresh))
    assert report.unchanged == len(files(dest)) - len(changed)
    return changed


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_nothing_is_written(site, tmp_path):
    assert rebuild_and_compare(site, tmp_path) == set()


def test_editing_a_translations_text_rewrites_that_page_and_what_lists_every_file(site, tmp_path):
    content = site[0]
    edit(content / "en" / "rights.md", "treated humanely", "treated humanely at all times")
    changed = rebuild_and_compare(site, tmp_path)
    edited = {"en/rights.html", "download/lifeline-en.html"}  # the page, and the English guide in one file
    assert {twin for path in edited for twin in (path, path + ".br", path + ".gz")} | {
        "download/lifeline-en.pdf"
    } <= changed
    assert not {
        path for path in changed if path.startswith(("ru/", "uk/", "download/lifeline-ru", "download/lifeline-uk"))
    }
    assert changed - {twin for path in edited for twin in (path, path + ".br", path + ".gz")} <= {
        "download/lifeline-en.pdf",  # a PDF has no twins
        "SHA256SUMS",
        "download/lifeline.zip",
        "download/lifeline.tar.gz",
    }


def test_editing_the_original_marks_its_translations_out_of_date(site, tmp_path):
    content = site[0]
    edit(content / "ru" / "rights.md", "\n\n", "\n\nНовый абзац.\n\n")
    changed = rebuild_and_compare(site, tmp_path)
    assert {"ru/rights.html", "en/rights.html", "uk/rights.html"} <= changed  # uk shows the ru page
    assert "ru/index.html" not in changed


def test_a_further_russian_edit_remakes_only_russian_files_and_the_manifest(site, tmp_path):
    """Once its translations say they are out of date, editing a Russian page again changes only
    the Russian page and guide in one file (and uk's, which shows the Russian page: it has no
    translation of it), their twins, and what lists every file; not en's, a translation."""
    content = site[0]
    edit(content / "ru" / "rights.md", "\n\n", "\n\nНовый абзац.\n\n")
    rebuild_and_compare(site, tmp_path / "first")
    edit(content / "ru" / "rights.md", "Новый абзац.", "Новый абзац, исправленный.")
    changed = rebuild_and_compare(site, tmp_path / "second")
    russian = {"ru/rights.html", "download/lifeline-ru.html", "uk/rights.html", "download/lifeline-uk.html"}
    pdfs = {"download/lifeline-ru.pdf", "download/lifeline-uk.pdf"}
    assert {twin for path in russian for twin in (path, path + ".br", path + ".gz")} | pdfs <= changed
    assert changed - {twin for path in russian for twin in (path, path + ".br", path + ".gz")} <= pdfs | {
        "SHA256SUMS",
        "download/lifeline.zip",
        "download/lifeline.tar.gz",
    }


def test_a_new_title_changes_the_menu_of_every_page_of_that_language(site, tmp_path):
    content = site[0]
    edit(content / "en" / "rights.md", "title: Your rights", "title: What protects you")
    changed = rebuild_and_compare(site, tmp_path)
    assert {"en/index.html", "en/rights.html", "en/404.html"} <= changed
    assert "ru/index.html" not in changed


@pytest.mark.parametrize("change", ["contacts", "catalog", "removed page", "new page"])
def test_data_files_catalogs_and_page_files_coming_and_going(site, tmp_path, change):
    content, translations = site[0], site[1]
    if change == "contacts":
        text = (content / "contacts.yaml").read_text(encoding="utf-8")
        (content / "contacts.yaml").write_text(text.replace("Горячая линия", "Телефон доверия", 1), encoding="utf-8")
    elif change == "catalog":
        edit(
            translations / "en" / "LC_MESSAGES" / "messages.po",
            'msgstr "Skip to main content"',
            'msgstr "Skip to the text"',
        )
    elif change == "removed page":
        (content / "en" / "rights.md").unlink()
    else:
        shutil.copy(content / "ru" / "rights.md", content / "ru" / "more-rights.md")
    changed = rebuild_and_compare(site, tmp_path)
    assert changed, change


def test_a_file_altered_in_the_build_is_made_again_not_kept(site, tmp_path):
    dest = site[3]
    page = dest / "ru" / "index.html"
    page.unlink()
    page.write_bytes(b"tampered")  # a new file: not the one the previous build left
    changed = rebuild_and_compare(site, tmp_path)
    assert "ru/index.html" in changed and page.read_bytes() != b"tampered"


@pytest.mark.parametrize("damage", ["garbage", "empty", "missing"])
def test_a_damaged_or_missing_cache_only_costs_time(site, tmp_path, damage):
    folder = buildcache.folder_for(site[3])
    for name in (buildcache.RENDERS, buildcache.FILES):
        if damage == "missing":
            (folder / name).unlink()
        else:
            (folder / name).write_bytes(b"\x00\xff not a cache" if damage == "garbage" else b"")
    content, _, config, dest = site
    edit(content / "en" / "rights.md", "treated humanely", "treated humanely always")
    freeze(dest, config=config)
    fresh = tmp_path / "fresh" / "build"
    freeze(fresh, config=config, fresh=True)
    assert {k: v[0] for k, v in files(dest).items()} == {k: v[0] for k, v in files(fresh).items()}


def test_one_page_edited_in_a_corpus_built_on_every_core(tmp_path):
    """One page of 400 edited; a pages-only rebuild writes just that page. 4 x 100 is the smallest
    corpus that takes the parallel path (PARALLEL_FROM) with a language as far down the list as kk."""
    from lifeline.common import parallel

    content = generate(tmp_path / "corpus", languages=4, pages=100)
    assert parallel.PARALLEL_FROM <= 4 * 100
    dest = tmp_path / "out" / "build"
    freeze(dest, config={"CONTENT_DIR": str(content)}, pages_only=True)
    before = files(dest)
    page = content / "kk" / "page-0042.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nЖаңа сөйлем.\n", encoding="utf-8")
    report = freeze(dest, config={"CONTENT_DIR": str(content)}, pages_only=True)
    fresh = tmp_path / "fresh"
    freeze(fresh, config={"CONTENT_DIR": str(content)}, pages_only=True, fresh=True)
    assert assert_rebuilt_exactly(before, files(dest), files(fresh)) == {
        "kk/page-0042.html",
        "download/lifeline-kk.html",
    }
    assert (
        report.unchanged == len(before) - 2 and report.pages == 4 * 102 + 2
    )  # 100 pages and a 404 a language; chooser and root 404


def test_where_files_cannot_be_hard_linked_everything_is_made_anew(site, tmp_path, monkeypatch):
    """Some file systems (FAT, some network shares) have no hard links: the build must not fail."""
    from lifeline.build import rebuild

    def refuse(source, target):
        raise OSError("hard links not supported here")

    content, _, config, dest = site
    monkeypatch.setattr(rebuild.os, "link", refuse)
    edit(content / "en" / "rights.md", "treated humanely", "treated humanely always")
    report = freeze(dest, config=config)
    fresh = tmp_path / "fresh" / "build"
    freeze(fresh, config=config, fresh=True)
    assert report.unchanged == 0
    assert {k: v[0] for k, v in files(dest).items()} == {k: v[0] for k, v in files(fresh).items()}
