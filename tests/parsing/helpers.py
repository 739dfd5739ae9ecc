"""Shared access to the real letters, parsed once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from determinations.parsing import extract_pdf_text, parse_text

LETTERS = Path(__file__).resolve().parents[1] / "fixtures" / "letters"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_TEXT = LETTERS / "000_b63e04827a4d5f31.txt"
PDFS = sorted(LETTERS.glob("*.pdf"))


@cache
def pdf_text(name: str) -> str:
    return extract_pdf_text((LETTERS / name).read_bytes())


@cache
def parsed(name: str) -> dict:
    """The contract JSON of a real letter (`CM16-0213037.pdf` or the sample text's file name)."""
    if name.endswith(".pdf"):
        return parse_text(pdf_text(name)).to_json()
    return parse_text((LETTERS / name).read_text(encoding="utf-8")).to_json()


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")
