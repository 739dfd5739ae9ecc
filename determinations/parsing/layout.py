"""Which layout family (A, B, C) a text is, or None when it is not an IMR determination letter."""

from __future__ import annotations

import re

# Signals as data: (layout, pattern). Each distinct pattern found scores one point for its layout.
SIGNALS: tuple[tuple[str, str], ...] = (
    ("A", r"^\s*HOW THE IMR FINAL DETERMINATION WAS MADE"),
    ("A", r"^\s*IMR ISSUES,? DECISIONS,? AND RATIONALES?"),
    ("A", r"^\s*(?:\d+[.)]\s*)?Claims Administrator guideline\s*:"),
    ("A", r"^\s*(?:\d+[.)]\s*)?MAXIMUS guideline\s*:"),
    ("A", r"set forth below\s*:"),
    ("B", r"^\s*MAXIMUS FEDERAL SERVICES,? INC"),
    ("B", r"Notice of Independent Medical Review Determination"),
    ("B", r"Final Determination\s*:\s*(?:UPHOLD|OVERTURN)"),
    ("B", r"^\s*IMR DECISION(?:\(S\)|S)? AND RATIONALE(?:\(S\)|S)?"),
    ("B", r"has\s+determined\s+the\s+request\s+for"),
    ("B", r"Rationale Used in Determination"),
    ("B", r"Medical Qualifications of the Expert Reviewer"),
    ("C", r"^\s*MEDICAL PROFESSIONAL REVIEW\s*$"),
    ("C", r"^\s*ISSUES? (?:AT|IN) DISPUTE\s*:"),
    ("C", r"RELIED\s+UPON\s+BY\s+(?:THE\s+)?PROFESSIONAL\s+REVIEWER"),
    ("C", r"RATIONALE\s+FOR\s+WHY\s+THE\s+REQUESTED"),
    ("C", r"^\s*MEDICAL REVIEWER QUALIFICATIONS"),
    ("C", r"^\s*DOCUMENTS REVIEWED FOR DETERMINATION"),
)
_COMPILED = tuple(
    (layout, re.compile(pattern, re.IGNORECASE | re.MULTILINE)) for layout, pattern in SIGNALS
)
_LETTERHEAD_B = re.compile(r"MAXIMUS FEDERAL SERVICES")  # the letterhead is upper case
_TITLE_C = re.compile(r"^\s*MEDICAL PROFESSIONAL REVIEW\s*$", re.IGNORECASE | re.MULTILINE)


def detect_layout(text: str) -> str | None:
    """"A", "B", "C", or None (not an IMR letter). A B letterhead over A's sections (the hybrid) is B."""
    scores = {"A": 0, "B": 0, "C": 0}
    for layout, pattern in _COMPILED:
        if pattern.search(text):
            scores[layout] += 1
    if scores["C"] >= 2 or (scores["C"] and _TITLE_C.search(text[:2000])):
        return "C"
    if scores["B"] >= 2 or (scores["B"] and _LETTERHEAD_B.search(text[:1500])):
        return "B"
    if scores["A"]:
        return "A"
    if scores["B"]:
        return "B"
    if scores["C"]:
        return "C"
    return None
