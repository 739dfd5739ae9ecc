"""The results page without conditions: the whole archive's total and facets, exact, kept per process until
the archive changes (its token, set by every write of letters or reviewers: migration 0021)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from determinations import search as engine
from determinations.models import Case, Reviewer
from determinations.search import Query, archive_token, search
from tests.factories import archive, item, letter_record

pytestmark = pytest.mark.django_db


def facets(results) -> dict[str, dict[str, int]]:
    return {key: {v.value: v.count for v in values} for key, values in results.facets.items()}


def facet_statements(run) -> int:
    """How many count-and-facets statements `run()` sent."""
    with CaptureQueriesContext(connection) as ctx:
        run()
    return sum("WITH hits AS" in q["sql"] for q in ctx.captured_queries)


@pytest.fixture(autouse=True)
def _no_recent_whole_read(monkeypatch):
    """Each test starts as a process that has not read the whole archive lately."""
    monkeypatch.setattr(engine, "_ARCHIVE_READ", [float("-inf")])
    monkeypatch.setattr(engine, "ARCHIVE_RECOUNT_S", 0)


@pytest.fixture
def letters():
    made = [archive(letter_record(
        case_number=f"CM{14 + n % 3}-{n:07d}", decision_date=f"{2014 + n % 3}-03-01",
        reviewer={"specialty": "Orthopedic Surgery" if n % 2 else "Internal Medicine"},
        items=[item("Knee MRI", "overturned" if n % 4 == 0 else "upheld", "imaging")]
        + ([item("Norco", "upheld", "pharmaceuticals", is_opioid=True)] if n % 3 == 0 else []),
    )) for n in range(12)]
    return made


def test_whole_archive_counts_are_exact_past_the_count_cap(monkeypatch, letters):
    monkeypatch.setattr(engine, "COUNT_CAP", 5)  # a search this broad would otherwise be sampled
    results = search(Query())
    assert results.count == 12 and not results.approximate_facets and not results.approximate_count
    got = facets(results)
    assert got["category"] == {"imaging": 12, "pharmaceuticals": 4}
    assert got["year"] == {"2014": 4, "2015": 4, "2016": 4}
    assert got["specialty"] == {"orthopedic-surgery": 6, "internal-medicine": 6}
    assert got["decision"] == {"upheld": 10, "overturned": 3}  # CM14-0000000 is partial: both
    assert [c.public_id for c in results.cases][:1] == ["CM16-0000011"]  # newest first, as before


def test_whole_archive_is_counted_once_per_state_of_the_archive(client, letters):
    assert facet_statements(lambda: search(Query())) == 1
    assert facet_statements(lambda: search(Query())) == 0  # kept
    assert facet_statements(lambda: client.get("/decisions/?page=2")) == 0  # any page, any date order
    assert facet_statements(lambda: search(Query(q="knee"))) == 1  # a condition: counted as before


def test_every_write_changes_what_the_whole_archive_shows(client, letters):
    before = search(Query())
    token = archive_token()
    archive(letter_record(case_number="CM17-0000099", decision_date="2017-01-02",
                          items=[item("Acupuncture 6 sessions", "upheld", "acupuncture")]))
    assert archive_token() != token
    added = search(Query())
    assert added.count == before.count + 1 == 13
    assert facets(added)["category"]["acupuncture"] == 1 and facets(added)["year"]["2017"] == 1
    assert "13 decisions" in client.get("/decisions/").content.decode()

    Case.objects.filter(case_number="CM17-0000099").update(outcome="overturned", categories=["surgery"])
    edited = facets(search(Query()))
    assert "acupuncture" not in edited["category"] and edited["category"]["surgery"] == 1
    assert edited["outcome"]["overturned"] == facets(added)["outcome"].get("overturned", 0) + 1

    Reviewer.objects.filter(specialty_slug="internal-medicine").update(specialty_slug="pain-medicine",
                                                                      specialty="Pain Medicine")
    renamed = facets(search(Query()))
    assert "internal-medicine" not in renamed["specialty"] and renamed["specialty"]["pain-medicine"] == 6

    Case.objects.filter(case_number="CM17-0000099").delete()
    assert search(Query()).count == 12


def test_a_count_raced_by_a_write_is_not_kept(monkeypatch, letters):
    """What was counted while a write committed is shown once but not kept under the older token."""
    real = engine.count_and_facets

    def raced(*args, **kwargs):
        counted = real(*args, **kwargs)
        archive(letter_record(case_number="CM18-0000077"))  # commits between the two readings of the token
        return counted

    monkeypatch.setattr(engine, "count_and_facets", raced)
    assert search(Query()).count == 12
    monkeypatch.setattr(engine, "count_and_facets", real)
    assert search(Query()).count == 13


def test_an_archive_changing_fast_is_read_whole_at_most_once_a_minute(monkeypatch, letters):
    """During a bulk ingest every batch changes the token: the whole archive is not reread for each, the search
    is counted as any other (capped, estimated past the cap, its total still exact) until the minute is up."""
    monkeypatch.setattr(engine, "ARCHIVE_RECOUNT_S", 60)
    monkeypatch.setattr(engine, "COUNT_CAP", 5)
    assert not search(Query()).approximate_facets  # read whole
    archive(letter_record(case_number="CM18-0000077"))
    capped = search(Query())
    assert capped.count == 13 and capped.approximate_facets and facet_statements(lambda: search(Query())) == 1
    monkeypatch.setattr(engine, "_ARCHIVE_READ", [float("-inf")])  # the minute is up
    whole = search(Query())
    assert whole.count == 13 and not whole.approximate_facets
    assert facet_statements(lambda: search(Query())) == 0


def count_statements(run) -> int:
    """How many exact counts `run()` sent."""
    with CaptureQueriesContext(connection) as ctx:
        run()
    return sum(q["sql"].startswith("SELECT count(*) FROM (") for q in ctx.captured_queries)


def test_a_broad_search_is_counted_once_until_an_item_changes(monkeypatch, letters):
    monkeypatch.setattr(engine, "COUNT_CAP", 5)  # past the cap: the total is counted by its own statement
    query = Query(item="knee mri")
    first = search(query)
    assert first.count == 12 and not first.approximate_count
    assert count_statements(lambda: search(Query(item="knee mri", page=2))) == 0  # the next page: kept
    gone = letters[0].items.get(description="Knee MRI")
    gone.citations.all().delete()
    gone.delete()  # an item alone: the letter row is not written, the token still renews
    assert count_statements(lambda: search(query)) == 1
    assert search(query).count == 11


def test_a_count_over_its_budget_is_not_tried_again_at_once(monkeypatch, letters):
    monkeypatch.setattr(engine, "COUNT_CAP", 5)
    monkeypatch.setattr(engine, "_count_within_budget", lambda sql, params: None)  # as if it timed out
    assert search(Query(q="knee")).approximate_count
    monkeypatch.undo()
    monkeypatch.setattr(engine, "COUNT_CAP", 5)
    monkeypatch.setattr(engine, "_ARCHIVE_READ", [float("-inf")])
    assert count_statements(lambda: search(Query(q="knee"))) == 0  # goes straight to the estimate
    monkeypatch.setattr(engine, "OVER_BUDGET_KEPT_S", 0)
    assert count_statements(lambda: search(Query(q="knee"))) == 1  # a while later it is tried again
