"""Home, guideline, reviewer and statistics pages: their numbers, charts, tables, CSVs and query counts."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests import stats_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    return stats_fixture.build()


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def csv_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_home(client, cases):
    response = client.get("/")
    html = text(response)
    totals = response.context["totals"]
    assert (totals.decisions, totals.items, totals.overturned) == (4, 8, 3)
    assert "37.5%" in html and "Jun 1, 2015" in html and "Mar 5, 2016" in html
    assert [c.public_id for c in response.context["latest"]] == [
        "CM16-0000003", "CM15-0000002", "CM15-0000001", "CM16-0000004"]  # undated last
    assert [(r.key, r.items) for r in response.context["categories"]][:2] == [("imaging", 2), ("pharmaceuticals", 2)]
    assert 'href="/decisions/?category=imaging"' in html
    assert 'href="/decisions/?guideline=odg-low-back"' in html
    assert 'action="/decisions/"' in html and 'name="q"' in html


def test_guideline_index(client, cases):
    response = client.get("/guidelines/")
    html = text(response)
    rows = {s.guideline.slug: s for _, group in response.context["families"] for s in group}
    assert (rows["odg-low-back"].decisions, rows["odg-low-back"].items, rows["odg-low-back"].overturned) == (3, 3, 1)
    assert rows["odg-knee"].rate == 1.0
    assert 'href="/guidelines/odg-low-back/"' in html and "33.3%" in html
    table = csv_of(client.get("/guidelines.csv"))
    assert table[0] == ["guideline", "title", "decisions", "items", "overturned", "overturn_rate"]
    assert ["odg-low-back", "ODG Low Back - Lumbar & Thoracic", "3", "3", "1", "0.3333"] in table


def test_guideline_page(client, cases):
    response = client.get("/guidelines/odg-low-back/")
    html = text(response)
    assert response.context["decisions"] == 3
    overall = response.context["overall"]
    assert (overall.items, overall.overturned) == (3, 1)
    charts = {t.name: t for t, _ in response.context["charts"]}
    assert {r.key: (r.items, r.overturned) for r in charts["year"].rows} == {"2015": (2, 1), "2016": (1, 0)}
    assert {r.key: (r.items, r.overturned) for r in charts["category"].rows} == {"imaging": (2, 0), "surgery": (1, 1)}
    assert html.count("<svg") == 2 and "<title" in html and "<desc" in html
    assert "Discectomy" in html
    assert 'href="/decisions/?guideline=odg-low-back&amp;category=surgery"' in html
    assert [c.public_id for c in response.context["latest"]] == ["CM16-0000003", "CM15-0000002", "CM15-0000001"]
    assert csv_of(client.get("/guidelines/odg-low-back/year.csv"))[1:] == [
        ["2015", "2015", "2", "1", "0.5000"], ["2016", "2016", "1", "0", "0.0000"]]
    assert csv_of(client.get("/guidelines/mtus-chronic-pain/pages.csv")) == [["pages", "label", "citations"],
                                                                             ["74-96", "74-96", "2"]]
    assert client.get("/guidelines/odg-low-back/nope.csv").status_code == 404
    assert client.get("/guidelines/no-such-guideline/").status_code == 404


def test_chapter_links_to_its_topic_successor(client, cases):
    html = text(client.get("/guidelines/mtus-acoem-ch12/"))
    assert 'href="/guidelines/mtus-acoem-low-back-disorders/"' in html


def test_reviewer_profile(client, cases):
    reviewer = cases["a"].reviewer
    response = client.get(reviewer.get_absolute_url())
    html = text(response)
    assert (response.context["own"].items, response.context["own"].overturned) == (5, 1)
    assert response.context["page"].paginator.count == 2
    assert "20.0%" in html and "37.5%" in html and "California" in html and "Family Practice" in html
    assert {r.key: (r.items, r.overturned) for r in response.context["charts"][0][0].rows} == {
        "imaging": (2, 0), "pharmaceuticals": (2, 1), "injections": (1, 0)}
    assert csv_of(client.get(reviewer.get_absolute_url() + "category.csv"))[0][:3] == ["category", "label", "items"]
    listing = text(client.get("/reviewers/"))
    assert reviewer.get_absolute_url() in listing


def test_stats_page(client, cases, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # one grouped query per chart, plus totals and labels
        response = client.get("/stats/")
    html = text(response)
    tables = {t.name: t for t, _ in response.context["charts"]}
    assert set(tables) == {"month", "category", "guideline", "specialty", "year", "opioids"}
    assert {r.key: (r.items, r.overturned) for r in tables["specialty"].rows} == {
        "family-practice": (5, 1), "orthopedic-surgery": (3, 2)}
    assert response.context["opioid_share"] == pytest.approx(0.125)
    assert html.count("<svg") == 6 and html.count("<table") == 6
    assert len(re.findall(r'<svg[^>]*role="img"[^>]*aria-labelledby=', html)) == 6
    assert 'href="/stats/category.csv"' in html
    table = csv_of(client.get("/stats/specialty.csv"))
    assert ["orthopedic-surgery", "Orthopedic Surgery", "3", "2", "0.6667"] in table
    assert csv_of(client.get("/stats/month.csv")) == [
        ["month", "label", "decisions"], ["2015-06", "Jun 2015", "2"], ["2016-03", "Mar 2016", "1"]]
    assert client.get("/stats/nope.csv").status_code == 404


def test_stats_of_a_search(client, cases, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):  # 14, and whether a search index can count its letters
        response = client.get("/stats/?category=pharmaceuticals&page=2")
    html = text(response)
    assert response.context["scope"].is_filtered
    totals = response.context["totals"]
    assert (totals.decisions, totals.items, totals.overturned) == (2, 2, 1)
    assert response.context["archive_rate"] == pytest.approx(0.375)
    assert 'href="/stats/guideline.csv?category=pharmaceuticals"' in html
    assert 'href="/decisions/?category=pharmaceuticals"' in html
    assert 'href="/decisions/feed/?category=pharmaceuticals"' in html
    table = csv_of(client.get("/stats/guideline.csv?category=pharmaceuticals"))
    assert table[1:] == [["mtus-chronic-pain", "MTUS Chronic Pain Medical Treatment Guidelines", "2", "1", "0.5000"]]


def test_pages_on_an_empty_archive(client):
    for url in ("/", "/guidelines/", "/guidelines/odg/", "/stats/", "/stats/?q=nothing", "/reviewers/",
                "/decisions/feed/"):
        assert client.get(url).status_code == 200, url
