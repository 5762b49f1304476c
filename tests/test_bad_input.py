"""The bad-input corpus: broken and hostile edits, each with the message it must produce.

Each case changes one file of a small valid site (tests/conftest.py: make_content, and a copy
of the real catalogs). For each, `lifeline check` reports the message, and a freeze fails
with it and leaves the previous build exactly as it was, with no temporary folder behind.
A case is (name, file, edit, expected line). The file is under content/ or translations/;
the edit is (old, new) text to replace, or the whole new bytes. The expected line is what
an editor reads: `path:line: what is wrong (what to do)`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import PROJECT_DIR, make_content, snapshot
from lifeline.build.pipeline import freeze
from lifeline.build.swap import TEMP_PREFIX
from lifeline.common.problems import ContentError
from lifeline.content.check import check_everything

UK_PO = "translations/uk/LC_MESSAGES/messages.po"
# Where the catalog gives the string the case breaks (it moves as strings are added).
UPDATED_LINE = (PROJECT_DIR / UK_PO).read_text(encoding="utf-8").split("\n").index('msgid "Updated: %(date)s"') + 1
EN_PO = "translations/en/LC_MESSAGES/messages.po"
BIG_PAGE = (
    "---\ntitle: Большая\ndescription: Страница.\nweight: 1\nupdated: 2026-11-21\n---\n\n" + "Слово. " * 40_000
).encode()

CASES = [
    # Front matter
    (
        "front matter YAML unclosed quote",
        "content/ru/rights.md",
        ("title: Ваши права", 'title: "Ваши права'),
        "content/ru/rights.md:2: YAML in 'title': while scanning a quoted scalar: found unexpected end of stream (check quotes and indentation)",
    ),
    (
        "front matter not closed",
        "content/ru/rights.md",
        ("updated: 2026-11-20\n---", "updated: 2026-11-20\n"),
        "content/ru/rights.md:1: front matter is not closed: add a line '---' after the last field",
    ),
    (
        "missing field",
        "content/ru/rights.md",
        ("description: Что гарантирует Третья Женевская конвенция.\n", ""),
        "content/ru/rights.md:1: front matter: 'description' is required",
    ),
    (
        "unknown field",
        "content/ru/rights.md",
        ("weight: 20", "weight: 20\nautor: Иван"),
        "content/ru/rights.md:5: front matter: unknown field 'autor' (allowed: title, description, weight, updated)",
    ),
    (
        "mistyped field name",
        "content/ru/rights.md",
        ("title:", "tilte:"),
        "content/ru/rights.md:2: front matter: unknown field 'tilte' (did you mean 'title'?)",
    ),
    (
        "weight not a number",
        "content/ru/rights.md",
        ("weight: 20", "weight: twenty"),
        "content/ru/rights.md:4: front matter: 'weight' must be a whole number, not 'twenty'",
    ),
    (
        "date in the wrong format",
        "content/ru/rights.md",
        ("updated: 2026-11-20", "updated: 20.11.2026"),
        "content/ru/rights.md:5: front matter: 'updated' must be a date like 2026-11-21, not '20.11.2026'",
    ),
    (
        "impossible month and day",
        "content/ru/rights.md",
        ("updated: 2026-11-20", "updated: 2025-13-45"),
        "content/ru/rights.md:5: front matter: 'updated' must be a date like 2026-11-21, not '2025-13-45'",
    ),
    (
        "day the month does not have",
        "content/ru/rights.md",
        ("updated: 2026-11-20", "updated: 2025-02-30"),
        "content/ru/rights.md:5: front matter: 'updated' must be a date like 2026-11-21, not '2025-02-30'",
    ),
    (
        "translation kind unknown",
        "content/en/rights.md",
        ("translation: machine", "translation: google"),
        "content/en/rights.md:7: front matter: 'translation' must be 'machine' or 'reviewed', not 'google'",
    ),
    (
        "source revision not a revision",
        "content/en/rights.md",
        ("source_revision:", "source_revision: 12\nx_revision:"),
        "content/en/rights.md:6: front matter: 'source_revision' must be the 12-character revision of the source page in quotes, not 12",
    ),
    # Files
    (
        "not UTF-8",
        "content/ru/rights.md",
        "---\ntitle: Права\n".encode("cp1251"),
        "content/ru/rights.md:2: not UTF-8 text (byte 0xcf); save the file as UTF-8",
    ),
    (
        "far too large",
        "content/ru/big.md",
        BIG_PAGE,
        "content/ru/big.md: too large: 480,092 bytes, the most for this kind of file is 200,000 (split it, or check that it is the file you meant)",
    ),
    (
        "duplicate page name",
        "content/ru/Rights.md",
        b"",
        "content/ru/Rights.md: duplicate page name: another file in content/ru/ differs only in capitals or ending, and on many systems they are one file (keep one)",
    ),
    (
        "reserved page name",
        "content/ru/404.md",
        b"---\ntitle: x\n---\n",
        "content/ru/404.md: the name '404' is taken by the page shown for a missing address (rename the file)",
    ),
    (
        "language folder not in the languages file",
        "content/de/index.md",
        b"---\ntitle: Startseite\n---\n",
        "content/de: folder of a language not in languages.yaml (add it there, or remove the folder)",
    ),
    (
        "page that is not Markdown",
        "content/ru/notes.txt",
        b"notes",
        "content/ru/notes.txt: not a page: pages are Markdown files ending in .md",
    ),
    # Links and macros
    (
        "link to a missing page",
        "content/ru/rights.md",
        ("[на главную](index.md)", "[на главную](main.md)"),
        "content/ru/rights.md:12: link to a page that does not exist: 'main.md' (pages: index, rights)",
    ),
    (
        "unknown contact",
        "content/ru/index.md",
        ("{{ contact: hotline }}", "{{ contact: hotlien }}"),
        "content/ru/index.md:8: unknown contact 'hotlien' (known: hotline, chatbot, website, find-chatbot)",
    ),
    (
        "mistyped macro",
        "content/ru/index.md",
        ("{{ contact: hotline }}", "{{ contakt: hotline }}"),
        "content/ru/index.md:8: unknown macro '{{ contakt: hotline }}' (write {{ contact: ID }}, or {{ contacts }} on a line of its own)",
    ),
    (
        "http link",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\n[МККК](http://www.icrc.org/)"),
        "content/ru/rights.md:12: link 'http://www.icrc.org/': only https:// links to other sites are allowed",
    ),
    (
        "link to a site not on the allowlist",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\n[Новости](https://example.org/)"),
        "content/ru/rights.md:12: link to a site not on the list of allowed sites: 'example.org' (add it to content/sites.yaml if it is trustworthy)",
    ),
    (
        "image",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\n![карта](https://tracker.example/p.gif)"),
        "content/ru/rights.md:12: image 'https://tracker.example/p.gif': pages have no images (on a slow or metered link each one costs a request and bytes; describe it in words)",
    ),
    # Contact details written by hand
    (
        "phone number in a page",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\nЗвоните +380 44 123 45 67"),
        "content/ru/rights.md:12: a phone number written into the page: '+380 44 123 45 67' (use {{ contact: ID }}; details live only in content/contacts.yaml)",
    ),
    (
        "messenger handle in a page",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\nПишите @hochu_zhit_bot"),
        "content/ru/rights.md:12: a messenger handle written into the page: '@hochu_zhit_bot' (use {{ contact: ID }}; details live only in content/contacts.yaml)",
    ),
    (
        "e-mail address in a page",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\nПишите help@example.org"),
        "content/ru/rights.md:12: an e-mail address written into the page: 'help@example.org' (use {{ contact: ID }}; details live only in content/contacts.yaml)",
    ),
    # Hostile
    (
        "script in Markdown",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\n<script>alert(1)</script>"),
        "content/ru/rights.md:12: active HTML is not allowed in pages: '<script>' (remove it; pages are Markdown)",
    ),
    (
        "event handler in Markdown",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\n<img src=x onerror=alert(1)>"),
        "content/ru/rights.md:12: active HTML is not allowed in pages: '<img src=x onerror=alert(1)>' (remove it; pages are Markdown)",
    ),
    (
        "javascript link",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\n[нажмите](javascript:alert(1))"),
        "content/ru/rights.md:12: link 'javascript:alert(1)': only https:// links to other sites are allowed",
    ),
    (
        "script in front matter",
        "content/ru/rights.md",
        ("title: Ваши права", 'title: "<script>alert(1)</script>"'),
        "content/ru/rights.md:2: front matter: 'title' must be plain text, without markup or code: remove '<script>'",
    ),
    (
        "template code in front matter",
        "content/ru/rights.md",
        ("description: Что гарантирует Третья Женевская конвенция.", 'description: "{{ config }}"'),
        "content/ru/rights.md:3: front matter: 'description' must be plain text, without markup or code: remove '{{'",
    ),
    (
        "look-alike address",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\n[МККК](https://www.lcrc.org/)"),
        "content/ru/rights.md:12: link 'https://www.lcrc.org/': 'www.lcrc.org' looks like 'www.icrc.org' but is another site, a trick of fake sites (remove it)",
    ),
    (
        "look-alike letters of another alphabet",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\n[МККК](https://www.іcrc.org/)"),
        "content/ru/rights.md:12: link 'https://www.іcrc.org/': its address uses letters of another alphabet that look like Latin ones, a trick of fake sites (remove it)",
    ),
    (
        "address hidden behind @",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\n[МККК](https://www.icrc.org@evil.example/)"),
        "content/ru/rights.md:12: link 'https://www.icrc.org@evil.example/' hides its real address behind '@': a trick of fake sites (remove it)",
    ),
    (
        "translation swaps a contact",
        "content/en/index.md",
        ("{{ contact: hotline }}", "{{ contact: find-chatbot }}"),
        "content/en/index.md:10: gives contact 'find-chatbot', which the original content/ru/index.md does not (a translation gives the same contacts as its original: hotline)",
    ),
    (
        "translation swaps a contact for a number",
        "content/uk/index.md",
        ("{{ contact: hotline }}", "+7 999 123-45-67"),
        "content/uk/index.md:10: a phone number written into the page: '+7 999 123-45-67' (use {{ contact: ID }}; details live only in content/contacts.yaml)",
    ),
    # Data files
    (
        "languages file is not YAML",
        "content/languages.yaml",
        ("  - code: uk", "  - code: [uk"),
        "content/languages.yaml:5: YAML in 'code': while parsing a flow sequence: expected ',' or ']', but got ':' (check quotes and indentation)",
    ),
    (
        "languages file names a key twice",
        "content/languages.yaml",
        ("source: ru", "source: ru\nsource: uk"),
        "content/languages.yaml:3: 'source' is given twice (keep one)",
    ),
    (
        "contact value that is no phone number",
        "content/contacts.yaml",
        ('value: "+380 00 000 0000"\n    placeholder: true', 'value: "call us"'),
        "content/contacts.yaml:16: value 'call us' is not an international number like +380 44 123 4567",
    ),
    (
        "allowed site written as an address",
        "content/sites.yaml",
        ("  - www.icrc.org ", "  - https://www.icrc.org/ "),
        "content/sites.yaml:10: not a host name: 'https://www.icrc.org/' (write it like 'www.icrc.org', without https:// or a path)",
    ),
    # Catalogs
    (
        "catalog placeholder differs",
        UK_PO,
        ('msgstr "Оновлено: %(date)s"', 'msgstr "Оновлено: %(data)s"'),
        f"translations/uk/LC_MESSAGES/messages.po:{UPDATED_LINE}: msgid 'Updated: %(date)s': unknown named placeholder 'data' (use the same %(name)s placeholders as the original)",
    ),
    (
        "script in a catalog",
        EN_PO,
        ('msgstr "All languages"', 'msgstr "All languages<script>alert(1)</script>"'),
        "translations/en/LC_MESSAGES/messages.po:27: msgid 'All languages': the translation holds markup or code that the original does not: '<script>' (remove it)",
    ),
    (
        "catalog swaps in a phone number",
        UK_PO,
        ('msgstr "Усі мови"', 'msgstr "Дзвоніть +7 999 123-45-67"'),
        "translations/uk/LC_MESSAGES/messages.po:29: msgid 'All languages': the translation holds a phone number, '+7 999 123-45-67', that the original does not (contact details come only from the contact file, contacts.yaml: remove it)",
    ),
    (
        "catalog not UTF-8",
        UK_PO,
        ('msgstr "Усі мови"', 'msgstr "\udcff"'),
        "translations/uk/LC_MESSAGES/messages.po:30: not UTF-8 text (byte 0xff); save the file as UTF-8",
    ),
    (
        "catalog syntax error",
        UK_PO,
        ('msgstr "Усі мови"', 'msgstr "Усі мови'),
        'translations/uk/LC_MESSAGES/messages.po:30: not a catalog line: \'msgstr "Усі мови\' (each line is msgid "...", msgstr "..." or a continued "...", with both quotes)',
    ),
]


# Mistakes that do not stop a build: the build goes ahead and the warning is in its summary.
WARNING_CASES = [
    (
        "raw HTML",
        "content/ru/rights.md",
        ("## Вода", "## Вода\n\n<b>Важно</b>"),
        "content/ru/rights.md:12: warning: raw HTML is shown to readers as text: '<b>' (use Markdown: **bold**, *italic*, [link](page))",
    ),
    (
        "translation leaves out a contact",
        "content/en/index.md",
        ("{{ contact: hotline }}", "the hotline"),
        "content/en/index.md: warning: leaves out contact 'hotline', which the original content/ru/index.md gives",
    ),
]


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """A valid site (content and catalogs) and its build, made once; each case works on a copy."""
    root = tmp_path_factory.mktemp("good")
    make_content(root / "content")
    shutil.copytree(PROJECT_DIR / "translations", root / "translations", ignore=shutil.ignore_patterns("*.mo"))
    freeze(root / "out" / "build", config=config_for(root))
    return root


def config_for(root: Path) -> dict:
    return {"CONTENT_DIR": str(root / "content"), "BABEL_TRANSLATION_DIRECTORIES": str(root / "translations")}


def apply(root: Path, file: str, edit) -> None:
    path = root / file
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(edit, bytes):
        path.write_bytes(edit)
        return
    old, new = edit
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the case no longer applies to {file}: {old!r}"
    path.write_bytes(text.replace(old, new, 1).encode("utf-8", "surrogateescape"))


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30 and len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("name, file, edit, expected", CASES, ids=[case[0] for case in CASES])
def test_bad_input_is_reported_and_leaves_the_build_untouched(good, tmp_path, name, file, edit, expected):
    root = tmp_path / "site"
    shutil.copytree(good, root)
    build = root / "out" / "build"
    before = snapshot(build)
    apply(root, file, edit)
    _, found = check_everything(root / "content", root / "translations")
    with pytest.raises(ContentError) as raised:
        freeze(build, config=config_for(root))
    messages = [str(problem) for problem in raised.value.problems]
    assert expected in messages
    assert expected in [str(problem) for problem in found]  # `lifeline check` says the same
    assert snapshot(build) == before
    assert not list(build.parent.glob(f"{TEMP_PREFIX}*"))


@pytest.mark.parametrize("name, file, edit, expected", WARNING_CASES, ids=[case[0] for case in WARNING_CASES])
def test_a_warning_is_reported_and_the_build_goes_ahead(good, tmp_path, name, file, edit, expected):
    root = tmp_path / "site"
    shutil.copytree(good, root)
    apply(root, file, edit)
    _, found = check_everything(root / "content", root / "translations")
    assert expected in [str(problem) for problem in found if problem.warning]
    assert all(problem.warning for problem in found)
    report = freeze(root / "out" / "build", config=config_for(root))
    assert expected in [str(warning) for warning in report.warnings]
