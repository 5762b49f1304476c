"""Frozen-Flask on every core.

The content is read, checked and rendered once, before any worker starts; the workers are
forked from that process, so they share it (copy-on-write) instead of loading it again. Each
worker runs Frozen-Flask into the same folder, taking the next page from a shared counter
whenever it is free (a PDF takes as long as a hundred pages, so dealing them out in turn left
one core idle at the end), and reports every file it wrote back to the parent, which shows the
progress.
A page's bytes do not depend on which worker wrote it, so the build is the same on any number
of cores (tests/test_freeze.py compares them).
"""

from __future__ import annotations

import multiprocessing
import queue as queues
import time
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning, MissingURLGeneratorWarning

from lifeline.common.problems import ContentError, Problem

Route = tuple[str, dict]  # (endpoint, values) as Frozen-Flask's generators yield them
# A worker's word: ('files', urls), ('content', problems), ('error', traceback) or ('done', None).
Message = tuple[str, list[str] | list[Problem] | str | None]
REPORT_EVERY = 0.25  # seconds between a worker's reports of the files it wrote
# A worker that writes nothing for this long is stuck, not slow (the longest file, a PDF guide of
# a very large site, takes under a minute): the build stops with an error instead of waiting.
SILENCE_SECONDS = 300


def freeze_routes(app: Flask, folder: Path, routes: list[Route], workers: int, on_file: Callable[[str], None]) -> None:
    """Write every route's file into `folder`, calling on_file(url) for each; raise if any worker fails."""
    if not routes:
        return
    app.config.update(
        FREEZER_DESTINATION=str(folder),
        FREEZER_RELATIVE_URLS=True,
        FREEZER_REDIRECT_POLICY="error",
        FREEZER_REMOVE_EXTRA_FILES=False,
        PROPAGATE_EXCEPTIONS=True,  # a view's error itself (a ContentError), not Frozen-Flask's "status 500"
    )
    if workers <= 1:
        for url in _freeze_share(app, routes):
            on_file(url)
        return
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    taken = context.Value("i", 0)  # how many routes the workers have taken so far
    processes = [
        context.Process(target=_worker, args=(app, routes, taken, messages), daemon=True) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        _collect(processes, messages, on_file)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
            process.join()


def _collect(processes: Sequence[BaseProcess], messages: Queue[Message], on_file: Callable[[str], None]) -> None:
    finished, last_word = 0, time.monotonic()
    while finished < len(processes):
        try:
            kind, value = messages.get(timeout=1)
        except queues.Empty:
            if any(process.exitcode not in (None, 0) for process in processes):
                raise RuntimeError("a build worker ended without a word (killed?)") from None
            if time.monotonic() - last_word > SILENCE_SECONDS:
                raise RuntimeError(f"no build worker has written a file in {SILENCE_SECONDS} s: stuck") from None
            continue
        last_word = time.monotonic()
        if kind == "files":
            for url in value:
                on_file(url)
        elif kind == "error":
            raise RuntimeError(f"a build worker failed:\n{value}")
        elif kind == "content":  # a problem for the editor, found while making a file (a leaflet too long)
            raise ContentError(value)
        else:
            finished += 1


def _worker(app: Flask, routes: list[Route], taken: Synchronized, messages: Queue[Message]) -> None:
    """Freeze a share, telling the parent what was written a few times a second.

    Not after every file: each message wakes the queue's own thread, which then contends with
    this one for the interpreter lock, and that had made two workers as slow as one.
    """
    try:
        written, last = [], time.monotonic()
        for url in _freeze_share(app, _in_turn(routes, taken)):
            written.append(url)
            if time.monotonic() - last > REPORT_EVERY:
                messages.put(("files", written))
                written, last = [], time.monotonic()
        messages.put(("files", written))
        messages.put(("done", None))
    except ContentError as error:
        messages.put(("content", error.problems))
    except BaseException:  # noqa: BLE001 - everything goes back to the parent, which raises it
        messages.put(("error", traceback.format_exc()))


def _in_turn(routes: list[Route], taken: Synchronized) -> Iterator[Route]:
    """The routes no other worker has taken yet, one at a time (Frozen-Flask asks for the next
    only when it has written the last)."""
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value += 1
        if index >= len(routes):
            return
        yield routes[index]


def _freeze_share(app: Flask, routes: Iterable[Route]) -> Iterator[str]:
    """Frozen-Flask on these routes only (every page is named by a generator: no url_for logging)."""
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False, log_url_for=False)
    freezer.register_generator(lambda: iter(routes))
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenFlaskWarning)
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)  # a share has only some endpoints; checked above
        for page in freezer.freeze_yield():
            yield page.url


def check_every_endpoint_is_frozen(app: Flask, routes: list[Route], not_these: tuple[str, ...] = ()) -> None:
    """What Frozen-Flask's MissingURLGeneratorWarning says, for the whole build rather than a share
    (or the few files a rebuild makes); `not_these` are left out on purpose."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods} - set(not_these)
    if missing := endpoints - {endpoint for endpoint, _ in routes}:
        raise RuntimeError(f"no page is frozen for these endpoints: {', '.join(sorted(missing))}")
