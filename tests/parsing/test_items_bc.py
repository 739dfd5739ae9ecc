"""Items, sections, dates and warnings of layouts B and C: one test per phrasing the reader takes in."""

from __future__ import annotations

import pypdfium2 as pdfium

from determinations.parsing import parse_file, parse_text
from determinations.parsing.reviewer import parse_reviewer
from determinations.parsing.sections import find_headings
from determinations.parsing.text import clean_lines

C_LETTER = """MEDICAL PROFESSIONAL REVIEW
ISSUE AT DISPUTE:
1. MRI of the left knee
2. Norco 10/325mg #60
3. Shower chair
CASE SUMMARY:
This is a 51 year old woman who sustained an industrial injury on 1-27-07.
DOCUMENTS REVIEWED FOR DETERMINATION:
MRI report
MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY

PROFESSIONAL REVIEWER AND WHY:
Regarding the request for MRI of the left knee: The Claims Administrator did not cite any
medical evidence for its decision.
The Expert Reviewer based his decision on the MTUS ACOEM Chapter 13, Knee Complaints, Page(s): 341-343.
These guidelines address the requested service directly.
Regarding the request for Norco 10/325mg #60: The Claims Administrator based its decision on the
MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, criteria for use.
The Expert Reviewer based her decision on the Official Disability Guidelines (ODG), Pain (Chronic): Opioids.
RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT
MEDICALLY NECESSARY:
1. MRI of the left knee is medically necessary and appropriate.
The guidelines support imaging after failed conservative care. The request is medically necessary.
2. Norco 10/325mg #60 is notmedically necessary and
appropriate.
There is no documentation of functional improvement. The request is not medically necessary.
MEDICAL REVIEWER QUALIFICATIONS:
The reviewer is board certified in Psychiatry, licensed in California, and has been in
active clinical practice for more than five years.
"""


def _c():
    return parse_text(C_LETTER).to_json()


def test_c_items_come_from_the_rationale_statements():
    record = _c()
    # "Shower chair" is listed at issue but decided nowhere (a truncated letter's leftover): not an item.
    assert [(i["description"], i["decision"]) for i in record["items"]] == [
        ("MRI of the left knee", "overturned"), ("Norco 10/325mg #60", "upheld"),
    ]
    assert record["outcome"] == "partial"


def test_c_rationale_is_the_text_after_each_statement():
    mri, norco = _c()["items"]
    assert mri["rationale"] == ("The guidelines support imaging after failed conservative care. "
                                "The request is medically necessary.")
    assert norco["rationale"].startswith("There is no documentation")
    assert _c()["sections"]["decisions_and_rationales"].startswith("1. MRI of the left knee")


def test_c_guidelines_split_by_item_and_by_party():
    mri, norco = _c()["items"]
    assert [(g["slug"], g["cited_by"]) for g in mri["guidelines"]] == [("mtus-acoem-ch13", "reviewer")]
    assert [(g["slug"], g["cited_by"]) for g in norco["guidelines"]] == [
        ("mtus-chronic-pain", "claims_administrator"), ("odg-pain", "reviewer"),
    ]


def test_c_single_item_unnumbered_statement_and_one_guideline_block():
    text = (
        "MEDICAL PROFESSIONAL REVIEW\nISSUE AT DISPUTE:\nLumbar brace\nCASE SUMMARY:\nA 40 year old male.\n"
        "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n"
        "The Claims Administrator based its decision on the MTUS Low Back Complaints 2004.\n"
        "The Expert Reviewer based his decision on the ODG Low Back, Lumbar supports.\n"
        "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n"
        "Lumbar brace is not medically necessary and appropriate.\nBraces are not recommended.\n"
        "MEDICAL REVIEWER QUALIFICATIONS:\nThe reviewer is board certified in Psychiatry.\n"
    )
    [item] = parse_text(text).to_json()["items"]
    assert (item["description"], item["decision"], item["rationale"]) == (
        "Lumbar brace", "upheld", "Braces are not recommended.")
    assert [(g["slug"], g["cited_by"]) for g in item["guidelines"]] == [
        ("mtus-acoem-ch12", "claims_administrator"), ("odg-low-back", "reviewer"),
    ]


def test_c_without_qualifications_is_truncated_and_not_missing_credentials():
    cut = C_LETTER[: C_LETTER.index("MEDICAL REVIEWER QUALIFICATIONS")]
    warnings = parse_text(cut).to_json()["warnings"]
    assert "letter appears truncated" in warnings
    assert "no reviewer credentials" not in warnings


def test_heading_wrapped_over_a_blank_line():
    lines = clean_lines("RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT\n\nMEDICALLY NECESSARY:\n1. X")
    [heading] = find_headings(lines)
    assert heading.key == "decisions_and_rationales"


B_2013 = """MAXIMUS FEDERAL SERVICES, INC.
Independent Medical Review
Notice of Independent Medical Review Determination Dated: 5/12/2014
Date of UR Decision: 3/14/2014
IMR Case Number: CM14-2300265
Final Determination: UPHOLD
A decision has been made for each of the treatment and/or services that were in dispute:
1) MAXIMUS Federal Services, Inc. has determined the request for Prescription of Sentra
PM #60 is not medically necessary and appropriate.
2) MAXIMUS Federal Services, Inc. has determined the request for Cane is notmedically
necessary and appropriate.
HOW THE IMR FINAL DETERMINATION WAS MADE
The Application for Independent Medical Review (IMR) was filed on 4/3/2014 disputing the
Utilization Review Denial dated 3/14/2014.
Case Summary:
The injured worker is a 60 year old man. The plan of care included Sentra PM and a cane for
60. On 3/14/14, utilization review determined the request was not medically necessary.
1) Regarding the request for Prescription of Sentra PM #60:
Medical Treatment Guideline(s) Relied Upon:
The Claims Administrator based its decision on the Official Disability Guidelines, Pain Chapter/ Insomnia.
The Expert Reviewer based his decision on the MTUS Chronic Pain Medical Treatment 2016.
Rationale Used in Determination:
Medical foods are not recommended. The request is not medically necessary.
"""


def test_b_2013_application_filed_on_is_the_received_date():
    assert parse_text(B_2013).to_json()["application_received_date"] == "2014-04-03"


def test_b_2013_decisions_section_starts_at_the_first_regarding_block():
    sections = parse_text(B_2013).to_json()["sections"]
    assert sections["decisions_and_rationales"].startswith("1) Regarding the request for Prescription of Sentra")
    assert sections["case_summary"].endswith("was not medically necessary.")


def test_b_2013_decided_item_without_its_regarding_block_and_no_wrapped_number_item():
    record = parse_text(B_2013).to_json()
    # "60. On 3/14/14, ..." is a wrapped sentence, not item 60; item 2 was decided but its block is cut off.
    assert [(i["description"], i["decision"], bool(i["rationale"])) for i in record["items"]] == [
        ("Prescription of Sentra PM #60", "upheld", True), ("Cane", "upheld", False),
    ]
    assert "item 2 has no rationale" in record["warnings"]


def test_b_numbered_statement_not_a_decimal():
    text = B_2013.replace("Cane is notmedically\nnecessary", "Meloxicam\n7.5mg #180 is notmedically\nnecessary")
    descriptions = [i["description"] for i in parse_text(text).to_json()["items"]]
    assert descriptions == ["Prescription of Sentra PM #60", "Meloxicam 7.5mg #180"]


def test_b_numbered_items_separated_by_blank_lines():
    text = (
        "MAXIMUS FEDERAL SERVICES, INC.\nNotice of Independent Medical Review Determination\n"
        "IMR DECISION(S) AND RATIONALE(S)\n\n1. Knee brace is not medically necessary and appropriate.\n\n"
        "Rationale Used in Determination:\n\nNot supported.\n\n"
        "2. Urine drug screen is medically\n\nnecessary and appropriate.\n\n"
        "Rationale Used in Determination:\n\nSupported.\n"
    )
    items = parse_text(text).to_json()["items"]
    assert [(i["description"], i["decision"], i["rationale"]) for i in items] == [
        ("Knee brace", "upheld", "Not supported."), ("Urine drug screen", "overturned", "Supported."),
    ]


def test_a_item_name_ending_in_colon_on_its_first_line():
    text = (
        "IMR ISSUES, DECISIONS AND RATIONALES\n"
        "The Final Determination was based on decisions for the disputed items/services set forth below:\n"
        "1. Associated surgical service:\nContinuous passive motion device: Upheld\n"
        "Decision rationale: Not supported.\n"
        "2. Retrospective topical cream 240gm DOS:\n11/16/2021: Overturned\nDecision rationale: Supported.\n"
    )
    items = parse_text(text).to_json()["items"]
    assert [i["description"] for i in items] == [
        "Associated surgical service: Continuous passive motion device",
        "Retrospective topical cream 240gm DOS: 11/16/2021",
    ]


def test_missing_pages_by_footer_mean_truncated():
    text = B_2013 + "Page 1 of 4\nMore text.\n"
    assert "letter appears truncated" in parse_text(text).to_json()["warnings"]


def test_word_broken_across_a_page_footer_is_joined():
    text = "IMR ISSUES, DECISIONS AND RATIONALES\nX: Upheld\nDecision rationale: a cons\ufffePage 1 of 2\nidered view."
    [item] = parse_text(text).to_json()["items"]
    assert item["rationale"] == "a considered view."


def test_empty_documents():
    assert parse_text(" \n\n").to_json()["warnings"] == ["document is empty"]
    assert parse_text("Page 1 of 1\n").to_json()["warnings"] == ["document is empty"]


def test_pdf_without_text_is_not_a_letter_through_parse_file(tmp_path):
    document = pdfium.PdfDocument.new()
    document.new_page(200, 200)
    path = tmp_path / "blank.pdf"
    document.save(str(path))
    record = parse_file(path).to_json()
    assert record["is_imr_letter"] is False
    assert record["warnings"] == ["document is empty"]


def test_reviewer_value_wrapped_over_a_blank_line():
    lines = clean_lines("Certification(s)/Specialty: Occupational Medicine, Surgery\n\nof the Hand\n")
    reviewer = parse_reviewer(lines, "")
    assert (reviewer.specialty, reviewer.subspecialty) == ("Occupational Medicine", "Surgery of the Hand")


def test_heading_complete_on_one_line_still_takes_its_wrapped_tail():
    lines = clean_lines("MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER\nAND WHY:\nRegarding x")
    [heading] = find_headings(lines)
    assert (heading.key, heading.end) == ("guidelines_relied_upon", 2)


def test_word_broken_before_a_final_footer():
    text = "IMR ISSUES, DECISIONS AND RATIONALES\nX: Upheld\nDecision rationale: at intermedi\ufffePage 2 of 2"
    [item] = parse_text(text).to_json()["items"]
    assert item["rationale"] == "at intermedi"


def test_no_credentials_anywhere_means_truncated():
    base = (
        "MAXIMUS FEDERAL SERVICES, INC.\nNotice of Independent Medical Review Determination\n"
        "HOW THE IMR FINAL DETERMINATION WAS MADE\n{reviewer}\n"
        "IMR DECISION(S) AND RATIONALE(S)\n1. Knee brace is not medically necessary and appropriate.\n"
        "Rationale Used in Determination:\nNot supported.\n"
    )
    warnings = parse_text(base.format(reviewer="MAXIMUS sent the file to a reviewer.")).to_json()["warnings"]
    assert "letter appears truncated" in warnings and "no reviewer credentials" not in warnings
    whole = base.format(reviewer="The expert reviewer is Board Certified in Psychiatry.")
    assert "letter appears truncated" not in parse_text(whole).to_json()["warnings"]


def test_crlf_page_footers_count():
    text = (B_2013 + "Page 1 of 4\nMore text.\n").replace("\n", "\r\n")
    assert "letter appears truncated" in parse_text(text).to_json()["warnings"]


def test_rationale_stops_at_a_cut_off_next_regarding_line():
    text = B_2013.replace(
        "The request is not medically necessary.\n",
        "The request is not medically necessary.\n2) Regarding the request for Cane (DOS",
    )
    first = parse_text(text).to_json()["items"][0]
    assert first["rationale"] == "Medical foods are not recommended. The request is not medically necessary."


def test_b_2013_regarding_name_with_a_colon_takes_the_listed_name():
    text = B_2013.replace("for Prescription of Sentra\nPM #60 is", "for Sentra PM DOS: 5/8/2013 is").replace(
        "1) Regarding the request for Prescription of Sentra PM #60:",
        "1) Regarding the request for Sentra PM DOS:\n\n5/8/2013:",
    )
    assert parse_text(text).to_json()["items"][0]["description"] == "Sentra PM DOS: 5/8/2013"


def test_specialty_list_wrapped_over_three_lines():
    lines = clean_lines(
        "Certification(s)/Specialty: Anesthesiology, Public Health & General Preventive\nMedicine,\n"
        "Sports Medicine\nCLINICAL CASE SUMMARY\n"
    )
    reviewer = parse_reviewer(lines, "")
    assert reviewer.subspecialty == "Public Health and General Preventive Medicine, Sports Medicine"


def test_c_pages_before_the_next_regarding_block_stay_with_their_citation():
    text = C_LETTER.replace(
        "Page(s): 341-343.\nThese guidelines address the requested service directly.", "Page(s): 43."
    )
    [citation] = parse_text(text).to_json()["items"][0]["guidelines"]
    assert citation["pages"] == "43"


def test_c_two_items_with_one_name_take_their_own_blocks():
    text = C_LETTER.replace("Norco 10/325mg #60", "MRI of the left knee")
    first, second = parse_text(text).to_json()["items"]
    assert [g["slug"] for g in first["guidelines"]] == ["mtus-acoem-ch13"]
    assert [g["slug"] for g in second["guidelines"]] == ["mtus-chronic-pain", "odg-pain"]


def test_label_opening_several_pdf_pages_is_not_a_running_header():
    from determinations.parsing.pdf import _strip_repeated_margins

    pages = [
        ["MAXIMUS FEDERAL SERVICES, INC.", "text", "Page 1 of 4"],
        ["more", "Page 2 of 4"],
        ["Rationale Used in Determination:", "one", "Page 3 of 4"],
        ["Rationale Used in Determination:", "two", "Page 4 of 4"],
    ]
    _strip_repeated_margins(pages)
    assert pages[2] == ["Rationale Used in Determination:", "one"]
    assert pages[3] == ["Rationale Used in Determination:", "two"]


def test_specialty_list_continued_by_a_long_comma_line():
    lines = clean_lines(
        "Certification(s)/Specialty: Physical Medicine and Rehabilitation, Hospice and Palliative\n"
        "Medicine, Public Health & General Preventive Medicine\nCLINICAL CASE SUMMARY\n"
    )
    assert parse_reviewer(lines, "").subspecialty == (
        "Hospice and Palliative Medicine, Public Health and General Preventive Medicine"
    )
