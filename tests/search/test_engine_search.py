"""`search()` answered by the search index: the same letters, in the same order, with the same counts as
PostgreSQL's own search (which stays the record and the fallback), on generated and hand-made letters."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, transaction

from determinations import engine, search
from determinations.engine import reader
from determinations.models import Case
from determinations.search import Query
from determinations.stats.summary import Summary
from tests.factories import archive, citation, item, letter_record

pytestmark = pytest.mark.django_db
SEARCH_INDEX_PER_MODULE = True  # indexed once, in the `letters` fixture's transaction (rolled back)
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

QUERIES = [
    Query(q="pain"),
    Query(q="facet injection"),
    Query(q='"epidural steroid injection"'),
    Query(q='"pain in the back"'),
    Query(q="lumbar OR cervical"),
    Query(q="knee -surgery"),
    Query(q='-"physical therapy" knee'),
    Query(q="x-ray"),
    Query(q="L4-5"),
    Query(q="the"),  # only a stop word: nothing
    Query(q="medically necessary", sort="newest"),
    Query(q="tramadol", sort="oldest"),
    Query(decision="upheld"),
    Query(decision="overturned", opioid=True),
    Query(category=("pharmaceuticals",)),
    Query(category=("imaging", "acupuncture"), decision="upheld"),
    Query(guideline=("odg",)),
    Query(guideline=("mtus-acoem-ch12",), decision="upheld"),
    Query(item="facet injection", decision="upheld", guideline=("mtus-acoem-ch12",)),
    Query(item="mri"),
    Query(item="-mri", category=("imaging",)),
    Query(item='"physical therapy"', decision="overturned"),
    Query(q="pain", item="injection"),
    Query(outcome="partial"),
    Query(specialty="family-medicine"),
    Query(state="TX"),
    Query(state="California", sex="female"),
    Query(decided_after=date(2015, 1, 1), decided_before=date(2016, 12, 31)),
    Query(category=("imaging",), decided_after=date(2015, 1, 1), decided_before=date(2016, 12, 31)),
    Query(injured_after=date(2012, 1, 1), category=("imaging",), guideline=("odg-knee",)),
    Query(age_min=50, age_max=60, sex="female"),
    Query(age_min=0),
    Query(q="opioids", category=("pharmaceuticals",), decision="upheld", decided_after=date(2014, 1, 1)),
]


@pytest.fixture(scope="module")
def letters(django_db_setup, django_db_blocker, tmp_path_factory):
    """Generated letters, and hand-made ones for what generated letters lack: words on different items, stop
    words inside a phrase, hyphenated words, no age, no decision date; written and indexed once for the module
    in a transaction rolled back at its end (each test runs in a savepoint of it, as Django's setUpTestData)."""
    import bench_search

    with django_db_blocker.unblock():
        module = transaction.atomic()
        module.__enter__()
        try:
            bench_search.build(120, batch=120)
            # (case numbers of their own: the factories' counter, wherever earlier tests left it, could name one of
            # the generated letters, and a letter with another's number is filed as a copy of it)
            archive(letter_record(case_number="CM99-0000001", items=[
                item(description="Facet injection at L4-5", decision="upheld", guidelines=[citation("odg-low-back")]),
                item(description="MRI of the knee", decision="overturned", category="imaging",
                     guidelines=[citation("mtus-acoem-ch12")])]))
            archive(letter_record(case_number="CM99-0000002", patient_age=None, decision_date=None, items=[
                item(description="X-ray of the back", rationale="Pain in the back persists after physical therapy.")]))
            archive(letter_record(case_number="CM99-0000003", items=[
                item(description="Physical therapy, 12 visits", decision="overturned", category="physical-therapy",
                     guidelines=[citation("mtus-postsurgical")])]))
            directory = tmp_path_factory.mktemp("search-index") / "default"
            engine.write_all(directory)  # what engine.rebuild() writes, in this transaction's snapshot
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO determinations_searchindex (name, directory, built_at) "
                               "VALUES ('default', %s, now())", [str(directory)])
            yield
        finally:
            transaction.set_rollback(True)
            module.__exit__(None, None, None)


def answered(query: Query, per_page: int = 500):
    return search.search(query, per_page=per_page)


def by_postgres(settings, query: Query, per_page: int = 500):
    settings.SEARCH_ENGINE = "postgres"
    try:
        return search.search(query, per_page=per_page)
    finally:
        settings.SEARCH_ENGINE = "auto"


def facets(results) -> dict:
    return {key: [(v.value, v.count) for v in values] for key, values in results.facets.items()}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.to_params().urlencode() or "all")
def test_the_index_answers_as_postgresql_does(letters, settings, query):
    assert reader.usable() is not None
    engine_results = answered(query)
    pg = by_postgres(settings, query)
    assert (engine_results.answered_by, pg.answered_by) == ("index", "postgresql")
    assert engine_results.count == pg.count
    assert not pg.approximate_facets and not engine_results.approximate_facets  # every letter read: exact
    assert facets(engine_results) == facets(pg)
    assert engine_results.matching_items == pg.matching_items
    if query.effective_sort == "relevance":  # ranked differently (BM25 against ts_rank): the same letters
        assert sorted(c.pk for c in engine_results.cases) == sorted(c.pk for c in pg.cases)
    else:  # newest or oldest first, then by id: the same order
        assert [c.pk for c in engine_results.cases] == [c.pk for c in pg.cases]


def test_the_query_mix_matches_something(letters):
    """The parity above is not empty agreement: most queries find letters."""
    found = [answered(q).count for q in QUERIES]
    assert sum(1 for n in found if n) >= len(QUERIES) - 2, found


def test_item_words_and_conditions_meet_on_one_item(letters):
    # "Facet injection" was upheld and the MRI overturned: the words and the decision on different items
    assert answered(Query(item="facet injection", decision="overturned")).count == reader_count(
        Query(item="facet injection", decision="overturned"))
    ids = {c.pk for c in answered(Query(item="facet injection", decision="upheld", guideline=("odg",))).cases}
    mixed = {c.pk for c in answered(Query(item="knee", decision="upheld", guideline=("mtus-acoem-ch12",))).cases}
    assert ids and not ({c.pk for c in answered(Query(item="facet injection", guideline=("mtus-acoem-ch12",))).cases}
                        & ids)
    assert not mixed & ids


def reader_count(query: Query) -> int:
    index, searcher = reader.usable()
    return reader.count(index, searcher, query)


def test_paging_reaches_every_match_and_a_page_past_the_end_shows_the_last(letters, settings):
    everything = [c.pk for c in by_postgres(settings, Query(q="pain", sort="newest")).cases]
    paged = []
    for page in range(1, len(everything) // 20 + 2):
        paged += [c.pk for c in search.search(Query(q="pain", sort="newest", page=page)).cases]
    assert paged == everything
    last = search.search(Query(q="pain", sort="newest", page=999))
    assert last.page == last.num_pages and [c.pk for c in last.cases] == everything[(last.page - 1) * 20:]
    ranked = search.search(Query(q="pain", page=3))
    assert ranked.ranked_window == 0 and ranked.num_pages == -(-len(everything) // 20)


def test_item_counts_above_the_sample_are_estimated_from_a_uniform_sample_with_their_margin(letters, monkeypatch,
                                                                                             settings, client):
    monkeypatch.setattr(search, "ITEM_SAMPLE", 10)
    query = Query(category=("pharmaceuticals",), decision="upheld", age_min=0)  # (an age: not a summary condition)
    results = answered(query)
    matching = [c.pk for c in by_postgres(settings, query).cases]
    assert results.count == len(matching) > 10
    index, searcher = reader.usable()
    assert reader.sample(index, searcher, query, 10) == sorted(matching, key=engine.shuffled)[:10]
    assert results.sample_size == 10 and results.sample_margin > 0 and results.approximate_facets
    assert {f.value for f in results.facets["outcome"]} and not results.approximate_count
    page = client.get("/decisions/?category=pharmaceuticals&decision=upheld&age_min=0").content.decode()
    assert "uniform random sample of 10 of these" in page and f"±{results.sample_margin}" in page


SUMMARY_QUERIES = [q for q in QUERIES if q.has_item_conditions and Summary.of(q) and Summary.of(q).by_guideline]


@pytest.mark.parametrize("query", SUMMARY_QUERIES, ids=lambda q: q.to_params().urlencode())
def test_item_counts_of_a_search_the_summary_tables_count_are_exact_at_any_size(letters, monkeypatch, settings,
                                                                               query):
    exact = by_postgres(settings, query)  # every letter read: the recount
    monkeypatch.setattr(search, "ITEM_SAMPLE", 3)  # far fewer than match: the index path would sample
    results = answered(query)
    assert results.count == exact.count > 3
    assert (results.sample_size, results.sample_margin, results.approximate_facets) == (0, 0, False)
    assert facets(results) == facets(exact) and results.matching_items == exact.matching_items > 0


def test_a_page_marks_as_estimated_only_the_counts_drawn_from_a_sample(letters, monkeypatch, client):
    monkeypatch.setattr(reader, "FACETS_EXACT_UP_TO", 10)  # the letter counts from a sample
    monkeypatch.setattr(reader, "FACET_SAMPLE", 40)
    monkeypatch.setattr(search, "ITEM_SAMPLE", 3)  # the item counts from the summary tables, exact
    page = client.get("/decisions/?decision=upheld").content.decode()
    groups = dict(re.findall(r'<section class="facet facet-(\w+)">(.*?)</section>', page, re.S))
    assert "≈" in groups["specialty"] and "≈" in groups["year"]  # letters
    assert "≈" not in groups["decision"] and "≈" not in groups["category"] and "≈" not in groups["guideline"]  # items
    assert "Treatment counts (≈)" not in page and "Counts of decisions (≈)" in page


def test_the_summary_conditions_cover_the_broad_filters_of_the_mix():
    """The searches that match most letters, and would be sampled, are the ones answered exactly."""
    assert {q.to_params().urlencode() for q in SUMMARY_QUERIES} >= {
        "decision=upheld", "category=pharmaceuticals", "guideline=odg", "decision=upheld&guideline=mtus-acoem-ch12"}


def test_postgresql_answers_what_the_index_cannot(letters, settings):
    number = search.search(Query(q="CM15"))
    assert number.count >= 3 and number.answered_by == "postgresql"  # case numbers: PostgreSQL's own index
    settings.SEARCH_ENGINE = "postgres"
    assert reader.usable() is None
    settings.SEARCH_ENGINE = "auto"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE determinations_searchindex SET directory = '/nonexistent/elsewhere'")
    assert reader.usable() is None  # another node's index: PostgreSQL answers
    assert search.search(Query(q="pain")).count == by_postgres(settings, Query(q="pain")).count


def test_above_the_exact_size_letter_counts_come_from_a_uniform_sample_with_their_margin(letters, monkeypatch,
                                                                                        settings, client):
    monkeypatch.setattr(reader, "FACETS_EXACT_UP_TO", 10)
    monkeypatch.setattr(reader, "FACET_SAMPLE", 40)
    query = Query(q="pain")
    results = answered(query)
    everything = by_postgres(settings, query)
    assert results.count == everything.count > 40  # the total stays exact
    buckets = -(-40 * engine.BUCKETS // results.count)
    p = buckets / engine.BUCKETS
    drawn = [c for c in everything.cases if int(engine.bucket(c.pk)) < buckets]  # the letters of those buckets
    expected = {}
    for case in drawn:
        expected[case.outcome] = expected.get(case.outcome, 0) + 1
    assert {v.value: v.count for v in results.facets["outcome"]} == {o: round(n / p) for o, n in expected.items()}
    assert results.facet_sample == round(results.count * p) and results.facet_margin > 0
    assert results.approximate_facets and not results.approximate_count
    page = client.get("/decisions/?q=pain").content.decode()
    assert f"uniform random sample of about {results.facet_sample}" in page and f"±{results.facet_margin}" in page


def test_exports_and_tables_of_authorities_list_what_the_page_lists(letters, client):
    page = search.search(Query(q="pain"), per_page=30)
    listed = [c.public_id for c in page.cases]
    exported = client.get("/decisions.csv?q=pain&limit=30")
    assert exported["X-Total-Count"] == str(page.count)
    rows = [line.split(",")[1] for line in b"".join(exported.streaming_content).decode().splitlines()[1:]]
    assert list(dict.fromkeys(rows)) == listed  # the index's ranking, in the export too
    document = json.loads(b"".join(client.get("/decisions.json?q=pain&limit=30").streaming_content))
    json_ids = [d["id"] for d in document["results"]]
    assert json_ids == listed
    beyond = client.get(f"/decisions.csv?q=pain&offset={10**21}")
    assert beyond.status_code == 200 and beyond["X-Total-Count"] == str(page.count)


def test_words_in_a_disputed_treatment_rank_above_the_same_words_in_a_rationale(letters):
    ranked = [c.pk for c in answered(Query(q='"physical therapy"')).cases]
    as_treatment = Case.objects.get(items_text__icontains="Physical therapy, 12 visits").pk
    in_rationale = Case.objects.get(items_text__icontains="X-ray of the back").pk  # only its rationale says it
    assert ranked.index(as_treatment) < ranked.index(in_rationale)


@pytest.mark.parametrize("query", [None, Query(guideline=("odg",)), Query(guideline=("odg-knee",)),
                                   Query(q="pain", decision="overturned"), Query(item="x-ray")],
                         ids=lambda q: q.to_params().urlencode() if q else "all")
def test_the_newest_of_a_guideline_page_and_a_feed_are_the_index_s_and_postgresql_s(letters, settings, query):
    """The index finds a rare guideline's newest letters without walking the archive newest first; undated
    letters come last, as PostgreSQL orders them."""
    from determinations.views.pages import latest

    settings.SEARCH_ENGINE = "postgres"
    expected = [c.pk for c in latest(query, 30)]
    settings.SEARCH_ENGINE = "auto"
    assert query is None or search.ranked_ids(query, 0, 30) is not None  # the index answers it
    found = [c.pk for c in latest(query, 30)]
    assert found == expected and found
