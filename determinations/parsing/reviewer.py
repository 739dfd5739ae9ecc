"""The reviewer's profile: specialty (normalised), states of licensure, stated experience."""

from __future__ import annotations

import re

from .record import Reviewer
from .text import collapse
from .vocabulary import SPECIALTY_REWRITES, STATES

_STATE_NAMES = sorted(STATES.values(), key=len, reverse=True)
_STATE_RE = re.compile(
    r"\b(" + "|".join(name.replace(" ", r"\s+") for name in _STATE_NAMES) + r")\b"
    r"|\b(" + "|".join(STATES) + r")\b",
)
_STATE_BY_LOWER = {name.lower(): name for name in STATES.values()}
_STATES_LABEL = re.compile(r"State\(?s?\)?\s+of\s+Licen[sc]ure\s*:\s*(?P<v>.*)", re.IGNORECASE)
_SPECIALTY_LABEL = re.compile(
    r"(?:Certification\(?s?\)?\s*/\s*Specialt(?:y|ies)|Board\s+Certification|Specialty)\s*:\s*(?P<v>.*)",
    re.IGNORECASE,
)
_LICENSED_PROSE = re.compile(
    r"licensed\s+(?:to\s+practice\s+(?:medicine\s+)?)?in\s+(?:the\s+states?\s+of\s+)?(?P<v>[^.;]{1,200})",
    re.IGNORECASE,
)
_BOARD_PROSE = re.compile(
    r"board[-\s]+certified\s+(?:in|by\s+the\s+American\s+Board\s+of)\s+(?P<v>.+?)"
    r"(?=\s*,?\s*(?:and\s+)?(?:is\s+|has\s+|with\s+|holds\s+|who\s+)?(?:a\s+)?"
    r"(?:licensed|subspecialty|sub-specialty|has\b|with\b|who\b|is\b|and\s+is\b)|[.;]|$)",
    re.IGNORECASE,
)
_SUBSPECIALTY_PROSE = re.compile(
    r"sub-?specialty\s+(?:certification\s+)?in\s+(?P<v>.+?)(?=\s*,?\s*(?:and\s+)?(?:is\s+)?licensed|[.;]|$)",
    re.IGNORECASE,
)
_EXPERIENCE = re.compile(
    r"(?:practice|practicing|experience)\s+(?:for\s+)?(?P<v>(?:(?:more|greater|less)\s+than|over|at\s+least)"
    r"\s+[\w-]+\s+years?|[\w-]+\s+(?:or\s+more\s+)?years?)",
    re.IGNORECASE,
)
_NUMBER_WORD_OR_DIGITS = re.compile(
    r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)\b",
    re.IGNORECASE,
)
# The first letters the two labels can start with (U+017F matches "s" under IGNORECASE): other lines are skipped.
_LABEL_FIRST = frozenset("SsCcBb\u017f")
_SPECIALTY_REWRITES = tuple((re.compile(p), r) for p, r in SPECIALTY_REWRITES)
_CONTINUES = re.compile(r"(?:[,&/\-]|\band|\bof|\bin)$", re.IGNORECASE)
_LABEL_LINE = re.compile(r"^[A-Z][\w()/ ]{0,40}:")
# A wrapped value's second line that cannot stand alone: "of the Hand", "and Rehabilitation".
_CONTINUATION_START = re.compile(r"^(?:of|and|&|in|for|the)\s+\S", re.IGNORECASE)


def normalise_specialty(entry: str) -> str:
    """`&` -> `and`, `Orthopaedic` -> `Orthopedic`, `PM&R` -> Physical Medicine and Rehabilitation."""
    value = collapse(entry)
    for pattern, replacement in _SPECIALTY_REWRITES:
        value = pattern.sub(replacement, value)
    return collapse(value).strip(" .,;")


def split_specialties(value: str) -> tuple[str | None, str | None]:
    entries = [normalise_specialty(part) for part in re.split(r"\s*[,;]\s*", value)]
    entries = [e for e in entries if e]
    if not entries:
        return None, None
    return entries[0], (", ".join(entries[1:]) or None)


def states_in(text: str) -> list[str]:
    """Full state names found in `text` (postal abbreviations mapped), sorted and deduplicated."""
    found: set[str] = set()
    for m in _STATE_RE.finditer(text.replace(",", ", ")):
        if m.group(1):
            found.add(_STATE_BY_LOWER[collapse(m.group(1)).lower()])
        else:
            found.add(STATES[m.group(2)])
    return sorted(found)


def _labelled_value(lines: list[str], index: int, first: str) -> str:
    """A label's value, with its continuation lines when it wraps (a second continuation only when the
    value so far ends mid-list: "..., Public Health & General Preventive" / "Medicine," / "Sports Medicine")."""
    value = first.strip()
    position = index
    for joined in range(3):
        if joined and not _CONTINUES.search(value):
            break
        step = 1
        nxt = lines[position + 1] if position + 1 < len(lines) else ""
        if not nxt and position + 2 < len(lines) and _CONTINUATION_START.match(lines[position + 2]):
            nxt, step = lines[position + 2], 2  # a wrap with a blank line between: "Surgery" / "of the Hand"
        if not nxt or not (
            _CONTINUES.search(value)
            or _CONTINUATION_START.match(nxt)
            or (
                # A short name, or the rest of a comma list ("Medicine, Public Health & General Preventive Medicine")
                (len(nxt) < 60 and len(nxt.split()) <= 6 or "," in nxt and len(nxt) < 90)
                and not nxt.isupper()
                and not _LABEL_LINE.match(nxt)
                and nxt[:1].isupper()
                and not nxt.rstrip().endswith(".")
            )
        ):
            break
        value = value + " " + nxt
        position += step
    return value


def parse_reviewer(lines: list[str], prose: str) -> Reviewer | None:
    """Read labelled credentials from `lines`, else the prose ("Board Certified in X ... licensed in Y")."""
    reviewer = Reviewer()
    for index, line in enumerate(lines):
        if line[:1] not in _LABEL_FIRST:
            continue
        if not reviewer.licensed_states:
            m = _STATES_LABEL.match(line)
            if m:
                reviewer.licensed_states = states_in(_labelled_value(lines, index, m.group("v")))
                continue
        if reviewer.specialty is None:
            m = _SPECIALTY_LABEL.match(line)
            if m:
                reviewer.specialty, reviewer.subspecialty = split_specialties(
                    _labelled_value(lines, index, m.group("v"))
                )
    text = collapse(prose)
    if reviewer.specialty is None:
        m = _BOARD_PROSE.search(text)
        if m:
            reviewer.specialty, reviewer.subspecialty = split_specialties(m.group("v"))
            sub = _SUBSPECIALTY_PROSE.search(text, m.end())
            if sub and reviewer.specialty:
                extra = normalise_specialty(sub.group("v"))
                reviewer.subspecialty = ", ".join(x for x in (reviewer.subspecialty, extra) if x)
    if not reviewer.licensed_states:
        m = _LICENSED_PROSE.search(text)
        if m:
            reviewer.licensed_states = states_in(m.group("v"))
    for m in _EXPERIENCE.finditer(text):
        value = m.group("v")
        words = value.split()
        amount = words[2] if words[0].lower() in ("more", "greater", "less", "at") else words[0]
        if words[0].lower() == "over":
            amount = words[1]
        if _NUMBER_WORD_OR_DIGITS.match(amount):
            reviewer.experience = collapse(value).lower()
            break
    return None if reviewer.is_empty() else reviewer
