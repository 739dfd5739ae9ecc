"""A broad search's statistics counted over a uniform random sample of its letters drawn by the search index: the
sample is the index's, the decisions exact, each figure the sample's scaled (recomputed here letter by letter from
the same ids), within its stated margin of the true figure, and the page and the CSVs say so. Up to the sample
size, every letter is counted, as without an index."""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from pathlib import Path

import pytest
from django.db.models import Max, Min
from django.http import QueryDict
from django.test import Client

from determinations import engine, stats
from determinations.engine import reader
from determinations.models import DisputedItem
from determinations.search import filtered
from determinations.stats import scope as scope_module
from determinations.stats.summary import unanswered
from tests.conftest import forget_search_indexes

pytestmark = pytest.mark.django_db
SEARCH_INDEX_PER_MODULE = True  # indexed once (the `letters` fixture), forgotten at the end
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

# Searches the summary tables cannot answer: words, a phrase, words with conditions, item words.
SEARCHES = ["q=pain", "q=%22epidural+steroid+injection%22", "q=opioids&category=pharmaceuticals&decision=upheld",
            "q=pain&item=injection"]
SMALL = 40  # the sample size these tests set: below the matches of q=pain


@pytest.fixture(scope="module")
def letters(django_db_setup, django_db_blocker, tmp_path_factory):
    """Generated letters, indexed once for the module (each test's transaction is rolled back after it). The
    sequences start again first: the same letters get the same ids, so the same sample, whatever ran before."""
    import bench_search
    from django.core.management import call_command

    from determinations.ingest.write import guideline_ids

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEARCH_INDEX_DIR", str(tmp_path_factory.mktemp("search-index")))
        call_command("flush", interactive=False, verbosity=0)  # resets the sequences
        bench_search.build(160, batch=160)
        engine.rebuild()
        yield
        call_command("flush", interactive=False, verbosity=0)
        guideline_ids()  # the registry the migrations loaded, which later modules' tests expect
        forget_search_indexes()


def figures(qs: str) -> dict:
    """Every figure of a search's statistics page: the totals and each table's rows."""
    scope = stats.scope_for(QueryDict(qs))
    totals = stats.totals(scope)
    return {"totals": (totals.decisions, totals.items, totals.overturned, totals.first, totals.last),
            **{t.name: [(r.key, r.items, r.overturned) for r in t.rows] for t in stats.stats_tables(scope, 0.5)}}


def exact_figures(settings, qs: str) -> dict:
    """The figures as counted without the index: every matching letter."""
    settings.SEARCH_ENGINE = "postgres"
    try:
        return figures(qs)
    finally:
        settings.SEARCH_ENGINE = "auto"


@pytest.mark.parametrize("qs", SEARCHES)
def test_up_to_the_sample_size_every_letter_is_counted(letters, settings, qs):
    scope = stats.scope_for(QueryDict(qs))
    assert scope.summary is None and scope.sample is None  # fewer matches than STATS_SAMPLE
    assert filtered(scope.query).count() <= scope_module.STATS_SAMPLE <= scope_module.STATS_EXACT
    assert figures(qs) == exact_figures(settings, qs)
    assert figures(qs)["totals"][0] > 0


def test_the_sample_is_the_index_uniform_sample_and_the_total_exact(letters, monkeypatch):
    monkeypatch.setattr(scope_module, "STATS_SAMPLE", SMALL)
    monkeypatch.setattr(scope_module, "STATS_EXACT", SMALL)
    scope = stats.scope_for(QueryDict("q=pain"))
    matching = list(filtered(scope.query).values_list("id", flat=True))  # PostgreSQL's own search
    assert len(matching) > SMALL
    # the first SMALL matches in the index's fixed pseudo-random order
    assert sorted(scope.sample.ids) == sorted(sorted(matching, key=engine.shuffled)[:SMALL])
    index, searcher = reader.usable()
    assert list(scope.sample.ids) == reader.sample(index, searcher, scope.query, SMALL)
    totals = stats.totals(scope)
    dates = filtered(scope.query).aggregate(first=Min("decision_date"), last=Max("decision_date"))
    assert (totals.decisions, totals.first, totals.last) == (len(matching), dates["first"], dates["last"])
    assert scope.sample.total == len(matching)


def estimate(per_letter: dict[int, list[int]], sample: list[int], total: int) -> dict:
    """A figure recomputed from its letters' (items, overturned): scaled counts and their 95% margins, written
    out letter by letter."""
    n, correction = len(sample), (total - len(sample)) / (total - 1)
    items = [per_letter.get(case_id, [0, 0])[0] for case_id in sample]
    over = [per_letter.get(case_id, [0, 0])[1] for case_id in sample]

    def margin(values: list[int]) -> int:
        mean = sum(values) / n
        return math.ceil(1.96 * total * math.sqrt(sum((x - mean) ** 2 for x in values) / (n - 1) / n * correction))

    rate = sum(over) / sum(items)
    deviations = sum((o - rate * y) ** 2 for y, o in zip(items, over, strict=True))
    return {"items": round(total * sum(items) / n), "overturned": round(total * sum(over) / n),
            "margin": margin(items), "over_margin": margin(over),
            "rate_margin": 1.96 * math.sqrt(deviations / (n - 1) / n * correction) / (sum(items) / n)}


@pytest.mark.parametrize("qs", ["q=pain", "q=pain&decision=upheld"])
def test_each_figure_is_the_sample_scaled_with_its_margin(letters, monkeypatch, qs):
    monkeypatch.setattr(scope_module, "STATS_SAMPLE", SMALL)
    monkeypatch.setattr(scope_module, "STATS_EXACT", SMALL)
    scope = stats.scope_for(QueryDict(qs))
    sample, total = list(scope.sample.ids), scope.sample.total
    by_category: dict[str, dict[int, list[int]]] = {}
    every: dict[int, list[int]] = {}
    for case_id, category, decision in DisputedItem.objects.matching(scope.query).filter(
            case_id__in=sample).values_list("case_id", "category", "decision"):
        for counts in (by_category.setdefault(category, {}).setdefault(case_id, [0, 0]),
                       every.setdefault(case_id, [0, 0])):
            counts[0] += 1
            counts[1] += decision == "overturned"
    rows = {r.key: r for r in stats.by_category(scope).rows}
    assert set(rows) == set(by_category)
    for category, per_letter in by_category.items():
        expected, row = estimate(per_letter, sample, total), rows[category]
        assert (row.items, row.overturned, row.margin, row.over_margin) == (
            expected["items"], expected["overturned"], expected["margin"], expected["over_margin"]), category
        assert row.rate_margin == pytest.approx(expected["rate_margin"]), category
    expected, found = estimate(every, sample, total), stats.totals(scope)
    assert (found.items, found.overturned, found.estimate.margin) == (
        expected["items"], expected["overturned"], expected["margin"])
    assert found.estimate.rate_margin == pytest.approx(expected["rate_margin"])
    by_month: dict[str, int] = {}  # the decisions per month: counted by the index over every matching letter
    for day in filtered(scope.query).filter(decision_date__isnull=False).values_list("decision_date", flat=True):
        by_month[day.strftime("%Y-%m")] = by_month.get(day.strftime("%Y-%m"), 0) + 1
    assert {r.key: (r.items, r.margin) for r in stats.by_month(scope).rows} == {
        month: (k, 0) for month, k in by_month.items()}
    tables = {t.name: t for t in stats.stats_tables(scope, 0.5)}
    assert tables["month"].sample is None and tables["category"].sample == scope.sample


@pytest.mark.parametrize("qs", ["q=pain", "q=pain&decision=upheld"])
def test_the_totals_are_within_their_margin_of_the_true_figures(letters, settings, monkeypatch, qs):
    """Deterministic: the letters, their ids and so the sample are the same at every run."""
    truth = exact_figures(settings, qs)["totals"]
    monkeypatch.setattr(scope_module, "STATS_SAMPLE", SMALL)
    monkeypatch.setattr(scope_module, "STATS_EXACT", SMALL)
    scope = stats.scope_for(QueryDict(qs))
    found = stats.totals(scope)
    assert found.decisions == truth[0]  # exact
    assert (found.items, found.overturned) != truth[1:3]  # estimated: not the true figures by accident
    assert abs(found.items - truth[1]) <= found.estimate.margin
    assert abs(found.overturned - truth[2]) <= found.estimate.over_margin
    assert abs(found.rate - truth[2] / truth[1]) <= found.estimate.rate_margin
    assert 0 < found.estimate.margin < truth[1]


# Filter searches the summary tables answer in part: their decisions per month (and, with a specialty or an opioid
# condition, their items per guideline) are not in any table.
PARTLY_SUMMARISED = ["category=pharmaceuticals", "guideline=odg&category=pharmaceuticals",
                     "specialty=orthopedic-surgery&decided_after=2016-01-01", "opioid=true&decision=overturned"]


@pytest.mark.parametrize("qs", PARTLY_SUMMARISED)
def test_the_index_counts_a_filter_search_letters_exactly(letters, settings, qs):
    scope = stats.scope_for(QueryDict(qs))
    assert scope.summary is not None and "cases" in unanswered(scope.summary)
    assert scope.live.known is not None  # the decisions, their dates and the months: the index's
    assert figures(qs) == exact_figures(settings, qs)


def test_a_filter_search_counts_its_items_per_guideline_over_a_sample(letters, settings, monkeypatch):
    qs = "opioid=true"
    truth = exact_figures(settings, qs)
    monkeypatch.setattr(scope_module, "STATS_SAMPLE", 5)
    monkeypatch.setattr(scope_module, "STATS_EXACT", 5)
    scope = stats.scope_for(QueryDict(qs))
    assert unanswered(scope.summary) == ["cases", "guideline"] and scope.sample.size == 5
    tables = {t.name: t for t in stats.stats_tables(scope, 0.5)}
    assert [name for name, table in tables.items() if table.sample] == ["guideline"]
    found = figures(qs)
    assert {k: v for k, v in found.items() if k != "guideline"} == {k: v for k, v in truth.items() if k != "guideline"}
    assert found["guideline"] != truth["guideline"]  # estimated from 5 letters
    page = Client().get(f"/stats/?{qs}").content.decode()
    assert "uniform random sample of 5 of these" in page


def test_the_page_and_the_csvs_state_the_sample_and_its_margin(letters, client, monkeypatch):
    monkeypatch.setattr(scope_module, "STATS_SAMPLE", SMALL)
    monkeypatch.setattr(scope_module, "STATS_EXACT", SMALL)
    scope = stats.scope_for(QueryDict("q=pain"))
    totals = stats.totals(scope)
    total = scope.sample.total
    page = client.get("/stats/?q=pain").content.decode()
    assert f"uniform random sample of {SMALL} of these {total} decisions" in page
    assert f"<small>±{totals.estimate.margin}</small>" in page  # the items' margin
    assert f"<small>±{totals.estimate.points} points</small>" in page  # the rate's, in percentage points
    assert f'<a href="/decisions/?q=pain">{total}</a>' in page  # the decisions: exact
    assert "pts</small>" in page and page.count("≈") > 10
    rows = list(csv.reader(io.StringIO(client.get("/stats/category.csv?q=pain").content.decode())))
    assert rows[0] == ["category", "label", "items", "overturned", "overturn_rate", "items_margin_95",
                       "overturned_margin_95", "overturn_rate_margin_95", "sampled_decisions", "matching_decisions"]
    category = {r.key: r for r in stats.by_category(scope).rows}
    for row in rows[1:]:
        assert row[5:] == [str(category[row[0]].margin), str(category[row[0]].over_margin),
                           f"{category[row[0]].rate_margin:.4f}", str(SMALL), str(total)]
    months = list(csv.reader(io.StringIO(client.get("/stats/month.csv?q=pain").content.decode())))
    assert months[0] == ["month", "label", "decisions"]  # counted by the index over every letter: exact


def test_up_to_the_sample_size_the_page_states_no_sample(letters, client, settings):
    def page() -> str:  # each chart's element ids are numbered per process
        return re.sub(r"(chart|hatch)-\d+", r"\1-n", client.get("/stats/?q=pain").content.decode())

    counted = page()
    assert "random sample" not in counted and "≈" not in counted
    settings.SEARCH_ENGINE = "postgres"
    assert page() == counted
    rows = list(csv.reader(io.StringIO(client.get("/stats/category.csv?q=pain").content.decode())))
    assert rows[0] == ["category", "label", "items", "overturned", "overturn_rate"]
