"""PDF text extraction with pypdfium2: bytes or a path in, the letter's text out (pages in order).

Letters posted by DWC are often encrypted with an empty user password; pypdfium2 opens them without
one, so they are normal letters. Every pypdfium2 failure becomes a `PdfError`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pypdfium2 as pdfium

from .errors import PdfError, PdfNoTextError

_PAGE_MARGIN_LINE = re.compile(r"\d+")
_MAX_BYTES = 200 * 1024 * 1024


def _read(source: bytes | bytearray | memoryview | str | os.PathLike[str]) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise PdfError(f"cannot read {source}: {exc.strerror or exc}") from None


def _page_texts(data: bytes) -> list[str]:
    if not data[:1024].lstrip().startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise PdfError("not a PDF file (no %PDF header)")
    if len(data) > _MAX_BYTES:
        raise PdfError("PDF too large")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise PdfError("PDF is encrypted with a password") from None
        raise PdfError(f"corrupt or unsupported PDF ({exc})") from None
    except Exception as exc:  # pypdfium2 may raise other types on odd input; none may escape
        raise PdfError(f"corrupt or unsupported PDF ({type(exc).__name__})") from None
    texts: list[str] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    texts.append(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()
    except PdfError:
        raise
    except Exception as exc:
        raise PdfError(f"cannot extract text from PDF ({type(exc).__name__}: {exc})") from None
    finally:
        document.close()
    return texts


def _strip_repeated_margins(pages: list[list[str]]) -> None:
    """Drop first/last lines that repeat (digits aside) on most pages: running headers and footers."""
    if len(pages) < 2:
        return
    for position in (0, -1):
        keys: dict[str, int] = {}
        for lines in pages:
            if lines:
                key = _PAGE_MARGIN_LINE.sub("#", lines[position].strip())
                keys[key] = keys.get(key, 0) + 1
        # A label that happens to open (or close) several pages ("Rationale Used in Determination:",
        # "Decision rationale:") is content, not a running header: labels end with a colon, margins do not.
        repeated = {
            k for k, count in keys.items()
            if count >= max(2, (len(pages) + 1) // 2) and k and not k.endswith(":")
        }
        if not repeated:
            continue
        # The first page's top line is the letter's own header: a running header repeats it, keep it once.
        for lines in pages[1:] if position == 0 else pages:
            if lines and _PAGE_MARGIN_LINE.sub("#", lines[position].strip()) in repeated:
                lines.pop(position)


def extract_pdf_text(source: bytes | bytearray | memoryview | str | os.PathLike[str]) -> str:
    """The text of every page, in order, running headers/footers removed. Raises `PdfError`."""
    texts = _page_texts(_read(source))
    pages = [text.replace("\r\n", "\n").replace("\r", "\n").split("\n") for text in texts]
    _strip_repeated_margins(pages)
    text = "\n".join("\n".join(lines) for lines in pages)
    if not text.strip():
        raise PdfNoTextError("PDF has no text layer (scanned image?)")
    return text
