"""Step 2 of ingestion, `prepare`: bytes in, text and a parsed record out, without the database."""

from __future__ import annotations

import pytest

from determinations.ingest import prepare
from determinations.parsing import parse_file
from determinations.sources import SourceError, extract_text
from tests.conftest import LETTERS

SAMPLE = LETTERS / "000_b63e04827a4d5f31.txt"
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "cp1252"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_ingestion_and_parse_letter_read_every_encoding_alike(encoding, tmp_path):
    """One decoder for both: a letter saved in any common encoding, with or without a BOM, is the same letter."""
    text = SAMPLE.read_text()
    expected = parse_file(SAMPLE).to_json()
    data = text.encode(encoding)
    assert extract_text(data, "text/plain") == text
    prepared = prepare(data, f"letter-{encoding}.txt", store=False)
    assert prepared.error == "" and prepared.record == expected
    saved = tmp_path / "letter.txt"
    saved.write_bytes(data)
    assert parse_file(saved).to_json() == expected


def test_binary_bytes_are_still_refused_as_binary():
    with pytest.raises(SourceError, match="binary"):
        extract_text(b"\x00\x01\x02\x03" * 400, "text/plain")
    assert "binary" in prepare(b"\x00\x01\x02\x03" * 400, "binary.txt", store=False).error
