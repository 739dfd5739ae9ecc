"""The read-only API: the site's search behind the public parameter names, tokens, throttling, OpenAPI."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from desk.models import ApiToken
from tests import stats_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    cache.clear()  # throttle counters
    return stats_fixture.build()


def test_search_uses_the_public_parameters_and_the_site_search(client, cases, django_assert_max_num_queries):
    site = json.loads(b"".join(client.get("/decisions.json?category=pharmaceuticals").streaming_content))
    with django_assert_max_num_queries(12):
        answer = client.get("/api/v1/decisions/?category=pharmaceuticals&per_page=1")
    assert answer.status_code == 200
    data = answer.json()
    assert data["count"] == site["count"] == 2 and data["num_pages"] == 2
    assert data["results"] == site["results"][:1]
    assert client.get("/api/v1/decisions/?category=pharmaceuticals&page=2&per_page=1").json()["results"] == \
        site["results"][1:2]
    bad = client.get("/api/v1/decisions/?outcome=maybe")
    assert bad.status_code == 400 and "outcome" in bad.json()["detail"]


def test_one_decision_guidelines_and_statistics(client, cases):
    one = client.get("/api/v1/decisions/CM16-0000003/")
    assert one.status_code == 200 and one.json()["case_number"] == "CM16-0000003"
    assert client.get("/api/v1/decisions/CM99-0000000/").status_code == 404
    guidelines = client.get("/api/v1/guidelines/").json()
    assert {"slug", "title", "decisions", "overturn_rate"} <= set(guidelines[0])
    whole = client.get("/api/v1/statistics/").json()
    some = client.get("/api/v1/statistics/?category=pharmaceuticals").json()
    assert whole["decisions"] == 4 and some["decisions"] == 2
    assert "pharmaceuticals" in {row["key"] for row in some["tables"]["category"]}
    assert sum(r["items"] for r in whole["tables"]["category"]) == whole["items"]


def test_tokens_and_throttling(client, cases, django_user_model, settings):
    settings.DESK_API_RATES = {"anonymous": "3/min", "token": "5/min"}
    user = django_user_model.objects.create_user("a", "a@example.com", "x")
    key = ApiToken.issue(user)
    assert ApiToken.objects.get().digest != key  # only the digest is stored
    assert client.get("/api/v1/guidelines/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert [client.get("/api/v1/guidelines/").status_code for _ in range(4)] == [200, 200, 200, 429]
    # the same address with a token: its own, larger allowance
    assert [client.get("/api/v1/guidelines/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code
            for _ in range(6)] == [200] * 5 + [429]


def test_openapi_schema_and_docs(client, cases):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/decisions/", "/api/v1/decisions/{case_number}/", "/api/v1/guidelines/",
            "/api/v1/statistics/"} <= set(schema["paths"])
    names = {p["name"] for p in schema["paths"]["/api/v1/decisions/"]["get"]["parameters"]}
    assert {"q", "category", "guideline", "decided_after", "outcome", "page"} <= names
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"openapi.json" in docs.content
    assert b"<script>" not in docs.content  # no inline script (the CSP)
