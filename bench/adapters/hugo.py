"""Hugo: the corpus as a multilingual Hugo project, one contentDir per language.

Conversion (at prepare time, not timed):
- content/<lang>/<slug>.md keeps its front matter and becomes content/<lang>/<slug>.md of the Hugo
  project; the page `index` becomes content/<lang>/_index.md, the language's home page, which Hugo
  writes (with `uglyURLs`) to <lang>/index.html like every other page to <lang>/<slug>.html.
- `{{ contact: ID }}` becomes the shortcode `{{< contact "ID" >}}`, which looks the value up at
  build time in data/contacts.yaml (a copy of content/contacts.yaml): the lookup is Hugo's work.
- `[words](page-0042)` becomes `[words](page-0042.html)`, a relative link to the sibling file
  (Hugo's default link render hook is off: there is nothing left for it to resolve).

Templates: one layout (layouts/all.html) with the title as <h1>, the nav as
`partialCached "nav.html" . .Lang` (rendered once per language: home, then regular pages by weight)
and a switcher from `.AllTranslations`. RSS, sitemap, taxonomies, 404, robots.txt, the root
language redirect and minification are off, so the output is only languages x pages HTML files.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

NAME = "Hugo 0.168.0"


def _binary() -> Path:
    """The real Go binary inside the `hugo` package (not its Python wrapper, so Python's start-up is not timed)."""
    for prefix in (Path(sys.prefix), Path(__file__).resolve().parents[2] / ".venv-bench"):
        found = sorted(prefix.glob("lib/python3*/site-packages/hugo/binaries/hugo"))
        if found:
            return found[0]
    raise FileNotFoundError("Hugo binary not found: install bench/requirements.txt into .venv-bench")


CONTACT = re.compile(r"\{\{\s*contact:\s*([^}\s]*)\s*\}\}")
LINK = re.compile(r"\]\(([a-z0-9-]+)\)")

LAYOUTS = {
    "all.html": """<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title><meta name="description" content="{{ .Description }}"></head>
<body>
{{ partialCached "nav.html" . .Lang }}
<nav class="languages">{{ range .AllTranslations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}"{{ if eq .Lang $.Lang }} aria-current="true"{{ end }}>{{ .Lang }}</a> {{ end }}</nav>
<main><h1>{{ .Title }}</h1>
{{ .Content }}</main>
</body>
</html>
""",
    "_partials/nav.html": """<nav class="pages"><ul>
{{- with site.Home }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
{{- range site.RegularPages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end -}}
</ul></nav>
""",
    "_shortcodes/contact.html": """{{- $id := .Get 0 -}}
{{- range where hugo.Data.contacts.channels "id" $id }}<span class="contact" dir="ltr">{{ .value }}</span>{{ end -}}
""",
}


def _config(codes: list[str]) -> str:
    lines = [
        'baseURL = "/"',
        'title = "Benchmark"',
        f'defaultContentLanguage = "{codes[0]}"',
        "defaultContentLanguageInSubdir = true",
        "disableDefaultLanguageRedirect = true",
        "uglyURLs = true",
        "relativeURLs = false",
        "enableRobotsTXT = false",
        "disableHugoGeneratorInject = true",
        'disableKinds = ["taxonomy", "term", "section", "RSS", "sitemap", "404", "robotsTXT"]',
        "[taxonomies]",
        "[minify]",
        "  minifyOutput = false",
        "[markup.goldmark.renderHooks.link]",
        '  useEmbedded = "never"',  # links are already final
        "[markup.goldmark.renderHooks.image]",
        '  useEmbedded = "never"',
        "[languages]",
    ]
    for weight, code in enumerate(codes, start=1):
        lines += [f"  [languages.{code}]", f'    contentDir = "content/{code}"', f"    weight = {weight}"]
    return "\n".join(lines) + "\n"


def prepare(content: Path, work: Path) -> None:
    codes = [
        entry["code"] for entry in yaml.safe_load((content / "languages.yaml").read_text(encoding="utf-8"))["languages"]
    ]
    (work / "hugo.toml").write_text(_config(codes), encoding="utf-8")
    (work / "data").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(content / "contacts.yaml", work / "data" / "contacts.yaml")
    for name, text in LAYOUTS.items():
        (work / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (work / "layouts" / name).write_text(text, encoding="utf-8")
    for code in codes:
        slugs = {path.stem for path in (content / code).glob("*.md")}
        (work / "content" / code).mkdir(parents=True, exist_ok=True)
        for slug in sorted(slugs):
            text = (content / code / f"{slug}.md").read_text(encoding="utf-8")
            text = CONTACT.sub(r'{{< contact "\1" >}}', text)
            text = LINK.sub(lambda m: f"]({m.group(1)}.html)" if m.group(1) in slugs else m.group(0), text)  # noqa: B023 (used at once, in this loop)
            (work / "content" / code / ("_index.md" if slug == "index" else f"{slug}.md")).write_text(
                text, encoding="utf-8"
            )
    shutil.rmtree(work / "hugo_cache", ignore_errors=True)


def command(work: Path) -> list[str]:
    return [
        str(_binary()),
        "--quiet",
        "--destination",
        "public",
        "--cleanDestinationDir",
        "--noBuildLock",
        "--cacheDir",
        str(work / "hugo_cache"),
        "--ignoreCache",
    ]


def output(work: Path) -> Path:
    return work / "public"
