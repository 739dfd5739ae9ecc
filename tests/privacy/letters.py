"""Letters carrying personal data in every form such letters carry it, as text and as PDF twins.

Each planted token must be masked (or its letter held) before anything public can show it.
"""

from __future__ import annotations

from fpdf import FPDF

# token -> the form it takes in the letter (the list, and docs/FORMATS.md's personal fields)
PLANTED = {
    "(916) 555-0143": "phone in the summary",
    "559.555.0182": "fax number",
    "jdoe77@example.com": "e-mail address",
    "521 44 9084": "SSN written with spaces",
    "ADJ9876543": "EAMS case number",
    "2019-WC-558812": "claim number in prose",
    "WC-44821907": "policy number in prose",
    "4410": "PO box number",
    "Rosalind Okafor": "attorney after 'Applicant attorney:'",
    "Okafor": "the attorney's surname alone",
    "Marisol Quintanilla": "name on the line below 'Employee:'",
    "Quintanilla": "the worker's surname alone",
    "BARTHOLOMEW": "name in capitals after MR.",
    "Thornquist": "name after 'the claimant'",
    "1432 Elm Grove Drive": "street address without a comma before CA",
    "Elm Grove": "the street's name",
    "95814": "ZIP code",
    "04/12/1971": "date of birth",
    "Valdivieso": "patient's name inside a disputed item's line",
    "Pinecrest Logistics": "employer after 'Employer:'",
}

SUMMARY = """Employee:
Marisol Quintanilla
Employer: Pinecrest Logistics
Applicant attorney: Rosalind Okafor, PO Box 4410, Fresno CA 93744
DOB: 04/12/1971 SSN 521 44 9084
The injured worker is a 48 year old male who sustained an industrial injury on 10-13-16. MR. BARTHOLOMEW
FENWICK reported neck and right shoulder pain. The claimant Hector Thornquist lives at 1432 Elm Grove Drive
Sacramento CA 95814 and can be reached at (916) 555-0143, fax 559.555.0182, or jdoe77@example.com. The EAMS
case is ADJ9876543 and the carrier opened claim no. 2019-WC-558812 under policy number WC-44821907.
Objective findings included tenderness of the cervical spine and a positive Hawkins impingement sign.
{extra}On 11-3-16, utilization review determined the MRI of the right shoulder was not medically necessary."""

LETTER = """Case Number: {case_number}
Date Assigned: 11/09/2016 Date of Injury: 10/13/2016
Decision Date: 12/09/2016 UR Denial Date: 11/03/2016
Priority: Standard Application Received: 11/03/2016
HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no
affiliation with the employer, employee, providers or the claims administrator. He/she has been
in active clinical practice for more than five years and is currently working at least 24 hours a
week in active practice.
The Expert Reviewer has the following credentials:
State(s) of Licensure: California
Certification(s)/Specialty: Orthopaedic Surgery
CLINICAL CASE SUMMARY
The expert reviewer developed the following clinical case summary based on a review of the
case file, including all medical records:
{summary}
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
MRI of the right shoulder for patient Luz Valdivieso without contrast: Upheld
Claims Administrator guideline: Decision based on MTUS Shoulder Complaints 2004.
MAXIMUS guideline: Decision based on MTUS Shoulder Complaints 2004, Section(s): Special Studies.
Decision rationale: CA MTUS/ACOEM Guidelines state that unequivocal objective findings that identify
specific nerve compromise are sufficient evidence to warrant imaging. There is no evidence of any red flag
conditions. Therefore the request for an MRI of the shoulder is not medically necessary.
"""

# Something the scanner cannot place: a capitalised pair that is no medical word (fails closed: held).
DOUBT = "Treatment was coordinated by Quennell Abernathy-Sills at the clinic. "


def letter_text(case_number: str, *, doubtful: bool = False) -> str:
    summary = SUMMARY.format(extra=DOUBT if doubtful else "")
    return LETTER.format(case_number=case_number, summary=summary)


def letter_pdf(text: str) -> bytes:
    """The same letter as a PDF with a text layer, its metadata naming a person as DWC's PDFs do."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_author("Marisol Quintanilla")
    pdf.set_title("Determination for BARTHOLOMEW FENWICK")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    for line in text.split("\n"):
        pdf.cell(0, 12, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
