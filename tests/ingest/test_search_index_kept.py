"""The search index is kept current by the ingestion pipeline itself: after every committed batch (command,
upload, worker, staff edit) the index holds exactly PostgreSQL's cases, and an ingestion killed with SIGKILL
before its commit, after it, or inside the catch-up leaves an index that the next catch-up makes exact.

The index is read with tantivy directly (every document's `id` fast field), never through the search code."""

from __future__ import annotations

import logging
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse

from determinations import engine, ingest
from determinations.engine import keep
from determinations.models import Case
from determinations.staff import queue as staff_queue
from tests.conftest import LETTERS
from tests.ingest.helpers import post_change
from tests.ops.ops_helpers import database_env

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
PDFS = sorted(LETTERS.glob("CM*.pdf"))


def directory(name: str = engine.DEFAULT) -> Path:
    with connection.cursor() as cursor:
        cursor.execute("SELECT directory FROM determinations_searchindex WHERE name = %s", [name])
        return Path(cursor.fetchone()[0])


def indexed(name: str = engine.DEFAULT) -> Counter:
    """Every case id in the index's latest commit, with how many documents hold it."""
    import tantivy

    index = tantivy.Index.open(str(directory(name)))
    index.reload()
    searcher = index.searcher()
    result = searcher.search(tantivy.Query.all_query(), 100_000, count=True)
    ids = searcher.fast_field_values("id", [address for _, address in result.hits])
    assert len(ids) == result.count == searcher.num_docs
    return Counter(ids)


def queued() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM determinations_searchindexqueue")
        return cursor.fetchone()[0]


def stores() -> tuple[Counter, Counter, int]:
    """The index's case ids, PostgreSQL's, and how many case writes are queued for the index."""
    return indexed(), Counter(Case.objects.values_list("pk", flat=True)), queued()


def caught_up() -> bool:
    """Nothing queued, and the index holds exactly PostgreSQL's cases, each once."""
    shown, cases, waiting = stores()
    return waiting == 0 and shown == cases


def letters(folder: Path, paths: list[Path]) -> Path:
    folder.mkdir(parents=True)
    for path in paths:
        shutil.copy(path, folder / path.name)
    return folder


def test_ingested_letters_reach_the_index_in_the_same_run_and_again_duplicate_nothing(index_root):
    engine.rebuild()  # registered on the empty archive: from now on the pipeline keeps it
    call_command("ingest", str(LETTERS), workers=1, batch_size=10, no_progress=True, stdout=StringIO())
    assert Case.objects.count() >= 30
    assert caught_up()

    call_command("ingest", str(LETTERS), workers=1, batch_size=10, no_progress=True, stdout=StringIO())
    ingest.reprocess(Case.objects.values_list("source_document_id", flat=True), reparse=True)  # re-parse all
    assert caught_up()  # each case once, in both stores


def test_the_command_catches_the_index_up_beside_its_writer(index_root, monkeypatch):
    """The command's batches are caught up by its follower thread while the writer goes on, and the command
    returns only once the index holds every case it wrote; it reports how busy each path was."""
    engine.rebuild()
    catching_up: list[str] = []
    keep_current = keep.keep_current

    def recorded() -> int:
        catching_up.append(threading.current_thread().name)
        return keep_current()

    monkeypatch.setattr(keep, "keep_current", recorded)
    out = StringIO()
    call_command("ingest", str(LETTERS), workers=1, batch_size=5, no_progress=True, stdout=out)
    assert Case.objects.count() >= 30 and caught_up()
    assert catching_up and set(catching_up) == {"search-index-follower"}  # never on the writer's thread
    assert keep.Follower.running is None
    assert re.search(r"Pace: the writer was busy [\d.]+ ms a letter \([\d.]+ ms of it its own Python on a core; "
                     r"the rest the database and waiting for a core\), the search index's catch-up [\d.]+ ms beside "
                     r"it: with cores enough to read the letters, at most \d+ letters/s", out.getvalue())


def test_a_follower_that_fails_once_leaves_the_cases_queued_for_its_next_round(index_root, monkeypatch, caplog):
    engine.rebuild()
    rounds: list[int] = []
    registered = keep.registered

    def unreachable_once():
        rounds.append(1)
        if len(rounds) == 1:
            raise OperationalError("the database went away")
        return registered()

    monkeypatch.setattr(keep, "registered", unreachable_once)
    with caplog.at_level(logging.ERROR, logger="determinations.engine.keep"):
        call_command("ingest", str(LETTERS), workers=1, batch_size=5, no_progress=True, stdout=StringIO())
    assert "the follower could not catch up" in caplog.text and len(rounds) > 1
    assert caught_up()  # its later rounds wrote what the first left queued


def test_uploads_the_worker_and_staff_edits_reach_the_index(index_root, admin_client, admin_user):
    engine.rebuild()
    first, second = (ingest.ingest_bytes(path.read_bytes(), path.name) for path in PDFS[:2])  # the worker's path
    assert caught_up() and len(stores()[0]) == 2

    item = Case.objects.get(public_id=first.case_public_id).items.order_by("position").first()
    post_change(admin_client, "disputeditem", item.pk, description="Zyxolamide 10 mg")  # an admin edit
    assert caught_up()

    withdrawn = Case.objects.get(public_id=second.case_public_id)
    Case.objects.filter(pk=withdrawn.pk).update(review_status=Case.ReviewStatus.NEEDS_REVIEW)
    staff_queue.act(admin_user, staff_queue.WARNINGS, "reject", [withdrawn.pk])  # the review queue withdraws it
    assert withdrawn.pk not in indexed() and caught_up()

    response = admin_client.post(reverse("admin:determinations_case_delete", args=[item.case_id]), {"post": "yes"})
    assert response.status_code == 302 and not Case.objects.exists()
    assert caught_up() and indexed() == Counter()


def test_an_uploaded_zip_reaches_the_index(index_root):
    import io
    import zipfile

    engine.rebuild()
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        for path in PDFS[:3]:
            zf.writestr(path.name, path.read_bytes())
    assert ingest.ingest_bytes(data.getvalue(), "month.zip").status == "expanded"
    assert Case.objects.count() == 3 and caught_up()


def test_an_index_of_another_node_never_fails_an_ingestion(index_root, caplog):
    engine.rebuild()
    gone = directory()
    shutil.rmtree(gone)  # registered by another web node: its directory is not here
    with caplog.at_level(logging.WARNING, logger="determinations.engine.keep"):
        results = ingest.ingest_files([(path.name, path.read_bytes()) for path in PDFS[:3]])
    assert [r.status for r in results] == ["parsed"] * 3 and Case.objects.count() == 3
    assert queued() == 3 and "not on this node" in caplog.text  # kept for the node that holds it

    engine.rebuild()  # that node, rebuilt: the queue is settled and the index exact
    assert caught_up()


def test_a_failing_catch_up_is_logged_and_leaves_the_cases_queued(index_root, caplog):
    engine.rebuild()
    for path in directory().iterdir():  # the index's files are unreadable (a full or broken disk, say)
        if path.name.endswith(".json"):
            path.write_text("not json")
    with caplog.at_level(logging.ERROR, logger="determinations.engine.keep"):
        results = ingest.ingest_files([(PDFS[0].name, PDFS[0].read_bytes())])
    assert results[0].status == "parsed" and Case.objects.count() == 1  # the batch stands
    assert queued() == 1 and "catching up failed" in caplog.text

    engine.rebuild()
    assert caught_up()


PAUSE_SQL = """
import os, pathlib, sys, time
from django.core.management import call_command
from django.db import connection

def pause_before_commit(execute, sql, params, many, context):
    # the batch's last statement (the documents' upsert), then the commit: wait just before it
    if os.environ.get("PAUSE_BEFORE_PG_COMMIT") and "ON CONFLICT" in sql and "determinations_sourcedocument" in sql:
        result = execute(sql, params, many, context)
        pathlib.Path(os.environ["PAUSE_BEFORE_PG_COMMIT"]).touch()
        time.sleep(60)
        return result
    return execute(sql, params, many, context)

with connection.execute_wrapper(pause_before_commit):
    call_command("ingest", sys.argv[-1], workers=1, batch_size=100, no_progress=True)
"""


def wait_for(condition, run: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the ingestion never reached its pause"
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["before the PostgreSQL commit", "after it, before the catch-up",
                                    "after the index commit, before the queue's"])
def test_an_ingestion_killed_during_a_batch_is_caught_up_exactly(index_root, tmp_path, settings, moment):
    ingest.ingest_files([(path.name, path.read_bytes()) for path in PDFS[:2]])
    engine.rebuild()
    before = stores()[1]
    batch = letters(tmp_path / "batch", PDFS[2:7])
    pause = {"before the PostgreSQL commit": {"PAUSE_BEFORE_PG_COMMIT": str(tmp_path / "paused")},
             "after it, before the catch-up": {keep.PAUSE_BEFORE: "60"},
             "after the index commit, before the queue's": {keep.PAUSE_AFTER_INDEX_COMMIT: "60"}}[moment]
    run = subprocess.Popen([sys.executable, "-c", "import sys, django; django.setup(); exec(sys.argv[1])", PAUSE_SQL,
                            str(batch)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=database_env(settings, SEARCH_INDEX_DIR=str(index_root),
                                            DJANGO_SETTINGS_MODULE="imr_archive.settings", **pause))
    try:
        if moment == "before the PostgreSQL commit":
            wait_for((tmp_path / "paused").exists, run)
        elif moment == "after it, before the catch-up":
            wait_for(lambda: Case.objects.count() == len(before) + 5, run)
        else:
            wait_for(lambda: len(indexed()) == len(before) + 5, run)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)

    shown, cases, waiting = stores()
    assert set(shown) <= set(cases)  # never a letter PostgreSQL does not have
    if moment == "before the PostgreSQL commit":
        assert cases == before and shown == before and waiting == 0  # the batch rolled back, everywhere
    elif moment == "after it, before the catch-up":
        assert shown == before and waiting == 5  # behind, and the queue says by which letters
    else:
        assert shown == cases and waiting == 5  # ahead of the queue, which still holds them

    call_command("ingest", str(batch), workers=1, no_progress=True, stdout=StringIO())  # the next ingestion
    assert Case.objects.count() == len(before) + 5
    assert caught_up()  # exact: none missing, none twice


def test_make_run_builds_the_index_once_and_catches_it_up_after(index_root):
    ingest.ingest_files([(path.name, path.read_bytes()) for path in PDFS[:2]])  # the sample, loaded first
    assert keep.ensure_index() == "Search index 'default' built: 2 cases."
    built = directory()
    assert caught_up()
    with connection.cursor() as cursor:  # written while no process kept it (a node that was down)
        cursor.execute("UPDATE determinations_case SET items_text = items_text || ' again'")
    assert keep.ensure_index() == "Search index 'default' caught up: 2 queued cases written."
    assert directory() == built and caught_up()
    shutil.rmtree(built)  # registered, but not on this node: built here
    assert keep.ensure_index() == "Search index 'default' built: 2 cases." and caught_up()
