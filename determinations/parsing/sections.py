"""Section headings of the three layouts, as data, and the splitting of a letter's lines into sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import paragraphs

# (section key, heading words). Key None: a heading that ends the previous section but is not kept.
# Words are matched case-insensitively with any whitespace (including a line break) between them.
HEADINGS: tuple[tuple[str | None, str], ...] = (
    ("determination_process", r"HOW THE IMR FINAL DETERMINATION WAS MADE"),
    ("documents_reviewed", r"DOCUMENTS REVIEWED(?: FOR (?:THE )?DETERMINATION)?"),
    ("case_summary", r"(?:CLINICAL |EXPERT REVIEWER(?:'S)? )?CASE SUMMARY"),
    ("issue_at_dispute", r"ISSUES? (?:AT|IN) DISPUTE"),
    (
        "guidelines_relied_upon",
        r"MEDICAL TREATMENT GUIDELINE(?:\(S\)|S)? RELIED UPON BY (?:THE )?PROFESSIONAL REVIEWER(?: AND WHY)?",
    ),
    (
        "decisions_and_rationales",
        r"IMR ISSUES,? DECISIONS,? AND RATIONALES?"
        r"|IMR DECISION(?:\(S\)|S)? AND RATIONALE(?:\(S\)|S)?"
        r"|RATIONALE FOR WHY THE REQUESTED TREATMENT\s*/\s*SERVICES? IS\s*/\s*WAS (?:NOT )?MEDICALLY NECESSARY",
    ),
    (
        "reviewer_qualifications",
        r"MEDICAL REVIEWER QUALIFICATIONS|MEDICAL QUALIFICATIONS OF THE EXPERT REVIEWER"
        r"|THE EXPERT REVIEWER HAS THE FOLLOWING CREDENTIALS",
    ),
    (None, r"MEDICAL PROFESSIONAL REVIEW"),
)


def _compile() -> re.Pattern[str]:
    alternatives = []
    for index, (_key, words) in enumerate(HEADINGS):
        pattern = words.replace(" ", r"\s+")
        alternatives.append(f"(?P<h{index}>{pattern})")
    return re.compile(
        r"^(?:\d+[.)]\s*)?(?:" + "|".join(alternatives) + r")\s*(?P<colon>:?)\s*(?P<rest>.*)$",
        re.IGNORECASE,
    )


_HEADING_RE = _compile()
# Cheap prefilter: how every heading in HEADINGS starts (lower case).
_HEADING_STARTS = ("how", "documents", "clinical", "case", "expert", "issue", "medical", "imr", "rationale",
                   "the expert")
# Their first letters, either case: only these lower() to them (the test before lower-casing ten characters).
_HEADING_FIRST = frozenset(c for start in _HEADING_STARTS for c in (start[0], start[0].upper()))


@dataclass(slots=True)
class Heading:
    key: str | None
    line: int  # index of the heading's first line
    end: int  # index of the first line after the heading
    rest: str  # text after a colon heading, on its last line


def _match(text: str) -> tuple[str | None, str] | None:
    m = _HEADING_RE.match(text)
    if not m:
        return None
    rest = m.group("rest")
    if rest and not m.group("colon"):
        return None
    for index, (key, _words) in enumerate(HEADINGS):
        if m.group(f"h{index}") is not None:
            return key, rest
    return None


def find_headings(lines: list[str]) -> list[Heading]:
    """Every heading line (or heading wrapped over two lines), in order."""
    found: list[Heading] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line and len(line) < 160 and (
            line[0].isdigit() or (line[0] in _HEADING_FIRST and line[:10].lower().startswith(_HEADING_STARTS))
        ):
            hit = _match(line)
            if hit is not None:
                # A heading complete on one line may still go on over the next ("... REVIEWER" / "AND WHY:").
                if not hit[1] and line.isupper() and i + 1 < n and lines[i + 1].isupper() and len(lines[i + 1]) < 60:
                    longer = _match(line + " " + lines[i + 1])
                    if longer is not None and longer[0] == hit[0] and not longer[1]:
                        found.append(Heading(longer[0], i, i + 2, longer[1]))
                        i += 2
                        continue
                found.append(Heading(hit[0], i, i + 1, hit[1]))
                i += 1
                continue
            if line.isupper() and len(line) < 110:
                # A heading wrapped over two lines, maybe with blank lines (PDF extraction) between them.
                j = i + 1
                while j < n and j - i <= 3 and not lines[j]:
                    j += 1
                if j < n and lines[j]:
                    hit = _match(line + " " + lines[j])
                    if hit is not None:
                        found.append(Heading(hit[0], i, j + 1, hit[1]))
                        i = j + 1
                        continue
        i += 1
    return found


def section_spans(lines: list[str], headings: list[Heading]) -> dict[str, tuple[int, int, str]]:
    """key -> (first line, end line, same-line text after the heading) of each kept section."""
    spans: dict[str, tuple[int, int, str]] = {}
    for index, heading in enumerate(headings):
        if heading.key is None or heading.key in spans:
            continue
        end = headings[index + 1].line if index + 1 < len(headings) else len(lines)
        spans[heading.key] = (heading.end, end, heading.rest)
    return spans


def section_texts(lines: list[str], spans: dict[str, tuple[int, int, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, (start, end, rest) in spans.items():
        body = ([rest] if rest else []) + lines[start:end]
        text = paragraphs(body)
        if text:
            out[key] = text
    return out
