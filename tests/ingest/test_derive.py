"""Derived data (determinations.derive): one definition each, and the record and stored-row paths agree."""

from __future__ import annotations

import pytest
from django.db import connection

from determinations import derive
from determinations.ingest import refresh_case
from determinations.models import Case, DisputedItem
from determinations.parsing import Item, ParsedLetter
from tests.factories import archive, citation, item, letter_record
from tests.stats.sql import latest_sql

DERIVED = ("outcome", "categories", "reviewer_guidelines", "items_text", "guidelines_text", "summary_text",
           "rationale_text")


@pytest.mark.parametrize("decisions, outcome", [
    ([], None), (["upheld"], "upheld"), (["overturned", "overturned"], "overturned"),
    (["upheld", "overturned"], "partial"),
])
def test_the_parser_and_the_archive_derive_one_outcome(decisions, outcome):
    letter = ParsedLetter(items=[Item(description=f"item {n}", decision=d) for n, d in enumerate(decisions)])
    assert letter.outcome == derive.outcome_from_decisions(decisions) == outcome
    record = {"items": [{"decision": d} for d in decisions], "sections": {}}
    assert derive.case_derived(record)["outcome"] == (outcome or "")


def test_a_decision_means_that_outcome_or_partial():
    assert derive.outcomes_with("upheld") == ["upheld", "partial"]
    assert derive.outcomes_with("overturned") == ["overturned", "partial"]


@pytest.mark.django_db
def test_the_database_counts_the_reviewers_citations_once_and_unknown_slugs_as_other():
    cited = [citation("odg-knee"), citation("mtus-chronic-pain"), citation("odg-knee"),
             citation("odg-shoulder", cited_by="claims_administrator"), citation("no-such-guideline")]
    case = archive(letter_record(items=[item("MRI of the knee", guidelines=cited), item("Knee brace", guidelines=[])]))
    assert [i.reviewer_guidelines for i in case.items.order_by("position")] == [
        ["mtus-chronic-pain", "odg-knee", "other"], []]
    assert case.reviewer_guidelines == ["mtus-chronic-pain", "odg-knee", "other"]


@pytest.mark.django_db
def test_ingestion_and_refresh_derive_the_same_columns_and_the_triggers_agree():
    record = letter_record(items=[
        item("Norco 10/325 #60", "overturned", "pharmaceuticals", guidelines=[
            citation("mtus-chronic-pain"), citation("no-such-guideline"),
            citation("odg-knee", cited_by="claims_administrator")]),
        item("MRI of the knee", "upheld", "imaging", guidelines=[citation("odg-knee", topic="Knee MRI")]),
    ])
    case = archive(record)
    written = {f: getattr(case, f) for f in DERIVED}
    assert written["outcome"] == "partial" and written["categories"] == ["imaging", "pharmaceuticals"]
    assert written["reviewer_guidelines"] == ["mtus-chronic-pain", "odg-knee", "other"]
    Case.objects.filter(pk=case.pk).update(reviewer_guidelines=[])
    refresh_case(case)
    assert case.reviewer_guidelines == written["reviewer_guidelines"]
    case = Case.objects.get(pk=case.pk)
    assert {f: getattr(case, f) for f in DERIVED} == written
    by_trigger = dict(DisputedItem.objects.values_list("pk", "reviewer_guidelines"))
    assert by_trigger == {i.pk: s for i, s in zip(case.items.order_by("position"),
                                                   [["mtus-chronic-pain", "other"], ["odg-knee"]], strict=True)}
    DisputedItem.objects.update(reviewer_guidelines=[])
    with connection.cursor() as cursor:
        cursor.execute(latest_sql("item_guidelines_backfill"))  # the migration's recount gives the same arrays
    assert dict(DisputedItem.objects.values_list("pk", "reviewer_guidelines")) == by_trigger


def _rows_written() -> dict[str, tuple[int, int]]:
    """Rows inserted and updated in cases and items as this backend counts them (its counts not yet reported to the
    statistics collector may include an earlier transaction's: so a test compares two readings)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables"
                       " WHERE relname IN ('determinations_case', 'determinations_disputeditem')")
        return {name: (inserted, updated) for name, inserted, updated in cursor.fetchall()}


@pytest.mark.django_db
def test_the_writer_inserts_the_arrays_right_so_no_item_or_case_is_written_twice():
    before = _rows_written()
    case = archive(letter_record(items=[
        item("MRI of the knee", guidelines=[citation("odg-knee"),
                                            citation("odg-shoulder", cited_by="claims_administrator")]),
        item("Norco 10/325", guidelines=[citation("mtus-chronic-pain"), citation("odg-knee")]),
    ]))
    assert case.reviewer_guidelines == ["mtus-chronic-pain", "odg-knee"]
    after = _rows_written()
    written = {name: tuple(a - b for a, b in zip(after[name], before.get(name, (0, 0)), strict=True))
               for name in after}
    assert written == {"determinations_case": (1, 0), "determinations_disputeditem": (2, 0)}
