"""Find contact details written into a page by hand instead of through the contact macros.

A number typed into one translation can differ from the others, or be swapped by someone
who means harm; only `content/contacts.yaml` may hold them. Radio frequencies are refused
too: the one often quoted belongs to the other side (see the content brief). Text inside the macros and in
code spans is not looked at.
"""
from __future__ import annotations

import re

MACRO_OR_CODE = re.compile(r"\{\{[^}]*\}\}|`[^`]*`")
PATTERNS = (
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("a messenger handle", re.compile(r"(?<![\w.@/])@[A-Za-z][A-Za-z0-9_]{3,31}\b")),
    ("a messenger link", re.compile(r"\b(?:t\.me|telegram\.me|wa\.me|signal\.me)/\S*", re.IGNORECASE)),
    # Nine or more digits in one run of digits, spaces, dots, dashes and brackets.
    ("a radio frequency", re.compile(r"\b\d{2,3}[.,]\d{1,3}\s*(?:MHz|МГц|kHz|кГц)", re.IGNORECASE)),
    ("a phone number", re.compile(r"(?<![\w.])\+?\(?\d(?:[\d\s().-]*\d){8,}")),
)


def contact_details_in(text: str) -> list[tuple[str, str]]:
    """(what it looks like, the text found) for each hand-written contact detail."""
    text = MACRO_OR_CODE.sub(" ", text)
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            found.append((kind, match.group(0).strip()))
            text = text.replace(match.group(0), " ")
    return found
