"""The statistics' numbers, against the hand-computed figures of tests/stats_fixture.py."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.http import QueryDict

from determinations import stats
from tests import stats_fixture
from tests.factories import archive, citation, item, letter_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    return stats_fixture.build()


def rates(table: stats.Table) -> dict[str, tuple[int, int]]:
    return {r.key: (r.items, r.overturned) for r in table.rows}


def scope(qs: str) -> stats.Scope:
    return stats.scope_for(QueryDict(qs))


def test_archive_totals(cases):
    totals = stats.totals()
    assert (totals.decisions, totals.items, totals.overturned) == (4, 8, 3)
    assert totals.rate == pytest.approx(0.375)
    assert (totals.first, totals.last) == (date(2015, 6, 1), date(2016, 3, 5))


def test_archive_tables(cases):
    assert rates(stats.by_category()) == {
        "imaging": (2, 0), "pharmaceuticals": (2, 1), "surgery": (1, 1), "physical-therapy": (1, 0),
        "injections": (1, 0), "dme": (1, 1)}
    assert rates(stats.by_year()) == {"2015": (4, 2), "2016": (3, 0)}
    assert rates(stats.by_specialty()) == {"family-practice": (5, 1), "orthopedic-surgery": (3, 2)}
    # reviewer citations only, each item once: the administrator's mtus-acoem-ch12 does not count
    assert rates(stats.by_guideline()) == {
        "odg-low-back": (3, 1), "mtus-chronic-pain": (2, 1), "mtus-postsurgical": (1, 0), "odg-knee": (1, 1)}
    assert [(r.key, r.items) for r in stats.by_month().rows] == [("2015-06", 2), ("2016-03", 1)]
    opioid = stats.opioids()
    assert rates(opioid) == {"opioid": (1, 1), "other-pharmaceuticals": (1, 0), "non-pharmaceutical": (6, 2)}
    assert stats.opioid_share(opioid) == (pytest.approx(1 / 8), pytest.approx(0.5))


def test_links_go_to_the_filtered_search(cases):
    rows = {r.key: r for r in stats.by_category().rows}
    assert rows["imaging"].url == "/decisions/?category=imaging"
    assert {r.key: r.url for r in stats.by_year().rows}["2015"] == (
        "/decisions/?decided_after=2015-01-01&decided_before=2015-12-31")
    assert stats.by_month().rows[0].url == "/decisions/?decided_after=2015-06-01&decided_before=2015-06-30"


def test_live_figures_equal_summary_figures(cases):
    """A search that selects everything, computed live, gives the summary tables' numbers."""
    everything = scope("decided_after=1900-01-01")
    everything_and_undated = scope("age_min=0")
    assert rates(stats.by_category(everything_and_undated)) == rates(stats.by_category())
    assert rates(stats.by_specialty(everything_and_undated)) == rates(stats.by_specialty())
    assert rates(stats.by_guideline(everything_and_undated)) == rates(stats.by_guideline())
    assert rates(stats.by_year(everything)) == rates(stats.by_year())
    assert stats.totals(everything).decisions == 3


def test_filtered_scope_counts_matching_items(cases):
    pharma = scope("category=pharmaceuticals")
    totals = stats.totals(pharma)
    assert (totals.decisions, totals.items, totals.overturned) == (2, 2, 1)
    assert rates(stats.by_guideline(pharma)) == {"mtus-chronic-pain": (2, 1)}
    assert [(r.key, r.items) for r in stats.by_month(pharma).rows] == [("2015-06", 1), ("2016-03", 1)]
    assert stats.by_category(pharma).rows[0].url == "/decisions/?category=pharmaceuticals"
    ortho = scope("specialty=orthopedic-surgery&page=3&sort=oldest")
    assert ortho.querystring == "specialty=orthopedic-surgery"
    assert rates(stats.by_category(ortho)) == {"surgery": (1, 1), "physical-therapy": (1, 0), "dme": (1, 1)}
    assert {r.key: r.url for r in stats.by_year(ortho).rows}["2015"] == (
        "/decisions/?specialty=orthopedic-surgery&decided_after=2015-01-01&decided_before=2015-12-31")


def test_an_empty_or_invalid_query_is_the_whole_archive(cases):
    assert not scope("").is_filtered
    assert not scope("page=2&sort=newest&utm_source=x").is_filtered
    bad = scope("decided_after=not-a-date")
    assert not bad.is_filtered and "decided_after" in bad.errors


def test_guideline_tables(cases):
    from determinations.models import Guideline

    low_back = Guideline.objects.get(slug="odg-low-back")
    assert stats.guideline_decisions(low_back) == 3
    assert rates(stats.guideline_by_year(low_back)) == {"2015": (2, 1), "2016": (1, 0)}
    assert rates(stats.guideline_by_category(low_back)) == {"imaging": (2, 0), "surgery": (1, 1)}
    assert rates(stats.guideline_cited(low_back, "topic")) == {"Discectomy": (1, 0)}
    pain = Guideline.objects.get(slug="mtus-chronic-pain")
    assert rates(stats.guideline_cited(pain, "topic")) == {"Opioids": (2, 0)}
    assert rates(stats.guideline_cited(pain, "pages")) == {"74-96": (2, 0)}
    index = {s.guideline.slug: s for s in stats.guideline_index()}
    assert (index["odg-low-back"].decisions, index["odg-low-back"].items, index["odg-low-back"].overturned) == (3, 3, 1)
    assert index["mtus-acoem-ch12"].decisions == 0 and index["mtus-acoem-ch12"].rate is None
    assert [(g.slug, n) for g, n in stats.most_cited_guidelines(2)] == [("odg-low-back", 3), ("mtus-chronic-pain", 2)]


def test_the_reviewer_index_counts_from_its_summary_are_current_after_every_write(cases, client,
                                                                                  django_assert_num_queries):
    first = list(stats.reviewer_index())
    top = first[0]
    assert [(r.slug, r.decisions) for r in first] == sorted(
        ((r.slug, r.cases.count()) for r in first), key=lambda pair: (-pair[1], next(
            x.specialty for x in first if x.slug == pair[0]), pair[0]))  # every profile, counted, most first
    archive(letter_record(reviewer={"specialty": top.specialty, "subspecialty": top.subspecialty or None,
                                    "licensed_states": top.licensed_states}))
    with django_assert_num_queries(1):
        again = list(stats.reviewer_index())
    assert [(r.slug, r.decisions) for r in again][0] == (top.slug, top.decisions + 1)
    page = client.get("/reviewers/").content.decode()
    assert f'<td class="num">{top.decisions + 1}</td>' in page


def test_a_guidelines_most_cited_topics_come_from_their_summary_in_one_statement_after_every_write(
        cases, django_assert_num_queries):
    from determinations.models import Guideline

    pain = Guideline.objects.get(slug="mtus-chronic-pain")
    with django_assert_num_queries(1):
        assert rates(stats.guideline_cited(pain, "topic")) == {"Opioids": (2, 0)}
    archive(letter_record(items=[item(guidelines=[citation("mtus-chronic-pain", topic="Opioids", pages="79"),
                                                  citation("mtus-chronic-pain", topic="NSAIDs")])]))
    with django_assert_num_queries(1):
        assert rates(stats.guideline_cited(pain, "topic")) == {"Opioids": (3, 0), "NSAIDs": (1, 0)}
    assert rates(stats.guideline_cited(pain, "pages"))["79"] == (1, 0)
    assert [row.key for row in stats.guideline_cited(pain, "topic", limit=1).rows] == ["Opioids"]  # most cited


def test_reviewer_tables(cases):
    reviewer = cases["a"].reviewer
    assert rates(stats.reviewer_by_category(reviewer)) == {"imaging": (2, 0), "pharmaceuticals": (2, 1),
                                                           "injections": (1, 0)}
    assert stats.specialty_rate("family-practice") == (5, 1)
    assert [(r.slug, r.decisions) for r in stats.reviewer_index()][0][1] == 2


def test_csv_rows(cases):
    out = io.StringIO()
    csv.writer(out).writerows(stats.by_year().csv_rows())
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["year", "label", "items", "overturned", "overturn_rate"],
        ["2015", "2015", "4", "2", "0.5000"], ["2016", "2016", "3", "0", "0.0000"]]
