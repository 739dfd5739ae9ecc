"""The parsed letter as typed dataclasses; `to_json()` gives exactly the contract's dict (docs/parsing-contract.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Citation:
    slug: str
    cited_by: str  # "claims_administrator" | "reviewer"
    text: str
    topic: str | None = None
    pages: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "cited_by": self.cited_by, "topic": self.topic, "pages": self.pages,
                "text": self.text}


@dataclass(slots=True)
class Item:
    description: str
    decision: str  # "upheld" | "overturned"
    category: str = "other"
    is_opioid: bool = False
    rationale: str | None = None
    guidelines: list[Citation] = field(default_factory=list)
    request_note: str | None = None  # a partly authorised request's whole sentence; not in the JSON

    def to_json(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "decision": self.decision,
            "category": self.category,
            "is_opioid": self.is_opioid,
            "rationale": self.rationale,
            "guidelines": [c.to_json() for c in self.guidelines],
        }


@dataclass(slots=True)
class Reviewer:
    specialty: str | None = None
    subspecialty: str | None = None
    licensed_states: list[str] = field(default_factory=list)
    experience: str | None = None

    def is_empty(self) -> bool:
        return not (self.specialty or self.subspecialty or self.licensed_states or self.experience)

    def to_json(self) -> dict[str, Any]:
        return {
            "specialty": self.specialty,
            "subspecialty": self.subspecialty,
            "licensed_states": list(self.licensed_states),
            "experience": self.experience,
        }


def iso_date(value: dt.date | None) -> str | None:
    """A date as the JSON contract writes it (YYYY-MM-DD), or None."""
    return value.isoformat() if value else None


def outcome_from_decisions(decisions: Iterable[str]) -> str | None:
    """The letter's outcome from its items' decisions: all upheld -> upheld, all overturned -> overturned,
    mixed -> partial, no item -> None (docs/FORMATS.md). The archive's one definition (determinations.derive)."""
    distinct = set(decisions)
    if not distinct:
        return None
    if distinct == {"upheld"}:
        return "upheld"
    if distinct == {"overturned"}:
        return "overturned"
    return "partial"


@dataclass(slots=True)
class Header:
    """The dated and numbered fields of a letter's header; the parsed letter has them too."""

    case_number: str | None = None
    decision_date: dt.date | None = None
    injury_date: dt.date | None = None
    ur_denial_date: dt.date | None = None
    assigned_date: dt.date | None = None
    application_received_date: dt.date | None = None
    priority: str | None = None


@dataclass(slots=True)
class ParsedLetter(Header):
    is_imr_letter: bool = False
    layout: str | None = None
    patient_age: int | None = None
    patient_sex: str | None = None
    reviewer: Reviewer | None = None
    items: list[Item] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str | None:
        """Derived from the items (`outcome_from_decisions`)."""
        return outcome_from_decisions(item.decision for item in self.items)

    def to_json(self) -> dict[str, Any]:
        return {
            "is_imr_letter": self.is_imr_letter,
            "layout": self.layout,
            "case_number": self.case_number,
            "decision_date": iso_date(self.decision_date),
            "injury_date": iso_date(self.injury_date),
            "ur_denial_date": iso_date(self.ur_denial_date),
            "assigned_date": iso_date(self.assigned_date),
            "application_received_date": iso_date(self.application_received_date),
            "priority": self.priority,
            "patient_age": self.patient_age,
            "patient_sex": self.patient_sex,
            "outcome": self.outcome,
            "reviewer": self.reviewer.to_json() if self.reviewer and not self.reviewer.is_empty() else None,
            "items": [item.to_json() for item in self.items],
            "sections": dict(self.sections),
            "warnings": list(self.warnings),
        }
