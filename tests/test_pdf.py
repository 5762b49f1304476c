"""The PDF guide and the leaflet (issue 19), read back with real tools: poppler (pdftotext,
pdftoppm, pdfinfo, pdffonts), pypdf, qpdf's checker and zbar's QR decoder, and Chromium's print.

The shipped build (placeholder contacts) gives every language's files; the leaflets with real
QR codes come from a copy of the shipped content whose contacts and mirrors are real-looking
(example addresses, never published), made through the same route the build freezes.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageFilter

from helpers import CONTENT, build, make_content
from lifeline.common.problems import ContentError
from lifeline.content.site import load_site
from lifeline.web.app import create_app

SITE = load_site(CONTENT)
LANGUAGES = [language.code for language in SITE.languages]
GUIDE_BUDGET = 400_000  # bytes, the limit for each guide
LEAFLET_BUDGET = 150_000
A4_POINTS = (595.28, 841.89)
A6_POINTS = (297.64, 419.53)
CM = 72 / 2.54  # points
# WeasyPrint writes one ToUnicode entry a glyph, so in Devanagari, where a glyph stands for
# different letters in different clusters (conjuncts, reordered vowel signs), text copied out of
# the PDF is not always the text drawn. The drawing is right (shaped by HarfBuzz); what a
# reader's search finds is not: said in docs/editing.md and tested for what it is below.
EXTRACTION_IS_PARTIAL = {"hi", "ne"}
# In Arabic, lam and alef are drawn as one ligature glyph, which poppler reads back as its two
# letters in visual order ("ال" for "لا"): words with that pair are left out of the comparisons.
LAM_ALEF = re.compile("ل[اأإآ]")
HARAKAT = re.compile("[\u064b-\u065f\u0670]")  # Arabic vowel marks: read back apart from their letters

REAL_CHANNELS = {
    '"+380 00 000 0000"': '"+380 44 123 4567"',
    '"@placeholder-chatbot"': '"@example_lifeline_bot"',
    '"https://placeholder.invalid/"': '"https://lifeline.example.org/"',
    '"@placeholder-find-bot"': '"@example_find_bot"',
}
MIRROR = "https://mirror.example.net/lifeline/"
ONION = "http://" + "a" * 52 + "bcde.onion/"
EXPECTED_CODES = {"https://t.me/example_lifeline_bot", "https://lifeline.example.org/", MIRROR, ONION}


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")  # poppler marks right-to-left runs with them


def text_of(pdf: Path) -> str:
    """All the text poppler reads back, as `same_text` gives it."""
    return same_text(run("pdftotext", str(pdf), "-"))


def same_text(text: str) -> str:
    """NFC, no bidi controls, every run of white space one space."""
    return unicodedata.normalize("NFC", " ".join(BIDI_CONTROLS.sub("", text).split()))


def no_spaces(text: str) -> str:
    """For Korean: a line may break between any two syllables, so a read-back word may be cut in two."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def downloads(shipped_build) -> Path:
    return shipped_build / "download"


@pytest.fixture(scope="module")
def real_content(tmp_path_factory) -> Path:
    """The shipped content with real-looking contacts, a mirror and an onion address."""
    content = tmp_path_factory.mktemp("real") / "content"
    shutil.copytree(CONTENT, content)
    contacts = (content / "contacts.yaml").read_text(encoding="utf-8")
    for placeholder, real in REAL_CHANNELS.items():
        contacts = contacts.replace(placeholder, real)
    (content / "contacts.yaml").write_text(contacts.replace("    placeholder: true\n", ""), encoding="utf-8")
    (content / "mirrors.yaml").write_text(f'mirrors:\n  - url: "{MIRROR}"\nonion: "{ONION}"\n', encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def real_leaflets(real_content) -> dict[str, Path]:
    """Every language's leaflet, with real-looking contacts, made through the route the build freezes."""
    content = real_content
    app = create_app({"CONTENT_DIR": str(content), "TESTING": True})
    out = content.parent / "leaflets"
    out.mkdir()
    with app.test_client() as client:
        for code in LANGUAGES:
            response = client.get(f"/download/leaflet-{code}.pdf")
            assert response.status_code == 200 and response.mimetype == "application/pdf"
            (out / f"{code}.pdf").write_bytes(response.data)
    return {code: out / f"{code}.pdf" for code in LANGUAGES}


# --- found and trusted ---------------------------------------------------------------------------


def test_every_language_has_a_guide_and_a_leaflet_listed_signed_and_archived(shipped_build, downloads):
    names = {f"download/{kind}-{code}.pdf" for code in LANGUAGES for kind in ("lifeline", "leaflet")}
    assert names <= {str(p.relative_to(shipped_build)) for p in downloads.glob("*.pdf")}
    manifest = (shipped_build / "SHA256SUMS").read_text(encoding="utf-8")
    assert all(f"  {name}\n" in manifest for name in names)
    with zipfile.ZipFile(downloads / "lifeline.zip") as archive:
        assert {f"lifeline/{name}" for name in names} <= set(archive.namelist())
    assert not list(downloads.glob("*.pdf.br")) and not list(downloads.glob("*.pdf.gz"))  # no twins: see kit.py


def test_pdfs_are_linked_from_every_page_the_verify_page_and_the_chooser(shipped_build):
    chooser = (shipped_build / "index.html").read_text(encoding="utf-8")
    for code in LANGUAGES:
        for kind in ("lifeline", "leaflet"):
            link = f'href="download/{kind}-{code}.pdf"'
            assert link in chooser
            for page in ("index", "rights", "verify"):
                assert f'href="../download/{kind}-{code}.pdf"' in (shipped_build / code / f"{page}.html").read_text(
                    encoding="utf-8"
                )
    verify = (shipped_build / "ru" / "verify.html").read_text(encoding="utf-8")
    assert verify.count('href="../download/lifeline-ru.pdf"') == 2  # the footer and the offline copies


@pytest.mark.parametrize("code", LANGUAGES)
def test_sizes_are_within_budget(downloads, code):
    assert (downloads / f"lifeline-{code}.pdf").stat().st_size <= GUIDE_BUDGET
    assert (downloads / f"leaflet-{code}.pdf").stat().st_size <= LEAFLET_BUDGET


# --- the guide -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_guide_has_every_page_outlined_titled_numbered_and_searchable(downloads, code):
    pdf = downloads / f"lifeline-{code}.pdf"
    titles = [same_text(SITE.page(code, slug).title) for slug in SITE.slugs]
    reader = pypdf.PdfReader(pdf)
    outline = [same_text(entry.title) for entry in reader.outline if not isinstance(entry, list)]
    assert outline[: len(titles)] == titles  # an outline entry a page, in menu order
    assert reader.trailer["/Root"]["/Lang"] == code
    one_file = (downloads / f"lifeline-{code}.html").read_text(encoding="utf-8")
    assert reader.metadata.title == html.unescape(re.search(r"<title>(.*?)</title>", one_file).group(1))
    info = run("pdfinfo", str(pdf))
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width, 1), round(height, 1)) == (round(A6_POINTS[0], 1), round(A6_POINTS[1], 1))
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    last_page = same_text(run("pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-")).split()
    assert last_page[-1] == str(pages)  # numbered
    text = text_of(pdf)
    if code == "ko":
        text, titles = no_spaces(text), [no_spaces(title) for title in titles]
    if code in EXTRACTION_IS_PARTIAL:
        words = [word for title in titles for word in title.split()]
        found = [word for word in words if word in text]
        assert len(found) >= len(words) // 2, found  # see EXTRACTION_IS_PARTIAL: hi 52 of 69, ne 28 of 50
    elif code == "ar":
        assert not _missing_words(" ".join(titles), text)
    else:
        assert all(title in text for title in titles)


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code not in EXTRACTION_IS_PARTIAL])
def test_the_guide_carries_the_notices_of_the_one_file_guide(downloads, code):
    one_file = (downloads / f"lifeline-{code}.html").read_text(encoding="utf-8")
    notices = {html.unescape(text) for text in re.findall(r'<p class="notice"[^>]*>(.*?)</p>', one_file)}
    assert bool(notices) == (code != "ru")  # every translation is machine-made today; the source is not
    text = text_of(downloads / f"lifeline-{code}.pdf")
    if code == "ko":
        assert all(no_spaces(notice) in no_spaces(text) for notice in notices)
    else:  # word by word: right-to-left lines come back in visual order around punctuation
        assert not any(_missing_words(notice, text) for notice in notices)


@pytest.mark.parametrize("code", ["ru", "kk", "ar", "hi", "ko"])
def test_fonts_are_embedded_subsets_that_cover_the_script(downloads, code):
    fonts = run("pdffonts", str(downloads / f"lifeline-{code}.pdf")).splitlines()[2:]
    assert fonts
    for line in fonts:
        emb, sub, uni = line.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line
    expected = {"ar": "Arabic", "hi": "Devanagari", "ko": "Nanum"}.get(code, "Noto-Sans")
    assert any(expected in line for line in fonts), fonts


@pytest.mark.parametrize("kind", ["lifeline", "leaflet"])
def test_every_pdf_passes_qpdf_check(downloads, kind):
    for code in LANGUAGES:
        result = subprocess.run(
            ["qpdf", "--check", str(downloads / f"{kind}-{code}.pdf")], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout


def test_two_builds_give_the_same_pdfs_with_no_date(tmp_path):
    content = make_content(tmp_path / "content")
    first = build(content, tmp_path / "one", fresh=True)
    second = build(content, tmp_path / "two", fresh=True)
    pdfs = sorted(p.name for p in (first / "download").glob("*.pdf"))
    assert pdfs == ["lifeline-en.pdf", "lifeline-ru.pdf", "lifeline-uk.pdf"]
    for name in pdfs:
        data = (first / "download" / name).read_bytes()
        assert data == (second / "download" / name).read_bytes()
        assert b"/CreationDate" not in data and b"/ModDate" not in data


def test_a_further_edit_of_a_russian_page_makes_again_only_the_guides_that_show_it(tmp_path):
    content = make_content(tmp_path / "content")
    rights = content / "ru" / "rights.md"
    rights.write_text(rights.read_text(encoding="utf-8") + "\nПервая правка.\n", encoding="utf-8")
    dest = build(content, tmp_path / "build")  # the first edit made the English page out of date
    before = {p.name: p.stat().st_ino for p in (dest / "download").glob("*.pdf")}
    rights.write_text(rights.read_text(encoding="utf-8") + "\nВторая правка.\n", encoding="utf-8")
    build(content, dest)
    after = {p.name: p.stat().st_ino for p in (dest / "download").glob("*.pdf")}
    # Ukrainian has no rights page of its own and shows the Russian one; English has its own.
    assert [name for name in sorted(before) if before[name] != after[name]] == ["lifeline-ru.pdf", "lifeline-uk.pdf"]
    assert "Вторая правка." in text_of(dest / "download" / "lifeline-ru.pdf")


# --- the leaflet ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_shipped_leaflet_is_one_a4_page_with_the_banner_and_no_code_for_a_placeholder(downloads, code):
    pdf = downloads / f"leaflet-{code}.pdf"
    info = run("pdfinfo", str(pdf))
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    text = text_of(pdf)
    message = (downloads / f"lifeline-{code}.txt").read_text(encoding="utf-8")
    banner = message.split("\n\n")[0]  # the message file starts with the demonstration notice too
    if code == "ar":
        assert not _missing_words(banner, text)
    elif code not in EXTRACTION_IS_PARTIAL:
        assert no_spaces(same_text(banner)) in no_spaces(text)
    assert _codes_in(pdf) == set()  # placeholders are never made codes


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_qr_code_gives_exactly_an_address_of_the_contact_file(real_leaflets, code):
    pdf = real_leaflets[code]
    assert re.search(r"^Pages:\s+1$", run("pdfinfo", str(pdf)), re.M)
    assert _codes_in(pdf) == EXPECTED_CODES
    assert "Demonstration" not in text_of(real_leaflets["en"])


def test_qr_codes_are_at_least_2_5_cm_wide_and_text_at_least_9_pt(real_leaflets, tmp_path):
    for code in ("ru", "ar", "ko"):
        widths = _code_widths_cm(real_leaflets[code], tmp_path / code)
        assert len(widths) == len(EXPECTED_CODES), widths
        assert all(width >= 2.5 for width in widths), widths
        sizes = set()

        def visit(text, cm, tm, font, size, sizes=sizes):
            if text.strip():
                sizes.add(round(size * abs(tm[3]) * abs(cm[3]), 2))

        pypdf.PdfReader(real_leaflets[code]).pages[0].extract_text(visitor_text=visit)
        assert sizes and min(sizes) >= 9, sizes


def test_a_print_of_the_share_page_says_what_the_leaflet_says(shipped_build, downloads, chromium, tmp_path):
    page = chromium.new_page()
    try:
        page.goto((shipped_build / "ru" / "share.html").as_uri())
        page.emulate_media(media="print")
        (tmp_path / "printed.pdf").write_bytes(page.pdf(format="A4"))
    finally:
        page.close()
    printed, leaflet = _words(text_of(tmp_path / "printed.pdf")), _words(text_of(downloads / "leaflet-ru.pdf"))
    message = _words((downloads / "lifeline-ru.txt").read_text(encoding="utf-8"))
    assert message and message <= printed and message <= leaflet, (message - printed, message - leaflet)


def _words(text: str) -> set[str]:
    """The words of `text`, lower-case, without the punctuation around them (and no lam-alef words, above)."""
    words = {word.strip(".,:;«»()—-،").lower() for word in HARAKAT.sub("", same_text(text)).split()} - {""}
    return {word for word in words if not LAM_ALEF.search(word)}


def _missing_words(expected: str, text: str) -> set[str]:
    """The words of `expected` not found in `text` read back (spaces ignored: a vowel mark may come apart)."""
    joined = no_spaces(HARAKAT.sub("", text)).lower()
    return {word for word in _words(expected) if word not in joined}


def _codes_in(pdf: Path) -> set[str]:
    """Every QR code zbar finds on the page rasterised at 100 dpi (a cheap office scan)."""
    stem = pdf.with_suffix("")
    run("pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", str(pdf), str(stem))
    result = subprocess.run(
        ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", f"{stem}.png"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (0, 4), result.stderr  # 4: no code found
    return set(result.stdout.split())


def _code_widths_cm(pdf: Path, stem: Path) -> list[float]:
    """The width of each square dark block from 2 to 5 cm on the page: the QR codes, measured.

    At 100 dpi each module is a few pixels; widening every dark pixel by 3 pixels joins a code's
    modules into one block (and letters into words and lines, which are not square).
    """
    dpi, grow = 100, 3
    run("pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf), str(stem))
    image = (
        Image.open(f"{stem}.png")
        .convert("L")
        .point(lambda v: 0 if v < 128 else 255)
        .filter(ImageFilter.MinFilter(2 * grow + 1))
    )
    width, height = image.size
    dark = [v == 0 for v in image.get_flattened_data()]
    seen, widths = bytearray(width * height), []
    for start in range(width * height):
        if not dark[start] or seen[start]:
            continue
        seen[start], stack, box = 1, [start], [width, height, 0, 0]
        while stack:
            index = stack.pop()
            x, y = index % width, index // width
            box = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
            for near in (index - 1, index + 1, index - width, index + width):
                if 0 <= near < width * height and dark[near] and not seen[near] and abs(near % width - x) <= 1:
                    seen[near] = 1
                    stack.append(near)
        w_cm, h_cm = [(size - 2 * grow) / dpi * 2.54 for size in (box[2] - box[0] + 1, box[3] - box[1] + 1)]
        if 2 <= w_cm <= 5 and abs(w_cm - h_cm) < 0.2:
            widths.append(round(w_cm, 2))
    return widths


@pytest.mark.parametrize("workers", [1, 2])
def test_a_message_too_long_for_one_leaflet_page_stops_the_build_naming_the_file(tmp_path, workers):
    content = make_content(tmp_path / "content")
    (content / "ru" / "share.md").write_text(  # 1,000 characters, but in 120 paragraphs
        "---\ntitle: Сообщение\ndescription: Текст для пересылки.\nweight: 90\nupdated: 2026-11-21\n---\n\n"
        + "\n\n".join(["Звоните."] * 120)
        + "\n",
        encoding="utf-8",
    )
    dest = tmp_path / "build"
    with pytest.raises(ContentError) as raised:
        build(content, dest, workers=workers)
    report = raised.value.report()  # uk and en show the Russian page: the first leaflet to fail is named
    assert re.search(
        r"ru/share\.md: the leaflet \(download/leaflet-(ru|uk|en)\.pdf\) takes [2-9] A4 pages with this text, even in 9pt",
        report,
    ), report
    assert not dest.exists() and not list(tmp_path.glob(".build-*"))  # nothing half-written


def _glyphs_by_text(pdf: Path) -> dict[str, set[tuple[str, str]]]:
    """For every text a glyph stands for (the fonts' ToUnicode maps), the glyphs drawn for it.

    Shaped text shows here: Arabic letters take several glyphs (initial, medial, final, alone),
    and Devanagari has glyphs that stand for several letters (conjuncts, half forms)."""
    found: dict[str, set[tuple[str, str]]] = {}
    for page in pypdf.PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for glyph, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                    letters = bytes.fromhex(text).decode("utf-16-be")
                    found.setdefault(letters, set()).add((str(font["/BaseFont"]), glyph))
    return found


def test_every_script_is_shaped_and_every_letter_has_a_glyph(downloads):
    arabic = _glyphs_by_text(downloads / "lifeline-ar.pdf")
    joined = [letter for letter, glyphs in arabic.items() if "\u0628" <= letter <= "\u064a" and len(glyphs) >= 3]
    assert len(joined) >= 10, joined  # letters drawn in their joined forms: shaped
    for code in ("hi", "ne"):
        clusters = [text for text in _glyphs_by_text(downloads / f"lifeline-{code}.pdf") if "\u094d" in text]
        assert any(len(text) >= 2 for text in clusters), clusters  # a conjunct or half form: one glyph, two letters
    hangul = _glyphs_by_text(downloads / "lifeline-ko.pdf")
    assert all(syllable in hangul for syllable in "살고싶다"), "a Hangul syllable drawn with no glyph of its own"
    for code, letters in {"kk": "әғқңөұүһі", "tt": "әөүҗңһ", "ce": "Ӏ"}.items():
        written = "".join(SITE.page(code, slug).html for slug in SITE.slugs)
        used = [letter for letter in letters if letter in written]
        drawn = _glyphs_by_text(downloads / f"lifeline-{code}.pdf")
        assert used and all(letter in drawn for letter in used), [letter for letter in used if letter not in drawn]


def test_the_share_page_shows_the_same_codes_valid_accessible_and_scannable_from_the_screen(
    real_content, tmp_path, chromium
):
    from browser import axe_violations, nu_html_check

    site = build(real_content, tmp_path / "build", pages_only=True)
    pages = [site / code / "share.html" for code in ("ru", "ar")]
    assert all('<svg role="img"' in page.read_text(encoding="utf-8") for page in pages)
    # Tor Browser reads the onion address from <meta http-equiv="onion-location"> (the server
    # also sends it as a header); the checker does not know that value, and says so, once a page.
    messages = [m for m in nu_html_check(pages) if "onion-location" not in m["message"]]
    assert messages == []
    tab = chromium.new_page(viewport={"width": 900, "height": 900})
    try:
        for page in pages:
            tab.goto(page.as_uri())
            assert axe_violations(tab) == [], page
            tab.locator(".codes").screenshot(path=str(tmp_path / "codes.png"))
            scanned = subprocess.run(
                ["zbarimg", "-q", "--raw", str(tmp_path / "codes.png")], capture_output=True, text=True, timeout=60
            )
            assert set(scanned.stdout.split()) == EXPECTED_CODES
    finally:
        tab.close()


def test_the_message_is_cut_into_two_columns_between_blocks_a_lead_in_kept_with_its_list():
    from lifeline.web.columns import two_columns

    blocks = ["<p>Три шага:</p>", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>", "<p>" + "x" * 200 + "</p>", "<p>y<br>z</p>"]
    first, second = two_columns("\n".join(blocks))
    assert (first, second) == ("\n".join(blocks[:2]), "\n".join(blocks[2:]))
    assert two_columns("<p>" + "слово " * 400 + "</p>") is None  # one block: nowhere to cut (paper.py balances)
