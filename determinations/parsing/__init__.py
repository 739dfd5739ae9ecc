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
    """Decode a text file in any common encoding: BOMs (UTF-8, UTF-16, UTF-32), UTF-8, else cp1252/latin-1."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    sample = data[:400]
    if sample and sample.count(b"\x00") > len(sample) // 4:  # UTF-16 without a BOM
        even_nuls = sample[0::2].count(0)
        return data.decode("utf-16-be" if even_nuls > sample[1::2].count(0) else "utf-16-le", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


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
