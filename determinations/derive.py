"""Derived data: what the archive stores that follows from a letter's items and citations, each rule once.

A case's outcome, its category and guideline arrays (search facets), its search texts, and an item's array
of reviewer-cited guidelines are never typed in: they follow from the items. The parser (the outcome), the
ingestion writer, `refresh_case` after staff edits and the statistics read these functions, so a reviewer
greps one place for each rule. Pure Python, no Django: the parser and the models both import it.

The item array `DisputedItem.reviewer_guidelines` has one owner, the database: triggers on the citations
table (determinations/stats/sql/) recompute it after every write, whoever writes. `item_guidelines` is the same rule in
Python, used only to pre-fill the rows the writer inserts so that the triggers find nothing to change (no
second write of every item, and the summary tables count each new item once); a test checks the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from determinations.parsing.record import outcome_from_decisions
from determinations.parsing.registry import GUIDELINES_BY_SLUG

__all__ = [
    "SEARCH_CONFIG", "case_arrays", "case_derived", "guideline_slug", "item_guidelines", "outcome_from_decisions",
    "outcomes_with", "search_texts",
]

SEARCH_CONFIG = "english"  # the text-search configuration of every stored vector and every query
PARTIAL = "partial"
REVIEWER = "reviewer"


def outcomes_with(decision: str) -> list[str]:
    """The case outcomes of the letters with an item decided `decision`: that outcome, or partial (mixed)."""
    return [decision, PARTIAL]


def guideline_slug(slug: str | None) -> str:
    """The registry slug a citation is stored under: a slug the registry does not know is "other"."""
    return slug if slug and slug in GUIDELINES_BY_SLUG else "other"


def item_guidelines(citations: Iterable[Mapping]) -> list[str]:
    """An item's reviewer-cited guideline slugs, sorted (byte order), once each: what the triggers compute."""
    return sorted({guideline_slug(c.get("slug")) for c in citations if c.get("cited_by") == REVIEWER})


def case_arrays(items: Sequence[Mapping]) -> dict[str, list[str]]:
    """The case's facet arrays: its items' categories, and the union of its items' reviewer-cited guidelines."""
    return {
        "categories": sorted({i.get("category") or "other" for i in items}),
        "reviewer_guidelines": sorted({s for i in items for s in item_guidelines(i.get("guidelines") or [])}),
    }


def search_texts(record: Mapping) -> dict[str, str]:
    """The texts the case's search vector is built from (weights in models.Case.search_vector)."""
    items = record["items"]
    guideline_words = []
    for item in items:
        for citation in item.get("guidelines") or []:
            title = GUIDELINES_BY_SLUG[guideline_slug(citation.get("slug"))].title  # as the citation is stored
            guideline_words.append(" ".join(filter(None, [title, citation.get("text"), citation.get("topic")])))
    sections = record.get("sections") or {}
    return {
        "items_text": "\n".join(i.get("description") or "" for i in items),
        "guidelines_text": "\n".join(guideline_words),
        "summary_text": sections.get("case_summary") or sections.get("issue_at_dispute") or "",
        "rationale_text": "\n".join(i.get("rationale") or "" for i in items),
    }


def case_derived(record: Mapping) -> dict:
    """Every case column derived from a record's items and sections (a parsed record, or one read back from
    the stored rows): the outcome, the facet arrays and the search texts."""
    return {
        "outcome": outcome_from_decisions(i["decision"] for i in record["items"]) or "",
        **case_arrays(record["items"]),
        **search_texts(record),
    }
