"""Every page's Markdown rendered to HTML and checked, on every core, from a cache where it can be.

A page's HTML and problems are kept (RenderCache, saved by build/cache.py) under a key of
everything its rendering reads: the page, its original, the data files beside the language
folders, and the code and libraries. A rebuild or the preview renders only the pages whose key
changed. The checks that need the whole site (contacts that differ from the original page)
run here too, so `lifeline check` and the build find the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lifeline.common.digest import code_digest, digest, files_in
from lifeline.common.parallel import map_on_cores
from lifeline.common.problems import Problem, Problems
from lifeline.content.lint import CONTACT_MACRO, contact_details_in, raw_html_in, unknown_macros_in, without_code
from lifeline.content.markdown import RenderContext, Renderer
from lifeline.content.message import MESSAGE_SLUG, text_of, too_long
from lifeline.content.pages import Page

if TYPE_CHECKING:
    from lifeline.content.site import Site


@dataclass
class RenderCache:
    """Rendered pages by key: those found (`kept`) and those this build used (`used`)."""

    kept: dict[str, tuple[str, list[Problem]]] = field(default_factory=dict)
    used: dict[str, tuple[str, list[Problem]]] = field(default_factory=dict)

    def get(self, key: str) -> tuple[str, list[Problem]] | None:
        found = self.kept.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, result: tuple[str, list[Problem]]) -> None:
        self.used[key] = result


def render_all(site: Site, keys: list, content_dir: Path, renders: RenderCache | None) -> list[tuple[str, list]]:
    """Each page's HTML and problems: from the cache where nothing it is made from has changed."""
    if renders is None:
        return map_on_cores(lambda key: _render_and_lint(site, key), keys)
    shared = digest(code_digest(), site.slugs, *files_in(content_dir))  # the data files beside the language folders
    render_keys = {key: _render_key(site, key, shared) for key in keys}
    results = {key: renders.get(render_keys[key]) for key in keys}
    missing = [key for key in keys if results[key] is None]
    for key, result in zip(missing, map_on_cores(lambda key: _render_and_lint(site, key), missing)):
        results[key] = result
        renders.put(render_keys[key], result)
    return [results[key] for key in keys]


def _render_key(site: Site, key: tuple[str, str], shared: str) -> str:
    """Everything a page's rendering and checks read: the page, its original, the data files, the code."""
    page = site.pages[key]
    source = site.pages.get((site.languages.source, page.slug))
    return digest(shared, page.lang, page.path, page.body_line, page.body, source.body if source else None)


_renderer: Renderer | None = None  # one a process: making one costs more than rendering a page


def _render_and_lint(site: Site, key: tuple[str, str]) -> tuple[str, list]:
    """One page's HTML, and every problem and warning found in it."""
    global _renderer
    _renderer = _renderer or Renderer()
    page, problems = site.pages[key], Problems()
    context = RenderContext(site.languages.chain(page.lang), site.slug_set, site.contacts, site.sites)
    html = _renderer.render(page.body, context)
    for message, needle in context.found:
        problems.add(page.path, _line_of(page, needle), message)
    for kind, text in contact_details_in(page.body):
        problems.add(
            page.path,
            _line_of(page, text),
            f"{kind} written into the page: '{text}' (use {{{{ contact: ID }}}}; details live only in {site.contacts.path})",
        )
    _lint_page(site, page, problems)
    if page.slug == MESSAGE_SLUG and (problem := too_long(text_of(html))):
        problems.add(page.path, None, problem)
    return html, problems.errors + problems.warnings


def _lint_page(site: Site, page: Page, problems: Problems) -> None:
    """Raw HTML, macros that are not ours, and contacts that differ from the original page."""
    if not page.body.strip():
        problems.add(
            page.path, page.body_line, "the page has no text yet (write it below the front matter's closing '---')"
        )
    for tag, active in raw_html_in(page.body):
        if active:
            problems.add(
                page.path,
                _line_of(page, tag),
                f"active HTML is not allowed in pages: '{tag}' (remove it; pages are Markdown)",
            )
        else:
            problems.warn(
                page.path,
                _line_of(page, tag),
                f"raw HTML is shown to readers as text: '{tag}' (use Markdown: **bold**, *italic*, [link](page))",
            )
    for macro in unknown_macros_in(page.body):
        problems.add(
            page.path,
            _line_of(page, macro),
            f"unknown macro '{macro}' (write {{{{ contact: ID }}}}, or {{{{ contacts }}}} on a line of its own)",
        )
    source = site.pages.get((site.languages.source, page.slug))
    if source is None or source is page:
        return
    used, original = _contact_ids(page.body), _contact_ids(source.body)
    if unknown_macros_in(source.body) or original.keys() - site.contacts.by_id.keys():
        return  # the original's own mistake is reported on it; comparing with it would only add noise
    for contact in sorted(used.keys() - original.keys()):
        problems.add(
            page.path,
            _line_of(page, used[contact]),
            f"gives contact '{contact}', which the original {source.path} "
            f"does not (a translation gives the same contacts as its original: "
            f"{', '.join(sorted(original)) or 'none'})",
        )
    for contact in sorted(original.keys() - used.keys()):
        problems.warn(page.path, None, f"leaves out contact '{contact}', which the original {source.path} gives")


def _contact_ids(body: str) -> dict[str, str]:
    """Each contact ID a page's macros name, with the macro as written."""
    return {match.group(1): match.group(0) for match in CONTACT_MACRO.finditer(without_code(body))}


def _line_of(page: Page, needle: str) -> int | None:
    for offset, line in enumerate(page.body.split("\n")):
        if needle in line:
            return page.body_line + offset
    return None
