"""`lifeline`: the one command line, for building, serving, editing, translating and keys.

Run as `.venv/bin/lifeline COMMAND` or `python -m lifeline COMMAND`; `--help` lists them.
`freeze.py` is `lifeline build`; `python -m lifeline.serve` is `lifeline serve`.
A content problem is one exception, `ContentError`: the group prints its report and exits 1.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from babel import Locale, UnknownLocaleError

from lifeline.common.problems import ContentError, Problems, summary
from lifeline.common.project import build_dir, content_dir, project_dir, translations_dir
from lifeline.common.signing import PublicKey, SignatureError, write_key_pair
from lifeline.content import catalogs
from lifeline.content.check import check_everything, has_errors
from lifeline.content.languages import Languages, load_languages
from lifeline.content.pages import MARKUP, SLUG, revision_of
from lifeline.content.site import PUBLIC_KEY_FILE, RESERVED_SLUGS, load_site
from lifeline.content.status import format_status, status_of
from lifeline.mirror.kit import PUBLIC_KEY
from lifeline.mirror.manifest import SIGNATURE
from lifeline.mirror.verify import copy_at, verify

if TYPE_CHECKING:
    from lifeline.publish.targets import Target

content_option = click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False),
    default=content_dir,
    show_default="content/",
    help="The content folder.",
)
translations_option = click.option(
    "--translations",
    type=click.Path(path_type=Path, file_okay=False),
    default=translations_dir,
    show_default="translations/",
    help="The catalogs folder.",
)


def build_folder_option(name: str, help_text: str) -> Callable:
    """A folder that defaults to build/: where `build` writes, what `serve` and `publish` read."""
    return click.option(
        name, type=click.Path(path_type=Path, file_okay=False), default=build_dir, show_default="build/", help=help_text
    )


class Commands(click.Group):
    """The command group: a ContentError from any command is its report on stderr and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ContentError as error:
            _report(error)
            ctx.exit(1)


def _report(error: ContentError) -> None:
    click.echo(error.report(), err=True)
    for note in error.notes:
        click.echo(note, err=True)


@click.group(cls=Commands)
def cli() -> None:
    """Lifeline: build, serve, check and translate the site, and sign and verify copies."""


def _languages(content: Path) -> Languages:
    """Only the languages file: enough for commands that must work while pages are broken."""
    problems = Problems()
    languages = load_languages(content / "languages.yaml", f"{content.name}/languages.yaml", problems)
    if languages is None or problems:
        raise ContentError(problems.errors)
    return languages


@cli.command()
@content_option
@translations_option
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with an error while any page is missing, stale or machine-translated "
    "(not yet reviewed by a person), or a catalog is incomplete: for releases.",
)
def status(content: Path, translations: Path, strict: bool) -> None:
    """Show every page in every language: source, reviewed, machine, stale or missing."""
    report = status_of(load_site(content), translations)
    click.echo(format_status(report))
    if strict and not report.is_complete:
        click.get_current_context().exit(1)


@cli.command()
@content_option
@translations_option
def check(content: Path, translations: Path) -> None:
    """Check all content, data files and catalogs; list every problem with its file and line."""
    _, problems = check_everything(content, translations)
    for problem in problems:
        click.echo(str(problem), err=not problem.warning)
    click.echo(
        summary(problems)
        if problems
        else f"No problems found: {content.name}/ and {translations.name}/ are ready to build."
    )
    if has_errors(problems):
        click.get_current_context().exit(1)


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
    codes = [language.code for language in load_site(content).languages]
    catalogs.compile_catalogs(translations, codes, problems)
    if problems:
        raise ContentError(problems.errors)
    click.echo(f"Compiled {len(codes)} catalogs.")


@cli.command(name="new-page")
@click.argument("slug")
@click.option("--title", prompt="Title (in the source language)", help="The page's title.")
@click.option(
    "--description", prompt="One sentence on what the page tells", help="For search results and link previews."
)
@content_option
def new_page(slug: str, title: str, description: str, content: Path) -> None:
    """Start a new page in the source language, its front matter filled in, last in the menu."""
    languages = _languages(content)
    path = content / languages.source / f"{slug}.md"
    if not SLUG.match(slug) or slug in RESERVED_SLUGS:
        raise click.ClickException(
            f"'{slug}' cannot be a page name: use lower-case letters, digits and hyphens, like 'rights'"
        )
    if path.exists():
        raise click.ClickException(f"{content.name}/{languages.source}/{slug}.md exists already")
    for name, value in (("title", title), ("description", description)):
        if not value.strip() or MARKUP.search(value):
            raise click.ClickException(f"the {name} must be plain text, without markup or code")
    weights = [
        int(match.group(1))
        for page in path.parent.glob("*.md")
        if (match := re.search(r"(?m)^weight:\s*(-?\d+)\s*$", page.read_text(encoding="utf-8", errors="replace")))
    ]
    path.write_text(
        f"---\ntitle: {json.dumps(title.strip(), ensure_ascii=False)}\n"
        f"description: {json.dumps(description.strip(), ensure_ascii=False)}\n"
        f"weight: {max(weights, default=0) + 10}\nupdated: {date.today().isoformat()}\n---\n\n",
        encoding="utf-8",
    )
    click.echo(
        f"Created {content.name}/{languages.source}/{slug}.md, last in the menu. Write its text below the front "
        f"matter, then run 'lifeline check'; link to it from other pages as [words]({slug})."
    )


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
    click.echo(
        f"Added {locale.get_display_name(locale)} ({code}): {content.name}/{code}/, "
        f"{translations.name}/{code}/LC_MESSAGES/messages.po, and its entry in languages.yaml."
    )
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
            raise click.ClickException(
                f"{content.name}/{lang}/{slug}.md is not a translation with a 'source_revision' line"
            )
        revision = revision_of(source.read_text(encoding="utf-8"))
        path.write_text(
            re.sub(r"(?m)^source_revision:.*$", f'source_revision: "{revision}"', text, count=1), encoding="utf-8"
        )
        click.echo(f"{content.name}/{lang}/{slug}.md now records source revision {revision}.")


@cli.command()
@click.option(
    "--secret",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Where to write the secret key: outside the project, never committed.",
)
@click.option(
    "--public",
    type=click.Path(path_type=Path, dir_okay=False),
    default=lambda: content_dir() / PUBLIC_KEY_FILE,
    show_default=f"content/{PUBLIC_KEY_FILE}",
    help="Where to write the public key.",
)
def keygen(secret: Path, public: Path) -> None:
    """Make the key pair that signs SHA256SUMS (minisign format, no password)."""
    if secret.resolve().is_relative_to(project_dir()):
        raise click.ClickException(
            f"{secret}: keep the secret key outside the project folder, so it is never committed"
        )
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
@click.option(
    "--key",
    "key_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help=f"The public key you trust (default: content/{PUBLIC_KEY_FILE} of this project, if any).",
)
def verify_command(target: str, key_file: Path | None) -> None:
    """Check a copy (folder, .zip/.tar.gz, or http(s) address) against its signed SHA256SUMS."""
    published = content_dir() / PUBLIC_KEY_FILE
    key_file = key_file or (published if published.is_file() else None)
    try:
        key = PublicKey.from_text(key_file.read_text(encoding="ascii")) if key_file else None
        report = verify(copy_at(target), key)
    except (SignatureError, ValueError, OSError) as error:
        raise click.ClickException(str(error)) from None
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        click.get_current_context().exit(1)


@cli.command()
@click.argument("targets", nargs=-1)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    envvar="LIFELINE_PUBLISH_CONFIG",
    help="A TOML file of [[target]] tables (README.md, 'Publish to mirrors'); default: $LIFELINE_PUBLISH_CONFIG.",
)
@click.option("--endpoint-url", help="The S3-compatible service of the TARGETs given here (default: AWS's).")
@click.option("--public-url", help="The web address of those TARGETs' bucket root: each copy is checked there too.")
@click.option("--profile", help="A profile of the S3 client's own files (~/.aws/config, ~/.aws/credentials) for them.")
@click.option("--region", help="Their region, if the service needs one.")
@build_folder_option("--root", "The build to publish.")
@click.option(
    "--key",
    "key_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help=f"The public key the build is signed with (default: content/{PUBLIC_KEY_FILE}, else the build's own).",
)
@click.option("--demo", is_flag=True, help="Let a demonstration copy out: unsigned, or with placeholder contacts.")
@click.option("--new", is_flag=True, help="Publish under a fresh, unguessable prefix inside each target; print it.")
@click.option("--read-back", is_flag=True, help="Check each copy by downloading every object, not by ETags.")
@click.option(
    "--everything",
    is_flag=True,
    help="Upload every file, even unchanged ones: to give objects another tool uploaded our headers.",
)
def publish(
    targets: tuple[str, ...],
    config_file: Path | None,
    endpoint_url: str | None,
    public_url: str | None,
    profile: str | None,
    region: str | None,
    root: Path,
    key_file: Path | None,
    demo: bool,
    new: bool,
    read_back: bool,
    everything: bool,
) -> None:
    """Publish build/ to mirrors on S3-compatible storage (s3://BUCKET/PREFIX/), then verify each.

    Only what changed is uploaded, what is gone is deleted, nothing outside the prefix is
    touched; the targets are published at once. Credentials come from the S3 client's standard
    places (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials), never from here.
    """
    from lifeline.publish.plan import LocalBuild
    from lifeline.publish.publish import Options, publish_all
    from lifeline.publish.ready import refusals

    chosen = _publish_targets(targets, config_file, new, endpoint_url, public_url, profile, region)
    key = _publish_key(key_file, root)
    reasons = refusals(root, key, demo)
    if reasons:
        for reason in reasons:
            click.echo(f"refused: {reason}", err=True)
        click.echo("Nothing was published.", err=True)
        click.get_current_context().exit(1)
    unsigned = not (root / SIGNATURE).is_file()
    build = LocalBuild(root)
    signed_by = "unsigned: a demonstration copy" if unsigned else f"signed by key {key.fingerprint}"
    click.echo(f"Publishing {root} ({len(build.files)} files, {signed_by}) to {len(chosen)} target(s).")
    outcomes = publish_all(chosen, build, Options(key, demo and unsigned, read_back, everything))
    for outcome in outcomes:
        click.echo(outcome.line())
        if new and outcome.ok:
            click.echo(f"New mirror: {outcome.target.web_address or outcome.target.url}")
    if not all(outcome.ok for outcome in outcomes):
        click.get_current_context().exit(1)


def _publish_targets(urls: tuple[str, ...], config_file: Path | None, new: bool, *options: str | None) -> list[Target]:
    """The targets named here (with the options given) and in the config file, each with a prefix."""
    from lifeline.publish.targets import TargetError, load_config, parse_target, with_new_prefix

    names = ("endpoint_url", "public_url", "profile", "region")
    try:
        chosen = [parse_target(url, **dict(zip(names, options))) for url in urls]
        chosen += load_config(config_file) if config_file else []
    except TargetError as error:
        raise click.ClickException(str(error)) from None
    if not chosen:
        raise click.UsageError("name a target (s3://BUCKET/PREFIX/) or give --config FILE")
    chosen = [with_new_prefix(target) for target in chosen] if new else chosen
    for target in chosen:
        if not target.prefix:
            raise click.ClickException(
                f"{target.url}: give a prefix (s3://{target.bucket}/lifeline/), or --new for a fresh one: "
                "publishing deletes whatever else is under it"
            )
    return chosen


def _publish_key(key_file: Path | None, root: Path) -> PublicKey | None:
    """The key given, else the project's published key, else the one the build itself carries."""
    for candidate in [key_file] if key_file else [content_dir() / PUBLIC_KEY_FILE, root / PUBLIC_KEY]:
        if candidate.is_file():
            try:
                return PublicKey.from_text(candidate.read_text(encoding="ascii"))
            except (SignatureError, UnicodeDecodeError) as error:
                raise click.ClickException(f"{candidate}: {error}") from None
    return None


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

    from lifeline.serve.preview import Preview

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log, not even locally

    click.echo(f"Previewing {content} at http://{host}:{port}/ (Ctrl+C stops)")
    run_simple(host, port, Preview({"CONTENT_DIR": str(content)}), use_reloader=False, threaded=True)


@cli.command()
@build_folder_option("--dest", "The folder to build into.")
@content_option
@click.option("--release", is_flag=True, help="Refuse placeholder contacts and mirrors, and refuse to be unsigned.")
@click.option(
    "--pages-only",
    is_flag=True,
    help="Write only the pages, the guides in one file and the stylesheet: no PDFs, compressed twins, archives "
    "or manifest (a quick look).",
)
@click.option("--fresh", is_flag=True, help="Make every file anew, ignoring what the previous build left beside it.")
@click.option(
    "--sign-key",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="LIFELINE_SIGNING_KEY",
    help="minisign secret key to sign SHA256SUMS with (default: $LIFELINE_SIGNING_KEY; none: unsigned).",
)
def build(dest: Path, content: Path, release: bool, pages_only: bool, fresh: bool, sign_key: Path | None) -> None:
    """Build the static site into build/: checked, frozen, with the mirror kit, swapped in whole."""
    from lifeline.build.pipeline import freeze

    if pages_only and (release or sign_key):
        raise click.UsageError("--pages-only builds are not for publication: no --release or --sign-key")
    try:
        report = freeze(
            dest,
            release=release,
            config={"CONTENT_DIR": str(content.resolve())},
            secret_key=sign_key,
            show_progress=True,
            pages_only=pages_only,
            fresh=fresh,
        )
    except ContentError as error:
        error.notes.append(f"Nothing was built; {dest} is unchanged.")
        raise
    click.echo("\n".join(report.summary(str(dest))))
    if pages_only:
        click.echo(
            "Pages only: no PDFs, compressed twins, offline archives or SHA256SUMS (not a copy to publish or mirror)."
        )


@cli.command()
@build_folder_option("--root", "The built site.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=lambda: os.cpu_count() or 1,
    show_default="one per core",
    type=int,
    help="Worker processes (one per core measured best; docs/benchmarks.md).",
)
@click.option(
    "--access-log", is_flag=True, help="One line per request: method, path, status, size, time; never an address."
)
@click.option(
    "--onion-location",
    help="Onion address for the Onion-Location header (default: the one the build's pages announce).",
)
@click.option(
    "--certificate",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="TLS certificate chain (PEM): serve https, with HTTP/2.",
)
@click.option(
    "--private-key",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The certificate's private key (PEM, PKCS#8).",
)
def serve(
    root: Path,
    host: str,
    port: int,
    workers: int,
    access_log: bool,
    onion_location: str | None,
    certificate: Path | None,
    private_key: Path | None,
) -> None:
    """Serve a build with WhiteNoise behind granian: security headers, twins, no log of readers."""
    from lifeline.serve.server import ServerOptions, run

    if bool(certificate) != bool(private_key):
        raise click.UsageError("--certificate and --private-key go together")
    if not (root / "index.html").is_file():
        raise click.ClickException(f"{root} has no built site: run 'python freeze.py' first.")
    options = ServerOptions(root, host, port, workers, access_log, onion_location, certificate, private_key)
    click.echo(f"Serving {root} at {options.address} (Ctrl+C stops)")
    run(options)


def run_as(command: str, prog_name: str, argv: list[str]) -> int:
    """Run one command as its own program (`freeze.py`, `python -m lifeline.serve`); its exit status."""
    try:
        code = cli.commands[command].main(argv, prog_name=prog_name, standalone_mode=False)
    except ContentError as error:
        _report(error)
        return 1
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        return 1
    return code if isinstance(code, int) else 0  # click returns ctx.exit's code, else the command's value


def main() -> None:
    cli()
