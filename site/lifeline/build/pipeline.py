"""Build the whole site: content -> web app -> Frozen-Flask on every core -> mirror kit -> build/.

The freeze writes into a fresh temporary folder beside `build/` and only when it has
finished swaps it into place (swap.py), so a failed or interrupted build never leaves a broken
or half-written `build/`. The same input always gives the same bytes.

A rebuild does only what changed: pages whose Markdown has not changed are not rendered again,
and files made from the same things as before are hard-linked from the previous build instead
of being written (see rebuild.py and cache.py; `fresh` makes everything anew).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

from flask import Flask

from lifeline.build import cache, rebuild
from lifeline.build.progress import PDFS, BuildReport, Progress
from lifeline.build.release import refuse_unfinished, resolve_signing, signature_line
from lifeline.build.swap import TEMP_PREFIX, remove_abandoned_temp_dirs, replace_dir
from lifeline.build.workers import check_every_endpoint_is_frozen, freeze_routes
from lifeline.common.checkpoint import checkpoint
from lifeline.common.parallel import PARALLEL_FROM, workers_for
from lifeline.content.message import MESSAGE_SLUG
from lifeline.content.render import RenderCache
from lifeline.content.site import Site
from lifeline.mirror.kit import make_kit
from lifeline.web.app import create_app
from lifeline.web.paper import PDF_ENDPOINTS
from lifeline.web.pdf import prepare_pdfs


def freeze(
    dest: Path,
    release: bool = False,
    config: dict | None = None,
    secret_key: Path | None = None,
    show_progress: bool = False,
    pages_only: bool = False,
    workers: int | None = None,
    fresh: bool = False,
) -> BuildReport:
    """Build the whole site into `dest` and say what was built. Raises ContentError.

    `workers`: processes that write pages (default: every core for a large site, else one).
    `fresh`: ignore what the previous build left (cache.py) and make every file anew.
    `pages_only`: a quick look: no PDFs and no mirror kit (twins, archives, SHA256SUMS).
    """
    started = time.perf_counter()
    dest = Path(dest).resolve()
    renders, records = (RenderCache(), {}) if fresh else cache.load(dest)
    app = create_app(config, renders=renders)
    site = app.extensions["lifeline"].site
    signing = resolve_signing(site, secret_key)
    if release:
        refuse_unfinished(site, signing)
    checkpoint("loaded")
    app.config["PUBLIC_KEY"] = signing.public
    dest.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_temp_dirs(dest.parent)
    temp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=dest.parent))
    temp.chmod(0o755)  # mkdtemp makes it 0700: a web server running as another user could read nothing
    report = BuildReport(
        warnings=site.warnings,
        language_order=[language.code for language in site.languages],
        signature=None if pages_only else signature_line(signing),
    )
    try:
        routes = _routes(app, site, with_pdfs=not pages_only)
        check_every_endpoint_is_frozen(app, routes, not_these=() if not pages_only else PDF_ENDPOINTS)
        paths = rebuild.route_files(app, routes)
        keys = dict(zip(paths, rebuild.route_keys(app, site, routes)))  # file -> what its bytes are made from
        taken = rebuild.take_over(dest, records, temp, keys)
        _freeze_into(
            app,
            site,
            temp,
            report,
            show_progress,
            workers,
            [route for route, path in zip(routes, paths) if path not in taken],
        )
        checkpoint("frozen")
        for path in taken:
            report.count(path, site.languages)
        if not pages_only:
            make_kit(temp, site.date, signing, lambda: rebuild.take_over_twins(dest, records, temp, taken))
        report.unchanged = rebuild.keep_unchanged(dest, records, temp)
        replace_dir(temp, dest)
        checkpoint("swapped")
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    cache.save(dest, renders, keys)
    checkpoint("cached")
    sizes = [path.stat().st_size for path in dest.rglob("*") if path.is_file()]
    report.files, report.bytes, report.seconds = len(sizes), sum(sizes), time.perf_counter() - started
    return report


# A PDF counts as this many pages when choosing how many workers to start: enough that a rebuild
# remaking even one PDF (1.4 s for a guide) makes the few pages beside it on another core.
PDF_WEIGHT = PARALLEL_FROM


def _freeze_into(
    app: Flask,
    site: Site,
    folder: Path,
    report: BuildReport,
    show_progress: bool,
    workers: int | None,
    routes: list[tuple[str, dict]],
) -> None:
    groups = Counter(PDFS if endpoint in PDF_ENDPOINTS else values.get("lang_code", "") for endpoint, values in routes)
    progress = Progress(len(routes), groups=groups) if show_progress else None

    def on_file(url: str) -> None:
        checkpoint("freezing")
        language = report.count(url, site.languages)
        if progress:
            progress.page(url, language)

    pdfs = groups[PDFS]
    if pdfs:
        prepare_pdfs()  # once, here: every forked worker then has WeasyPrint imported (not its fonts: pdf.py)
    freeze_routes(app, folder, routes, workers or workers_for(len(routes) + (PDF_WEIGHT - 1) * pdfs), on_file)
    if progress:
        progress.finish()


def _routes(app: Flask, site: Site, with_pdfs: bool) -> list[tuple[str, dict]]:
    """Every file of the site, by endpoint and values: the PDFs, site-wide files, then language by language.

    The longest first: each worker takes the next route when it is free, so with the PDFs (a
    guide is a hundred pages' work) at the head, the pages fill the gaps at the end and the cores
    finish together; and a rebuild that remakes a guide and a few pages does both at once.
    """
    routes = []
    if with_pdfs:
        routes += [("guide_pdf", {"lang_code": language.code}) for language in site.languages]
        if MESSAGE_SLUG in site.slug_set:
            routes += [("leaflet_pdf", {"lang_code": language.code}) for language in site.languages]
    routes += [
        ("chooser", {}),
        ("not_found", {}),
        ("stylesheet", {"digest": app.extensions["lifeline"].stylesheet_digest}),
    ]
    for language in site.languages:
        routes.append(("pages.not_found_page", {"lang_code": language.code}))
        routes += [("pages.page", {"lang_code": language.code, "slug": slug}) for slug in site.slugs]
        routes.append(("single_file", {"lang_code": language.code}))
        if MESSAGE_SLUG in site.slug_set:
            routes.append(("message_file", {"lang_code": language.code}))
    return routes
