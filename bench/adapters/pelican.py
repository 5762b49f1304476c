"""Pelican 4.12: the corpus as Pelican pages, one per page per language, at <lang>/<slug>.html.

prepare() writes content/<lang>/<slug>.md, pelicanconf.py and a minimal theme of our own
(theme/templates/base.html and page.html). All conversion happens here, untimed:
- front matter becomes Pelican's own metadata lines (Title, Lang, Slug, Weight, Description,
  Modified, and `Translation: true` in every language but the source one); Pelican matches the
  translations of a page by slug, and DEFAULT_LANG is the source language;
- `{{ contact: ID }}` is a plain substitution: the contact's `value` from contacts.yaml, as text
  (no shortcode or macro exists in Pelican's Markdown reader);
- a link to a page, `[words](page-0042)`, becomes `[words](page-0042.html)`: relative, same folder.
The theme's nav lists, through a `menu` filter defined in pelicanconf.py, each of `pages` (the
source-language pages, sorted by weight through PAGE_ORDER_BY) or its translation into the page's
language, found once per language and reused (as this project caches its menu); the switcher walks
LANGUAGES and links the page or its translation in each. Markdown gets the project's own extensions (tables, sane_lists,
def_list, abbr, toc; Pelican adds meta). Pelican builds in a single process and has no option to
use more cores (it uses multiprocessing only for --autoreload with --listen), so it uses one core.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

NAME = "Pelican 4.12.0"
BIN = Path(__file__).resolve().parents[2] / ".venv-bench" / "bin"
CONTACT = re.compile(r"\{\{\s*contact:\s*([^}\s]*)\s*\}\}")
LINK = re.compile(r"\]\(([a-z0-9-]+)\)")

CONFIG = '''\
SITENAME = "Benchmark"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = {source!r}
LANGUAGES = {codes!r}
THEME = "theme"
THEME_STATIC_PATHS = []
STATIC_PATHS = []
ARTICLE_PATHS = []
PAGE_PATHS = [""]
PAGE_URL = PAGE_SAVE_AS = PAGE_LANG_URL = PAGE_LANG_SAVE_AS = "{{lang}}/{{slug}}.html"
PAGE_ORDER_BY = lambda page: int(page.weight)
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {{}}
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = TAGS_SAVE_AS = CATEGORIES_SAVE_AS = AUTHORS_SAVE_AS = ""
FEED_ATOM = FEED_RSS = FEED_ALL_ATOM = FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
RELATIVE_URLS = True
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
DELETE_OUTPUT_DIRECTORY = True


def menu(pages, lang, _cache={{}}):
    """Every page of `lang` in weight order, found once per language (as this project caches it)."""
    key = id(pages), lang
    if key not in _cache:
        _cache[key] = [item for source in pages for item in [source, *source.translations] if item.lang == lang]
    return _cache[key]


JINJA_FILTERS = {{"menu": menu}}
MARKDOWN = {{
    "extension_configs": {{name: {{}} for name in ("tables", "sane_lists", "def_list", "abbr", "toc")}},
    "output_format": "html5",
}}
'''

BASE = """\
<!DOCTYPE html>
<html lang="{{ page.lang }}">
<head>
<meta charset="utf-8">
<title>{{ page.title }} · {{ SITENAME }}</title>
<meta name="description" content="{{ page.description }}">
</head>
<body>
{% set others = [page] + page.translations %}
<nav class="languages"><ul>
{% for code in LANGUAGES %}{% for other in others if other.lang == code %}
<li><a href="{{ SITEURL }}/{{ other.url }}" hreflang="{{ code }}"{% if code == page.lang %} aria-current="true"{% endif %}>{{ code }}</a></li>
{% endfor %}{% endfor %}
</ul></nav>
<main>{% block main %}{% endblock %}</main>
<footer><nav><ul>
{% for item in pages | menu(page.lang) %}
<li><a href="{{ SITEURL }}/{{ item.url }}"{% if item.slug == page.slug %} aria-current="page"{% endif %}>{{ item.title }}</a></li>
{% endfor %}
</ul></nav></footer>
</body>
</html>
"""

PAGE = """\
{% extends "base.html" %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
{{ page.content }}
<p class="updated">{{ page.locale_modified }}</p>
</article>
{% endblock %}
"""


def _split(text: str) -> tuple[dict, str]:
    """(front matter, Markdown body) of one page in the project's format."""
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body.lstrip("\n")


def prepare(content: Path, work: Path) -> None:
    languages = yaml.safe_load((content / "languages.yaml").read_text(encoding="utf-8"))
    source, codes = languages["source"], [entry["code"] for entry in languages["languages"]]
    contacts = yaml.safe_load((content / "contacts.yaml").read_text(encoding="utf-8"))
    values = {channel["id"]: str(channel["value"]) for channel in contacts["channels"]}
    slugs = {path.stem for path in (content / source).glob("*.md")}

    def link(match: re.Match) -> str:
        target = match.group(1)
        return f"]({target}.html)" if target in slugs else match.group(0)

    for code in codes:
        folder = work / "content" / code
        folder.mkdir(parents=True)
        for path in sorted((content / code).glob("*.md")):
            meta, body = _split(path.read_text(encoding="utf-8"))
            body = LINK.sub(link, CONTACT.sub(lambda match: values[match.group(1)], body))
            header = [
                f"Title: {meta['title']}",
                f"Lang: {code}",
                f"Slug: {path.stem}",
                f"Weight: {meta.get('weight', 0)}",
                f"Description: {meta.get('description', '')}",
                f"Modified: {meta['updated']}",
            ] + (["Translation: true"] if code != source else [])
            (folder / path.name).write_text("\n".join(header) + "\n\n" + body, encoding="utf-8")
    templates = work / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "base.html").write_text(BASE, encoding="utf-8")
    (templates / "page.html").write_text(PAGE, encoding="utf-8")
    (work / "pelicanconf.py").write_text(CONFIG.format(source=source, codes=codes), encoding="utf-8")


def command(work: Path) -> list[str]:
    return [str(BIN / "pelican"), "content", "-o", "output", "-s", "pelicanconf.py", "-q"]


def output(work: Path) -> Path:
    return work / "output"
