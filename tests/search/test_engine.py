"""The search engine's second store (determinations/engine): rebuilt from PostgreSQL by one command, kept
current from the database's queue, caught up after a SIGKILL at its worst moment, every match ranked, facets
exact against a recount."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from determinations import engine, search
from determinations.models import Case
from determinations.search import Query, filtered
from tests.factories import archive, item, letter_record
from tests.ops.ops_helpers import database_env

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))


def indexed() -> Counter:
    """Every case id in the index, with how many documents hold it."""
    index, searcher = engine.searcher()
    found = engine.page(index, searcher, Query(), per_page=10_000)
    assert found.total == len(found.ids)
    return Counter(found.ids)


def archived() -> Counter:
    return Counter(Case.objects.values_list("pk", flat=True))


def queued() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM determinations_searchindexqueue")
        return cursor.fetchone()[0]


def generated(letters: int) -> None:
    import bench_search

    bench_search.build(letters, batch=letters)


def test_the_rebuild_command_indexes_every_case_and_nothing_is_queued_without_an_index(index_root):
    generated(12)
    assert queued() == 0  # no index registered: the triggers queue nothing
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "12 cases" in out.getvalue()
    assert indexed() == archived()
    call_command("rebuild_search_index", stdout=StringIO())  # again: a new directory, the old one removed
    assert indexed() == archived() and len(list(index_root.iterdir())) == 1


def test_writes_are_queued_and_caught_up(index_root):
    generated(8)
    engine.rebuild()
    gone, changed = Case.objects.order_by("pk")[:2]
    new = archive(letter_record(items=[item(description="Zyxolamide 10 mg")]))
    gone_pk = gone.pk
    gone.delete()
    changed.items_text = "Quintessa brace"
    changed.save(update_fields=["items_text"])
    assert queued() == 3 and new.pk not in indexed() and gone_pk in indexed()

    assert engine.catch_up() == 3
    assert queued() == 0 and indexed() == archived()
    index, searcher = engine.searcher()
    assert engine.page(index, searcher, Query(q="zyxolamide")).ids == [new.pk]
    assert engine.page(index, searcher, Query(q="quintessa")).ids == [changed.pk]


@pytest.mark.slow
def test_killed_after_the_index_commits_and_before_postgresql_does_it_catches_up(index_root, settings):
    generated(6)
    engine.rebuild()
    generated_more = [archive(letter_record(items=[item(description=f"Kill test {n}")])) for n in range(3)]
    before = indexed()
    code = "from determinations import engine; engine.catch_up(pause_after_commit=60)"
    run = subprocess.Popen([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT,
                           env=database_env(settings, SEARCH_INDEX_DIR=str(index_root)),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while indexed() == before and time.monotonic() < deadline:  # the index has committed the new letters
        time.sleep(0.05)
    assert run.poll() is None, run.communicate()
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    assert set(indexed()) == set(archived()) and queued() == 3  # ahead of the queue, which still holds them

    engine.catch_up()  # written again: the same index, nothing twice
    assert indexed() == archived() and queued() == 0
    assert all(case.pk in indexed() for case in generated_more)


def test_relevance_ranks_every_match_even_the_one_read_last(index_root, monkeypatch, settings):
    for n in range(6):
        archive(letter_record(decision_date=f"2020-01-0{n + 1}", items=[item(
            description=f"Physical therapy visit {n}", rationale="Acupuncture was tried before.")]))
    best = archive(letter_record(decision_date="2013-01-01", items=[item(
        description="Acupuncture, 12 sessions", category="acupuncture",
        rationale="Acupuncture guidelines allow acupuncture.")]))  # the oldest, written last
    engine.rebuild()
    index, searcher = engine.searcher()
    found = engine.page(index, searcher, Query(q="acupuncture"))
    assert found.total == 7 and found.ids[0] == best.pk
    monkeypatch.setattr(search, "COUNT_CAP", 3)  # PostgreSQL's page ranks the first matches it reads only
    assert search.search(Query(q="acupuncture")).cases[0].pk == best.pk  # the results page, from the index
    settings.SEARCH_ENGINE = "postgres"
    ranked = search.search(Query(q="acupuncture"))
    assert best.pk not in [c.pk for c in ranked.cases]  # PostgreSQL's capped ranking misses it; the index does not


def test_facets_are_exact_against_a_recount(index_root):
    generated(40)
    engine.rebuild()
    index, searcher = engine.searcher()
    rng = random.Random(3)
    for query in (Query(), Query(q="pain"), Query(decision="upheld"), Query(q="injection", category=("imaging",)),
                  Query(state="Texas", decided_after=rng.choice([None, search.date(2016, 1, 1)]))):
        found = engine.page(index, searcher, query)
        facets = found.counts
        cases = filtered(query).order_by()
        assert found.total == cases.count(), query
        recount = {name: Counter() for name in engine.FACETS}
        for outcome, decided, categories, cited, specialty in cases.values_list(
                "outcome", "decision_date", "categories", "reviewer_guidelines", "reviewer__specialty_slug"):
            recount["outcome"][outcome] += 1
            if decided:
                recount["year"][str(decided.year)] += 1
            recount["category"].update(categories)
            recount["guideline"].update(cited)
            if specialty:
                recount["specialty"][specialty] += 1
        assert {name: Counter(values) for name, values in facets.items()} == recount, query


def test_a_write_not_yet_caught_up_is_caught_up_before_the_index_answers(index_root, settings):
    generated(5)
    engine.rebuild()
    new = archive(letter_record(items=[item(description="Zyxolamide 10 mg", category="pharmaceuticals")]))
    assert queued() == 1
    assert [c.pk for c in search.search(Query(q="zyxolamide")).cases] == [new.pk]
    assert queued() == 0 and indexed() == archived()


def test_an_index_of_another_layout_is_not_searched_until_rebuilt(index_root, caplog):
    from determinations.engine import reader

    generated(3)
    engine.rebuild()
    assert reader.usable() is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT directory FROM determinations_searchindex")
        directory = Path(cursor.fetchone()[0])
    (directory / engine.LAYOUT_FILE).write_text("imr-cases-1")  # built by an older release
    assert reader.usable() is None and "rebuild_search_index" in caplog.text
    assert search.search(Query(q="pain")).answered_by == "postgresql"
    engine.rebuild()
    assert reader.usable() is not None and search.search(Query(q="pain")).answered_by == "index"


def test_a_catch_up_or_rebuild_in_progress_does_not_stall_the_archive_s_writers(index_root):
    """The lock that keeps catch-ups one at a time is not one a queued write waits for (its foreign key's)."""
    import threading

    from django.db import transaction

    generated(2)
    engine.rebuild()
    pk = Case.objects.values_list("pk", flat=True).first()
    written = []

    def write() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
                Case.objects.filter(pk=pk).update(outcome="overturned")  # queued for the index by its trigger
            written.append(True)
        finally:
            connection.close()

    with transaction.atomic():
        engine._directory(engine.DEFAULT, lock=True)  # what a catch-up, or a whole rebuild, holds
        writer = threading.Thread(target=write)
        writer.start()
        writer.join(10)
    assert written == [True] and queued() == 1


def test_a_search_writes_one_small_batch_at_most_and_postgresql_answers_a_longer_queue(index_root, monkeypatch):
    from determinations.engine import reader

    generated(2)
    engine.rebuild()
    monkeypatch.setattr(reader, "CATCH_UP_IN_REQUEST", 2)
    generated(5)
    before = queued()
    assert before > 2
    assert search.search(Query(q="pain")).answered_by == "postgresql" and queued() == before - 2  # one batch of 2
    answers = [search.search(Query(q="pain")).answered_by for _ in range(before)]
    assert answers[-1] == "index" and queued() == 0 and indexed() == archived()
