"""A search made only of summary conditions is answered from the summary tables, with the live path's numbers."""

from __future__ import annotations

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
    "specialty=no-such-specialty",
    "decided_after=2016-01-01",
    "decided_before=2015-12-31",
    "decided_after=2015-01-01&decided_before=2015-12-31",
    "decided_after=2017-01-01",
    "opioid=true&decision=overturned",
    "specialty=orthopedic-surgery&decided_after=2015-01-01",
    "category=imaging&decision=upheld&specialty=family-practice",
    "decision=overturned&decided_after=2015-01-01&decided_before=2016-12-31",
    "category=pharmaceuticals&opioid=true&decided_before=2016-12-31&sort=oldest&page=2",
)
LIVE_SEARCHES = (
    "guideline=odg",
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
    scope = stats.scope_for(QueryDict(qs))
    scope.__dict__["summary"] = None  # what the live path computes for the same search
    return scope


@pytest.mark.parametrize("qs", SUMMARY_SEARCHES)
def test_summary_tables_answer_summary_searches_exactly(cases, qs):
    scope = stats.scope_for(QueryDict(qs))
    assert scope.summary is not None and scope.item_stats() is not None
    assert figures(scope) == figures(forced_live(qs))
    live = {"cases"} if scope.month_stats() is None else set()
    live |= {"guideline"} if scope.guideline_stats() is None else set()
    assert scope.live_parts == live  # items are never read live; decisions and guidelines when the tables can't


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
