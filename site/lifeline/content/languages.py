"""The site's languages, read from `content/languages.yaml`.

Only the list, the order and the fallbacks are ours; each language's own name, text direction
and date formats come from Babel's CLDR data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from lifeline.common.problems import Problems
from lifeline.common.yamlfile import LineDict, read_yaml_file


@dataclass(frozen=True)
class Language:
    code: str
    fallback: str | None
    locale: Locale

    @cached_property
    def name(self) -> str:
        """The language's name in its own language, capitalised as a list item."""
        name = self.locale.get_display_name(self.locale) or self.code
        return name[:1].upper() + name[1:]

    @cached_property
    def direction(self) -> str:
        return self.locale.text_direction

    @cached_property
    def og_locale(self) -> str:
        """Open Graph's form, language_TERRITORY, with the territory CLDR finds most likely (ru_RU)."""
        likely = Locale.parse(get_global("likely_subtags").get(self.code, self.code))
        return f"{self.code}_{likely.territory}" if likely.territory else self.code


@dataclass(frozen=True)
class Languages:
    source: str
    by_code: dict[str, Language]

    def __iter__(self) -> Iterator[Language]:
        return iter(self.by_code.values())

    def __contains__(self, code: str) -> bool:
        return code in self.by_code

    def __getitem__(self, code: str) -> Language:
        return self.by_code[code]

    def chain(self, code: str) -> list[str]:
        """The language, then its fallbacks in order, ending with the source language."""
        chain = [code]
        while (fallback := self.by_code[chain[-1]].fallback) and fallback not in chain:
            chain.append(fallback)
        if self.source not in chain:
            chain.append(self.source)
        return chain


def load_languages(path: Path, display: str, problems: Problems) -> Languages | None:
    """Read and check the languages file; return None (with problems added) when it is unusable."""
    if not path.is_file():
        problems.add(display, None, "missing: the site needs its list of languages")
        return None
    data = read_yaml_file(path, display, problems)
    if data is None:
        return None
    if not isinstance(data, LineDict) or set(data) != {"source", "languages"}:
        problems.add(display, 1, "must have exactly two keys, 'source' and 'languages'")
        return None
    entries = data["languages"]
    if not isinstance(entries, list) or not entries:
        problems.add(display, data.line_of("languages"), "'languages' must be a list of entries with a 'code'")
        return None
    by_code: dict[str, Language] = {}
    for entry in entries:
        language = _language(entry, display, problems, data.line_of("languages"))
        if language and language.code in by_code:
            problems.add(display, entry.line, f"language '{language.code}' is listed twice")
        elif language:
            by_code[language.code] = language
    source = data["source"]
    if source not in by_code:
        problems.add(display, data.line_of("source"), f"source language '{source}' is not in the list")
        return None
    _check_fallbacks(by_code, source, entries, display, problems)
    return Languages(source, by_code)


def _language(entry: Any, display: str, problems: Problems, list_line: int) -> Language | None:
    if not isinstance(entry, LineDict) or not isinstance(entry.get("code"), str):
        problems.add(display, getattr(entry, "line", list_line), "each language needs a 'code', e.g. 'code: uk'")
        return None
    unknown = set(entry) - {"code", "fallback"}
    for key in sorted(unknown):
        problems.add(display, entry.line_of(key), f"unknown key '{key}' (allowed: code, fallback)")
    code = entry["code"]
    try:
        locale = Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        problems.add(display, entry.line_of("code"), f"'{code}' is not a language Babel knows (use its ISO 639 code)")
        return None
    fallback = entry.get("fallback")
    if fallback is not None and not isinstance(fallback, str):
        problems.add(display, entry.line_of("fallback"), "'fallback' must be a language code")
        fallback = None
    return Language(code, fallback, locale)


def _check_fallbacks(
    by_code: dict[str, Language], source: str, entries: list[Any], display: str, problems: Problems
) -> None:
    lines = {e.get("code"): e for e in entries if isinstance(e, LineDict)}
    for code, language in by_code.items():
        entry = lines[code]
        if language.fallback is None:
            continue
        if code == source:
            problems.add(display, entry.line_of("fallback"), "the source language cannot have a fallback")
        elif language.fallback == code:
            problems.add(display, entry.line_of("fallback"), f"'{code}' cannot fall back to itself")
        elif language.fallback not in by_code:
            problems.add(display, entry.line_of("fallback"), f"fallback '{language.fallback}' is not a listed language")
