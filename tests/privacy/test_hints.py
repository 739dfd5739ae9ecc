"""The detectors' cheap hints never hide a match: wherever a guarded pattern matches, its hint does too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from determinations.privacy import rules
from determinations.privacy.accuracy import LABELLED

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "letters"

# (the guarded pattern, does its hint find something in this text)
GUARDS = [
    (rules._EMAIL, lambda text: "@" in text),
    (rules._SSN, lambda text: bool(rules._SSN_HINT.search(text))),
    (rules._EAMS, lambda text: bool(rules._EAMS_HINT.search(text.casefold()))),
    (rules._BIRTH, lambda text: bool(rules._BIRTH_HINT.search(text.casefold()))),
    (rules._CITY_ZIP, lambda text: bool(rules._CITY_ZIP_HINT.search(text))),
]


def _texts() -> list[str]:
    snippets = [json.loads(line)["text"] for line in LABELLED.read_text().splitlines() if line.strip()]
    letters = [path.read_text(errors="replace") for path in sorted(FIXTURES.rglob("*.txt"))]
    awkward = ["Ms. Roe, DOB 1/2/1970", "d.o.b.: 01/02/1970", "D.O.B 01/02/1970", "Born on March 3, 1970",
               "EAMS ADJ1234567", "wcab#12345678", "SSN 123-45-6789", "ssn 123 45 6789", "Fresno, Calif. 93721",
               "Los Angeles California 90012-1234", "jane@example.org", "EAMſ 1234567", "Date of Birth 1/2/70"]
    return snippets + letters + awkward


@pytest.mark.parametrize("pattern,hint", GUARDS, ids=lambda g: getattr(g, "pattern", "")[:24])
def test_a_hint_is_found_wherever_its_pattern_matches(pattern, hint) -> None:
    texts = _texts()
    matched = [text for text in texts if pattern.search(text)]
    assert matched, "the corpus exercises the pattern"
    assert [text[:80] for text in matched if not hint(text)] == []


def test_the_reordered_identifier_pattern_reads_the_character_before_it() -> None:
    found = [m.group(0) for m in rules._IDENTIFIER_LIKE.finditer("A2019-WC-558812 x/ABC123 2019-WC-558812 .X12345")]
    assert found == ["A2019-WC-558812", "2019-WC-558812"]
    assert [m.group(0) for m in rules._IDENTIFIER_LIKE.finditer("ZZ123456")] == ["ZZ123456"]  # at the start
