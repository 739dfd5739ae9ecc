"""Layouts B and C, from hand-written fixtures covering every phrasing docs/FORMATS.md lists."""

from __future__ import annotations

from determinations.parsing import parse_text
from tests.parsing.helpers import fixture_text


def _parse(name: str) -> dict:
    return parse_text(fixture_text(name)).to_json()


def test_b_2013_printing():
    record = _parse("layout_b_2013.txt")
    assert (record["layout"], record["case_number"], record["decision_date"]) == ("B", "CM13-0004321", "2013-12-23")
    assert (record["ur_denial_date"], record["injury_date"]) == ("2013-07-15", "2011-03-01")
    assert (record["patient_age"], record["patient_sex"]) == (43, "female")
    # Decision list printed twice: each item once; "notmedically" joined by extraction.
    assert [(i["description"], i["decision"]) for i in record["items"]] == [
        ("Norco 10/325mg #120", "upheld"),
        ("physical therapy 2 times a week for 6 weeks for the lumbar spine", "overturned"),
    ]
    assert record["outcome"] == "partial"
    norco, therapy = record["items"]
    assert norco["is_opioid"] is True
    assert [(g["cited_by"], g["slug"], g["pages"]) for g in norco["guidelines"]] == [
        ("claims_administrator", "mtus-chronic-pain", "74-96"),
        ("reviewer", "mtus-chronic-pain", "76-80"),
        ("reviewer", "odg-pain", None),
    ]
    assert norco["rationale"].startswith("There is no documentation of functional improvement")
    assert [g["slug"] for g in therapy["guidelines"]] == ["acoem", "mtus-acoem-ch12"]
    assert therapy["rationale"].endswith("The request is medically necessary and appropriate.")
    assert record["reviewer"] == {"specialty": "Physical Medicine and Rehabilitation",
                                  "subspecialty": "Pain Medicine", "licensed_states": ["California", "Oregon"],
                                  "experience": "more than five years"}
    assert {"reviewer_qualifications", "case_summary", "decisions_and_rationales"} <= set(record["sections"])
    assert record["sections"]["case_summary"].startswith("The expert Reviewer developed")
    assert not any("Page" in v for v in record["sections"].values() if "Page 2 of" in v)
    assert record["warnings"] == []


def test_b_letterhead_layout():
    record = _parse("layout_b.txt")
    assert (record["layout"], record["case_number"], record["decision_date"]) == ("B", "CM14-0055555", "2014-05-02")
    assert record["application_received_date"] == "2014-04-01"
    assert [(i["description"], i["decision"], i["category"]) for i in record["items"]] == [
        ("Right knee arthroscopy with partial medial meniscectomy", "upheld", "surgery"),
        ("Post-operative cold therapy unit, 7 day rental", "upheld", "dme"),
    ]
    cold = record["items"][1]
    assert [(g["cited_by"], g["slug"], g["topic"]) for g in cold["guidelines"]] == [
        ("claims_administrator", "odg-knee", "Continuous-flow cryotherapy"),
        ("reviewer", "odg-knee", "Continuous-flow cryotherapy"),
    ]
    assert record["reviewer"]["specialty"] == "Orthopedic Surgery"
    assert record["reviewer"]["licensed_states"] == ["California", "Texas"]
    assert set(record["sections"]) == {"determination_process", "documents_reviewed", "case_summary",
                                       "decisions_and_rationales"}
    assert record["outcome"] == "upheld"


def test_b_a_hybrid():
    record = _parse("layout_b_hybrid.txt")
    assert (record["layout"], record["ur_denial_date"], record["priority"]) == ("B", "2015-06-30", "Expedited")
    [item] = record["items"]
    assert (item["description"], item["decision"], item["is_opioid"]) == ("Tramadol ER 150mg #30", "overturned", True)
    assert [(g["slug"], g["topic"], g["pages"]) for g in item["guidelines"]] == [
        ("mtus-chronic-pain", "Opioids, criteria for use", "78"),
        ("mtus-chronic-pain", "Tramadol", "113"),
    ]
    assert record["reviewer"] == {"specialty": "Physical Medicine and Rehabilitation",
                                  "subspecialty": "Pain Medicine", "licensed_states": ["California", "Nevada"],
                                  "experience": "more than five years"}
    assert (record["patient_age"], record["patient_sex"]) == (52, "female")


def test_c_professional_review():
    record = _parse("layout_c.txt")
    assert (record["layout"], record["case_number"], record["decision_date"]) == ("C", "CM15-0200001", "2015-11-18")
    assert (record["patient_age"], record["patient_sex"]) == (47, "male")
    [item] = record["items"]
    assert item["description"] == "Lumbar epidural steroid injection at L4-5 and L5-S1 under fluoroscopy"
    assert (item["decision"], item["category"]) == ("upheld", "injections")
    assert item["rationale"].endswith("The request is not medically necessary.")
    assert [(g["slug"], g["topic"], g["pages"], g["text"]) for g in item["guidelines"]] == [
        ("mtus-chronic-pain", "Epidural steroid injections (ESIs)", "46",
         "MTUS Chronic Pain Medical Treatment Guidelines, Epidural steroid injections (ESIs), page 46")]
    assert record["reviewer"] == {"specialty": "Anesthesiology", "subspecialty": "Pain Medicine",
                                  "licensed_states": ["Arizona", "New Mexico"], "experience": "over ten years"}
    assert set(record["sections"]) == {"issue_at_dispute", "case_summary", "documents_reviewed",
                                       "guidelines_relied_upon", "decisions_and_rationales",
                                       "reviewer_qualifications"}


def test_c_several_items_with_decisions():
    text = fixture_text("layout_c.txt").replace(
        "Lumbar epidural steroid injection at L4-5 and L5-S1 under fluoroscopy",
        "1. Lumbar epidural steroid injection at L4-5: Non-certified\n2. Post-injection physical therapy x6:\n"
        "Certified",
    )
    record = parse_text(text).to_json()
    assert [(i["description"], i["decision"]) for i in record["items"]] == [
        ("Lumbar epidural steroid injection at L4-5", "upheld"),
        ("Post-injection physical therapy x6", "overturned"),
    ]
    assert record["outcome"] == "partial"


def test_lenient_spacing_case_and_crlf():
    text = fixture_text("layout_b.txt").replace("\n", "\r\n\r\n").replace("Case Number:", "case   number :")
    record = parse_text(text).to_json()
    assert record["case_number"] == "CM14-0055555"
    assert len(record["items"]) == 2


def test_not_a_letter():
    record = parse_text("Dear customer, your order has shipped. Tracking number 12345.").to_json()
    assert record["is_imr_letter"] is False
    assert record["layout"] is None and record["items"] == [] and record["sections"] == {}
    assert record["reviewer"] is None and record["outcome"] is None
    assert record["warnings"] == ["not an IMR determination letter"]


def test_truncated_letter_keeps_what_it_has():
    text = fixture_text("layout_b.txt")
    cut = text[: text.index("IMR DECISION(S)")]
    record = parse_text(cut).to_json()
    assert record["is_imr_letter"] is True and record["case_number"] == "CM14-0055555"
    assert "no disputed items found" in record["warnings"]
    assert "letter appears truncated" in record["warnings"]
