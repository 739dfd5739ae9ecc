"""The search form and the Query: a query string in, a Query out, and the Query back to its query string."""

from __future__ import annotations

import pytest

from determinations.search import Query
from tests.factories import archive, item, letter_record

pytestmark = pytest.mark.django_db


def test_age_zero_is_a_condition_on_the_statistics_as_on_the_results(client):
    archive(letter_record(case_number="CM16-0000001", patient_age=45, items=[item("MRI", "upheld")]))
    archive(letter_record(case_number="CM16-0000002", patient_age=None, items=[item("Norco", "overturned")]))
    assert not Query(age_min=0).is_empty() and Query().is_empty()
    listed = client.get("/decisions/?age_min=0").context["results"].count
    stats = client.get("/stats/?age_min=0").context
    assert listed == 1
    assert stats["scope"].is_filtered and stats["totals"].decisions == listed == 1
    assert client.get("/stats/").context["totals"].decisions == 2
