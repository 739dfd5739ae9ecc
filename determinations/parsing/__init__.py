"""The letter reader: IMR determination letters (text or PDF) -> typed records. Pure Python, no Django.

    parse_text(text) -> ParsedLetter        parse_pdf(data) -> ParsedLetter
    extract_pdf_text(data) -> str           parse_file(path) -> ParsedLetter
    content_identifier(text) -> "imr-<16 hex>"
"""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

from .errors import LetterError, PdfError, PdfNoTextError
from .parser import parse_text
from .pdf import extract_pdf_text
from .record import Citation, Item, ParsedLetter, Reviewer

__all__ = [
    "Citation", "Item", "LetterError", "ParsedLetter", "PdfError", "PdfNoTextError", "Reviewer", "content_identifier",
    "decode_text", "extract_pdf_text", "parse_file", "parse_pdf", "parse_text",
]


def parse_pdf(data: bytes) -> ParsedLetter:
    """Parse a PDF letter's bytes. Raises `PdfError` (a `LetterError`) for unreadable PDFs."""
    return parse_text(extract_pdf_text(data))


def decode_text(data: bytes) -> str:
    """Decode a text file in any common encoding: by BOM (UTF-8, UTF-16, UTF-32), else UTF-16 or UTF-32 told by
    where the NULs of mostly-ASCII text fall, else UTF-8, else cp1252/latin-1. The one decoder of the archive:
    ingestion and `parse_letter` read a file alike. Binary input comes back with its NULs, for callers to refuse."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    encoding = _wide_encoding(data[:400])
    if encoding:
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM: in one lane of every 4 (or 2) bytes hardly a NUL, in the others nearly all."""
    if sample.count(0) <= len(sample) // 4:
        return None
    for width, (little, big) in ((4, ("utf-32-le", "utf-32-be")), (2, ("utf-16-le", "utf-16-be"))):
        lanes = [sample[k::width] for k in range(width)]
        nul = [lane.count(0) / len(lane) if lane else 1.0 for lane in lanes]
        if nul[0] < 0.5 and min(nul[1:]) > 0.75:
            return little
        if nul[-1] < 0.5 and min(nul[:-1]) > 0.75:
            return big
    return None


def parse_file(path: str | os.PathLike[str]) -> ParsedLetter:
    """Parse a .pdf or a text file (any other extension is sniffed). Raises `LetterError` if unreadable."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise LetterError(f"cannot read {file}: {exc.strerror or exc}") from None
    if file.suffix.lower() == ".pdf" or (file.suffix.lower() != ".txt" and data[:5] == b"%PDF-"):
        try:
            return parse_pdf(data)
        except PdfNoTextError:
            # Blank pages or a scanned image: no text, so no letter to read (extract_pdf_text still raises).
            return ParsedLetter(warnings=["document is empty"])
    return parse_text(decode_text(data))


def content_identifier(letter_text: str) -> str:
    """A stable public id for a letter without a case number: same text, any wrapping/CRLF -> same id."""
    text = letter_text.replace("\ufffe", "").replace("\u00ad", "")
    normalised = " ".join(text.split()).lower()
    return "imr-" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]
