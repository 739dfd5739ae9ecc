"""Derived data: what the archive stores that follows from a letter's items and citations, each rule once.

A case's outcome, its category array (a search facet) and its search texts are never typed in: they follow
from the items. The parser (the outcome), the ingestion writer, `refresh_case` after staff edits and the
statistics read these functions, so a reviewer greps one place for each rule. Pure Python, no Django: the
parser and the models both import it.

The guideline arrays have one owner, the database: the SQL function `imr_item_guidelines`
(determinations/migrations/sql/0020_item_guidelines_function.sql), the slugs of the guidelines the reviewer
cited, sorted, once each. Triggers on the citations table run it after every write, whoever writes, to keep
`DisputedItem.reviewer_guidelines` exact; the ingestion writer and `refresh_case` ask it for the arrays of the
items they write and for the case's, over all its citations (`ingest.write.guideline_arrays`).
"""

from __future__ import annotations

from collections.abc import Mapping

from determinations.parsing.record import outcome_from_decisions
from determinations.parsing.registry import GUIDELINES_BY_SLUG

__all__ = ["SEARCH_CONFIG", "case_derived", "guideline_slug", "outcome_from_decisions", "outcomes_with", "search_texts"]

SEARCH_CONFIG = "english"  # the text-search configuration of every stored vector and every query
PARTIAL = "partial"


def outcomes_with(decision: str) -> list[str]:
    """The case outcomes of the letters with an item decided `decision`: that outcome, or partial (mixed)."""
    return [decision, PARTIAL]


def guideline_slug(slug: str | None) -> str:
    """The registry slug a citation is stored under: a slug the registry does not know is "other"."""
    return slug if slug and slug in GUIDELINES_BY_SLUG else "other"


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
    """Every case column derived in Python from a record's items and sections (a parsed record, or one read
    back from the stored rows): the outcome, the category array and the search texts."""
    return {
        "outcome": outcome_from_decisions(i["decision"] for i in record["items"]) or "",
        "categories": sorted({i.get("category") or "other" for i in record["items"]}),  # a facet array
        **search_texts(record),
    }
