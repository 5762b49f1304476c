"""Find what a page's Markdown should not hold: raw HTML and macros that are not ours.

Raw HTML is never passed through to readers (markup.py shows it as text), so most of it is a
warning: the editor meant formatting and got angle brackets. Active HTML (scripts, frames,
forms, event handlers, `javascript:`) is an error: nobody writes that by mistake.
Code spans and code blocks are not looked at: there, markup is shown on purpose.
"""
from __future__ import annotations

import re

from .markup import CONTACT_INLINE

CODE = re.compile(r"(?ms)^(```|~~~).*?^\1[ \t]*$|`[^`\n]*`")
TAG = re.compile(r"<!--.*?-->|</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^>]*>", re.DOTALL)
ACTIVE_TAGS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
               "button", "textarea", "select", "link", "meta", "base", "svg", "math", "template", "img", "video",
               "audio", "source", "portal"}
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
