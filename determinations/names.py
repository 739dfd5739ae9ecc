"""What a person reads instead of a slug: specialty aliases, guideline groups and "did you mean" suggestions.

Letters spell one specialty several ways ("Family Medicine", "Family Practice"); the archive keeps what
each letter says, and searches treat the spellings of one specialty as one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from django.utils.text import slugify

from determinations.parsing.registry import FAMILIES, GUIDELINES, GUIDELINES_BY_SLUG, TREATMENT_CATEGORIES
from determinations.parsing.vocabulary import STATES

# alias slug -> the slug it is searched and counted as
SPECIALTY_ALIASES: dict[str, str] = {
    "family-medicine": "family-practice",
    "psychology": "clinical-psychology",
    "orthopaedic-surgery": "orthopedic-surgery",
    "pmr": "physical-medicine-and-rehabilitation",
    "pm-r": "physical-medicine-and-rehabilitation",
    "physical-medicine-rehabilitation": "physical-medicine-and-rehabilitation",
    "neurosurgery": "neurological-surgery",
    "chiropractic": "chiropractic-medicine",
}

FAMILY_LABELS: dict[str, str] = {
    "mtus-acoem": "MTUS ACOEM (chapters and topic guidelines)",
    "mtus": "MTUS guidelines",
    "odg": "Official Disability Guidelines (ODG)",
    "acoem": "ACOEM outside the MTUS",
    "other": "Other medical evidence",
}


def canonical_specialty(value: str) -> str:
    """The slug a specialty name or slug is searched as ("Family Medicine" -> "family-practice")."""
    slug = slugify(value or "")
    return SPECIALTY_ALIASES.get(slug, slug)


def specialty_group(slug: str) -> list[str]:
    """Every stored slug that means the same specialty as `slug`."""
    canonical = canonical_specialty(slug)
    return sorted({canonical} | {alias for alias, target in SPECIALTY_ALIASES.items() if target == canonical})


def guideline_label(slug: str) -> str:
    """A guideline's or a family's name; the slug only if the registry does not know it."""
    entry = GUIDELINES_BY_SLUG.get(slug)
    if entry:
        return entry.title
    return f"{FAMILY_LABELS[slug]}: every chapter" if slug in FAMILY_LABELS else slug


def guideline_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The guideline picker grouped by family, each group led by "the whole family"."""
    groups = []
    for family in FAMILIES:
        members = [(g.slug, g.title) for g in GUIDELINES if g.family == family]
        lead = [] if family in GUIDELINES_BY_SLUG or len(members) < 2 else [(family, f"Any {FAMILY_LABELS[family]}")]
        groups.append((FAMILY_LABELS[family], lead + members))
    return groups


def nearest(value: str, choices: dict[str, str]) -> str | None:
    """The choice (key) closest to `value` by its key or its name, for "did you mean"."""
    wanted = (value or "").strip().lower()
    if not wanted:
        return None
    by_name = {name.lower(): key for key, name in choices.items()}
    by_key = {key.lower(): key for key in choices}
    for pool in (by_key, by_name):
        match = difflib.get_close_matches(wanted, list(pool), n=1, cutoff=0.6)
        if match:
            return pool[match[0]]
    contains = [key for name, key in by_name.items() if wanted in name or name in wanted]
    return contains[0] if contains else None


def state_choices() -> dict[str, str]:
    return {name: name for name in STATES.values()}


def category_label(slug: str) -> str:
    return TREATMENT_CATEGORIES.get(slug, slug)


def all_guideline_names() -> dict[str, str]:
    names = {g.slug: g.title for g in GUIDELINES}
    names.update({f: FAMILY_LABELS[f] for f in FAMILIES if f not in names})
    return names


def join_names(names: Iterable[str], conjunction: str = "and") -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"
