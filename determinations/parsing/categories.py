"""Treatment category and opioid flag of a disputed item, from its description (vocabularies as data)."""

from __future__ import annotations

import re

from .category_vocabulary import CATEGORY_RULES, DRUG_NAMES, NOT_AN_OPIOID, OPIOID_NAMES
from .needles import folded, needles

# (slug, pattern, needles): a rule whose needles are all absent from the text is not searched.
_RULES = tuple(
    (slug, compiled, needles(compiled))
    for slug, compiled in ((slug, re.compile(pattern, re.IGNORECASE)) for slug, pattern in CATEGORY_RULES)
)
_WORD = re.compile(r"[a-z]+")


class _NameSet:
    """Drug names looked up as words (a set) and, for names of several words, as phrases."""

    def __init__(self, names: tuple[str, ...] | set[str]) -> None:
        self.words = frozenset(n for n in names if _WORD.fullmatch(n))
        self.phrases = tuple(
            re.compile(r"(?<![a-z])" + re.escape(n) + r"(?![a-z])") for n in names if not _WORD.fullmatch(n)
        )

    def search(self, lower: str) -> bool:
        if self.words.intersection(_WORD.findall(lower)):
            return True
        return any(p.search(lower) for p in self.phrases)


_DRUGS = _NameSet(set(DRUG_NAMES) | set(OPIOID_NAMES))
_OPIOIDS = _NameSet(OPIOID_NAMES)
_NOT_OPIOID_RE = re.compile(NOT_AN_OPIOID, re.IGNORECASE)
# Rules a drug name outranks: a named drug is a medication whatever its form ("Lidocaine 5% patch").
_DRUG_OUTRANKS = frozenset({"dme", "physical-therapy", "evaluation-management", "pharmaceuticals", "surgery"})
_SPECIFIC_FIRST = ("labs", "programs", "home-health")
# "Associated surgical service: Cold therapy unit" is about the cold therapy unit.
_LEAD_IN = re.compile(r"^\s*(?:associated\s+surgical\s+services?|associated\s+services?|post-?op(?:erative)?)\s*:\s*",
                      re.IGNORECASE)


def is_opioid(description: str) -> bool:
    """True when the item is an opioid medication (not a detox programme, drug screen or laxative)."""
    return _OPIOIDS.search(description.lower()) and not _NOT_OPIOID_RE.search(description)


def categorise(description: str) -> str:
    """One category slug of docs/FORMATS.md for the item."""
    text = _LEAD_IN.sub("", description) or description
    fold = folded(text)
    drug = _DRUGS.search(text.lower())
    for slug, pattern, words in _RULES:
        if (words is None or any(map(fold.__contains__, words))) and pattern.search(text):
            if drug and slug in _DRUG_OUTRANKS:
                return "pharmaceuticals"
            if drug and slug not in _SPECIFIC_FIRST and slug != "injections":
                return "pharmaceuticals"
            return slug
    return "pharmaceuticals" if drug else "other"
