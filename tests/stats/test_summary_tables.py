"""The summary tables behind the statistics stay equal to a full recount after every kind of write."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from determinations.models import Case, DisputedItem, Guideline, GuidelineCitation, Reviewer
from determinations.stats.models import (
    GuidelineCaseStat,
    GuidelineCitedStat,
    GuidelineStat,
    GuidelineTermItemStat,
    GuidelineTermMonthStat,
    GuidelineTermPairStat,
    ItemStat,
    MonthStat,
    ReviewerCaseStat,
    ReviewerItemStat,
)
from tests.factories import archive, citation, item, letter_record
from tests.stats.sql import latest_sql

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, set]:
    return {
        "items": set(ItemStat.objects.values_list(
            "year", "category", "is_opioid", "specialty_slug", "decision", "items")),
        "guidelines": set(GuidelineStat.objects.values_list(
            "guideline__slug", "year", "category", "decision", "items")),
        "guideline_cases": set(GuidelineCaseStat.objects.values_list("guideline__slug", "year", "cases")),
        "months": set(MonthStat.objects.values_list("month", "outcome", "cases")),
        "term_items": set(GuidelineTermItemStat.objects.values_list(
            "term", "year", "category", "is_opioid", "specialty_slug", "decision", "items")),
        "term_pairs": set(GuidelineTermPairStat.objects.values_list(
            "term", "cited", "year", "category", "decision", "items")),
        "term_months": set(GuidelineTermMonthStat.objects.values_list("term", "month", "outcome", "cases")),
        "cited": set(GuidelineCitedStat.objects.values_list("guideline__slug", "field", "value", "citations")),
        "reviewer_cases": set(ReviewerCaseStat.objects.values_list("reviewer__slug", "cases")),
        "reviewer_items": set(ReviewerItemStat.objects.values_list("reviewer__slug", "category", "decision", "items")),
    }


def assert_current() -> dict[str, set]:
    """The trigger-maintained counts equal a recount from the archived rows."""
    kept = snapshot()
    with connection.cursor() as cursor:
        cursor.execute(latest_sql("outcome_summaries_rebuild"))
        cursor.execute(latest_sql("guideline_terms_rebuild"))
        cursor.execute(latest_sql("guideline_cited_rebuild"))
        cursor.execute(latest_sql("reviewer_cases_rebuild"))
        cursor.execute(latest_sql("reviewer_items_rebuild"))
    assert kept == snapshot()
    return kept


def small_archive() -> list[Case]:
    return [
        archive(letter_record(decision_date="2015-06-01", items=[
            item(decision="overturned", guidelines=[citation("odg-low-back"), citation("odg-low-back", topic="MRI"),
                                                    citation("mtus-acoem-ch12", cited_by="claims_administrator")]),
            item(category="pharmaceuticals", is_opioid=True, guidelines=[citation("mtus-chronic-pain")]),
        ])),
        archive(letter_record(decision_date="2016-02-10", reviewer={
            "specialty": "Orthopedic Surgery", "subspecialty": None, "licensed_states": ["Texas"], "experience": None},
            items=[item(guidelines=[citation("odg-low-back")]), item(guidelines=[citation("odg-low-back")])])),
        archive(letter_record(decision_date=None, items=[item(decision="overturned", guidelines=[])])),
    ]


def test_insert_counts_each_item_once_per_guideline_and_reviewer_citations_only():
    small_archive()
    counts = assert_current()
    assert ("odg-low-back", 2015, "imaging", "overturned", 1) in counts["guidelines"]  # cited twice, one item
    assert ("odg-low-back", 2016, "imaging", "upheld", 2) in counts["guidelines"]
    assert ("odg-low-back", 2016, 1) in counts["guideline_cases"]  # two items, one decision
    assert not any(row[0] == "mtus-acoem-ch12" for row in counts["guidelines"])  # claims administrator's
    assert (2015, "pharmaceuticals", True, "family-practice", "upheld", 1) in counts["items"]
    assert (0, "imaging", False, "family-practice", "overturned", 1) in counts["items"]
    assert (None, "overturned", 1) in counts["months"]
    assert (date(2015, 6, 1), "partial", 1) in counts["months"]
    assert ("odg-low-back", "topic", "MRI", 1) in counts["cited"]  # reviewers' topics as written, each citation
    assert not any(row[0] == "mtus-acoem-ch12" for row in counts["cited"])  # claims administrator's
    assert not any(row[2] == "" for row in counts["cited"])  # no topic: not counted
    assert counts["reviewer_cases"] == {("family-practice-california", 2), ("orthopedic-surgery-texas", 1)}
    assert ("family-practice-california", "imaging", "overturned", 2) in counts["reviewer_items"]
    assert ("orthopedic-surgery-texas", "imaging", "upheld", 2) in counts["reviewer_items"]


def test_rewrite_update_and_delete_keep_summaries_current():
    first, second, _ = small_archive()
    # a staff correction: the item's decision, its category, a citation's guideline, the case's date and reviewer
    one = first.items.get(position=1)
    one.decision, one.category = "upheld", "injections"
    one.save()
    GuidelineCitation.objects.filter(item=one, topic="MRI").update(guideline=Guideline.objects.get(slug="odg-pain"))
    assert_current()
    GuidelineCitation.objects.filter(item=one, guideline__slug="odg-low-back").update(cited_by="claims_administrator")
    assert_current()
    # a re-scan masks a topic, a staff edit gives a citation pages; then a topic as long as a letter's paragraph
    GuidelineCitation.objects.filter(topic="MRI").update(topic="[name] MRI", pages="12-14")
    assert_current()
    GuidelineCitation.objects.filter(item__case=second).update(topic="Imaging " * 800)
    assert ("odg-low-back", "topic", "Imaging " * 800, 2) in assert_current()["cited"]
    first.decision_date = date(2019, 3, 3)
    first.outcome = "upheld"
    first.reviewer = second.reviewer
    first.save()
    assert_current()
    Reviewer.objects.filter(pk=second.reviewer_id).update(specialty_slug="orthopaedics")
    assert_current()
    DisputedItem.objects.filter(case=second, position=2).delete()
    GuidelineCitation.objects.filter(item__case=first).delete()
    assert_current()
    Case.objects.filter(pk=second.pk).delete()
    first.reviewer.delete()
    counts = assert_current()
    assert not any(row[0] == "odg-low-back" for row in counts["guidelines"])


def test_reparse_rewrites_the_counts():
    from determinations.ingest import Prepared, write_prepared

    record = letter_record(decision_date="2017-01-05", items=[item(guidelines=[citation("odg-knee")])])
    case = archive(record, text="the same letter")
    record["items"] = [item(decision="overturned", category="surgery", guidelines=[citation("odg-shoulder")])]
    prepared = Prepared(sha256=case.source_document.sha256, filename="again.txt", size=1, media_type="text/plain",
                        data=b"x", text="the same letter", record=record, public_id=case.public_id)
    write_prepared([prepared], reparse=True)
    counts = assert_current()
    assert {row[0] for row in counts["guidelines"]} == {"odg-shoulder"}
    assert counts["items"] == {(2017, "surgery", False, "family-practice", "overturned", 1)}


def test_guideline_term_tables_follow_arrays_moves_and_cases():
    """The term tables (a slug or a family, each item and decision once per term) after edits that change them."""
    first, second, third = small_archive()
    counts = assert_current()
    assert ("odg", 2016, "imaging", False, "orthopedic-surgery", "upheld", 2) in counts["term_items"]
    assert ("odg", date(2016, 2, 1), "upheld", 1) in counts["term_months"]  # two items, one decision
    assert ("odg", "odg-low-back", 2015, "imaging", "overturned", 1) in counts["term_pairs"]
    assert ("mtus", "mtus-chronic-pain", 2015, "pharmaceuticals", "upheld", 1) in counts["term_pairs"]
    assert not any(row[0] == "mtus-acoem" for row in counts["term_items"])  # the administrator's citation only
    # a staff citation of another family on an item that has one already, then on the undated letter
    one = second.items.get(position=1)
    GuidelineCitation.objects.create(item=one, guideline=Guideline.objects.get(slug="mtus-acoem-ch12"),
                                     cited_by="reviewer", position=9)
    GuidelineCitation.objects.create(item=third.items.get(), guideline=Guideline.objects.get(slug="odg-knee"),
                                     cited_by="reviewer", position=1)
    counts = assert_current()
    assert ("mtus-acoem", date(2016, 2, 1), "upheld", 1) in counts["term_months"]
    assert ("odg", None, "overturned", 1) in counts["term_months"]
    # an item moved to another letter (its guideline-decision pairs move too), a decision, a category in bulk
    DisputedItem.objects.filter(pk=one.pk).update(case=first, position=7, decision="overturned")
    DisputedItem.objects.filter(case=second).update(category="surgery")
    assert_current()
    # one of two items of a letter with the same term deleted: the letter still counts once; then the other
    DisputedItem.objects.filter(case=first, position=1).delete()
    assert_current()
    DisputedItem.objects.filter(case=first).delete()
    counts = assert_current()
    assert not any(row[0] == "mtus-acoem" for row in counts["term_months"])
    # a dated letter undated, a letter's outcome changed
    Case.objects.filter(pk=second.pk).update(decision_date=None, outcome="overturned")
    Case.objects.filter(pk=third.pk).update(decision_date=date(2018, 1, 1))
    counts = assert_current()
    assert ("odg", date(2018, 1, 1), "overturned", 1) in counts["term_months"]
