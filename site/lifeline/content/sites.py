"""content/sites.yaml: the other sites pages may link to, and how look-alikes are caught.

A reader who follows a link to a fake copy of a trusted site can be tricked into giving
themselves away. So a link to another site must name a host on the list (or a subdomain of
one), and a host that imitates a listed one, or the programme's own website, is called out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lifeline.common.problems import Problems
from lifeline.common.yamlfile import LineDict, read_yaml_file

HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Letters and digits that fake sites put in place of each other.
LOOK_ALIKE = str.maketrans({"0": "o", "1": "l", "i": "l", "3": "e", "5": "s", "-": "", ".": ""})


@dataclass(frozen=True)
class AllowedSites:
    path: str
    hosts: tuple[str, ...]
    trusted: tuple[str, ...]  # hosts also worth protecting from look-alikes: the programme's own

    def problem_with(self, href: str) -> str | None:
        """Why a link to another site may not be made, or None if it may."""
        parts = urlsplit(href)
        host = (parts.hostname or "").rstrip(".")
        if "@" in parts.netloc:
            return f"link '{href}' hides its real address behind '@': a trick of fake sites (remove it)"
        if not host.isascii() or "xn--" in host:
            return (
                f"link '{href}': its address uses letters of another alphabet that look like Latin ones, "
                "a trick of fake sites (remove it)"
            )
        if any(host == allowed or host.endswith("." + allowed) for allowed in self.hosts):
            return None
        if original := self._imitated_by(host):
            return f"link '{href}': '{host}' looks like '{original}' but is another site, a trick of fake sites (remove it)"
        return f"link to a site not on the list of allowed sites: '{host}' (add it to {self.path} if it is trustworthy)"

    def _imitated_by(self, host: str) -> str | None:
        squeezed = _squeeze(host)
        for original in self.hosts + self.trusted:
            if _squeeze(original) == squeezed or difflib.SequenceMatcher(None, host, original).ratio() >= 0.8:
                return original
        return None


def _squeeze(host: str) -> str:
    return host.removeprefix("www.").translate(LOOK_ALIKE).replace("rn", "m").replace("vv", "w")


def load_sites(path: Path, display: str, trusted: list[str], problems: Problems) -> AllowedSites:
    """Read the list; a missing file allows no other site."""
    hosts: list[str] = []
    data = read_yaml_file(path, display, problems) if path.is_file() else None
    if data is not None and (
        not isinstance(data, LineDict) or set(data) != {"allowed"} or not isinstance(data["allowed"], list)
    ):
        problems.add(display, 1, "must have one key, 'allowed', with a list of host names like 'www.icrc.org'")
    elif data is not None:
        for index, host in enumerate(data["allowed"]):
            if isinstance(host, str) and HOST.match(host):
                hosts.append(host)
            else:
                problems.add(
                    display,
                    data.line_of("allowed") + 1 + index,
                    f"not a host name: {host!r} (write it like 'www.icrc.org', without https:// or a path)",
                )
    return AllowedSites(display, tuple(hosts), tuple(trusted))
