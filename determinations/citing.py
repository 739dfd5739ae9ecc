"""How a decision is cited and summed up: its page, an alert, a folder and a table of authorities use these,
so a brief, an e-mail and the page say the same thing in the same words."""

from __future__ import annotations

from determinations.models import CitedBy, Decision
from determinations.names import join_names


def citation_line(case, items=None) -> str:
    """What an attorney pastes into a brief: case number, DWC IMR, decision date, items and decisions.

    `items` defaults to the case's own (prefetched)."""
    items = list(case.items.all()) if items is None else items
    date = case.decision_date.strftime("%b. %-d, %Y") if case.decision_date else "date not stated"
    listed = "; ".join(f"{i.description} ({i.get_decision_display().lower()})" for i in items)
    return f"{case.case_number or case.public_id} (DWC IMR {date}) [{listed}]"


def reviewer_guidelines(item) -> list[str]:
    """The titles of the guidelines the expert reviewer cited for an item, once each: from the item's
    `reviewer_citations` where the page has sorted them already, else from its prefetched citations."""
    cited = getattr(item, "reviewer_citations", None)
    if cited is None:
        cited = [c for c in item.citations.all() if c.cited_by == CitedBy.REVIEWER]
    return list(dict.fromkeys(c.guideline.title for c in cited))


def holding(items) -> str:
    """The decision in one sentence: "The expert reviewer upheld the denial of lumbar facet injection under
    MTUS ACOEM Chapter 12", each decision once, its treatments listed (the first three, then how many more)."""
    items = list(items)
    clauses = []
    for decision, verb in ((Decision.UPHELD, "upheld"), (Decision.OVERTURNED, "overturned")):
        group = [i for i in items if i.decision == decision]
        if not group:
            continue
        parts = []
        for item in group[:3]:
            cited = list(dict.fromkeys(title.split(":")[0] for title in reviewer_guidelines(item)))
            parts.append(item.description + (f" under {join_names(cited)}" if cited else ""))
        if len(group) > 3:
            parts.append(f"{len(group) - 3} other treatment{'s' if len(group) > 4 else ''}")
        clauses.append(f"{verb} the denial of {join_names(parts)}")
    if not clauses:
        return "The letter states no decision on a disputed treatment."
    return f"The expert reviewer {join_names(clauses, 'and')}."
