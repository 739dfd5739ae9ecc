"""Unit tests per module: text, dates, header, sections, items, citations, reviewer, categories."""

from __future__ import annotations

import datetime as dt

import pytest

from determinations.parsing import content_identifier, decode_text, parse_text
from determinations.parsing.categories import categorise, is_opioid
from determinations.parsing.citations import parse_field
from determinations.parsing.dates import parse_date
from determinations.parsing.header import parse_header
from determinations.parsing.layout import detect_layout
from determinations.parsing.reviewer import normalise_specialty, parse_reviewer, split_specialties, states_in
from determinations.parsing.sections import find_headings
from determinations.parsing.text import clean_lines, collapse, paragraphs
from tests.parsing.helpers import SAMPLE_TEXT

# ------------------------------------------------------------------------------------------------ text


def test_clean_lines_removes_artefacts():
    raw = "Electro\ufffediagnostic  evidence\u00ad\nbased\r\nPage 2 of 3\r\n\fnon\u00a0breaking\ttab  \n"
    assert clean_lines(raw) == ["Electrodiagnostic evidence-based", "non breaking tab"]


def test_blank_line_between_every_line_is_undone_but_paragraph_breaks_stay():
    raw = "one line \n\ntwo line.\n\n\n\nthree line\n\nfour line\n\nfive\n\n"
    assert clean_lines(raw) == ["one line", "two line.", "", "three line", "four line", "five"]


def test_repeated_page_header_dropped_after_first():
    lines = clean_lines("Case Number: CM16-0213037\ntext\nCase Number: CM16-0213037\nmore")
    assert lines == ["Case Number: CM16-0213037", "text", "more"]


def test_paragraphs_keep_breaks_and_collapse_inside():
    lines = ["A first sentence that runs on and on to the margin of the page, wrapping", "here.",
             "Claims Administrator guideline: x.", "", "Last  one."]
    assert paragraphs(lines) == (
        "A first sentence that runs on and on to the margin of the page, wrapping here.\n"
        "Claims Administrator guideline: x.\nLast one."
    )


def test_curly_quotes_kept():
    assert "\u201cquoted\u201d" in collapse("a \u201cquoted\u201d  word")


def test_content_identifier_stable_over_wrapping_and_crlf():
    text = SAMPLE_TEXT.read_text()
    rewrapped = " ".join(text.split()).replace(". ", ".\r\n")
    assert content_identifier(text) == content_identifier(rewrapped)
    assert content_identifier(text).startswith("imr-") and len(content_identifier(text)) == 20
    assert content_identifier(text) != content_identifier(text + " extra")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "utf-16-le"])
def test_decode_text_any_common_encoding(encoding):
    text = "Décision \u2013 patient\u2019s MRI" if encoding not in ("latin-1",) else "Décision patient MRI"
    assert decode_text(text.encode(encoding)) == text


# ------------------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/21/08", dt.date(2008, 10, 21)),
        ("10-13-16", dt.date(2016, 10, 13)),
        ("11-3-16", dt.date(2016, 11, 3)),
        ("2/14/2012", dt.date(2012, 2, 14)),
        ("12/09/2016", dt.date(2016, 12, 9)),
        ("7/15/2013", dt.date(2013, 7, 15)),
        ("July 28, 2014", dt.date(2014, 7, 28)),
        ("November 09, 2016", dt.date(2016, 11, 9)),
        ("Sept. 3 2015", dt.date(2015, 9, 3)),
        ("3 March 2015", dt.date(2015, 3, 3)),
        ("2016-12-09", dt.date(2016, 12, 9)),
        ("1/1/99", dt.date(1999, 1, 1)),
        ("1/1/69", dt.date(2069, 1, 1)),
        ("1/1/70", dt.date(1970, 1, 1)),
        ("13/45/2016", None),
        ("no date", None),
    ],
)
def test_parse_date_every_form(text, expected):
    assert parse_date(text) == expected


# ------------------------------------------------------------------------------------------------ header

LINES_HEADER = """Case Number: CM16-0213037
Date Assigned: 11/09/2016 Date of Injury: 10/13/2016
Decision Date: 12/09/2016 UR Denial Date: 11/03/2016
Priority: Standard Application
Received:
11/03/2016"""

BLOCK_HEADER = """Case Number:
Date Assigned:
Decision Date:
Priority:
CM16-0213037
11/09/2016
12/09/2016
Standard
Date of Injury:
UR Denial Date:
Application
Received:
10/13/2016
11/03/2016
11/03/2016"""


@pytest.mark.parametrize("region", [LINES_HEADER, BLOCK_HEADER], ids=["lines", "blocks"])
def test_two_column_header_both_extractions(region):
    header = parse_header(region)
    assert header.case_number == "CM16-0213037"
    assert header.assigned_date == dt.date(2016, 11, 9)
    assert header.injury_date == dt.date(2016, 10, 13)
    assert header.decision_date == dt.date(2016, 12, 9)
    assert header.ur_denial_date == dt.date(2016, 11, 3)
    assert header.application_received_date == dt.date(2016, 11, 3)
    assert header.priority == "Standard"


def test_header_label_variants():
    header = parse_header(
        "Notice of Independent Medical Review Determination Dated: 12/23/2013\nEmployee:\nClaim Number:\n"
        "Date of UR Decision: 7/15/2013\nDate of Injury: 3/1/2011\nIMR Case Number: CM13-0004321\n"
        "IMR Application Received: 8/1/2013\npriority :  EXPEDITED"
    )
    assert header.case_number == "CM13-0004321"
    assert header.decision_date == dt.date(2013, 12, 23)
    assert header.ur_denial_date == dt.date(2013, 7, 15)
    assert header.injury_date == dt.date(2011, 3, 1)
    assert header.application_received_date == dt.date(2013, 8, 1)
    assert header.priority == "Expedited"
    assert parse_header("MAXIMUS Case Number: cm14 - 0118000").case_number == "CM14-0118000"


# ------------------------------------------------------------------------------------------------ layout/sections


def test_detect_layout():
    assert detect_layout("HOW THE IMR FINAL DETERMINATION WAS MADE\ntext") == "A"
    letterhead = "MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\nFinal Determination: UPHOLD"
    assert detect_layout(letterhead) == "B"
    assert detect_layout("MEDICAL PROFESSIONAL REVIEW\nISSUE AT DISPUTE:\nMRI") == "C"
    assert detect_layout("A recipe for bread: flour, water, salt. Upheld by tradition.") is None
    assert detect_layout("") is None


def test_wrapped_colon_heading_found():
    lines = ["MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND", "WHY:", "MTUS"]
    [heading] = find_headings(lines)
    assert (heading.key, heading.line, heading.end) == ("guidelines_relied_upon", 0, 2)


# ------------------------------------------------------------------------------------------------ items


def _letter_a(body: str) -> dict:
    text = (
        "Case Number: CM16-0000001\nDecision Date: 12/09/2016\nHOW THE IMR FINAL DETERMINATION WAS MADE\n"
        "The expert reviewer is Board Certified in Family Practice and is licensed to practice in Texas.\n"
        "CLINICAL CASE SUMMARY\nThe patient is a 40 year old woman injured on 1/2/2015.\n"
        "IMR ISSUES, DECISIONS AND RATIONALES\n"
        "The Final Determination was based on decisions for the disputed items/services set forth below:\n"
        + body
    )
    return parse_text(text).to_json()


def test_item_with_colons_and_numbering():
    record = _letter_a(
        "1. Associated surgical service: Cold therapy unit: Upheld\n"
        "Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004.\n"
        "MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.\n"
        "Decision rationale: Not needed.\n"
        "2. Retrospective request for urine drug screen, DOS: 11/11/2016: Overturned\n"
        "Claims Administrator guideline: The Claims Administrator did not cite any medical evidence for its decision.\n"
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Drug testing.\n"
        "Decision rationale: Screening is supported.\n"
    )
    first, second = record["items"]
    assert first["description"] == "Associated surgical service: Cold therapy unit"
    assert first["category"] == "dme"
    assert second["description"] == "Retrospective request for urine drug screen, DOS: 11/11/2016"
    assert (second["decision"], second["category"], second["is_opioid"]) == ("overturned", "labs", False)
    assert record["outcome"] == "partial"
    assert [g["slug"] for g in second["guidelines"]] == ["mtus-chronic-pain"]


def test_item_wrapped_over_lines_and_page_break():
    record = _letter_a(
        "Lumbar epidural steroid injection at L4-L5 and L5-S1 under fluoroscopic guidance with\n"
        "Page 3 of 4\n\f"
        "sedation: Overturned\n"
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016.\n"
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Epidural "
        "steroid injections (ESIs).\nDecision rationale: Criteria are met.\n"
    )
    [item] = record["items"]
    assert item["description"] == (
        "Lumbar epidural steroid injection at L4-L5 and L5-S1 under fluoroscopic guidance with sedation")
    assert item["guidelines"][1]["topic"] == "Epidural steroid injections (ESIs)"
    assert record["outcome"] == "overturned"


def test_partly_authorised_request_original_request_is():
    record = _letter_a(
        "Norco 10/325mg #90 was the original request. Norco 10/325mg #30 was authorized by the Claims\n"
        "Administrator. The original request, Norco 10/325mg #60 is: Upheld\n"
        "Claims Administrator guideline: Decision based on MTUS Opioid Treatment 2016.\n"
        "MAXIMUS guideline: Decision based on MTUS Opioid Treatment 2016.\nDecision rationale: Wean.\n"
    )
    [item] = record["items"]
    assert item["description"] == "Norco 10/325mg #60"
    assert item["is_opioid"] is True
    assert item["guidelines"][0]["slug"] == "mtus-opioids"


def test_decision_word_alone_on_next_line():
    record = _letter_a("Lumbar brace:\nUpheld\nDecision rationale: Not supported.\n")
    assert record["items"][0]["description"] == "Lumbar brace"
    assert record["items"][0]["category"] == "dme"


def test_missing_rationale_and_truncation_warned():
    record = _letter_a("MRI of the knee: Upheld\nClaims Administrator guideline: Decision based on MTUS")
    assert "item 1 has no rationale" in record["warnings"]
    assert "letter appears truncated" in record["warnings"]


# ------------------------------------------------------------------------------------------------ citations


def _cite(text: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(c.slug, c.topic, c.pages, c.text) for c in parse_field(text, "reviewer")]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, criteria for use",
         [("mtus-chronic-pain", "Opioids, criteria for use", None,
           "MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, criteria for use")]),
        ("Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain, 4.1 Tapering "
         "Opioids.",
         [("mtus-opioids", "3.3.9 Opioids for Chronic Pain, 4.1 Tapering Opioids", None,
           "MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain, 4.1 Tapering Opioids")]),
        ("Decision based on MTUS Acupuncture Treatment 2007.",
         [("mtus-acupuncture", None, None, "MTUS Acupuncture Treatment 2007")]),
        ("Decision based on MTUS Postsurgical Treatment 2009.",
         [("mtus-postsurgical", None, None, "MTUS Postsurgical Treatment 2009")]),
        ("Decision based on MTUS Low Back Complaints 2004, Section(s): Surgical Considerations.",
         [("mtus-acoem-ch12", "Surgical Considerations", None,
           "MTUS Low Back Complaints 2004, Section(s): Surgical Considerations")]),
        ("Decision based on MTUS Elbow Complaints 2007 Guidelines.",
         [("mtus-acoem-ch10", None, None, "MTUS Elbow Complaints 2007 Guidelines")]),
        ("Decision based on MTUS General Approaches 2004, Section(s): Independent Medical Examinations and "
         "Consultations.",
         [("mtus-acoem-ch7", "Independent Medical Examinations and Consultations", None,
           "MTUS General Approaches 2004, Section(s): Independent Medical Examinations and Consultations")]),
        ("Decision based on MTUS General Approaches 2004, Section(s): Cornerstones of Disability Prevention and "
         "Management", [("mtus-acoem-ch5", "Cornerstones of Disability Prevention and Management", None,
                         "MTUS General Approaches 2004, Section(s): Cornerstones of Disability Prevention and "
                         "Management")]),
        ("Decision based on MTUS Stress Related Conditions 2004.",
         [("mtus-acoem-ch15", None, None, "MTUS Stress Related Conditions 2004")]),
        ("The Expert Reviewer did not cite any medical evidence for its decision.", []),
        ("The Claims Administrator did not cite any medical evidence for its decision.", []),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low back section, Facet joint "
         "diagnostic blocks", [("odg-low-back", "Facet joint diagnostic blocks", None,
                                "Official Disability Guidelines (ODG) Low back section, Facet joint diagnostic "
                                "blocks")]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Lower Back / MRIs",
         [("odg-low-back", "MRIs", None, "Official Disability Guidelines (ODG) Lower Back / MRIs")]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Knee/ Continuous passive motion",
         [("odg-knee", "Continuous passive motion", None,
           "Official Disability Guidelines (ODG) Knee/ Continuous passive motion")]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain Section/ Opioids",
         [("odg-pain", "Opioids", None, "Official Disability Guidelines (ODG) Pain Section/ Opioids")]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Hip and Pelvis Chapter: "
         "Arthroplasty", [("odg-hip-pelvis", "Arthroplasty", None,
                           "Official Disability Guidelines (ODG) Hip and Pelvis Chapter: Arthroplasty")]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Head (trauma, headaches, etc., "
         "not including stress & mental disorders), CT", [
             ("odg-head", "CT", None, "Official Disability Guidelines (ODG) Head (trauma, headaches, etc., not "
                                      "including stress & mental disorders), CT")]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Fitness for Duty - Work "
         "conditioning", [("odg-fitness-for-duty", "Work conditioning", None,
                           "Official Disability Guidelines (ODG) Fitness for Duty - Work conditioning")]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Hernia (Imaging)",
         [("odg-hernia", "Imaging", None, "Official Disability Guidelines (ODG) Hernia (Imaging)")]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Mental Illness & Stress, "
         "Psychotherapy", [("odg-mental-stress", "Psychotherapy", None,
                            "Official Disability Guidelines (ODG) Mental Illness & Stress, Psychotherapy")]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Carpal Tunnel Syndrome, Splints",
         [("odg-carpal-tunnel", "Splints", None,
           "Official Disability Guidelines (ODG) Carpal Tunnel Syndrome, Splints")]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Ankle & Foot, MRI",
         [("odg-ankle-foot", "MRI", None, "Official Disability Guidelines (ODG) Ankle & Foot, MRI")]),
        ("Decision based on Non-MTUS Citation ODG guidelines, Neck and Upper back, MRI",
         [("odg-neck", "MRI", None, "ODG guidelines, Neck and Upper back, MRI")]),
        ("Decision based on Non-MTUS Citation ACOEM Occupational Medicine Practice Guidelines, 3rd ed., Low Back "
         "Disorders, pg. 607", [("acoem", "Low Back Disorders", "607",
                                 "ACOEM Occupational Medicine Practice Guidelines, 3rd ed., Low Back Disorders, "
                                 "pg. 607")]),
        ("Decision based on Non-MTUS Citation ACOEM: Low back disorders",
         [("acoem", "Low back disorders", None, "ACOEM: Low back disorders")]),
        ("Decision based on Non-MTUS Citation http://www.drugs.com/pro/norco.html",
         [("other", None, None, "http://www.drugs.com/pro/norco.html")]),
        ("Decision based on MTUS ACOEM Low Back Disorders, Section(s): Opioids",
         [("mtus-acoem-low-back-disorders", "Opioids", None, "MTUS ACOEM Low Back Disorders, Section(s): Opioids")]),
        ("Non-MTUS Official Disability Guidelines (ODG), Low Back Chapter, Facet joint diagnostic blocks",
         [("odg-low-back", "Facet joint diagnostic blocks", None,
           "Official Disability Guidelines (ODG), Low Back Chapter, Facet joint diagnostic blocks")]),
    ],
)
def test_citation_forms(field, expected):
    assert _cite(field) == expected


def test_several_citations_in_one_field_in_order():
    field = (
        "Decision based on MTUS Low Back Complaints 2004, Section(s): Physical Methods, and Chronic Pain Medical "
        "Treatment 2016, Section(s): TENS, chronic pain (transcutaneous electrical nerve stimulation). Decision "
        "based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back, TENS."
    )
    assert [(s, t) for s, t, _p, _x in _cite(field)] == [
        ("mtus-acoem-ch12", "Physical Methods"),
        ("mtus-chronic-pain", "TENS, chronic pain (transcutaneous electrical nerve stimulation)"),
        ("odg-low-back", "TENS"),
    ]


def test_layout_b_citation_sentences():
    got = _cite(
        "Decision based on the Chronic Pain Medical Treatment Guidelines, Opioids, pages 74-96, which is part of "
        "the MTUS, and the Official Disability Guidelines (ODG), Pain Chapter, Opioids."
    )
    assert got == [
        ("mtus-chronic-pain", "Opioids", "74-96",
         "Chronic Pain Medical Treatment Guidelines, Opioids, pages 74-96, which is part of the MTUS"),
        ("odg-pain", "Opioids", None, "Official Disability Guidelines (ODG), Pain Chapter, Opioids"),
    ]


def test_cited_by_kept():
    [citation] = parse_field("Decision based on MTUS Knee Complaints 2004.", "claims_administrator")
    assert citation.cited_by == "claims_administrator"


# ------------------------------------------------------------------------------------------------ reviewer


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Physical Medicine & Rehabilitation", "Physical Medicine and Rehabilitation"),
        ("PM&R", "Physical Medicine and Rehabilitation"),
        ("PMR", "Physical Medicine and Rehabilitation"),
        ("Orthopaedic Surgery", "Orthopedic Surgery"),
        ("Hospice & Palliative Medicine", "Hospice and Palliative Medicine"),
        ("Family Practice", "Family Practice"),
    ],
)
def test_specialty_normalisation(raw, expected):
    assert normalise_specialty(raw) == expected


def test_specialty_split_into_specialty_and_subspecialty():
    assert split_specialties("Preventive Medicine, Occupational Medicine, Public Health & General Preventive "
                             "Medicine") == ("Preventive Medicine",
                                             "Occupational Medicine, Public Health and General Preventive Medicine")


def test_states_from_lists_and_abbreviations():
    assert states_in("California,North Carolina") == ["California", "North Carolina"]
    assert states_in("Texas, New York, TX") == ["New York", "Texas"]
    assert states_in("CA, NV and OR") == ["California", "Nevada", "Oregon"]


def test_reviewer_prose_and_labels():
    reviewer = parse_reviewer([], "He/she is Board Certified in Internal Medicine and is licensed to practice in "
                                  "Maryland and Alabama. He/she has been in active clinical practice for more "
                                  "than five years")
    assert (reviewer.specialty, reviewer.licensed_states, reviewer.experience) == (
        "Internal Medicine", ["Alabama", "Maryland"], "more than five years")
    reviewer = parse_reviewer(
        ["State(s) of Licensure: Texas,Ohio", "Certification(s)/Specialty: Physical Medicine & Rehabilitation,",
         "Pain Management"], "")
    assert (reviewer.specialty, reviewer.subspecialty, reviewer.licensed_states) == (
        "Physical Medicine and Rehabilitation", "Pain Management", ["Ohio", "Texas"])
    assert parse_reviewer([], "nothing here") is None


# ------------------------------------------------------------------------------------------------ categories


@pytest.mark.parametrize(
    ("description", "category", "opioid"),
    [
        ("Norco 10/325mg #120", "pharmaceuticals", True),
        ("Oxycodone 15mg #60", "pharmaceuticals", True),
        ("Tramadol ER 150mg", "pharmaceuticals", True),
        ("Ultram 50mg #90", "pharmaceuticals", True),
        ("Nucynta ER 100mg", "pharmaceuticals", True),
        ("Butrans patch 10mcg/hr", "pharmaceuticals", True),
        ("Fentanyl patch 25mcg", "pharmaceuticals", True),
        ("Methadone 10mg", "pharmaceuticals", True),
        ("Percocet 10/325", "pharmaceuticals", True),
        ("Tylenol with codeine #3", "pharmaceuticals", True),
        ("Opioid detoxification program", "programs", False),
        ("Urine drug screen for opioids", "labs", False),
        ("Movantik 25mg for opioid-induced constipation", "pharmaceuticals", False),
        ("Flexeril 10mg #60", "pharmaceuticals", False),
        ("Compounded cream: flurbiprofen 20%/lidocaine 5%", "pharmaceuticals", False),
        ("Ambien 10mg #30", "pharmaceuticals", False),
        ("Omeprazole 20mg", "pharmaceuticals", False),
        ("Lumbar epidural steroid injection L4-5", "injections", False),
        ("Bilateral L4-5 medial branch blocks", "injections", False),
        ("Trigger point injections x4", "injections", False),
        ("Radiofrequency ablation L3-S1", "injections", False),
        ("Right knee arthroscopy with meniscectomy", "surgery", False),
        ("Physical therapy 2x6 for the lumbar spine", "physical-therapy", False),
        ("Work hardening 10 sessions", "physical-therapy", False),
        ("Chiropractic manipulation 6 visits", "chiropractic", False),
        ("Acupuncture x6", "acupuncture", False),
        ("MRI of the lumbar spine", "imaging", False),
        ("X-ray of the right wrist", "imaging", False),
        ("Bone scan", "imaging", False),
        ("EMG/NCV bilateral lower extremities", "electrodiagnostics", False),
        ("TENS unit purchase", "dme", False),
        ("Front wheeled walker", "dme", False),
        ("Cold therapy unit", "dme", False),
        ("Cognitive behavioral therapy 6 sessions", "psychological", False),
        ("Psychiatric evaluation", "psychological", False),
        ("Functional restoration program 160 hours", "programs", False),
        ("Home health aide 4 hours per day", "home-health", False),
        ("Follow-up visit with orthopedic surgeon", "evaluation-management", False),
        ("Pain management consultation", "evaluation-management", False),
        ("Something entirely unknown", "other", False),
    ],
)
def test_categories_and_opioid_flag(description, category, opioid):
    assert categorise(description) == category
    assert is_opioid(description) is opioid
