"""The Atom feed of a search: valid Atom, newest decisions first, stable ids, correct updated times."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from determinations.models import Case
from tests import stats_fixture
from tests.factories import archive, item, letter_record

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def cases():
    return stats_fixture.build()


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def when(element: ET.Element, tag: str) -> datetime:
    return datetime.fromisoformat(element.find(f"{ATOM}{tag}").text)


def test_feed_of_the_whole_archive(client, cases):
    root = parse(client.get("/decisions/feed/"))
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None and root.find(f"{ATOM}{tag}").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/decisions/feed/"
    ids = [e.find(f"{ATOM}id").text for e in entries(root)]
    assert ids == [f"http://testserver/decisions/{n}/" for n in
                   ("CM16-0000003", "CM15-0000002", "CM15-0000001", "CM16-0000004")]
    for entry in entries(root):
        case = Case.objects.get(public_id=entry.find(f"{ATOM}id").text.rstrip("/").rsplit("/", 1)[1])
        assert when(entry, "updated") == case.updated_at
        assert entry.find(f"{ATOM}link").get("href") == entry.find(f"{ATOM}id").text
        assert entry.find(f"{ATOM}title").text.startswith(case.public_id)
    assert when(root, "updated") == max(when(e, "updated") for e in entries(root))


def test_feed_of_a_search_has_only_its_matches_and_stable_ids(client, cases):
    url = "/decisions/feed/?category=pharmaceuticals"
    first = parse(client.get(url))
    assert [e.find(f"{ATOM}id").text for e in entries(first)] == [
        "http://testserver/decisions/CM16-0000003/", "http://testserver/decisions/CM15-0000001/"]
    assert "Treatment category: Pharmaceuticals" in first.find(f"{ATOM}title").text  # names, not slugs
    assert first.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        "http://testserver/decisions/?category=pharmaceuticals")
    # a new matching decision arrives: it comes first, the others keep their ids
    archive(letter_record(case_number="CM17-0000005", decision_date="2017-01-02",
                          items=[item("Tramadol 50mg #60", "overturned", "pharmaceuticals", is_opioid=True)]))
    second = parse(client.get(url))
    ids = [e.find(f"{ATOM}id").text for e in entries(second)]
    assert ids[0] == "http://testserver/decisions/CM17-0000005/"
    assert ids[1:] == [e.find(f"{ATOM}id").text for e in entries(first)]
    assert when(second, "updated") >= when(first, "updated")


def test_results_page_links_to_the_feed_partial(client, cases):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/decisions/?q=lumbar&category=imaging")
    html = render_to_string("determinations/partials/stats_search_links.html", request=request)
    assert 'href="/decisions/feed/?q=lumbar&amp;category=imaging"' in html
    assert 'href="/stats/?q=lumbar&amp;category=imaging"' in html
