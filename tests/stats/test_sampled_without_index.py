"""Without a search index, a search's statistics are counted over every matching letter, however many: no sample
is drawn and the page states none."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.http import QueryDict

from determinations import stats
from determinations.stats import scope as scope_module
from tests import stats_fixture

pytestmark = pytest.mark.django_db


def test_without_an_index_every_letter_is_counted(client, monkeypatch):
    stats_fixture.build()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM determinations_searchindex")
        assert cursor.fetchone()[0] == 0
    def page() -> str:  # each chart's element ids are numbered per process
        return re.sub(r"(chart|hatch)-\d+", r"\1-n", client.get("/stats/?q=pain").content.decode())

    before = page()
    monkeypatch.setattr(scope_module, "STATS_SAMPLE", 1)  # below the matches: a sample, were there an index
    monkeypatch.setattr(scope_module, "STATS_EXACT", 1)
    scope = stats.scope_for(QueryDict("q=pain"))
    assert scope.summary is None and scope.sample is None
    totals = stats.totals(scope)
    assert totals.decisions > 1 and totals.estimate is None
    assert all(t.sample is None for t in stats.stats_tables(scope, 0.5))
    after = page()
    assert "random sample" not in after and "≈" not in after
    assert after == before
