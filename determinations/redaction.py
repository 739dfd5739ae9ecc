"""Remove what identifies a person from letter text before it is stored for public pages.

DWC redacts its postings, but an uploaded letter may not be: the archive applies this to every text it
stores on a Case (sections, full text, items), so no page can show a name, address or claim number. The
original upload is kept whole in SourceDocument for staff. Pure Python; patterns are data.
"""

from __future__ import annotations

import re

NAME = "[name redacted]"
ADDRESS = "[address redacted]"
NUMBER = "[number redacted]"

_PERSON_LABELS = (
    r"Employee|Claimant|Patient(?: Name)?|Injured Worker|Applicant|Worker|Name|Employer|Insurer|"
    r"Requesting Provider|Provider|Attorney|Treating Physician"
)
_NUMBER_LABELS = (
    r"Claim\s*(?:Number|No\.?|#)|Claim|SSN|Social Security(?: Number)?|Policy(?: Number)?|DOB|Date of Birth"
)

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Employee: John Q. Smith" / "Claim Number: 12345-ABC" (value up to the end of the line, or the next label)
    (re.compile(rf"(?im)^(\s*(?:{_PERSON_LABELS})\s*:)[ \t]*(?=\S)(?!\[)[^\n]*"), rf"\1 {NAME}"),
    (re.compile(rf"(?i)\b((?:{_NUMBER_LABELS})\s*:)[ \t]*(?=\S)(?!\[)[^\s,;]+(?:[ \t][^\s,;:]+)?"), rf"\1 {NUMBER}"),
    # "Dear Mr. Smith," / "Mr. John Smith" / "Dr. Jones"
    (re.compile(r"\b(?:Dear\s+)?(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?:[A-Z]\.\s*)?[A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]+)?"),
     NAME),
    # street addresses: "1234 Main Street, Apt 5" and "Sacramento, CA 95814"
    (re.compile(r"\b\d{1,6}\s+(?:[A-Z][A-Za-z]*\.?\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|"
                r"Lane|Ln|Way|Court|Ct|Place|Pl|Circle|Cir|Parkway|Pkwy|Highway|Hwy)\b\.?(?:,?\s+(?:Apt|Suite|Ste|Unit|#)"
                r"\.?\s*\w+)?"), ADDRESS),
    (re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s+(?:CA|California)\s+\d{5}(?:-\d{4})?\b"), ADDRESS),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), NUMBER),
)


def redact(text: str) -> str:
    """The text with names, addresses and identifying numbers replaced by bracketed markers."""
    if not text:
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
