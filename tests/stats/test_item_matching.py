"""One rule for which items match a search: the search's same-item EXISTS and the statistics both use
`DisputedItem.objects.matching(query)`, so a search lists exactly the letters whose items its statistics count."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest
from django.http import QueryDict

from determinations import stats
from determinations.models import DisputedItem
from determinations.search import filtered
from tests import stats_fixture

pytestmark = pytest.mark.django_db

# Item conditions alone, one at a time (the search answers some from the case's own columns) and together.
ITEM_SEARCHES = (
    "decision=overturned",
    "decision=upheld",
    "category=imaging",
    "category=imaging&category=dme",
    "opioid=true",
    "item=lumbar",
    "guideline=odg",
    "guideline=mtus-chronic-pain",
    "decision=upheld&category=pharmaceuticals",
    "decision=overturned&guideline=odg-low-back",
    "category=imaging&item=x-ray",
    "opioid=true&decision=upheld",
)


@pytest.fixture
def cases():
    return stats_fixture.build()


@pytest.mark.parametrize("qs", ITEM_SEARCHES)
def test_search_lists_the_letters_of_the_items_the_statistics_count(cases, qs):
    scope = stats.scope_for(QueryDict(qs))
    items = DisputedItem.objects.matching(scope.query)
    listed = set(filtered(scope.query).values_list("pk", flat=True))
    assert listed == set(items.values_list("case_id", flat=True))
    assert stats.totals(scope).items == items.count()
    assert stats.totals(scope).decisions == len(listed)


def test_matching_without_item_conditions_is_every_item(cases):
    scope = stats.scope_for(QueryDict("state=Texas"))
    assert DisputedItem.objects.matching(scope.query).count() == DisputedItem.objects.count() == 8
    assert stats.totals(scope).items == 3  # B's two items and D's one


def test_scopes_share_no_counts(cases):
    """Each request builds its own scope; the archive's is immutable and counts nothing itself."""
    first, second = (stats.scope_for(QueryDict("q=lumbar")) for _ in range(2))
    assert stats.totals(first).items == DisputedItem.objects.filter(case__in=first.cases()).count() == 7  # A, B, C
    assert first.live.parts and not second.live.parts
    assert stats.ARCHIVE.live is None and stats.scope_for(QueryDict("")).live is None
    with pytest.raises(FrozenInstanceError):
        stats.ARCHIVE.query = first.query
