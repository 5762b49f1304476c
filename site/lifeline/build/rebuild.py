"""Which files of the previous build a new build takes over, instead of making them again.

Each file the freeze writes gets a key: a fingerprint of everything its bytes are made from
(the code, the data files and catalogs, and for a page its own file, its HTML, whether it is
out of date, which translations it has, and its language's menu). A file whose key has not
changed since the previous build, and which is still as that build left it, is hard-linked
into the new build's folder: its bytes are not written again, and it keeps its time and
inode. So is its compressed twin. Whatever is made afresh but comes out byte for byte the same
as before (an archive nothing changed in, say) is swapped for the old file in the same way.

The new folder still replaces `build/` in one step, so a rebuild is as safe as a full build,
and its files are the same (tests/test_rebuild.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from unicodedata import normalize

from flask import Flask, url_for
from flask_frozen import Freezer

from lifeline.build.cache import FileRecord
from lifeline.build.workers import Route
from lifeline.common.digest import code_digest, digest, files_in
from lifeline.content.message import MESSAGE_SLUG
from lifeline.content.pages import Page
from lifeline.content.site import Site
from lifeline.mirror.manifest import NAME as MANIFEST
from lifeline.mirror.manifest import files_of

TWIN_SUFFIXES = (".br", ".gz")


def route_files(app: Flask, routes: list[Route]) -> list[str]:
    """The file each route is written to, as Frozen-Flask names it (`/ru/` -> `ru/index.html`)."""
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False, log_url_for=False)
    with app.test_request_context():
        return [
            normalize("NFC", freezer.urlpath_to_filepath(url_for(endpoint, **values))) for endpoint, values in routes
        ]


def route_keys(app: Flask, site: Site, routes: list[Route]) -> list[str]:
    """For each route, the fingerprint of everything its file's bytes are made from."""
    content_dir = Path(app.config["CONTENT_DIR"])
    translations = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    public_key = app.config.get("PUBLIC_KEY")
    shared = digest(
        code_digest(),
        site.slugs,
        public_key.to_text() if public_key else None,
        *files_in(content_dir),
        *files_in(translations, recursive=True),
    )
    menus = {
        language.code: digest([(slug, site.page(language.code, slug).title) for slug in site.slugs])
        for language in site.languages
    }
    keys = []
    for endpoint, values in routes:
        lang, slug = values.get("lang_code"), values.get("slug")
        made_from = [menus[lang], *_pages_in(site, endpoint, lang, slug)] if lang else []
        keys.append(digest(shared, endpoint, sorted(values.items()), made_from))
    return keys


def _pages_in(site: Site, endpoint: str, lang: str, slug: str | None) -> list:
    """What a language's file takes from its pages (contacts.yaml, mirrors.yaml and the catalogs are
    in the shared part of every key; the menu, with every page's title, in the language's part)."""
    if slug:
        page = site.page(lang, slug)
        return [_page_fields(page), site.is_stale(page), site.translations_of(slug)]
    if endpoint in ("single_file", "guide_pdf"):  # every page of the language, in one file
        return [(_page_fields(page), site.is_stale(page)) for page in (site.page(lang, s) for s in site.slugs)]
    if endpoint in ("message_file", "leaflet_pdf"):  # the share page (and the index's title: in the menu)
        page = site.page(lang, MESSAGE_SLUG)
        return [_page_fields(page), site.is_stale(page)]
    return []  # the language's 404 page: its menu only


def _page_fields(page: Page) -> tuple:
    return (
        page.lang,
        page.slug,
        page.path,
        page.title,
        page.description,
        page.weight,
        page.updated,
        page.revision,
        page.source_revision,
        page.translation,
        page.html,
    )


def take_over(previous: Path, records: dict[str, FileRecord], folder: Path, wanted: dict[str, str]) -> set[str]:
    """Hard-link into `folder` each wanted file (path -> key) the previous build made from the same things."""
    taken = set()
    for path, key in wanted.items():
        record = records.get(path)
        if record and record.key == key and record.matches(previous / path) and _link(previous / path, folder / path):
            taken.add(path)
    return taken


def take_over_twins(previous: Path, records: dict[str, FileRecord], folder: Path, taken: set[str]) -> set[str]:
    """Link the compressed twins of files taken over; the files whose twins are now in place."""
    if MANIFEST not in records:
        return set()  # the previous build made no twins (pages only)
    done = set()
    for path in taken:
        twins = [path + suffix for suffix in TWIN_SUFFIXES if path + suffix in records]
        if all(records[twin].matches(previous / twin) for twin in twins):
            if all(_link(previous / twin, folder / twin) for twin in twins):
                done.add(path)
            else:  # made again instead; a link left in place would be written through into the previous build
                for twin in twins:
                    (folder / twin).unlink(missing_ok=True)
    return done


def keep_unchanged(previous: Path, records: dict[str, FileRecord], folder: Path) -> int:
    """Swap every newly made file that is byte for byte the previous one for that one.

    Returns how many files of `folder` are now the previous build's (taken over or swapped).
    """
    kept = 0
    for path in files_of(folder):
        record, new = records.get(path), folder / path
        found = new.stat()
        if found.st_nlink > 1:
            kept += 1  # taken over already
        elif (
            record
            and found.st_size == record.size
            and record.matches(previous / path)
            and (previous / path).read_bytes() == new.read_bytes()
        ):
            temp = new.with_name(f".{new.name}.{os.getpid()}.link")
            if _link(previous / path, temp):
                os.replace(temp, new)
                kept += 1
    return kept


def _link(source: Path, target: Path) -> bool:
    """Hard-link `source` at `target`; False where the file system has no hard links (then it is made anew)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
