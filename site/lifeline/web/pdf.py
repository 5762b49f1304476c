"""HTML to PDF with WeasyPrint: tagged (PDF/UA-1), fonts embedded as subsets, the same bytes every time.

Text is laid out by Pango with HarfBuzz, so Arabic is joined and right to left, Devanagari
has its conjuncts, and every script is shaped as in a browser; the fonts are the system's
(Noto, and Nanum for Korean: scripts/debian-packages installs them), never fetched.

Nothing is fetched at all: the HTML carries its stylesheet and its QR codes inline, and the
URL fetcher refuses every address, so a stray link to an image cannot reach the network or
the disk. WeasyPrint's warnings (CSS it ignored, a font it lacked) are errors here: a PDF that
silently lost a rule is not made. No date is written, and the file identifier is the hash of
the content, so the same HTML always gives the same bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

PDF_VARIANT = "pdf/ua-1"  # tagged: a structure tree, the language, reading order for screen readers


class PDFError(RuntimeError):
    """WeasyPrint warned while making a PDF; the message lists what it said."""


def prepare_pdfs() -> None:
    """Import WeasyPrint (half a second) once, in the process that forks the build's workers,
    rather than in each of them.

    Only import it: nothing is laid out here. Pango matches fonts on threads of its own, which
    hold fontconfig's locks while they run; a worker forked while one did would inherit the lock
    taken and wait for it for ever (seen once in the test suite, whose processes have threads).
    """
    import weasyprint  # noqa: F401 - imported for the workers to inherit


class TooManyPages(ValueError):
    def __init__(self, pages: int) -> None:
        self.pages = pages
        super().__init__(f"{pages} pages")


def pdf_of(html: str, max_pages: int | None = None) -> bytes:
    """The PDF of `html`; raises TooManyPages when it would take more than `max_pages`."""
    import weasyprint  # here, not at the top: half a second to import, paid only where PDFs are made

    fetcher = weasyprint.URLFetcher(allowed_protocols=(), fail_on_errors=True)
    with _warnings_as_errors():
        document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
        if max_pages is not None and len(document.pages) > max_pages:
            raise TooManyPages(len(document.pages))
        return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=True)


@contextmanager
def _warnings_as_errors() -> Iterator[None]:
    said: list[str] = []
    handler = _Collect(said)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if said:
        raise PDFError("WeasyPrint: " + "; ".join(said))


class _Collect(logging.Handler):
    def __init__(self, said: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.said = said

    def emit(self, record: logging.LogRecord) -> None:
        self.said.append(record.getMessage())
