"""How a decision is cited in an alert, a folder and a table of authorities: one place, one wording.

(The public decision page may grow its own "holding line"; unify the two here when it does.)
"""

from __future__ import annotations

from determinations.models import CitedBy


def citation_line(case) -> str:
    """The decision page's own citation line (items prefetched), so a brief and the page agree."""
    from determinations.views.decisions import citation_line as public_citation

    return public_citation(case, list(case.items.all()))


def holding_line(case) -> str:
    """What was decided, in one line: each disputed item with its decision (items prefetched)."""
    items = list(case.items.all())
    if not items:
        return case.get_outcome_display() or "No decision recorded"
    parts = [f"{item.description}: {item.get_decision_display().lower()}" for item in items[:4]]
    more = f"; and {len(items) - 4} more" if len(items) > 4 else ""
    return "; ".join(parts) + more


def reviewer_guidelines(item) -> list[str]:
    """The guidelines the expert reviewer cited for an item (citations prefetched), once each."""
    seen: list[str] = []
    for citation in item.citations.all():
        if citation.cited_by == CitedBy.REVIEWER and citation.guideline.title not in seen:
            seen.append(citation.guideline.title)
    return seen
