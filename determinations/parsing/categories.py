"""Treatment category and opioid flag of a disputed item, from its description (vocabularies as data)."""

from __future__ import annotations

import re

from .category_vocabulary import CATEGORY_RULES, DRUG_NAMES, NOT_AN_OPIOID, OPIOID_NAMES

_RULES = tuple((slug, re.compile(pattern, re.IGNORECASE)) for slug, pattern in CATEGORY_RULES)
_DRUG_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(n) for n in sorted(set(DRUG_NAMES) | set(OPIOID_NAMES), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_OPIOID_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(n) for n in sorted(OPIOID_NAMES, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_NOT_OPIOID_RE = re.compile(NOT_AN_OPIOID, re.IGNORECASE)
# Rules a drug name outranks: a named drug is a medication whatever its form ("Lidocaine 5% patch").
_DRUG_OUTRANKS = frozenset({"dme", "physical-therapy", "evaluation-management", "pharmaceuticals", "surgery"})
_SPECIFIC_FIRST = ("labs", "programs", "home-health")
# "Associated surgical service: Cold therapy unit" is about the cold therapy unit.
_LEAD_IN = re.compile(r"^\s*(?:associated\s+surgical\s+services?|associated\s+services?|post-?op(?:erative)?)\s*:\s*",
                      re.IGNORECASE)


def is_opioid(description: str) -> bool:
    """True when the item is an opioid medication (not a detox programme, drug screen or laxative)."""
    return bool(_OPIOID_RE.search(description)) and not _NOT_OPIOID_RE.search(description)


def categorise(description: str) -> str:
    """One category slug of FORMATS.md for the item."""
    text = _LEAD_IN.sub("", description) or description
    drug = _DRUG_RE.search(text)
    for slug, pattern in _RULES:
        if pattern.search(text):
            if drug and slug in _DRUG_OUTRANKS:
                return "pharmaceuticals"
            if drug and slug not in _SPECIFIC_FIRST and slug != "injections":
                return "pharmaceuticals"
            return slug
    return "pharmaceuticals" if drug else "other"
