"""The real letters: every contract field of the sample text letter and of several PDFs, hand-checked;
structural facts of every PDF; and the hand-written expected JSON files when they exist."""

from __future__ import annotations

import json
import re

import pytest

from determinations.parsing.text import collapse
from tests.parsing.helpers import LETTERS, PDFS, parsed

CONTRACT_KEYS = [
    "is_imr_letter", "layout", "case_number", "decision_date", "injury_date", "ur_denial_date",
    "assigned_date", "application_received_date", "priority", "patient_age", "patient_sex", "outcome",
    "reviewer", "items", "sections", "warnings",
]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_sample_text_letter_every_field():
    record = parsed("000_b63e04827a4d5f31.txt")
    assert list(record) == CONTRACT_KEYS
    assert record["is_imr_letter"] is True
    assert record["layout"] == "A"
    assert record["case_number"] is None
    assert record["decision_date"] is None
    assert record["injury_date"] == "2008-10-21"
    assert record["ur_denial_date"] is None
    assert record["assigned_date"] is None
    assert record["application_received_date"] is None
    assert record["priority"] is None
    assert record["patient_age"] == 50
    assert record["patient_sex"] == "male"
    assert record["outcome"] == "upheld"
    assert record["reviewer"] == {
        "specialty": "Physical Medicine and Rehabilitation",
        "subspecialty": None,
        "licensed_states": ["Alabama", "Maryland"],
        "experience": "more than five years",
    }
    [item] = record["items"]
    assert item["description"] == "Thoracic palpation directed facet injection"
    assert item["decision"] == "upheld"
    assert item["category"] == "injections"
    assert item["is_opioid"] is False
    assert item["rationale"].startswith("The California MTUS ACOEM guidelines do not recommend facet joint")
    assert item["rationale"].endswith("could be argued that it could be done as a diagnostic tool.")
    assert "provided to me does not establish" in item["rationale"]
    assert item["guidelines"] == [
        {"slug": "mtus-acoem-ch12", "cited_by": "claims_administrator", "topic": None, "pages": None,
         "text": "MTUS ACOEM Chapter 12 Low Back Complaints"},
        {"slug": "mtus-acoem-ch12", "cited_by": "reviewer", "topic": None, "pages": "299-301",
         "text": "MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 299-301"},
        {"slug": "mtus-chronic-pain", "cited_by": "reviewer", "topic": None, "pages": None,
         "text": "Chronic Pain Treatment Guidelines"},
    ]
    assert set(record["sections"]) == {"determination_process", "case_summary", "decisions_and_rationales"}
    assert record["sections"]["determination_process"].startswith("MAXIMUS Federal Services sent the complete")
    assert "\n" not in record["sections"]["determination_process"]
    assert record["sections"]["case_summary"].split("\n")[1].startswith("The patient is a 50 year old male sustained")
    assert record["warnings"] == ["no case number", "no decision date"]


def test_cm16_0213037_every_field():
    record = parsed("CM16-0213037.pdf")
    assert {k: record[k] for k in CONTRACT_KEYS[:12]} == {
        "is_imr_letter": True, "layout": "A", "case_number": "CM16-0213037", "decision_date": "2016-12-09",
        "injury_date": "2016-10-13", "ur_denial_date": "2016-11-03", "assigned_date": "2016-11-09",
        "application_received_date": "2016-11-03", "priority": "Standard", "patient_age": 48,
        "patient_sex": "male", "outcome": "upheld",
    }
    assert record["reviewer"] == {"specialty": "Family Practice", "subspecialty": None,
                                  "licensed_states": ["California", "North Carolina"],
                                  "experience": "more than five years"}
    first, second = record["items"]
    assert (first["description"], first["decision"], first["category"], first["is_opioid"]) == (
        "MRI of the right shoulder without contrast", "upheld", "imaging", False)
    assert first["guidelines"] == [
        {"slug": "mtus-acoem-ch9", "cited_by": "claims_administrator", "topic": None, "pages": None,
         "text": "MTUS Shoulder Complaints 2004"},
        {"slug": "mtus-acoem-ch9", "cited_by": "reviewer", "topic": "Special Studies", "pages": None,
         "text": "MTUS Shoulder Complaints 2004, Section(s): Special Studies"},
    ]
    assert first["rationale"].startswith("CA MTUS/ACOEM Guidelines state that unequivocal objective findings")
    assert first["rationale"].endswith("is determined to be not medically necessary.")
    assert second["description"] == "MRI of the cervical spine without contrast"
    assert [g["slug"] for g in second["guidelines"]] == ["mtus-acoem-ch8", "mtus-acoem-ch8"]
    assert second["guidelines"][1]["text"] == "MTUS Neck and Upper Back Complaints 2004, Section(s): Special Studies"
    assert record["sections"]["reviewer_qualifications"] == (
        "State(s) of Licensure: California,North Carolina\nCertification(s)/Specialty: Family Practice"
    )
    assert record["warnings"] == []


def test_cm17_0002198_partly_authorised_requests():
    record = parsed("CM17-0002198.pdf")
    first, second = record["items"]
    assert first["description"] == (
        "two physical therapy sessions for the lumbar spine, left shoulder and left knee and eight physical "
        "therapy sessions for the left wrist"
    )
    assert second["description"].startswith("two occupational therapy sessions for the left wrist")
    assert [g["slug"] for g in first["guidelines"]] == [
        "mtus-acoem-ch9", "mtus-acoem-ch11", "mtus-acoem-ch12", "mtus-acoem-ch13", "mtus-chronic-pain", "odg",
        "mtus-chronic-pain",
    ]
    assert first["guidelines"][1]["text"] == (
        "Forearm, Wrist, and Hand Complaints 2004, Section(s): Initial Care, Physical Methods"
    )
    assert first["guidelines"][5]["topic"] == "Physical Therapy Guidelines"
    assert record["outcome"] == "upheld"
    assert {i["category"] for i in record["items"]} == {"physical-therapy"}


def test_cm16_0247802_opioid_colons_and_mixed_outcome():
    record = parsed("CM16-0247802.pdf")
    descriptions = [i["description"] for i in record["items"]]
    assert descriptions == [
        "Spine surgery evaluation for the lumbar", "Orphenadrine Citrate ER 100mg tabs #30",
        "Lidocaine 5% patch #1", "Norco 5/325mg oral tablet, one tablet twice daily 14 days #40",
        "Retrospective Cyclobenzaprine 5mg tab #30 DOS: 11/14/16",
    ]
    assert [i["decision"] for i in record["items"]] == ["overturned", "upheld", "upheld", "upheld", "upheld"]
    assert record["outcome"] == "partial"
    assert [i["is_opioid"] for i in record["items"]] == [False, False, False, True, False]
    assert [i["category"] for i in record["items"]] == [
        "evaluation-management", "pharmaceuticals", "pharmaceuticals", "pharmaceuticals", "pharmaceuticals"]
    norco = record["items"][3]["guidelines"]
    assert norco == [{
        "slug": "mtus-opioids", "cited_by": "reviewer", "pages": None,
        "topic": "3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment",
        "text": "MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain and Chronic Opioid "
                "Treatment: Maintenance of Chronic Opioid Treatment",
    }]
    lidocaine = record["items"][2]["guidelines"][0]
    assert (lidocaine["slug"], lidocaine["topic"]) == ("odg-pain", "Lidoderm (Lidocaine patch)")
    assert record["reviewer"]["subspecialty"] == "Pediatric Rehabilitation Medicine"
    assert record["reviewer"]["specialty"] == "Physical Medicine and Rehabilitation"


def test_cm17_0010885_general_approaches_and_odg_preface():
    record = parsed("CM17-0010885.pdf")
    assert record["outcome"] == "overturned"
    second = record["items"][1]
    assert [(g["cited_by"], g["slug"]) for g in second["guidelines"]] == [
        ("claims_administrator", "mtus-acoem-ch1"), ("claims_administrator", "mtus-chronic-pain"),
        ("reviewer", "mtus-acoem-ch8"), ("reviewer", "mtus-chronic-pain"), ("reviewer", "odg-neck"),
        ("reviewer", "odg"),
    ]
    assert second["guidelines"][-1]["text"] == "ODG Preface \u2013 Physical Therapy"
    assert record["reviewer"]["subspecialty"] == "Occupational Medicine, Public Health and General Preventive Medicine"
    assert record["reviewer"]["licensed_states"] == ["California", "Iowa", "Montana"]


def test_cm17_0003284_wrapped_item_and_several_odg_chapters():
    record = parsed("CM17-0003284.pdf")
    first = record["items"][0]
    assert first["description"] == (
        "Chiropractic treatment for cervical and lumbar spine, left wrist/hand, 3 times a week for 4 weeks")
    assert first["category"] == "chiropractic"
    assert [g["slug"] for g in first["guidelines"]] == [
        "mtus-acoem-ch8", "mtus-acoem-ch11", "mtus-acoem-ch12", "odg-neck", "odg-low-back",
        "odg-forearm-wrist-hand", "mtus-chronic-pain"]
    assert {g["topic"] for g in first["guidelines"][3:6]} == {"Chiropractic Guidelines"}
    assert len(record["items"]) == 5


def test_cm16_0249170_sex_without_age():
    record = parsed("CM16-0249170.pdf")
    assert record["warnings"] == ["no patient age"]
    assert record["patient_age"] is None
    assert record["patient_sex"] == "female"
    assert record["injury_date"] == "2016-10-25"


def test_cm17_0015957_no_citations_and_general_approaches_title():
    record = parsed("CM17-0015957.pdf")
    pre_op = record["items"][1]
    assert pre_op["description"] == "Pre-op Clearance"
    assert pre_op["guidelines"] == []
    assert pre_op["category"] == "evaluation-management"
    motrin = record["items"][2]
    assert motrin["guidelines"][0]["slug"] == "mtus-acoem-ch3"
    assert motrin["guidelines"][0]["topic"] == "Initial Approaches to Treatment"
    # `anti` + U+FFFE + `inflammatories`: a compound broken at its hyphen keeps the hyphen
    assert "antiinflammatories" not in motrin["rationale"]
    assert "anti-inflammatories are the traditional" in motrin["rationale"]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_every_pdf_structurally(path):
    record = parsed(path.name)
    assert list(record) == CONTRACT_KEYS
    assert record["is_imr_letter"] is True
    assert record["layout"] == "A"
    assert record["case_number"] == path.stem
    for key in ("decision_date", "injury_date", "ur_denial_date", "assigned_date", "application_received_date"):
        assert record[key] and ISO_DATE.match(record[key]), key
    assert record["priority"] == "Standard"
    assert record["patient_sex"] in ("male", "female")
    assert record["items"], "no items"
    for item in record["items"]:
        assert item["decision"] in ("upheld", "overturned")
        assert item["category"] and item["category"] != "other"
        assert item["rationale"]
        assert item["description"] and not item["description"].endswith((".", ":"))
        for citation in item["guidelines"]:
            assert citation["slug"] and citation["text"]
            assert citation["cited_by"] in ("claims_administrator", "reviewer")
    assert record["reviewer"]["licensed_states"]
    assert record["reviewer"]["specialty"]
    assert set(record["sections"]) >= {"determination_process", "case_summary", "decisions_and_rationales"}
    for value in _strings(record):
        assert "\ufffe" not in value and "\u00ad" not in value
        assert "Page 1 of" not in value and "\f" not in value
    assert record["warnings"] in ([], ["no patient age"])


EXPECTED = sorted(LETTERS.glob("*.expected.json"))


@pytest.mark.skipif(not EXPECTED, reason="no hand-checked expected JSON files yet")
@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_matches_hand_checked_expected_json(expected_path):
    stem = expected_path.name[: -len(".expected.json")]
    source = next((p for p in (LETTERS / f"{stem}.pdf", LETTERS / f"{stem}.txt") if p.exists()), None)
    assert source is not None, f"no letter for {expected_path.name}"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    record = dict(parsed(source.name))
    # The expected files give each section as its first and last words (README.md in the letters folder).
    sections = record.pop("sections")
    expected_sections = expected.pop("sections")
    assert list(record) == list(expected)
    for key in expected:
        assert record[key] == expected[key], key
    assert set(sections) == set(expected_sections)
    for key, ends in expected_sections.items():
        text = collapse(sections[key])
        assert text.startswith(ends["starts_with"]), key
        assert text.endswith(ends["ends_with"]), key
