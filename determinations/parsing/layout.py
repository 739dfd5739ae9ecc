"""Which layout family (A, B, C) a text is, or None when it is not an IMR determination letter."""

from __future__ import annotations

import re

# Signals as data: (layout, lower-case phrase). Each distinct phrase found scores one point for its layout.
# Phrases are looked up in the text lower-cased with line breaks as spaces, so wrapped headings count.
SIGNALS: tuple[tuple[str, str], ...] = (
    ("A", "how the imr final determination was made"),
    ("A", "imr issues, decisions and rationales"),
    ("A", "claims administrator guideline:"),
    ("A", "maximus guideline:"),
    ("A", "set forth below:"),
    ("B", "maximus federal services, inc"),
    ("B", "notice of independent medical review determination"),
    ("B", "final determination: uphold"),
    ("B", "final determination: overturn"),
    ("B", "imr decision(s) and rationale(s)"),
    ("B", "imr decisions and rationales"),
    ("B", "has determined the request for"),
    ("B", "rationale used in determination"),
    ("B", "medical qualifications of the expert reviewer"),
    ("C", "medical professional review"),
    ("C", "issue at dispute:"),
    ("C", "relied upon by professional reviewer"),
    ("C", "rationale for why the requested"),
    ("C", "medical reviewer qualifications"),
    ("C", "documents reviewed for determination"),
)
# Whitespace other than single spaces and line breaks: raw text, not the output of clean_lines.
_OTHER_SPACES = ("  ", "\n\n\n", "\t", "\r", "\f", "\v", "\xa0", "\x85", "\u2007", "\u2009", "\u2028", "\u202f",
                 "\u3000", "\x1c", "\x1d", "\x1e", "\x1f", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003",
                 "\u2004", "\u2005", "\u2006", "\u2008", "\u200a", "\u2029", "\u205f")
_LETTERHEAD_B = re.compile(r"MAXIMUS FEDERAL SERVICES")  # the letterhead is upper case
_TITLE_C = re.compile(r"^\s*MEDICAL PROFESSIONAL REVIEW\s*$", re.IGNORECASE | re.MULTILINE)


def detect_layout(text: str) -> str | None:
    """"A", "B", "C", or None (not an IMR letter). A B letterhead over A's sections (the hybrid) is B."""
    if any(map(text.__contains__, _OTHER_SPACES)) or text[:1].isspace() or text[-1:].isspace():
        flat = " ".join(text.lower().split())
    else:  # the output of clean_lines: single spaces, blank runs of one line; replacing is 4x faster
        flat = text.lower().replace("\n\n", "\n").replace("\n", " ")
    scores = {"A": 0, "B": 0, "C": 0}
    for layout, phrase in SIGNALS:
        if phrase in flat:
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
