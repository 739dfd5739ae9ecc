"""PDF extraction errors and the `parse_letter` command's contract."""

from __future__ import annotations

import io
import json

import pypdfium2 as pdfium
import pytest

from determinations.parsing import LetterError, PdfError, extract_pdf_text, parse_file, parse_pdf
from determinations.parsing.cli import main
from tests.parsing.helpers import LETTERS, PDFS, SAMPLE_TEXT


def test_empty_password_pdf_opens_from_bytes_and_path():
    text = extract_pdf_text(PDFS[0].read_bytes())
    assert text.startswith("Case Number: CM16-0213037")
    assert extract_pdf_text(PDFS[0]) == text
    assert parse_pdf(PDFS[0].read_bytes()).case_number == "CM16-0213037"


@pytest.mark.parametrize("data", [b"", b"hello", b"%PDF-1.7\n garbage", b"%PDF-1.4\n" + b"\x00" * 500])
def test_bad_pdf_bytes_raise_pdf_error(data):
    with pytest.raises(PdfError):
        extract_pdf_text(data)


def test_pdf_without_text_layer_is_refused(tmp_path):
    document = pdfium.PdfDocument.new()
    document.new_page(200, 200)
    path = tmp_path / "blank.pdf"
    document.save(str(path))
    with pytest.raises(PdfError, match="no text layer"):
        extract_pdf_text(path.read_bytes())


def test_pdf_error_is_letter_error():
    assert issubclass(PdfError, LetterError)


def test_parse_file_text_encodings(tmp_path):
    text = SAMPLE_TEXT.read_text()
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "cp1252"):
        path = tmp_path / f"letter-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert parse_file(path).items[0].description == "Thoracic palpation directed facet injection"


def test_parse_file_missing_raises_letter_error(tmp_path):
    with pytest.raises(LetterError):
        parse_file(tmp_path / "nope.pdf")


def test_cli_json_prints_exactly_one_object():
    out, err = io.StringIO(), io.StringIO()
    assert main([str(LETTERS / "CM16-0213037.pdf"), "--json"], stdout=out, stderr=err) == 0
    record = json.loads(out.getvalue())
    assert record["case_number"] == "CM16-0213037"
    assert out.getvalue().count("\n") == 1 and err.getvalue() == ""


def test_cli_human_readable():
    out = io.StringIO()
    assert main([str(SAMPLE_TEXT)], stdout=out) == 0
    assert "Item 1: Thoracic palpation directed facet injection -> upheld [injections]" in out.getvalue()
    assert "Warning: no case number" in out.getvalue()


@pytest.mark.parametrize("name", ["missing.pdf", "notapdf.pdf", "directory"])
def test_cli_unreadable_file_exit_2_one_line(tmp_path, name):
    path = tmp_path / name
    if name == "notapdf.pdf":
        path.write_bytes(b"plain text")
    elif name == "directory":
        path.mkdir()
    out, err = io.StringIO(), io.StringIO()
    assert main([str(path), "--json"], stdout=out, stderr=err) == 2
    assert out.getvalue() == ""
    assert err.getvalue().count("\n") == 1 and err.getvalue().startswith("parse_letter: error:")
