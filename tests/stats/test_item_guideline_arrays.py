"""The item's array of reviewer-cited guidelines (migration 0009) gives the figures the citations join gave."""

from __future__ import annotations

import pytest
from django.db.models import Count, Exists, OuterRef, Q
from django.http import QueryDict

from determinations import stats
from determinations.models import CitedBy, DisputedItem, Guideline, GuidelineCitation
from determinations.querysets import expand_guidelines
from tests import stats_fixture
from tests.stats.sql import latest_sql

pytestmark = pytest.mark.django_db

GUIDELINE_SEARCHES = (
    "guideline=odg",
    "guideline=mtus-acoem",
    "guideline=mtus",
    "guideline=odg-low-back",
    "guideline=mtus-chronic-pain",
    "guideline=mtus-acoem-ch12",  # cited by the administrator only: no item
    "guideline=odg&guideline=mtus-chronic-pain",
    "guideline=odg&category=imaging",
    "guideline=odg&decision=overturned",
    "guideline=mtus&opioid=true",
    "guideline=odg-knee&specialty=orthopedic-surgery",
    "guideline=odg&q=lumbar",
)


@pytest.fixture
def cases():
    return stats_fixture.build()


def arrays_from_citations() -> dict[int, list[str]]:
    wanted = {i: [] for i in DisputedItem.objects.values_list("id", flat=True)}
    for item_id, slug in (GuidelineCitation.objects.filter(cited_by=CitedBy.REVIEWER)
                          .values_list("item_id", "guideline__slug").distinct()):
        wanted[item_id].append(slug)
    return {k: sorted(v) for k, v in wanted.items()}


def stored_arrays() -> dict[int, list[str]]:
    return dict(DisputedItem.objects.values_list("id", "reviewer_guidelines"))


def old_figures(scope: stats.Scope) -> dict:
    """The computation before the array: an EXISTS on citations, the chart a join de-duplicated per item."""
    slugs = expand_guidelines(scope.query.guideline)
    cites = GuidelineCitation.objects.filter(item=OuterRef("pk"), cited_by=CitedBy.REVIEWER, guideline__slug__in=slugs)
    items = DisputedItem.objects.matching(scope.query).filter(Exists(cites)).filter(case__in=scope.cases().values("pk"))
    over = Q(decision="overturned")
    totals = items.aggregate(n=Count("id"), over=Count("id", filter=over))
    by_category = {r["category"]: (r["n"], r["over"]) for r in items.values("category").annotate(
        n=Count("id"), over=Count("id", filter=over))}
    item_over = Q(item__decision="overturned")
    pairs = (GuidelineCitation.objects.filter(item__in=items.values("pk"), cited_by=CitedBy.REVIEWER)
             .values("guideline__slug").annotate(n=Count("item", distinct=True),
                                                 over=Count("item", distinct=True, filter=item_over)))
    by_guideline = {r["guideline__slug"]: (r["n"], r["over"]) for r in pairs}
    return {"totals": (totals["n"], totals["over"]), "category": by_category, "guideline": by_guideline}


def new_figures(scope: stats.Scope) -> dict:
    t = stats.totals(scope)
    return {
        "totals": (t.items, t.overturned),
        "category": {r.key: (r.items, r.overturned) for r in stats.by_category(scope).rows},
        "guideline": {r.key: (r.items, r.overturned) for r in stats.by_guideline(scope).rows},
    }


def test_writer_fills_the_item_arrays(cases):
    assert stored_arrays() == arrays_from_citations()
    assert stored_arrays()[cases["c"].items.get(position=2).pk] == ["odg-low-back"]  # reviewer's, once


@pytest.mark.parametrize("qs", GUIDELINE_SEARCHES)
def test_guideline_searches_give_the_figures_of_the_citations_join(cases, qs):
    scope = stats.scope_for(QueryDict(qs))
    assert scope.query is not None and scope.query.guideline
    assert new_figures(scope) == old_figures(scope)


def test_family_search_counts_each_item_once_per_guideline(cases):
    scope = stats.scope_for(QueryDict("guideline=odg"))
    assert stats.totals(scope).items == 4 and stats.totals(scope).overturned == 2  # A1, B1, C2, D1
    assert {r.key: (r.items, r.overturned) for r in stats.by_guideline(scope).rows} == {
        "odg-low-back": (3, 1), "odg-knee": (1, 1)}


def test_citation_edits_keep_the_arrays_exact(cases):
    naproxen = cases["c"].items.get(position=1)
    knee = Guideline.objects.get(slug="odg-knee")
    added = GuidelineCitation.objects.create(item=naproxen, guideline=knee, cited_by=CitedBy.REVIEWER)
    assert stored_arrays()[naproxen.pk] == ["mtus-chronic-pain", "odg-knee"]
    GuidelineCitation.objects.filter(pk=added.pk).update(cited_by=CitedBy.CLAIMS_ADMINISTRATOR)
    assert stored_arrays()[naproxen.pk] == ["mtus-chronic-pain"]
    GuidelineCitation.objects.filter(item=naproxen).delete()
    assert stored_arrays()[naproxen.pk] == []
    norco = cases["a"].items.get(position=2)
    GuidelineCitation.objects.filter(item=norco, cited_by=CitedBy.REVIEWER).update(item=naproxen)
    assert stored_arrays() == arrays_from_citations()
    scope = stats.scope_for(QueryDict("guideline=mtus"))
    assert new_figures(scope) == old_figures(scope)


def test_backfill_fills_rows_written_before_the_column(cases):
    DisputedItem.objects.update(reviewer_guidelines=[])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(latest_sql("item_guidelines_backfill"))
    assert stored_arrays() == arrays_from_citations()
