"""Load everything under `content/` once into a `Site`, checking it all on the way.

Every problem in every file is collected, and `load_site` raises one `ContentError` listing
them, so an editor fixes all mistakes in one pass. Pages are rendered to HTML here too
(render.py): a link to a missing page or an unknown contact is a content problem, found
before any freeze.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from lifeline.common.parallel import map_on_cores
from lifeline.common.problems import Problem, Problems
from lifeline.common.signing import PublicKey, SignatureError
from lifeline.content.contacts import Contacts, load_contacts
from lifeline.content.languages import Languages, load_languages
from lifeline.content.mirrors import Mirrors, load_mirrors
from lifeline.content.pages import SLUG, Page, load_page
from lifeline.content.render import RenderCache, render_all
from lifeline.content.sites import AllowedSites, load_sites

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
        return next(self.pages[(code, slug)] for code in self.languages.chain(lang) if (code, slug) in self.pages)

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
    display_root = content_dir.name

    languages = load_languages(content_dir / LANGUAGES_FILE, f"{display_root}/{LANGUAGES_FILE}", problems)
    if languages is None:
        problems.raise_if_any()
    contacts = load_contacts(content_dir / CONTACTS_FILE, f"{display_root}/{CONTACTS_FILE}", languages, problems)
    pages = _load_pages(content_dir, display_root, languages, problems)
    mirrors = load_mirrors(content_dir / "mirrors.yaml", f"{display_root}/mirrors.yaml", problems)
    public_key = _load_public_key(content_dir / PUBLIC_KEY_FILE, f"{display_root}/{PUBLIC_KEY_FILE}", problems)
    own_hosts = (
        [urlsplit(channel.value).hostname or "" for channel in contacts if channel.type == "web"] if contacts else []
    )
    sites = load_sites(content_dir / SITES_FILE, f"{display_root}/{SITES_FILE}", own_hosts, problems)
    problems.raise_if_any()

    source = languages.source
    slugs = sorted((slug for lang, slug in pages if lang == source), key=lambda s: (pages[(source, s)].weight, s))
    site = Site(languages, contacts, pages, slugs, mirrors, public_key, sites)
    keys = list(pages)
    for key, (html, found) in zip(keys, render_all(site, keys, content_dir, renders)):
        pages[key].html = html
        problems.errors += [problem for problem in found if not problem.warning]
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


def _load_pages(content_dir: Path, display_root: str, languages: Languages, problems: Problems) -> dict:
    pages: dict[tuple[str, str], Page] = {}
    jobs = []  # page files to read: (file, display path, language, is it the source language)
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        if folder.name not in languages:
            problems.add(
                f"{display_root}/{folder.name}",
                None,
                "folder of a language not in languages.yaml (add it there, or remove the folder)",
            )
            continue
        names = Counter(file.stem.lower() for file in folder.iterdir())
        for file in sorted(folder.iterdir()):
            display = f"{display_root}/{folder.name}/{file.name}"
            if file.suffix != ".md" or not file.is_file():
                problems.add(display, None, "not a page: pages are Markdown files ending in .md")
            elif names[file.stem.lower()] > 1:
                problems.add(
                    display,
                    None,
                    f"duplicate page name: another file in {display_root}/{folder.name}/ differs only in capitals "
                    "or ending, and on many systems they are one file (keep one)",
                )
            elif not SLUG.match(file.stem):
                problems.add(display, None, "page names are lower-case letters, digits and hyphens, like 'rights.md'")
            elif file.stem in RESERVED_SLUGS:
                problems.add(
                    display, None, f"the name '{file.stem}' is taken by {RESERVED_SLUGS[file.stem]} (rename the file)"
                )
            else:
                jobs.append((file, display, folder.name, folder.name == languages.source))
    for page, found in map_on_cores(_load_one, jobs):
        problems.errors += found
        if page:
            pages[(page.lang, page.slug)] = page
    source = languages.source
    if (source, "index") not in pages and not problems:
        problems.add(
            f"{display_root}/{source}/index.md",
            None,
            "missing: every language needs a home page, and the source language has none",
        )
    for lang, slug in pages:
        if lang != source and not (content_dir / source / f"{slug}.md").is_file():
            problems.add(
                pages[(lang, slug)].path, None, f"no source page {display_root}/{source}/{slug}.md to translate"
            )
    return pages


def _load_one(job: tuple[Path, str, str, bool]) -> tuple[Page | None, list]:
    problems = Problems()
    return load_page(*job, problems), problems.errors
