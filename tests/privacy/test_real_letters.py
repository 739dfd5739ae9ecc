"""The 34 real letters (DWC postings, redacted at source) stay public, and nothing in them that is public is masked.

The exact masks the scanner applies to them are listed here: guideline titles, drug names, body parts,
eponymous signs, reviewer specialties, case numbers and dates of injury must all survive.
"""

from __future__ import annotations

import pytest

from determinations.ingest import ingest_files
from determinations.models import Case, SourceDocument
from determinations.privacy import MASK, scan
from determinations.sources import extract_text, sniff_media_type
from tests.conftest import LETTERS

# letter -> the (kind, original) masks applied to its text. DWC blanks every name, address and number
# before posting, so the scanner finds nothing personal left in any of them.
EXPECTED_MASKS: dict[str, list[tuple[str, str]]] = {}


def _letters() -> list:
    return sorted(p for p in LETTERS.iterdir() if p.suffix in (".pdf", ".txt"))


def test_there_are_34_real_letters():
    assert len(_letters()) == 34


@pytest.mark.parametrize("path", _letters(), ids=lambda p: p.name)
def test_the_masks_applied_to_a_real_letter(path):
    data = path.read_bytes()
    text = extract_text(data, sniff_media_type(data, path.name))
    result = scan(text)
    assert [(m.kind, m.original) for m in result.masks] == EXPECTED_MASKS.get(path.name, [])
    assert result.doubts == []


@pytest.mark.django_db
def test_real_letters_stay_public_and_whole():
    results = ingest_files([(p.name, p.read_bytes()) for p in _letters()])
    assert {r.status for r in results} == {"parsed"}
    assert Case.objects.count() == 34 and not SourceDocument.objects.filter(status="held").exists()
    for case in Case.objects.select_related("source_document", "reviewer"):
        assert case.full_text == case.source_document.text  # not one character masked
        shown = " ".join([*case.sections.values(), *case.items.values_list("description", flat=True)])
        assert not MASK.search(shown)
        assert case.reviewer.specialty.split()[0] in case.full_text  # the reviewer's specialty survives
    texts = " ".join(Case.objects.values_list("full_text", flat=True))
    for public in ("MTUS", "ACOEM", "Chronic Pain Medical Treatment Guidelines", "Official Disability Guidelines",
                   "Norco", "Lumbar", "cervical", "shoulder", "Family Practice",
                   "Physical Medicine and Rehabilitation", "CM16-0213037", "10/13/2016", "year old male"):
        assert public in texts, public
