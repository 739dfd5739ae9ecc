"""/decisions.csv and /decisions.json: the same query string, the full result set, streamed."""

from __future__ import annotations

import csv
import io
import json

import pytest

from determinations.views.search import CSV_COLUMNS
from tests.factories import archive, citation, item, letter_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    first = archive(letter_record(case_number="CM15-0000001", decision_date="2015-01-01", items=[
        item("Facet injection", "upheld", "injections", guidelines=[
            citation("odg-low-back", "claims_administrator"), citation("mtus-acoem-ch12")]),
        item("Norco 10/325", "overturned", "pharmaceuticals", is_opioid=True,
             guidelines=[citation("mtus-opioids")]),
    ]))
    second = archive(letter_record(case_number="CM16-0000002", decision_date="2016-01-01",
                                   items=[item("MRI knee", "upheld", "imaging")]))
    return first, second


def read(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_csv_has_one_row_per_disputed_item(client, cases):
    response = client.get("/decisions.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(read(response))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["case_id"], r["item_position"]) for r in rows] == [
        ("CM16-0000002", "1"), ("CM15-0000001", "1"), ("CM15-0000001", "2")]
    facet = rows[1]
    assert facet["item_decision"] == "upheld" and facet["item_category"] == "injections"
    assert facet["reviewer_guidelines"] == "mtus-acoem-ch12"
    assert facet["claims_administrator_guidelines"] == "odg-low-back"
    assert facet["url"] == "http://testserver/decisions/CM15-0000001/"
    assert rows[2]["item_is_opioid"] == "true" and rows[2]["outcome"] == "partial"


def test_exports_apply_the_same_filters(client, cases):
    rows = list(csv.DictReader(io.StringIO(read(client.get("/decisions.csv?opioid=true")))))
    assert {r["case_id"] for r in rows} == {"CM15-0000001"}
    data = json.loads(read(client.get("/decisions.json?q=knee")))
    assert [c["id"] for c in data["results"]] == ["CM16-0000002"]


def test_json_schema_is_stable_and_pages_with_next(client, cases):
    data = json.loads(read(client.get("/decisions.json")))
    assert set(data) == {"schema", "count", "offset", "next", "results"}
    assert data["schema"] == "imr-archive/decisions/v1" and data["count"] == 2 and data["next"] is None
    case = data["results"][1]
    assert set(case) == {"id", "case_number", "url", "decision_date", "injury_date", "ur_denial_date", "outcome",
                         "patient", "reviewer", "items"}
    assert case["items"][0]["guidelines"][1] == {"slug": "mtus-acoem-ch12", "cited_by": "reviewer", "topic": None,
                                                 "pages": None}
    first = json.loads(read(client.get("/decisions.json?sort=oldest&limit=1")))
    assert [c["id"] for c in first["results"]] == ["CM15-0000001"]
    assert first["next"] == "http://testserver/decisions.json?sort=oldest&limit=1&offset=1"
    second = json.loads(read(client.get(first["next"])))
    assert [c["id"] for c in second["results"]] == ["CM16-0000002"] and second["next"] is None


def test_export_queries_do_not_grow_per_row(client, django_assert_max_num_queries):
    for n in range(30):
        archive(letter_record(case_number=f"CM17-{n:07d}", items=[item(), item("Norco", "overturned")]))
    with django_assert_max_num_queries(6):
        assert len(read(client.get("/decisions.csv")).splitlines()) == 61
    with django_assert_max_num_queries(7):
        assert len(json.loads(read(client.get("/decisions.json")))["results"]) == 30


def test_results_page_links_to_both_exports(client, cases):
    body = client.get("/decisions/?q=knee&page=1", follow=True).content.decode()
    assert 'href="/decisions.csv?q=knee"' in body and 'href="/decisions.json?q=knee"' in body
