"""No anonymous request can hurt the service: bodies, query strings, exports, feeds, CSV cells, slow queries."""

from __future__ import annotations

import csv
import io
import json
import threading
import xml.etree.ElementTree as ET

import pytest
from django.db import connection, connections
from django.http import HttpResponse
from django.urls import path

from tests.factories import archive, item, letter_record

UPLOAD_URL = "/admin/determinations/sourcedocument/upload/"


class Untouchable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def post_without_reading(client, url: str, length: int):
    return client.generic("POST", url, b"", content_type="application/octet-stream",
                          CONTENT_LENGTH=str(length), **{"wsgi.input": Untouchable()})


@pytest.mark.django_db
def test_large_bodies_are_refused_before_they_are_read(client, settings):
    assert post_without_reading(client, "/decisions/", settings.IMR_MAX_BODY_BYTES + 1).status_code == 413
    assert post_without_reading(client, "/admin/login/", 300 * 1024 * 1024).status_code == 413
    # the upload page takes large bodies, but only from signed-in staff
    assert post_without_reading(client, UPLOAD_URL, 300 * 1024 * 1024).status_code == 403
    chunked = client.generic("POST", UPLOAD_URL, b"", HTTP_TRANSFER_ENCODING="chunked",
                             **{"wsgi.input": Untouchable()})
    assert chunked.status_code == 411
    too_big = post_without_reading(client, UPLOAD_URL, settings.IMR_MAX_UPLOAD_BYTES + 2 * 1024 * 1024)
    assert too_big.status_code == 413


@pytest.mark.django_db
def test_query_strings_are_capped(client, settings):
    many = "&".join(["category=imaging"] * (settings.IMR_MAX_PARAM_VALUES + 1))
    response = client.get("/decisions/?" + many)
    assert response.status_code == 400 and b"category" in response.content
    assert client.get("/decisions/?" + "&".join(["category=imaging"] * 3)).status_code == 200
    assert client.get("/decisions/?q=" + "a" * (settings.IMR_MAX_QUERY_STRING + 1)).status_code == 414


@pytest.fixture
def three_cases():
    return [
        archive(letter_record(case_number=f"CM16-000000{n}", decision_date=f"2016-01-0{n}",
                              items=[item(description, "upheld", "imaging")]))
        for n, description in enumerate(["=HYPERLINK(\"http://evil\")", "+1+2", "<script>alert(1)</script> MRI"],
                                         start=1)
    ]


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.mark.django_db
def test_huge_offsets_give_a_complete_empty_page(client, three_cases):
    for offset in (10**21, 10**400, -5, "x"):
        data = json.loads(body(client.get(f"/decisions.json?offset={offset}")))
        assert data["count"] == 3
        assert data["results"] == [] or offset in (-5, "x")
    rows = list(csv.reader(io.StringIO(body(client.get(f"/decisions.csv?offset={10**21}")))))
    assert len(rows) == 1  # the header alone


@pytest.mark.django_db
def test_anonymous_exports_are_paged(client, admin_client, three_cases, settings):
    settings.IMR_EXPORT_MAX_DECISIONS = 2
    data = json.loads(body(client.get("/decisions.json?sort=oldest&limit=1000")))
    assert len(data["results"]) == 2 and data["next"].endswith("offset=2")
    rest = json.loads(body(client.get(data["next"])))
    assert len(rest["results"]) == 1 and rest["next"] is None
    response = client.get("/decisions.csv?sort=oldest")
    assert response["Link"].startswith("<http://testserver/decisions.csv?sort=oldest&offset=2>")
    assert len(list(csv.reader(io.StringIO(body(response))))) == 3  # header + 2 decisions of 1 item
    assert len(json.loads(body(admin_client.get("/decisions.json")))["results"]) == 3  # staff: everything
    assert len(json.loads(body(admin_client.get(f"/decisions.json?limit={10**21}")))["results"]) == 3


@pytest.mark.django_db
def test_csv_cells_never_start_a_formula(client, three_cases):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/decisions.csv?sort=oldest")))))
    assert [r["item_description"] for r in rows][:2] == ["'=HYPERLINK(\"http://evil\")", "'+1+2"]


@pytest.mark.django_db
def test_feed_html_is_escaped(client, three_cases):
    feed = ET.fromstring(client.get("/decisions/feed/").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    summaries = [s.text for s in feed.iterfind("a:entry/a:summary", ns)]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt; MRI" in s for s in summaries)
    assert not any("<script" in s for s in summaries)


def slow_view(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    return HttpResponse("finished")


def setting_view(request):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return HttpResponse(cursor.fetchone()[0])


urlpatterns = [path("slow/", slow_view), path("setting/", setting_view)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(__name__)
def test_web_requests_have_a_statement_timeout_and_commands_do_not(client, settings):
    settings.IMR_WEB_STATEMENT_TIMEOUT_MS = 300
    connection.close()  # the next connection is opened by a request
    response = client.get("/slow/")
    assert response.status_code == 503 and b"took too long" in response.content
    assert client.get("/setting/").content == b"300ms"

    outside: list[str] = []

    def command() -> None:  # like the worker or a management command: a connection opened outside a request
        with connections["default"].cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            outside.append(cursor.fetchone()[0])
        connections["default"].close()

    thread = threading.Thread(target=command)
    thread.start()
    thread.join()
    assert outside == ["0"]
    connection.close()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "q=mri&", "q=mri&sort=newest&", "category=imaging&"])
def test_page_numbers_past_the_end_are_clamped(client, three_cases, query):
    for page in (10**21, 10**400, -3):
        response = client.get(f"/decisions/?{query}page={page}")
        assert response.status_code == 200, (query, page)
