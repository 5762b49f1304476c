"""The corpus as an MkDocs 1.6.1 project with the mkdocs-static-i18n 1.3.1 plugin.

Layout: docs/<lang>/<slug>.md (the plugin's `docs_structure: folder`), the corpus's source
language `default: true`, `use_directory_urls: false`, `plugins: [i18n]` only (no search index).
The plugin builds the default language into site/<slug>.html and every other language into
site/<lang>/<slug>.html; that is its fixed layout, the nearest form of <lang>/<slug>.html.

Conversion, done once at prepare time (not timed):
- `{{ contact: ID }}` is replaced by the contact's `value` from contacts.yaml as plain text
  (a substitution, no MkDocs macro plugin), the way this project shows placeholder values;
- a link to a page, `[words](page-0042)` or `(page-0042#part)`, becomes `[words](page-0042.md)`,
  which MkDocs resolves to the page of the same language and rewrites to a relative .html;
- front matter is kept as is (MkDocs reads `title` from it).

The menu is an explicit nav per language (the plugin's `languages[].nav` override), each entry
`title: <lang>/<slug>.md` in the language's weight order; the top-level `nav` is the source
language's. The theme is a minimal custom one (theme/main.html): <h1> title, body, the `nav`
object as the menu, and a language switcher built from `page.file.alternates`, the plugin's map
of the same page in every built language (what its Material integration uses for
`extra.alternate`), listed in languages.yaml order. An empty theme/sitemap.xml replaces the
plugin's i18n sitemap, so MkDocs skips it; the theme has no 404.html, so none is written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

NAME = "MkDocs 1.6.1 + mkdocs-static-i18n 1.3.1"
_BENCH_BIN = Path(__file__).resolve().parents[2] / ".venv-bench" / "bin"
BIN = Path(sys.prefix) / "bin" if (Path(sys.prefix) / "bin" / "mkdocs").exists() else _BENCH_BIN

CONTACT = re.compile(r"\{\{\s*contact:\s*([^}\s]*)\s*\}\}")
PAGE_LINK = re.compile(r"\]\(([a-z0-9][a-z0-9-]*)(#[^)\s]*)?\)")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)

MAIN_HTML = """\
<!doctype html>
<html lang="{{ i18n_page_locale }}">
<head>
<meta charset="utf-8">
<title>{{ page.title }}</title>
<meta name="description" content="{{ page.meta.description }}">
</head>
<body>
<nav class="languages">
{%- for language in i18n_config.languages %}{% set other = page.file.alternates[language.locale] %}
<a href="{{ other.url | url }}" hreflang="{{ language.locale }}">{{ language.name }}</a>
{%- endfor %}
</nav>
<nav class="menu"><ul>
{%- for item in nav %}
<li><a href="{{ item.url | url }}">{{ item.title }}</a></li>
{%- endfor %}
</ul></nav>
<main>
<h1>{{ page.title }}</h1>
{{ page.content }}
</main>
</body>
</html>
"""


def prepare(content: Path, work: Path) -> None:
    languages = yaml.safe_load((content / "languages.yaml").read_text(encoding="utf-8"))
    codes = [entry["code"] for entry in languages["languages"]]
    contacts = yaml.safe_load((content / "contacts.yaml").read_text(encoding="utf-8"))
    values = {channel["id"]: str(channel["value"]) for channel in contacts["channels"]}

    navs = {}
    for code in codes:
        pages = []  # (weight, slug, title)
        slugs = {path.stem for path in (content / code).glob("*.md")}
        (work / "docs" / code).mkdir(parents=True)
        for path in sorted((content / code).glob("*.md")):
            text = path.read_text(encoding="utf-8")
            meta = yaml.safe_load(FRONT_MATTER.match(text).group(1))
            pages.append((meta.get("weight", 0), path.stem, str(meta["title"])))
            text = CONTACT.sub(lambda m: values[m.group(1)], text)
            text = PAGE_LINK.sub(
                lambda m: (
                    f"]({m.group(1)}.md{m.group(2) or ''})"
                    if m.group(1) in slugs  # noqa: B023 (used at once, in this loop)
                    else m.group(0)
                ),
                text,
            )
            (work / "docs" / code / path.name).write_text(text, encoding="utf-8")
        navs[code] = [{title: f"{code}/{slug}.md"} for _, slug, title in sorted(pages)]

    config = {
        "site_name": "Benchmark",
        "docs_dir": "docs",
        "use_directory_urls": False,
        "theme": {"name": None, "custom_dir": "theme"},
        "nav": [dict(item) for item in navs[languages["source"]]],  # a copy: no YAML alias
        "plugins": [
            {
                "i18n": {
                    "docs_structure": "folder",
                    "fallback_to_default": False,
                    "reconfigure_material": False,
                    "reconfigure_search": False,
                    "languages": [
                        {
                            "locale": code,
                            "name": code,
                            "default": code == languages["source"],
                            "build": True,
                            "nav": navs[code],
                        }
                        for code in codes
                    ],
                }
            }
        ],
    }
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (work / "theme").mkdir()
    (work / "theme" / "main.html").write_text(MAIN_HTML, encoding="utf-8")
    (work / "theme" / "sitemap.xml").write_text("", encoding="utf-8")


def command(work: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "--quiet", "--clean", "--site-dir", "site"]


def output(work: Path) -> Path:
    return work / "site"
