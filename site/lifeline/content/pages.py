"""Pages: `content/<lang>/<slug>.md`, YAML front matter between `---` lines, then Markdown."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from lifeline.common.files import MAX_PAGE_BYTES, read_text
from lifeline.common.problems import Problems
from lifeline.common.yamlfile import LineDict, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REVISION = re.compile(r"^[0-9a-f]{12}$")
WORD = re.compile(r"\w+")
# Titles and descriptions are plain text: markup or template syntax in them is a mistake or an attack.
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>|\{\{|\{%|javascript:", re.IGNORECASE)
TRANSLATION_KINDS = ("machine", "reviewed")
REQUIRED = ("title", "description", "weight", "updated")
TRANSLATION_ONLY = ("source_revision", "translation")


@dataclass
class Page:
    lang: str
    slug: str
    path: str  # as shown to editors, e.g. content/ru/rights.md
    title: str
    description: str
    weight: int
    updated: date
    body: str
    body_line: int  # file line of the body's first line
    revision: str
    source_revision: str | None = None
    translation: str | None = None  # 'machine' or 'reviewed'; None for the source language
    html: str = ""

    @cached_property
    def minutes_to_read(self) -> int:
        """At an unhurried 150 words a minute: readers may be tired, frightened, reading on a phone."""
        return max(1, round(len(WORD.findall(self.body)) / 150))


def revision_of(text: str) -> str:
    """A page's revision: the start of the SHA-256 of its text, line ends normalised."""
    normalised = text.replace("\r\n", "\n").encode("utf-8")
    return hashlib.sha256(normalised).hexdigest()[:12]


def load_page(file: Path, display: str, lang: str, is_source: bool, problems: Problems) -> Page | None:
    """Read one page; add a problem for each thing wrong with it and return None if any."""
    text = read_text(file, display, problems, MAX_PAGE_BYTES)
    if text is None:
        return None
    found_before = len(problems.errors)
    parts = _split(text, display, problems)
    if parts is None:
        return None
    front, body, body_line = parts
    fields = load_yaml(front, display, problems, line_offset=1)
    if fields is None:
        return None
    if not isinstance(fields, LineDict):
        problems.add(display, 2, "front matter must be 'key: value' lines")
        return None
    values = _check_fields(fields, display, is_source, problems)
    if len(problems.errors) > found_before:
        return None
    return Page(
        lang=lang, slug=file.stem, path=display, body=body, body_line=body_line, revision=revision_of(text), **values
    )


def _split(text: str, display: str, problems: Problems) -> tuple[str, str, int] | None:
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].strip() != "---":
        problems.add(display, 1, "must start with front matter: a line '---', the fields, then '---'")
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    problems.add(display, 1, "front matter is not closed: add a line '---' after the last field")
    return None


def _check_fields(fields: LineDict, display: str, is_source: bool, problems: Problems) -> dict:
    allowed = REQUIRED if is_source else REQUIRED + TRANSLATION_ONLY
    for key in fields:
        if key not in allowed:
            problems.add(
                display, fields.line_of(key), f"front matter: unknown field '{key}' ({_hint(str(key), allowed)})"
            )
    for key in allowed:
        if key not in fields:
            problems.add(display, 1, f"front matter: '{key}' is required")
    checks = {
        "title": _text,
        "description": _text,
        "weight": _whole_number,
        "updated": _date,
        "source_revision": _revision,
        "translation": _translation_kind,
    }
    values = {}
    for key in allowed:
        if key in fields:
            value, error = checks[key](fields[key])
            if error:
                problems.add(display, fields.line_of(key), f"front matter: '{key}' {error}")
            values[key] = value
    return values


def _hint(key: str, allowed: tuple[str, ...]) -> str:
    if key in TRANSLATION_ONLY:
        return "only translations have it: remove it"
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(allowed)}"


def _text(value: Any) -> tuple[str | None, str | None]:
    if not isinstance(value, str):
        return None, f"must be text, not {value!r} (put it in quotes)"
    if not value.strip():
        return None, "is empty"
    if found := MARKUP.search(value):
        return None, f"must be plain text, without markup or code: remove '{found.group(0)}'"
    return value.strip(), None


def _whole_number(value: Any) -> tuple[int | None, str | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, f"must be a whole number, not {value!r}"
    return value, None


def _date(value: Any) -> tuple[date | None, str | None]:
    if isinstance(value, datetime):
        return None, "must be a date without a time, like 2026-11-21"
    if isinstance(value, date):
        return value, None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value), None
        except ValueError:
            pass
    return None, f"must be a date like 2026-11-21, not {value!r}"


def _revision(value: Any) -> tuple[str | None, str | None]:
    if isinstance(value, str) and REVISION.match(value):
        return value, None
    return None, f"must be the 12-character revision of the source page in quotes, not {value!r}"


def _translation_kind(value: Any) -> tuple[str | None, str | None]:
    if value in TRANSLATION_KINDS:
        return value, None
    return None, f"must be 'machine' or 'reviewed', not {value!r}"
