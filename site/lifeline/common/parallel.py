"""The build's per-page work, shared out among every core.

Workers are forked from the process that has already read the content, so the function they
run may use anything loaded before (nothing of it is pickled); only the items and the results
travel between processes. Results come back in the order of the items, so the output, and
the order problems are reported in, are the same on any number of cores.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item, Result = TypeVar("Item"), TypeVar("Result")
# Below this many items, starting workers costs more than it saves.
PARALLEL_FROM = 200
_task: Callable | None = None


def workers_for(count: int) -> int:
    return (os.cpu_count() or 1) if count >= PARALLEL_FROM else 1


def map_on_cores(function: Callable[[Item], Result], items: Sequence[Item], workers: int | None = None) -> list[Result]:
    """[function(item) for item in items], on every core when there are enough items."""
    workers = workers_for(len(items)) if workers is None else workers
    if workers <= 1:
        return [function(item) for item in items]
    global _task
    _task = function
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, items, chunksize=max(1, len(items) // (workers * 8)))
    finally:
        _task = None


def _run(item: object) -> Any:
    return _task(item)
