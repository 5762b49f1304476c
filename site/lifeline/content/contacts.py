"""Contact channels, read from `content/contacts.yaml`: the one place for contact details.

Pages reach them only through the Markdown macros in `markup.py`, so every language shows
the same details. A channel marked `placeholder: true` is an example value: it is shown
without a link, the site carries a banner, and a release build refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lifeline.common.problems import Problems
from lifeline.common.yamlfile import LineDict, read_yaml_file
from lifeline.content.languages import Languages

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PROGRAMMES = ("live", "find")
# What a real value of each type looks like. Placeholders may break these rules on purpose
# (a hyphen cannot occur in a Telegram name), so that they can never belong to anyone.
VALUE_RULES = {
    "phone": (re.compile(r"^\+[0-9][0-9 ]{6,18}[0-9]$"), "an international number like +380 44 123 4567"),
    "telegram": (re.compile(r"^@[A-Za-z][A-Za-z0-9_]{4,31}$"), "a Telegram name like @example_bot"),
    "web": (re.compile(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$"), "an address starting with https://"),
}
PLACEHOLDER_RULE = re.compile(r"^[+@]?[\w .:/-]+$")
KEYS = {"id", "type", "value", "label", "placeholder", "programme"}


@dataclass(frozen=True)
class Channel:
    id: str
    type: str
    value: str
    labels: dict[str, str]
    placeholder: bool
    programme: str
    line: int

    def label(self, chain: list[str]) -> str:
        """The label in the first language of `chain` that has one."""
        return next(self.labels[code] for code in chain if code in self.labels)

    @property
    def href(self) -> str | None:
        """Where the value links to; None for placeholders, which must never be followed."""
        if self.placeholder:
            return None
        if self.type == "phone":
            return "tel:" + self.value.replace(" ", "")
        if self.type == "telegram":
            return "https://t.me/" + self.value[1:]
        return self.value


@dataclass(frozen=True)
class Contacts:
    path: str
    by_id: dict[str, Channel]

    def __iter__(self) -> Iterator[Channel]:
        return iter(self.by_id.values())

    @property
    def placeholders(self) -> list[Channel]:
        return [channel for channel in self if channel.placeholder]


def load_contacts(path: Path, display: str, languages: Languages, problems: Problems) -> Contacts | None:
    if not path.is_file():
        problems.add(display, None, "missing: the pages need the programme's contact channels")
        return None
    data = read_yaml_file(path, display, problems)
    if data is None:
        return None
    if not isinstance(data, LineDict) or not isinstance(data.get("channels"), list):
        problems.add(display, 1, "must have a key 'channels' with a list of channels")
        return None
    by_id: dict[str, Channel] = {}
    for entry in data["channels"]:
        channel = _channel(entry, display, languages, problems)
        if channel and channel.id in by_id:
            problems.add(display, channel.line, f"channel id '{channel.id}' is used twice")
        elif channel:
            by_id[channel.id] = channel
    return Contacts(display, by_id)


def _channel(entry: Any, display: str, languages: Languages, problems: Problems) -> Channel | None:
    if not isinstance(entry, LineDict):
        problems.add(display, None, "each channel must be a set of 'key: value' lines")
        return None
    before = len(problems.errors)
    for key in sorted(set(entry) - KEYS):
        problems.add(display, entry.line_of(key), f"unknown key '{key}' (allowed: {', '.join(sorted(KEYS))})")
    for key in ("id", "type", "value", "label"):
        if key not in entry:
            problems.add(display, entry.line, f"channel needs '{key}'")
    if len(problems.errors) > before:
        return None
    channel_id, kind, value = entry["id"], entry["type"], entry["value"]
    placeholder = entry.get("placeholder", False)
    programme = entry.get("programme", "live")
    if not isinstance(channel_id, str) or not ID.match(channel_id):
        problems.add(display, entry.line_of("id"), f"id {channel_id!r} must be lower-case letters, digits and hyphens")
    if placeholder not in (True, False):
        problems.add(display, entry.line_of("placeholder"), "'placeholder' must be true or false")
    if programme not in PROGRAMMES:
        problems.add(display, entry.line_of("programme"), f"'programme' must be one of: {', '.join(PROGRAMMES)}")
    if kind not in VALUE_RULES:
        problems.add(display, entry.line_of("type"), f"type {kind!r} is not one of: {', '.join(VALUE_RULES)}")
    elif not isinstance(value, str):
        problems.add(display, entry.line_of("value"), f"value must be text in quotes, not {value!r}")
    else:
        rule, example = VALUE_RULES[kind]
        allowed = PLACEHOLDER_RULE if placeholder is True else rule
        if not allowed.match(value):
            problems.add(display, entry.line_of("value"), f"value {value!r} is not {example}")
    labels = _labels(entry, display, languages, problems)
    if len(problems.errors) > before:
        return None
    return Channel(channel_id, kind, value, labels, placeholder, programme, entry.line)


def _labels(entry: LineDict, display: str, languages: Languages, problems: Problems) -> dict[str, str]:
    labels = entry["label"]
    line = entry.line_of("label")
    if not isinstance(labels, dict) or not all(isinstance(v, str) and v.strip() for v in labels.values()):
        problems.add(display, line, "'label' must list a text for each language, e.g. 'ru: Горячая линия'")
        return {}
    for code in labels:
        if code not in languages:
            problems.add(display, labels.line_of(code), f"label language '{code}' is not a listed language")
    if languages.source not in labels:
        problems.add(display, line, f"'label' needs the source language '{languages.source}'")
    return {code: text.strip() for code, text in labels.items()}
