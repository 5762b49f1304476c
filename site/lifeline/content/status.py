"""Translation status for editors: what is missing, machine-made, reviewed or out of date."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lifeline.common.problems import Problems
from lifeline.content.catalogs import CatalogStats, catalog_stats
from lifeline.content.site import Site

SOURCE, REVIEWED, MACHINE, STALE, MISSING = "source", "reviewed", "machine", "stale", "missing"


def page_state(site: Site, lang: str, slug: str) -> str:
    page = site.pages.get((lang, slug))
    if page is None:
        return MISSING
    if lang == site.languages.source:
        return SOURCE
    if site.is_stale(page):
        return STALE
    return MACHINE if page.translation == "machine" else REVIEWED


@dataclass
class Status:
    codes: list[str]
    rows: list[tuple[str, list[str]]]  # (slug, one state per language)
    catalogs: list[CatalogStats]
    problems: Problems

    def count(self, state: str) -> int:
        return sum(states.count(state) for _, states in self.rows)

    @property
    def incomplete_catalogs(self) -> list[CatalogStats]:
        return [stats for stats in self.catalogs if stats.translated < stats.total]

    @property
    def is_complete(self) -> bool:
        return not (
            self.count(MISSING) or self.count(STALE) or self.count(MACHINE) or self.incomplete_catalogs or self.problems
        )


def status_of(site: Site, translations_dir: Path) -> Status:
    codes = [language.code for language in site.languages]
    rows = [(slug, [page_state(site, code, slug) for code in codes]) for slug in site.slugs]
    problems = Problems()
    catalogs = [stats for code in codes if (stats := catalog_stats(translations_dir, code, problems))]
    return Status(codes, rows, catalogs, problems)


def format_status(status: Status) -> str:
    width = max(len(label) for label in [slug for slug, _ in status.rows] + ["interface strings"]) + 2
    cell = max(len(state) for state in (SOURCE, REVIEWED, MACHINE, STALE, MISSING)) + 2
    lines = ["page".ljust(width) + "".join(code.ljust(cell) for code in status.codes)]
    lines += [slug.ljust(width) + "".join(state.ljust(cell) for state in states) for slug, states in status.rows]
    lines.append("")
    lines.append("interface strings".ljust(width) + "".join(code.ljust(cell) for code in status.codes))
    shares = {stats.code: f"{100 * stats.translated // max(stats.total, 1)}%" for stats in status.catalogs}
    fuzzy = {stats.code: str(stats.fuzzy) for stats in status.catalogs}
    lines.append("  translated".ljust(width) + "".join(shares.get(code, "none").ljust(cell) for code in status.codes))
    lines.append("  fuzzy".ljust(width) + "".join(fuzzy.get(code, "-").ljust(cell) for code in status.codes))
    lines.append("")
    lines.append(
        f"{status.count(MISSING)} missing, {status.count(STALE)} stale, {status.count(MACHINE)} machine-translated, "
        f"{len(status.incomplete_catalogs)} catalogs incomplete."
    )
    lines += [str(problem) for problem in status.problems.errors]
    return "\n".join(line.rstrip() for line in lines)
