"""What the web app keeps for the whole site: one object in `app.extensions["lifeline"]`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from lifeline.content.site import Site

STYLESHEET = Path(__file__).parent / "static" / "style.css"


@dataclass
class WebState:
    site: Site
    stylesheet: bytes  # the one stylesheet, served at an address that names its digest
    menus: dict = field(default_factory=dict)  # menu.py: (language, script root, folder) -> Menu
    links: dict = field(default_factory=dict)  # links.py: addresses and the ways between folders

    @property
    def stylesheet_digest(self) -> str:
        return hashlib.sha256(self.stylesheet).hexdigest()[:12]

    @classmethod
    def of(cls, site: Site) -> WebState:
        return cls(site, STYLESHEET.read_bytes())


def state() -> WebState:
    """The state of the app handling this request."""
    return current_app.extensions["lifeline"]
