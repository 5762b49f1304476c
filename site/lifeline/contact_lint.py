"""Find contact details written into a page by hand instead of through the contact macros.

A number typed into one translation can differ from the others, or be swapped by someone
who means harm; only `content/contacts.yaml` may hold them. Radio frequencies are refused
too: the one often quoted belongs to the other side (see the content brief). Text inside the macros and in
code spans is not looked at.
"""
from __future__ import annotations

import re

MACRO_OR_CODE = re.compile(r"\{\{[^}]*\}\}|`[^`]*`")
DIGIT = re.compile(r"\d")
# (what it looks like, its pattern, a quick test every match passes: most pages have none of
# these, and a plain search of the text is many times quicker than running the pattern over it)
PATTERNS = (
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), lambda text, lower: "@" in text),
    ("a messenger handle", re.compile(r"(?<![\w.@/])@[A-Za-z][A-Za-z0-9_]{3,31}\b"), lambda text, lower: "@" in text),
    ("a messenger link", re.compile(r"\b(?:t\.me|telegram\.me|wa\.me|signal\.me)/\S*", re.IGNORECASE),
     lambda text, lower: ".me/" in lower),
    ("a radio frequency", re.compile(r"\b\d{2,3}[.,]\d{1,3}\s*(?:MHz|МГц|kHz|кГц)", re.IGNORECASE),
     lambda text, lower: "hz" in lower or "гц" in lower),
    # Nine or more digits in one run of digits, spaces, dots, dashes and brackets.
    ("a phone number", re.compile(r"(?<![\w.])\+?\(?\d(?:[\d\s().-]*\d){8,}"),
     lambda text, lower: len(DIGIT.findall(text)) >= 9),
)


def contact_details_in(text: str) -> list[tuple[str, str]]:
    """(what it looks like, the text found) for each hand-written contact detail."""
    text = MACRO_OR_CODE.sub(" ", text)
    found = []
    for kind, pattern, might_match in PATTERNS:
        if not might_match(text, text.lower()):
            continue
        for match in pattern.finditer(text):
            found.append((kind, match.group(0).strip()))
            text = text.replace(match.group(0), " ")
    return found
