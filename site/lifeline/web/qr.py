"""QR codes of the addresses a phone can open: the bots, the website, the mirrors, the onion address.

Made at build time by segno as inline SVG (vector: sharp at any print size, a kilobyte or two
each, nothing to fetch). Each code is drawn with its quiet zone and sized so that the code
itself is `CODE_WIDTH_CM` wide on paper: office printers and old phone cameras read that
easily. A placeholder is never made a code, as it is never made a link: it has a box instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from flask_babel import gettext
from markupsafe import Markup

from lifeline.content.site import Site

CODE_WIDTH_CM = 3.0  # the code without its quiet zone; the leaflet's minimum is 2.5 cm
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
OPENABLE_TYPES = ("telegram", "web")  # a phone number is typed or tapped, not scanned


@dataclass(frozen=True)
class Code:
    label: str
    address: str  # what the code holds, and what is printed under it
    svg: Markup | None  # None for a placeholder


def codes_for(site: Site, lang_code: str) -> list[Code]:
    """The codes for the leaflet and the share page, labelled in `lang_code` (this request's language)."""
    return codes_of(
        site, site.languages.chain(lang_code), gettext("Official mirror"), gettext("Onion address, for Tor Browser")
    )


def codes_of(site: Site, lang_chain: list[str], mirror_label: str, onion_label: str) -> list[Code]:
    """Contact channels first (the programme's own, not its sister project's), then the mirrors."""
    codes = [
        _code(channel.label(lang_chain), channel.href or channel.value, channel.placeholder)
        for channel in site.contacts
        if channel.programme == "live" and channel.type in OPENABLE_TYPES
    ]
    codes += [_code(mirror_label, mirror.url, mirror.placeholder) for mirror in site.mirrors.web]
    if site.mirrors.onion:
        codes.append(_code(onion_label, site.mirrors.onion, False))
    return codes


def qr_svg(address: str, label: str) -> Markup:
    """`address` as an SVG QR code, sized in centimetres, labelled for screen readers."""
    code = segno.make(address, error="m", micro=False)
    modules = code.symbol_size(scale=1, border=0)[0]
    width = round(CODE_WIDTH_CM * (modules + 2 * QUIET_ZONE) / modules, 2)
    svg = code.svg_inline(
        scale=1, border=QUIET_ZONE, omitsize=True, svgclass="qr", lineclass=None, dark="#000", light="#fff", title=label
    )
    return Markup(svg.replace("<svg ", f'<svg role="img" width="{width}cm" height="{width}cm" ', 1))


def _code(label: str, address: str, placeholder: bool) -> Code:
    return Code(label, address, None if placeholder else qr_svg(address, label))
