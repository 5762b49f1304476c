"""Relative links, as Frozen-Flask's `relative_url_for` writes them, worked out once.

Every link a template writes goes through `url`, so the same HTML works under any path prefix
and from disk (`file://`).
"""

from __future__ import annotations

import posixpath
import re

from flask import request, url_for

from lifeline.web.state import state


def request_folder() -> str:
    """The folder of this request's address: relative links from it are the same for every page in it."""
    return request.path.rpartition("/")[0]


def url(endpoint: str, **values: str) -> str:
    """What Frozen-Flask's relative_url_for gives, worked out once per address and folder pair.

    Every page links to its language's pages and to each of its translations; asking Flask's
    URL map and posixpath.relpath anew for each link was a third of the time of writing a page.
    Here Flask builds each address once, and the way from one folder to another is worked out
    once; relative_url_for's own rules (a trailing '/' means index.html) are kept, and
    tests/test_views.py checks the two agree on every link of a site.
    """
    cache = state().links
    target_key = (request.script_root, endpoint, *sorted(values.items()))
    if (target := cache.get(target_key)) is None:
        target = cache[target_key] = _folder_and_name(url_for(endpoint, **values))
    folder, name = target
    if folder is None:
        return name  # another host: absolute, as relative_url_for leaves it
    way_key = (request_folder() or "/", folder)
    if (way := cache.get(way_key)) is None:
        way = cache[way_key] = posixpath.relpath(folder, way_key[0])
    return name if way == "." else f"{way}/{name}"


def _folder_and_name(address: str) -> tuple[str | None, str]:
    """An address as its folder and the rest; relative_url_for's rule: '/' ends in index.html."""
    if not address.startswith("/"):
        return None, address
    path, rest = re.match(r"([^?#]*)(.*)", address, re.DOTALL).groups()
    folder, _, name = path.rpartition("/")
    return folder or "/", (name or "index.html") + rest
