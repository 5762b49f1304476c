"""Find what a page's Markdown should not hold: raw HTML, macros that are not ours, and
contact details typed in by hand.

Raw HTML is never passed through to readers (markdown.py shows it as text), so most of it is a
warning: the editor meant formatting and got angle brackets. Active HTML (scripts, frames,
forms, event handlers, `javascript:`) is an error: nobody writes that by mistake.
Code spans and code blocks are not looked at: there, markup is shown on purpose.

A contact detail typed into one translation can differ from the others, or be swapped by
someone who means harm; only the contact file may hold them. Radio frequencies are refused
too: the one often quoted belongs to the other side (see the content brief). Text inside the
macros and in code spans is not looked at.
"""

from __future__ import annotations

import re

from lifeline.content.markdown import CONTACT_INLINE

CODE = re.compile(r"(?ms)^(```|~~~).*?^\1[ \t]*$|`[^`\n]*`")
TAG = re.compile(r"<!--.*?-->|</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^>]*>", re.DOTALL)
ACTIVE_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "link",
    "meta",
    "base",
    "svg",
    "math",
    "template",
    "img",
    "video",
    "audio",
    "source",
    "portal",
}
ACTIVE_ATTRIBUTE = re.compile(r"\bon[a-z]+\s*=|javascript:|data:|srcdoc\s*=", re.IGNORECASE)
MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
CONTACT_MACRO = re.compile(CONTACT_INLINE)
CONTACT_LIST_LINE = re.compile(r"(?m)^\s*\{\{\s*contacts\s*\}\}\s*$")


def without_code(text: str) -> str:
    return CODE.sub(lambda match: " " * len(match.group(0)), text)


def raw_html_in(text: str) -> list[tuple[str, bool]]:
    """(the tag as written, whether it is active HTML) for each piece of raw HTML."""
    found = []
    for match in TAG.finditer(without_code(text)):
        tag = (match.group(1) or "").lower()
        found.append((match.group(0), tag in ACTIVE_TAGS or bool(ACTIVE_ATTRIBUTE.search(match.group(0)))))
    return found


def unknown_macros_in(text: str) -> list[str]:
    """Every `{{ ... }}` or `{% ... %}` that is not `{{ contact: ID }}` or a `{{ contacts }}` line."""
    text = CONTACT_LIST_LINE.sub("", without_code(text))
    return [match.group(0) for match in MACRO.finditer(text) if not CONTACT_MACRO.fullmatch(match.group(0))]


MACRO_OR_CODE = re.compile(r"\{\{[^}]*\}\}|`[^`]*`")
DIGIT = re.compile(r"\d")
# (what it looks like, its pattern, a quick test every match passes: most pages have none of
# these, and a plain search of the text is many times quicker than running the pattern over it)
PATTERNS = (
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), lambda text, lower: "@" in text),
    ("a messenger handle", re.compile(r"(?<![\w.@/])@[A-Za-z][A-Za-z0-9_]{3,31}\b"), lambda text, lower: "@" in text),
    (
        "a messenger link",
        re.compile(r"\b(?:t\.me|telegram\.me|wa\.me|signal\.me)/\S*", re.IGNORECASE),
        lambda text, lower: ".me/" in lower,
    ),
    (
        "a radio frequency",
        re.compile(r"\b\d{2,3}[.,]\d{1,3}\s*(?:MHz|МГц|kHz|кГц)", re.IGNORECASE),
        lambda text, lower: "hz" in lower or "гц" in lower,
    ),
    # Nine or more digits in one run of digits, spaces, dots, dashes and brackets.
    (
        "a phone number",
        re.compile(r"(?<![\w.])\+?\(?\d(?:[\d\s().-]*\d){8,}"),
        lambda text, lower: len(DIGIT.findall(text)) >= 9,
    ),
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
