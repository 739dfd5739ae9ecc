"""The letter reader: text in, `ParsedLetter` out. Never raises on any text."""

from __future__ import annotations

import re

from .dates import DATE_PATTERN, parse_date
from .header import CASE_NUMBER_RE, normalise_case_number, parse_header
from .items import finish_items, items_layout_a, items_layout_b, items_layout_c
from .layout import detect_layout
from .record import ParsedLetter
from .reviewer import parse_reviewer
from .sections import Heading, find_headings, section_spans, section_texts
from .text import clean_lines, collapse

ICASE = re.IGNORECASE

_AGE_SEX = re.compile(
    r"\b(?P<age>\d{1,3})\s*-?\s*(?:year|yr)s?\s*-?\s*old\b\s*,?\s*(?:(?:white|black|hispanic|asian|caucasian)\s+)?"
    r"(?P<sex>male|female|man|woman|gentleman|lady|boy|girl)?\b",
    ICASE,
)
_SEX_ONLY = re.compile(
    r"\b(?:is|was)\s+an?\s+(?:\d{1,3}\s*-?\s*(?:year|yr)s?\s*-?\s*old\s+)?(?P<sex>male|female|man|woman|gentleman|lady)\b",
    ICASE,
)
_SEX_WORDS = {"male": "male", "man": "male", "gentleman": "male", "boy": "male",
              "female": "female", "woman": "female", "lady": "female", "girl": "female"}
_INJURY_PROSE = re.compile(
    r"(?:injur(?:y|ies|ed)|date\s+of\s+injury|DOI)\b(?:\s+(?!on\b|of\b|dated\b)[\w-]+){0,3}?\s*,?\s*"
    r"(?:(?:on|of|dated|date|occurring\s+on)\s+)?" + f"(?P<date>{DATE_PATTERN})",
    ICASE,
)
_UR_PROSE = re.compile(
    r"(?:Utilization\s+Review|UR)\s+(?:denial|decision|determination)(?:\s+letter)?\s+(?:dated|of|on)\s+"
    + f"(?P<date>{DATE_PATTERN})",
    ICASE,
)
# Case-sensitive per spelling, so that the regex engine can skip ahead to the literal (this runs on every letter).
_PAGE_FOOTERS = tuple(
    (word, re.compile(word + r"[ \t]*(\d{1,3})[ \t]+(?:of|OF)[ \t]+(\d{1,3})[ \t\r]*(?:\n|$)"))
    for word in ("Page", "PAGE", "page")
)
# 2013 letters: "The Application for Independent Medical Review (IMR) was filed on 4/3/2014 disputing ..."
_APPLICATION_PROSE = re.compile(
    r"\bApplication\s+for\s+(?:an\s+)?Independent\s+Medical\s+Review(?:\s*\(IMR\))?\s+(?:was|is)\s+"
    r"(?:filed|received|submitted)\s+(?:on\s+)?" + f"(?P<date>{DATE_PATTERN})",
    ICASE,
)
# 2013 letters have no decisions heading: the section starts at the first `1) Regarding the request for` block.
_FIRST_REGARDING = re.compile(r"^1\s*[.)]\s*Regarding\s+the\s+requests?\s+for\b", ICASE)
_TERMINATED_END = re.compile(r"[.!?:)\]\"'\u201d\u2019]\s*$")
_RATIONALE_HEADING_NOT = re.compile(r"RATIONALE\s+FOR\s+WHY.*?\bNOT\s+MEDICALLY", ICASE | re.S)


def parse_text(text: str) -> ParsedLetter:
    """Parse a letter's text. Returns is_imr_letter=False, or a (maybe partial) record with warnings."""
    if not isinstance(text, str):
        return ParsedLetter(warnings=["input is not text"])
    if not text.strip():
        return ParsedLetter(warnings=["document is empty"])
    try:
        return _parse(text)
    except Exception as exc:  # a bug must not take an ingest run down; the warning names it
        return ParsedLetter(warnings=[f"parser error: {type(exc).__name__}: {exc}"])


def _parse(text: str) -> ParsedLetter:
    lines = clean_lines(text)
    if not any(lines):  # nothing but blank lines and page footers
        return ParsedLetter(warnings=["document is empty"])
    joined = "\n".join(lines)
    layout = detect_layout(joined)
    if layout is None:
        return ParsedLetter(warnings=["not an IMR determination letter"])
    letter = ParsedLetter(is_imr_letter=True, layout=layout)

    headings = find_headings(lines)
    if not any(h.key == "decisions_and_rationales" for h in headings):
        headings = _regarding_heading(lines, headings)
    spans = section_spans(lines, headings)
    letter.sections = section_texts(lines, spans)
    first_section = min((start - 1 for start, _end, _rest in spans.values()), default=min(len(lines), 60))
    header_end = next((h.line for h in headings if h.key is not None), first_section)
    header = parse_header("\n".join(lines[: max(header_end, 0)]))

    letter.case_number = header.case_number
    if letter.case_number is None:
        m = CASE_NUMBER_RE.search("\n".join(lines[:40]))
        letter.case_number = normalise_case_number(m.group(0)) if m else None
    letter.decision_date = header.decision_date
    letter.assigned_date = header.assigned_date
    letter.application_received_date = header.application_received_date or _prose_date(
        _APPLICATION_PROSE, letter.sections.get("determination_process") or ""
    )
    letter.priority = header.priority

    summary = letter.sections.get("case_summary") or joined
    letter.injury_date = header.injury_date or _prose_date(_INJURY_PROSE, summary) or _prose_date(
        _INJURY_PROSE, joined
    )
    letter.ur_denial_date = header.ur_denial_date or _prose_date(_UR_PROSE, joined)
    letter.patient_age, letter.patient_sex = _patient(summary)

    prose_sections = [letter.sections.get(k, "") for k in ("determination_process", "reviewer_qualifications")]
    prose = " ".join(p for p in prose_sections if p) or joined
    letter.reviewer = parse_reviewer(lines, prose)

    letter.items = _items(layout, lines, joined, spans)
    letter.warnings = _warnings(letter, lines, spans, text)
    return letter


def _regarding_heading(lines: list[str], headings: list[Heading]) -> list[Heading]:
    """A decisions section opened by its first `1) Regarding the request for <item>:` line (kept in it)."""
    after = max((h.end for h in headings if h.key in ("case_summary", "determination_process")), default=0)
    for index in range(after, len(lines)):
        line = lines[index]
        if line[:1] == "1" and _FIRST_REGARDING.match(line):
            marker = Heading("decisions_and_rationales", index, index, "")
            return sorted([*headings, marker], key=lambda h: h.line)
    return headings


def _prose_date(pattern: re.Pattern[str], text: str):
    m = pattern.search(text)
    return parse_date(m.group("date")) if m else None


def _patient(summary: str) -> tuple[int | None, str | None]:
    age: int | None = None
    sex: str | None = None
    for m in _AGE_SEX.finditer(summary):
        value = int(m.group("age"))
        if not 0 < value < 120:
            continue
        age = value
        if m.group("sex"):
            sex = _SEX_WORDS[m.group("sex").lower()]
        break
    if sex is None:
        m = _SEX_ONLY.search(summary)
        if m:
            sex = _SEX_WORDS[m.group("sex").lower()]
    return age, sex


def _span_lines(lines: list[str], spans: dict[str, tuple[int, int, str]], key: str) -> list[str] | None:
    if key not in spans:
        return None
    start, end, rest = spans[key]
    return ([rest] if rest else []) + lines[start:end]


def _items(layout: str, lines: list[str], joined: str, spans: dict[str, tuple[int, int, str]]):
    decisions = _span_lines(lines, spans, "decisions_and_rationales")
    if layout == "C":
        issue = _span_lines(lines, spans, "issue_at_dispute") or []
        rationale = "\n".join(decisions or [])
        guidelines = "\n".join(_span_lines(lines, spans, "guidelines_relied_upon") or [])
        heading_not = bool(_RATIONALE_HEADING_NOT.search(joined))
        raw = items_layout_c(issue, rationale, guidelines, heading_not or not decisions)
        if raw:
            return finish_items(raw)
    region = decisions if decisions is not None else lines
    if layout == "B":
        raw = items_layout_b(joined, "\n".join(decisions or []))
        if not raw:
            raw = items_layout_a(region)
    else:
        raw = items_layout_a(region)
        if not raw:
            raw = items_layout_b(joined, "\n".join(decisions or []))
    return finish_items(raw)


def _ends_with_empty_section(lines: list[str], spans: dict[str, tuple[int, int, str]]) -> bool:
    """The letter stops right after a section heading."""
    for start, end, rest in spans.values():
        if end >= len(lines) and not rest and not any(lines[start:end]):
            return True
    return False


def _pages_missing(text: str) -> bool:
    """`Page N of M` footers whose highest N is below M - 1: pages are missing. (The last page may carry no
    footer text, e.g. a copy list, so one page short is no evidence.)"""
    highest = total = 0
    for word, pattern in _PAGE_FOOTERS:
        if word in text:
            for m in pattern.finditer(text):
                highest = max(highest, int(m.group(1)))
                total = max(total, int(m.group(2)))
    return 0 < highest < total - 1


def _warnings(
    letter: ParsedLetter, lines: list[str], spans: dict[str, tuple[int, int, str]], text: str = ""
) -> list[str]:
    warnings: list[str] = []
    if letter.case_number is None:
        warnings.append("no case number")
    if letter.decision_date is None:
        warnings.append("no decision date")
    if letter.patient_age is None:
        warnings.append("no patient age")
    if not letter.items:
        warnings.append("no disputed items found")
    for number, item in enumerate(letter.items, start=1):
        if not item.rationale:
            warnings.append(f"item {number} has no rationale")
    last = next((line for line in reversed(lines) if line), "")
    truncated = (
        not letter.items
        or "decisions_and_rationales" not in spans and letter.layout != "C"
        or (letter.items and not letter.items[-1].rationale)
        or not _TERMINATED_END.search(last)
        or _ends_with_empty_section(lines, spans)
        or _pages_missing(text)
        # Layout C always closes with MEDICAL REVIEWER QUALIFICATIONS.
        or letter.layout == "C" and "reviewer_qualifications" not in spans
        # Every layout states the reviewer's specialty or licensure (A and C often last): none found means
        # the letter stops before them. The truncation warning says it; no separate credentials warning.
        or letter.reviewer is None
        or not (letter.reviewer.specialty or letter.reviewer.licensed_states)
    )
    if truncated:
        warnings.append("letter appears truncated")
    return warnings


__all__ = ["parse_text", "collapse"]
