"""HTML to a print-ready PDF, with WeasyPrint.

WeasyPrint rather than headless Chromium: it installs from PyPI with mkba (no browser on the
machine of a municipal analyst), it lays out pages by CSS Paged Media, so page numbers
(``counter(page)``) and a table of contents with page numbers (``target-counter``) come from the
stylesheet, and it gives the same PDF for the same HTML. It needs the Pango library of the
operating system, which desktop Linux, macOS (Homebrew) and the WeasyPrint installer for Windows
provide; when it is missing, :func:`html_to_pdf` says so instead of failing halfway.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkba.errors import MkbaError
from mkba.messages import Text

__all__ = ["html_to_pdf", "laid_out", "PdfUnavailable"]


class PdfUnavailable(MkbaError):
    """WeasyPrint (or the Pango library it needs) is not installed."""


def _weasyprint():
    try:
        logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its CSS notes are not ours
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the package is there, Pango is not
        raise PdfUnavailable(Text(
            "een PDF maken lukt niet: WeasyPrint of de Pango-bibliotheek ontbreekt ({reason}); "
            "installeer mkba met pip install 'mkba[pdf]', of laat --pdf weg en druk de "
            "HTML-pagina af vanuit de browser",
            "cannot make a PDF: WeasyPrint or the Pango library is missing ({reason}); install "
            "mkba with pip install 'mkba[pdf]', or leave out --pdf and print the HTML page from "
            "the browser", reason=Text.same(str(exc).splitlines()[0] if str(exc) else
                                            type(exc).__name__))) from None
    return weasyprint


def html_to_pdf(html: str, *, base_url: str | Path | None = None) -> bytes:
    """The PDF of an HTML page, laid out by its print stylesheet.

    Parameters
    ----------
    html : str
        The whole page. Its ``@page`` rules set the paper size, margins and page numbers.
    base_url : str or Path, optional
        Where relative links and images of the page are looked up (a folder).

    Returns
    -------
    bytes
        The PDF.

    Raises
    ------
    PdfUnavailable
        When WeasyPrint or the Pango library is not installed.

    Examples
    --------
    >>> html_to_pdf("<p>Hallo</p>")[:5]
    b'%PDF-'
    """
    return laid_out(html, base_url=base_url).write_pdf()


def laid_out(html: str, *, base_url: str | Path | None = None):
    """The laid-out pages of ``html`` (a WeasyPrint ``Document``), before they become a PDF:
    ``len(laid_out(html).pages)`` counts the pages, ``.write_pdf()`` gives the PDF.

    Raises :class:`PdfUnavailable` when WeasyPrint or the Pango library is not installed.

    WeasyPrint's own options stay at their defaults: measured on the 13 example studies,
    ``optimize_images``, ``full_fonts``, ``uncompressed_pdf`` and ``presentational_hints`` make
    the PDF no faster (the time goes to laying out the tables' text, which the print stylesheet
    keeps down: small type, landscape pages and a fixed layout for the appendix's long lists).
    """
    weasyprint = _weasyprint()
    base = None if base_url is None else str(base_url)
    return weasyprint.HTML(string=html, base_url=base).render()
