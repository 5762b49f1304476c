"""Load everything under `content/` once into a `Site`, checking it all on the way.

Every problem in every file is collected, and `load_site` raises one `ContentError` listing
them, so an editor fixes all mistakes in one pass. Pages are rendered to HTML here too: a
link to a missing page or an unknown contact is a content problem, found before any freeze.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .contact_lint import contact_details_in
from .contacts import Contacts, load_contacts
from .languages import Languages, load_languages
from .markup import RenderContext, Renderer
from .mirrors import Mirrors, load_mirrors
from .pages import SLUG, Page, load_page
from .problems import Problems
from .signing import PublicKey, SignatureError

PUBLIC_KEY_FILE = "signing-key.pub"


@dataclass
class Site:
    languages: Languages
    contacts: Contacts
    pages: dict[tuple[str, str], Page]  # (lang, slug) -> the page file of that language
    slugs: list[str]  # the source language's pages, in navigation order
    mirrors: Mirrors
    public_key: PublicKey | None  # content/signing-key.pub: the key genuine copies are signed with

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


def load_site(content_dir: Path) -> Site:
    """Read, check and render all content; raise ContentError listing every problem."""
    content_dir = Path(content_dir)
    problems = Problems()
    shown = content_dir.name

    languages = load_languages(content_dir / "languages.yaml", f"{shown}/languages.yaml", problems)
    if languages is None:
        problems.raise_if_any()
    contacts = load_contacts(content_dir / "contacts.yaml", f"{shown}/contacts.yaml", languages, problems)
    pages = _load_pages(content_dir, shown, languages, problems)
    mirrors = load_mirrors(content_dir / "mirrors.yaml", f"{shown}/mirrors.yaml", problems)
    public_key = _load_public_key(content_dir / PUBLIC_KEY_FILE, f"{shown}/{PUBLIC_KEY_FILE}", problems)
    problems.raise_if_any()

    source = languages.source
    slugs = sorted((slug for lang, slug in pages if lang == source), key=lambda s: (pages[(source, s)].weight, s))
    site = Site(languages, contacts, pages, slugs, mirrors, public_key)
    _render_pages(site, problems)
    problems.raise_if_any()
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
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        if folder.name not in languages:
            problems.add(f"{shown}/{folder.name}", None, "folder of a language not in languages.yaml (add it there, or remove the folder)")
            continue
        for file in sorted(folder.iterdir()):
            display = f"{shown}/{folder.name}/{file.name}"
            if file.suffix != ".md" or not file.is_file():
                problems.add(display, None, "not a page: pages are Markdown files ending in .md")
            elif not SLUG.match(file.stem):
                problems.add(display, None, "page names are lower-case letters, digits and hyphens, like 'rights.md'")
            else:
                is_source = folder.name == languages.source
                page = load_page(file, display, folder.name, is_source, problems)
                if page:
                    pages[(folder.name, page.slug)] = page
    source = languages.source
    if (source, "index") not in pages and not problems:
        problems.add(f"{shown}/{source}/index.md", None, "missing: every language needs a home page, and the source language has none")
    for lang, slug in pages:
        if lang != source and not (content_dir / source / f"{slug}.md").is_file():
            problems.add(pages[(lang, slug)].path, None, f"no source page {shown}/{source}/{slug}.md to translate")
    return pages


def _render_pages(site: Site, problems: Problems) -> None:
    renderer = Renderer()
    slugs = set(site.slugs)
    for page in site.pages.values():
        context = RenderContext(site.languages.chain(page.lang), slugs, site.contacts)
        page.html = renderer.render(page.body, context)
        for message, needle in context.found:
            problems.add(page.path, _line_of(page, needle), message)
        for kind, text in contact_details_in(page.body):
            problems.add(page.path, _line_of(page, text),
                         f"{kind} written into the page: '{text}' (use {{{{ contact: ID }}}}; details live only in {site.contacts.path})")


def _line_of(page: Page, needle: str) -> int | None:
    for offset, line in enumerate(page.body.split("\n")):
        if needle in line:
            return page.body_line + offset
    return None
