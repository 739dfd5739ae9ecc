"""Hypothesis: the parser never raises on any text (real letters shuffled, cut or duplicated included);
arbitrary bytes given as a PDF raise LetterError and nothing else."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from determinations.parsing import LetterError, PdfError, parse_pdf, parse_text
from tests.parsing.helpers import PDFS, SAMPLE_TEXT, pdf_text

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
REAL_TEXTS = [SAMPLE_TEXT.read_text()] + [pdf_text(p.name) for p in PDFS[:8]]


def _check(record) -> None:
    data = record.to_json()
    json.dumps(data)
    if not data["is_imr_letter"]:
        assert data["items"] == [] and data["sections"] == {} and data["reviewer"] is None
    for item in data["items"]:
        assert item["decision"] in ("upheld", "overturned")


@FAST
@given(st.text(max_size=3000))
def test_never_raises_on_arbitrary_text(text):
    _check(parse_text(text))


ALPHABET = st.sampled_from(
    ["\n", " ", ":", "Upheld", "Overturned", "Decision rationale:", "MAXIMUS guideline:", "1.", "1)",
     "IMR ISSUES, DECISIONS AND RATIONALES", "Decision based on", "Non-MTUS Citation", "ODG", "MTUS",
     "Section(s):", "Page(s):", "is not medically necessary and appropriate", "Regarding the request for",
     "MEDICAL PROFESSIONAL REVIEW", "ISSUE AT DISPUTE:", "Case Number:", "CM16-0213037", "12/09/2016",
     "\ufffe", "\f", "(", ")", ",", "Low Back", "Chapter 12", "State(s) of Licensure:", "CA,", "x" * 50]
)


@FAST
@given(st.lists(ALPHABET, max_size=200))
def test_never_raises_on_letter_shaped_noise(tokens):
    _check(parse_text(" ".join(tokens)))


@FAST
@given(st.sampled_from(REAL_TEXTS), st.randoms(use_true_random=False))
def test_real_letters_with_lines_shuffled(text, rnd):
    lines = text.splitlines()
    rnd.shuffle(lines)
    _check(parse_text("\n".join(lines)))


@FAST
@given(st.sampled_from(REAL_TEXTS), st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_real_letters_cut(text, start, end):
    a, b = sorted((int(start * len(text)), int(end * len(text))))
    _check(parse_text(text[a:b]))
    _check(parse_text(text[:b]))


@FAST
@given(st.sampled_from(REAL_TEXTS), st.lists(st.integers(min_value=0, max_value=10_000), max_size=30))
def test_real_letters_with_lines_duplicated(text, picks):
    lines = text.splitlines()
    for pick in picks:
        index = pick % len(lines)
        lines.insert(index, lines[index])
    _check(parse_text("\n".join(lines)))


@FAST
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_as_pdf_raise_letter_error_only(data):
    try:
        parse_pdf(data)
    except LetterError:
        pass


@FAST
@given(st.binary(max_size=2000), st.integers(min_value=0, max_value=60_000))
def test_damaged_real_pdf_raises_letter_error_only(noise, offset):
    data = bytearray(PDFS[0].read_bytes())
    offset %= len(data)
    data[offset:offset + len(noise)] = noise
    try:
        _check(parse_pdf(bytes(data)))
    except LetterError as exc:
        assert isinstance(exc, PdfError)
