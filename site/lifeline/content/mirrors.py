"""Official mirrors, read from `content/mirrors.yaml`, shown on the verify page in every language.

An onion address, when set, is also announced on every page (Tor Browser's `onion-location`)
and by the server in an `Onion-Location` header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lifeline.common.problems import Problems
from lifeline.common.yamlfile import LineDict, read_yaml_file

WEB = re.compile(r"^https://[^\s/]+\.[^\s/]+/(\S*/)?$")
ONION = re.compile(r"^http://[a-z2-7]{56}\.onion/$")


@dataclass(frozen=True)
class Mirror:
    url: str
    placeholder: bool
    line: int | None = None  # where the file gives it, for messages


@dataclass(frozen=True)
class Mirrors:
    web: list[Mirror]
    onion: str | None  # base address ending in '/', or None
    path: str = "mirrors.yaml"  # the file, as messages name it

    def onion_location(self, path: str) -> str | None:
        return self.onion + path.lstrip("/") if self.onion else None


def load_mirrors(path: Path, display: str, problems: Problems) -> Mirrors:
    """A missing file means no mirrors; a broken one adds problems."""
    if not path.is_file():
        return Mirrors([], None, display)
    data = read_yaml_file(path, display, problems)
    if data is None:
        return Mirrors([], None, display)
    if not isinstance(data, LineDict) or not set(data) <= {"mirrors", "onion"}:
        problems.add(display, 1, "must have only the keys 'mirrors' (a list) and 'onion'")
        return Mirrors([], None, display)
    web = []
    for entry in data.get("mirrors") or []:
        if (
            not isinstance(entry, LineDict)
            or not isinstance(entry.get("url"), str)
            or not set(entry) <= {"url", "placeholder"}
        ):
            problems.add(
                display,
                getattr(entry, "line", None),
                "each mirror is 'url: https://…/' with an optional 'placeholder: true'",
            )
            continue
        placeholder = entry.get("placeholder", False) is True
        if not placeholder and not WEB.match(entry["url"]):
            problems.add(display, entry.line_of("url"), f"{entry['url']!r} is not an https:// address ending in '/'")
            continue
        web.append(Mirror(entry["url"], placeholder, entry.line))
    onion = data.get("onion") or None
    if onion is not None and (not isinstance(onion, str) or not ONION.match(onion)):
        problems.add(
            display, data.line_of("onion"), "'onion' must be a v3 address like http://<56 letters and digits>.onion/"
        )
        onion = None
    return Mirrors(web, onion, display)
