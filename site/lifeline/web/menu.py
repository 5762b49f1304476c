"""The menu of a language's pages, made once per language and folder (like a cached partial)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from markupsafe import Markup, escape

from lifeline.content.site import Site
from lifeline.web.links import request_folder, url
from lifeline.web.state import state


def navigation(site: Site) -> Menu:
    """The menu of every page of the language, made once per language and folder.

    Like a cached partial: the addresses are relative, so they are the same for every page in
    one folder, and with hundreds of pages, writing the menu afresh on every page was most of
    the build's time (docs/benchmarks.md). Each page only marks itself as the current one.
    """
    key = (g.language.code, request.script_root, request_folder())
    cache = state().menus
    if key not in cache:
        cache[key] = Menu(
            tuple(
                _menu_item(
                    slug,
                    site.page(g.language.code, slug).title,
                    url("pages.page", lang_code=g.language.code, slug=slug),
                )
                for slug in site.slugs
            )
        )
    return cache[key]


def _menu_item(slug: str, title: str, href: str) -> tuple[str, str, str]:
    link = f'<li><a href="{escape(href)}"%s>{escape(title)}</a></li>'
    return slug, link % "", link % ' aria-current="page"'


@dataclass(frozen=True)
class Menu:
    items: tuple[tuple[str, str, str], ...]  # (slug, as a link, as the current page)

    def html(self, current: str | None = None) -> Markup:
        return Markup("\n".join(marked if slug == current else plain for slug, plain, marked in self.items))
