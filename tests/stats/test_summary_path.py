"""A search made only of summary conditions is answered from the summary tables, with the live path's numbers."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.http import QueryDict

from determinations import stats
from tests import stats_fixture

pytestmark = pytest.mark.django_db

# Every condition the summary tables count by, alone and combined, including ones matching nothing.
SUMMARY_SEARCHES = (
    "category=pharmaceuticals",
    "category=imaging&category=surgery",
    "opioid=true",
    "decision=overturned",
    "decision=upheld",
    "specialty=family-practice",
    "specialty=family-medicine",  # an alias of family-practice (an unknown specialty is now an explained error)
    "decided_after=2016-01-01",
    "decided_before=2015-12-31",
    "decided_after=2015-01-01&decided_before=2015-12-31",
    "decided_after=2017-01-01",
    "opioid=true&decision=overturned",
    "specialty=orthopedic-surgery&decided_after=2015-01-01",
    "category=imaging&decision=upheld&specialty=family-practice",
    "decision=overturned&decided_after=2015-01-01&decided_before=2016-12-31",
    "category=pharmaceuticals&opioid=true&decided_before=2016-12-31&sort=oldest&page=2",
    # one guideline value, a family or a chapter: the guideline term tables
    "guideline=odg",
    "guideline=mtus",
    "guideline=mtus-acoem",  # the administrator's citation only: nothing
    "guideline=odg-low-back",
    "guideline=mtus-chronic-pain",
    "guideline=odg-knee",
    "guideline=odg&category=imaging",
    "guideline=odg&decision=overturned",
    "guideline=mtus&opioid=true",
    "guideline=odg-low-back&specialty=orthopedic-surgery",
    "guideline=odg&decided_after=2016-01-01",
    "guideline=odg-low-back&decided_after=2015-01-01&decided_before=2015-12-31",
    "guideline=mtus&category=pharmaceuticals&decision=upheld&decided_before=2016-12-31",
)
LIVE_SEARCHES = (
    "guideline=odg&guideline=mtus-chronic-pain",
    "guideline=odg&q=lumbar",
    "q=lumbar",
    "item=norco",
    "outcome=partial",
    "state=Texas",
    "decided_after=2015-06-02",
    "decided_before=2016-03-04",
    "category=imaging&age_min=0",
)


@pytest.fixture
def cases():
    return stats_fixture.build()


def figures(scope: stats.Scope) -> dict:
    tables = {t.name: [(r.key, r.label, r.items, r.overturned, r.url) for r in t.rows]
              for t in stats.stats_tables(scope, 0.5)}
    return {"totals": stats.totals(scope), **tables}


def forced_live(qs: str) -> stats.Scope:
    return replace(stats.scope_for(QueryDict(qs)), summaries=False)  # what the live path computes for the same search


@pytest.mark.parametrize("qs", SUMMARY_SEARCHES)
def test_summary_tables_answer_summary_searches_exactly(cases, qs):
    scope = stats.scope_for(QueryDict(qs))
    assert scope.summary is not None and scope.item_stats() is not None
    assert figures(scope) == figures(forced_live(qs))
    live = {"cases"} if scope.month_stats() is None else set()
    live |= {"guideline"} if scope.guideline_stats() is None else set()
    assert scope.live.parts == live  # items are never read live; decisions and guidelines when the tables can't


def test_summary_figures_by_hand(cases):
    scope = stats.scope_for(QueryDict("opioid=true&decision=overturned"))
    assert stats.totals(scope).decisions == 1 and (stats.totals(scope).items, stats.totals(scope).overturned) == (1, 1)
    assert [(r.key, r.items) for r in stats.by_guideline(scope).rows] == [("mtus-chronic-pain", 1)]
    upheld_2015 = stats.scope_for(QueryDict("decision=upheld&decided_after=2015-01-01&decided_before=2015-12-31"))
    assert upheld_2015.month_stats() is not None  # decisions per month from MonthStat: outcome upheld or partial
    assert [(r.key, r.items) for r in stats.by_month(upheld_2015).rows] == [("2015-06", 2)]
    assert (stats.totals(upheld_2015).first.isoformat(), stats.totals(upheld_2015).last.isoformat()) == (
        "2015-06-01", "2015-06-20")


@pytest.mark.parametrize("qs", LIVE_SEARCHES)
def test_other_searches_are_counted_live(cases, qs):
    scope = stats.scope_for(QueryDict(qs))
    assert scope.is_filtered and scope.summary is None
    assert figures(scope)["totals"].decisions == len(scope.cases())


GUIDELINE_SUMMARY_SEARCHES = [qs for qs in SUMMARY_SEARCHES if qs.startswith("guideline=")]


# The live path selects letters by the case's facet arrays, which the writer fills and `refresh_case` re-derives
# after staff edit items or citations (the admin calls it: tests/ingest/test_refresh.py); the edits below are
# made with the ORM, so the test calls it as the admin would.
def assert_guideline_searches_exact(refresh: bool = False):
    if refresh:
        from determinations.ingest import refresh_case
        from determinations.models import Case

        for case in Case.objects.all():
            refresh_case(case)
    for qs in GUIDELINE_SUMMARY_SEARCHES:
        scope = stats.scope_for(QueryDict(qs))
        assert scope.summary is not None and scope.summary.guideline, qs
        assert figures(scope) == figures(forced_live(qs)), qs


def test_guideline_searches_stay_exact_after_writes(cases):
    """Family and chapter searches from the term tables equal the live path after re-parses, staff edits and
    deletes (the tables themselves are recounted in test_summary_tables.py)."""
    from datetime import date

    from determinations.ingest import Prepared, write_prepared
    from determinations.models import Case, DisputedItem, Guideline, GuidelineCitation, Reviewer
    from tests.factories import citation, item, letter_record

    assert_guideline_searches_exact()
    # staff edits: a citation re-pointed to another family, one turned into the administrator's, one added
    a, b, c, d = cases["a"], cases["b"], cases["c"], cases["d"]
    GuidelineCitation.objects.filter(item__case=a, guideline__slug="odg-low-back").update(
        guideline=Guideline.objects.get(slug="mtus-acoem-ch12"))
    GuidelineCitation.objects.filter(item__case=b, guideline__slug="mtus-postsurgical").update(
        cited_by="claims_administrator")
    GuidelineCitation.objects.create(item=d.items.get(), guideline=Guideline.objects.get(slug="mtus-chronic-pain"),
                                     cited_by="reviewer", position=5)
    DisputedItem.objects.filter(case=c, position=1).update(decision="overturned", category="imaging")
    assert_guideline_searches_exact(refresh=True)
    # a letter's date, outcome and reviewer; a reviewer's specialty
    Case.objects.filter(pk=d.pk).update(decision_date=date(2016, 7, 1), outcome="partial", reviewer=a.reviewer)
    Reviewer.objects.filter(pk=b.reviewer_id).update(specialty_slug="orthopedic-surgery-2")
    assert_guideline_searches_exact()
    # a re-parse replacing a letter's items and citations
    record = letter_record(case_number="CM15-0000002", decision_date="2015-06-20", items=[
        item("Knee arthroscopy", "overturned", "surgery", guidelines=[citation("odg-knee"), citation("odg-low-back")]),
        item("Tramadol", "upheld", "pharmaceuticals", is_opioid=True, guidelines=[citation("mtus-chronic-pain")]),
    ])
    prepared = Prepared(sha256=b.source_document.sha256, filename="again.txt", size=1, media_type="text/plain",
                        data=b"x", text="again", record=record, public_id=b.public_id)
    write_prepared([prepared], reparse=True)
    assert_guideline_searches_exact()
    # deletes: a citation, an item, a letter
    GuidelineCitation.objects.filter(item__case=c, guideline__slug="odg-low-back").delete()
    DisputedItem.objects.filter(case=a, position=2).delete()
    Case.objects.filter(pk=d.pk).delete()
    assert_guideline_searches_exact(refresh=True)
