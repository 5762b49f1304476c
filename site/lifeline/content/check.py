"""Check everything an editor can change, at once: content, data files and catalogs.

`lifeline check` runs this, and so does every build (through create_app) before anything is
written, so the two can never disagree.
"""

from __future__ import annotations

from pathlib import Path

from lifeline.common.problems import ContentError, Problem, Problems
from lifeline.content import catalogs
from lifeline.content.languages import load_languages
from lifeline.content.render import RenderCache
from lifeline.content.site import Site, load_site


def check_everything(
    content_dir: Path, translations_dir: Path, renders: RenderCache | None = None
) -> tuple[Site | None, list[Problem]]:
    """The loaded site (None when content is broken) and every problem and warning, by file and line."""
    found: list[Problem] = []
    try:
        site = load_site(content_dir, renders)
        found += site.warnings
        codes = [language.code for language in site.languages]
    except ContentError as error:
        site = None
        found += error.problems
        codes = _language_codes(content_dir)
    problems = Problems()
    catalogs.compile_catalogs(translations_dir, codes, problems)
    found += problems.errors
    return site, sorted(found, key=lambda problem: (problem.path, problem.line or 0))


def _language_codes(content_dir: Path) -> list[str]:
    """The languages whose catalogs can still be checked when pages are broken (none if the list is)."""
    languages = load_languages(content_dir / "languages.yaml", "languages.yaml", Problems())
    return [language.code for language in languages] if languages else []


def has_errors(problems: list[Problem]) -> bool:
    return any(not problem.warning for problem in problems)
