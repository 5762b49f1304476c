"""`lifeline`: the editors' commands (check, status, new pages and languages, catalogs, keys).

Run as `.venv/bin/lifeline COMMAND` or `python -m lifeline COMMAND`; `--help` lists them.
"""
from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import click
from babel import Locale, UnknownLocaleError

from . import catalogs
from .check import check_everything, has_errors
from .content import load_site
from .languages import load_languages
from .content import PUBLIC_KEY_FILE, RESERVED_SLUGS
from .pages import MARKUP, SLUG, revision_of
from .paths import CONTENT_DIR, PROJECT_DIR, TRANSLATIONS_DIR
from .signing import PublicKey, SignatureError, write_key_pair
from .verify import source_for, verify
from .problems import ContentError, Problems, summary
from .status import format_status, status_of

content_option = click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=CONTENT_DIR,
                              show_default="content/", help="The content folder.")
translations_option = click.option("--translations", type=click.Path(path_type=Path, file_okay=False),
                                   default=TRANSLATIONS_DIR, show_default="translations/", help="The catalogs folder.")


@click.group()
def cli() -> None:
    """Lifeline's commands for editors and translators."""


def _load(content: Path):
    try:
        return load_site(content)
    except ContentError as error:
        click.echo(error.report(), err=True)
        sys.exit(1)


def _languages(content: Path):
    """Only the languages file: enough for commands that must work while pages are broken."""
    problems = Problems()
    languages = load_languages(content / "languages.yaml", f"{content.name}/languages.yaml", problems)
    if languages is None or problems:
        raise click.ClickException(ContentError(problems.items).report())
    return languages


@cli.command()
@content_option
@translations_option
@click.option("--strict", is_flag=True, help="Exit with an error while any page is missing, stale or machine-translated "
                                              "(not yet reviewed by a person), or a catalog is incomplete: for releases.")
def status(content: Path, translations: Path, strict: bool) -> None:
    """Show every page in every language: source, reviewed, machine, stale or missing."""
    report = status_of(_load(content), translations)
    click.echo(format_status(report))
    if strict and not report.is_complete:
        sys.exit(1)


@cli.command()
@content_option
@translations_option
def check(content: Path, translations: Path) -> None:
    """Check all content, data files and catalogs; list every problem with its file and line."""
    _, problems = check_everything(content, translations)
    for problem in problems:
        click.echo(str(problem), err=not problem.warning)
    click.echo(summary(problems) if problems else f"No problems found: {content.name}/ and {translations.name}/ are ready to build.")
    if has_errors(problems):
        sys.exit(1)


@cli.command()
@translations_option
def extract(translations: Path) -> None:
    """Collect the interface strings of the templates and code into translations/messages.pot."""
    catalogs.extract(translations)
    click.echo(f"Wrote {translations.name}/{catalogs.TEMPLATE}; now run 'lifeline update'.")


@cli.command()
@translations_option
def update(translations: Path) -> None:
    """Bring every language's catalog up to date with translations/messages.pot."""
    catalogs.update(translations)
    click.echo("Updated every catalog; new strings are empty until translated ('lifeline status').")


@cli.command(name="compile")
@content_option
@translations_option
def compile_command(content: Path, translations: Path) -> None:
    """Check every catalog and compile it (the build does this too)."""
    problems = Problems()
    codes = [language.code for language in _load(content).languages]
    catalogs.compile_catalogs(translations, codes, problems)
    if problems:
        click.echo(ContentError(problems.items).report(), err=True)
        sys.exit(1)
    click.echo(f"Compiled {len(codes)} catalogs.")


@cli.command(name="new-page")
@click.argument("slug")
@click.option("--title", prompt="Title (in the source language)", help="The page's title.")
@click.option("--description", prompt="One sentence on what the page tells", help="For search results and link previews.")
@content_option
def new_page(slug: str, title: str, description: str, content: Path) -> None:
    """Start a new page in the source language, its front matter filled in, last in the menu."""
    languages = _languages(content)
    path = content / languages.source / f"{slug}.md"
    if not SLUG.match(slug) or slug in RESERVED_SLUGS:
        raise click.ClickException(f"'{slug}' cannot be a page name: use lower-case letters, digits and hyphens, like 'rights'")
    if path.exists():
        raise click.ClickException(f"{content.name}/{languages.source}/{slug}.md exists already")
    for name, value in (("title", title), ("description", description)):
        if not value.strip() or MARKUP.search(value):
            raise click.ClickException(f"the {name} must be plain text, without markup or code")
    weights = [int(match.group(1)) for page in path.parent.glob("*.md")
               if (match := re.search(r"(?m)^weight:\s*(-?\d+)\s*$", page.read_text(encoding="utf-8", errors="replace")))]
    path.write_text(f"---\ntitle: {json.dumps(title.strip(), ensure_ascii=False)}\n"
                    f"description: {json.dumps(description.strip(), ensure_ascii=False)}\n"
                    f"weight: {max(weights, default=0) + 10}\nupdated: {date.today().isoformat()}\n---\n\n", encoding="utf-8")
    click.echo(f"Created {content.name}/{languages.source}/{slug}.md, last in the menu. Write its text below the front "
               f"matter, then run 'lifeline check'; link to it from other pages as [words]({slug}).")


@cli.command(name="add-language")
@click.argument("code")
@click.option("--fallback", help="Language shown where a page is not translated yet (default: the source language).")
@content_option
@translations_option
def add_language(code: str, fallback: str | None, content: Path, translations: Path) -> None:
    """Start a new language: its catalog, its content folder and its entry in languages.yaml."""
    languages = _languages(content)
    if code in languages:
        raise click.ClickException(f"'{code}' is already in {content.name}/languages.yaml")
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise click.ClickException(f"Babel does not know the language '{code}': use its ISO 639 code") from None
    if fallback is not None and fallback not in languages:
        raise click.ClickException(f"fallback '{fallback}' is not a listed language")
    if not catalogs.catalog_path(translations, code).is_file():
        catalogs.init(translations, code)
    (content / code).mkdir(exist_ok=True)
    entry = f"  - code: {code}\n" + (f"    fallback: {fallback}\n" if fallback else "")
    languages_file = content / "languages.yaml"
    text = languages_file.read_text(encoding="utf-8")
    languages_file.write_text(text + ("" if text.endswith("\n") else "\n") + entry, encoding="utf-8")
    click.echo(f"Added {locale.get_display_name(locale)} ({code}): {content.name}/{code}/, "
               f"{translations.name}/{code}/LC_MESSAGES/messages.po, and its entry in languages.yaml.")
    if "M11" in locale.months["format"]["wide"].get(11, "M11"):
        click.echo(f"Note: Babel has no month names for '{code}'; dates will show as numbers.")


@cli.command(name="mark-up-to-date")
@click.argument("lang")
@click.argument("slugs", nargs=-1, required=True)
@content_option
def mark_up_to_date(lang: str, slugs: tuple[str, ...], content: Path) -> None:
    """After translating or updating pages, record the source revision they now match."""
    languages = _languages(content)
    for slug in slugs:
        path, source = content / lang / f"{slug}.md", content / languages.source / f"{slug}.md"
        text = path.read_text(encoding="utf-8") if path.is_file() and lang != languages.source else ""
        if not re.search(r"(?m)^source_revision:", text) or not source.is_file():
            raise click.ClickException(f"{content.name}/{lang}/{slug}.md is not a translation with a 'source_revision' line")
        revision = revision_of(source.read_text(encoding="utf-8"))
        path.write_text(re.sub(r"(?m)^source_revision:.*$", f'source_revision: "{revision}"', text, count=1), encoding="utf-8")
        click.echo(f"{content.name}/{lang}/{slug}.md now records source revision {revision}.")


@cli.command()
@click.option("--secret", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Where to write the secret key: outside the project, never committed.")
@click.option("--public", type=click.Path(path_type=Path, dir_okay=False), default=CONTENT_DIR / PUBLIC_KEY_FILE,
              show_default=f"content/{PUBLIC_KEY_FILE}", help="Where to write the public key.")
def keygen(secret: Path, public: Path) -> None:
    """Make the key pair that signs SHA256SUMS (minisign format, no password)."""
    if secret.resolve().is_relative_to(PROJECT_DIR):
        raise click.ClickException(f"{secret}: keep the secret key outside the project folder, so it is never committed")
    if secret.exists():
        raise click.ClickException(f"{secret} exists already: a key is never overwritten")
    try:
        secret.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = write_key_pair(secret, public)
    except OSError as error:
        raise click.ClickException(f"cannot write the key pair: {error.strerror}: {error.filename}") from None
    click.echo(f"Secret key: {secret} (keep it safe; build with --sign-key {secret})")
    click.echo(f"Public key: {public}, key ID {key.public.fingerprint}")


@cli.command(name="verify")
@click.argument("target")
@click.option("--key", "key_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help=f"The public key you trust (default: content/{PUBLIC_KEY_FILE} of this project, if any).")
def verify_command(target: str, key_file: Path | None) -> None:
    """Check a copy (folder, .zip/.tar.gz, or http(s) address) against its signed SHA256SUMS."""
    key_file = key_file or (CONTENT_DIR / PUBLIC_KEY_FILE if (CONTENT_DIR / PUBLIC_KEY_FILE).is_file() else None)
    try:
        key = PublicKey.from_text(key_file.read_text(encoding="ascii")) if key_file else None
        report = verify(source_for(target), key)
    except (SignatureError, ValueError, OSError) as error:
        raise click.ClickException(str(error)) from None
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@content_option
def preview(host: str, port: int, content: Path) -> None:
    """Serve the site live from content/: reload a page after saving to see the edit.

    Only what changed is rendered again; build/ is never written. Content with problems shows
    the list of problems, file and line, instead of the page.
    """
    import logging

    from werkzeug.serving import run_simple

    from .preview import Preview

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log, not even locally

    click.echo(f"Previewing {content} at http://{host}:{port}/ (Ctrl+C stops)")
    run_simple(host, port, Preview({"CONTENT_DIR": str(content)}), use_reloader=False, threaded=True)


def main() -> None:
    cli()
