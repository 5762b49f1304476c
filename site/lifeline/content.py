"""Load everything under `content/` once into a `Site`, checking it all on the way.

Every problem in every file is collected, and `load_site` raises one `ContentError` listing
them, so an editor fixes all mistakes in one pass. Pages are rendered to HTML here too: a
link to a missing page or an unknown contact is a content problem, found before any freeze.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from .buildcache import RenderCache, code_digest, digest, files_in
from .contact_lint import contact_details_in
from .contacts import Contacts, load_contacts
from .languages import Languages, load_languages
from .markup import RenderContext, Renderer
from .markup_lint import CONTACT_MACRO, raw_html_in, unknown_macros_in, without_code
from .mirrors import Mirrors, load_mirrors
from .pages import SLUG, Page, load_page
from .parallel import map_on_cores
from .problems import Problem, Problems
from .signing import PublicKey, SignatureError
from .sites import AllowedSites, load_sites

PUBLIC_KEY_FILE = "signing-key.pub"
SITES_FILE = "sites.yaml"
LANGUAGES_FILE, CONTACTS_FILE = "languages.yaml", "contacts.yaml"
# Names the build itself uses beside the pages of a language.
RESERVED_SLUGS = {"404": "the page shown for a missing address"}


@dataclass
class Site:
    languages: Languages
    contacts: Contacts
    pages: dict[tuple[str, str], Page]  # (lang, slug) -> the page file of that language
    slugs: list[str]  # the source language's pages, in navigation order
    mirrors: Mirrors
    public_key: PublicKey | None  # content/signing-key.pub: the key genuine copies are signed with
    sites: AllowedSites
    warnings: list[Problem] = field(default_factory=list)  # found, but not enough to stop a build

    @cached_property
    def slug_set(self) -> frozenset[str]:
        """The pages links may lead to (made once: every page's rendering asks)."""
        return frozenset(self.slugs)

    def page(self, lang: str, slug: str) -> Page:
        """The page to show at /<lang>/<slug>: its own, or its fallback language's."""
        return next(self.pages[(code, slug)] for code in self.languages.chain(lang)
                    if (code, slug) in self.pages)

    def is_stale(self, page: Page) -> bool:
        """A translation made from an older revision of its source page."""
        source = self.pages[(self.languages.source, page.slug)]
        return page.source_revision is not None and page.source_revision != source.revision

    @property
    def date(self) -> date:
        """The newest `updated` of any page: the date of the site as a whole."""
        return max(page.updated for page in self.pages.values())

    def translations_of(self, slug: str) -> list[str]:
        """Languages that have their own file for this page (for hreflang alternates)."""
        return [lang.code for lang in self.languages if (lang.code, slug) in self.pages]


def load_site(content_dir: Path, renders: RenderCache | None = None) -> Site:
    """Read, check and render all content; raise ContentError listing every problem.

    `renders`: pages rendered by an earlier build, taken instead of rendering them again.
    """
    content_dir = Path(content_dir)
    problems = Problems()
    shown = content_dir.name

    languages = load_languages(content_dir / LANGUAGES_FILE, f"{shown}/{LANGUAGES_FILE}", problems)
    if languages is None:
        problems.raise_if_any()
    contacts = load_contacts(content_dir / CONTACTS_FILE, f"{shown}/{CONTACTS_FILE}", languages, problems)
    pages = _load_pages(content_dir, shown, languages, problems)
    mirrors = load_mirrors(content_dir / "mirrors.yaml", f"{shown}/mirrors.yaml", problems)
    public_key = _load_public_key(content_dir / PUBLIC_KEY_FILE, f"{shown}/{PUBLIC_KEY_FILE}", problems)
    own_hosts = [urlsplit(channel.value).hostname or "" for channel in contacts if channel.type == "web"] if contacts else []
    sites = load_sites(content_dir / SITES_FILE, f"{shown}/{SITES_FILE}", own_hosts, problems)
    problems.raise_if_any()

    source = languages.source
    slugs = sorted((slug for lang, slug in pages if lang == source), key=lambda s: (pages[(source, s)].weight, s))
    site = Site(languages, contacts, pages, slugs, mirrors, public_key, sites)
    keys = list(pages)
    for key, (html, found) in zip(keys, _render_all(site, keys, content_dir, renders)):
        pages[key].html = html
        problems.items += [problem for problem in found if not problem.warning]
        problems.warnings += [problem for problem in found if problem.warning]
    problems.raise_if_any()
    site.warnings = problems.warnings
    return site


def _load_public_key(path: Path, display: str, problems: Problems) -> PublicKey | None:
    if not path.is_file():
        return None
    try:
        return PublicKey.from_text(path.read_text(encoding="ascii"))
    except (SignatureError, UnicodeDecodeError, ValueError) as error:
        problems.add(display, None, f"not a minisign public key: {error} (make one with 'lifeline keygen')")
        return None


def _load_pages(content_dir: Path, shown: str, languages: Languages, problems: Problems) -> dict:
    pages: dict[tuple[str, str], Page] = {}
    jobs = []  # page files to read: (file, shown path, language, is it the source language)
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        if folder.name not in languages:
            problems.add(f"{shown}/{folder.name}", None, "folder of a language not in languages.yaml (add it there, or remove the folder)")
            continue
        names = Counter(file.stem.lower() for file in folder.iterdir())
        for file in sorted(folder.iterdir()):
            display = f"{shown}/{folder.name}/{file.name}"
            if file.suffix != ".md" or not file.is_file():
                problems.add(display, None, "not a page: pages are Markdown files ending in .md")
            elif names[file.stem.lower()] > 1:
                problems.add(display, None, f"duplicate page name: another file in {shown}/{folder.name}/ differs only in capitals "
                                            "or ending, and on many systems they are one file (keep one)")
            elif not SLUG.match(file.stem):
                problems.add(display, None, "page names are lower-case letters, digits and hyphens, like 'rights.md'")
            elif file.stem in RESERVED_SLUGS:
                problems.add(display, None, f"the name '{file.stem}' is taken by {RESERVED_SLUGS[file.stem]} (rename the file)")
            else:
                jobs.append((file, display, folder.name, folder.name == languages.source))
    for page, found in map_on_cores(_load_one, jobs):
        problems.items += found
        if page:
            pages[(page.lang, page.slug)] = page
    source = languages.source
    if (source, "index") not in pages and not problems:
        problems.add(f"{shown}/{source}/index.md", None, "missing: every language needs a home page, and the source language has none")
    for lang, slug in pages:
        if lang != source and not (content_dir / source / f"{slug}.md").is_file():
            problems.add(pages[(lang, slug)].path, None, f"no source page {shown}/{source}/{slug}.md to translate")
    return pages


def _load_one(job) -> tuple[Page | None, list]:
    problems = Problems()
    return load_page(*job, problems), problems.items


def _render_all(site: Site, keys: list, content_dir: Path, renders: RenderCache | None) -> list[tuple[str, list]]:
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
        problems.add(page.path, _line_of(page, text),
                     f"{kind} written into the page: '{text}' (use {{{{ contact: ID }}}}; details live only in {site.contacts.path})")
    _lint_page(site, page, problems)
    return html, problems.items + problems.warnings


def _lint_page(site: Site, page: Page, problems: Problems) -> None:
    """Raw HTML, macros that are not ours, and contacts that differ from the original page."""
    if not page.body.strip():
        problems.add(page.path, page.body_line, "the page has no text yet (write it below the front matter's closing '---')")
    for tag, active in raw_html_in(page.body):
        if active:
            problems.add(page.path, _line_of(page, tag), f"active HTML is not allowed in pages: '{tag}' (remove it; pages are Markdown)")
        else:
            problems.warn(page.path, _line_of(page, tag), f"raw HTML is shown to readers as text: '{tag}' (use Markdown: "
                                                          "**bold**, *italic*, [link](page))")
    for macro in unknown_macros_in(page.body):
        problems.add(page.path, _line_of(page, macro), f"unknown macro '{macro}' (write {{{{ contact: ID }}}}, or "
                                                       "{{ contacts }} on a line of its own)")
    source = site.pages.get((site.languages.source, page.slug))
    if source is None or source is page:
        return
    used, original = _contact_ids(page.body), _contact_ids(source.body)
    if unknown_macros_in(source.body) or original.keys() - site.contacts.by_id.keys():
        return  # the original's own mistake is reported on it; comparing with it would only add noise
    for contact in sorted(used.keys() - original.keys()):
        problems.add(page.path, _line_of(page, used[contact]), f"gives contact '{contact}', which the original {source.path} "
                                                               f"does not (a translation gives the same contacts as its original: "
                                                               f"{', '.join(sorted(original)) or 'none'})")
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
