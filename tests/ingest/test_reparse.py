"""`manage.py reparse`: batches with no query per letter, cases left alone when nothing changed, statistics
kept current, an interrupted run continued from its last finished id, documents kept without a file."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from determinations.ingest import Prepared, ingest_files, write_prepared
from determinations.models import Case, DisputedItem, SourceDocument
from determinations.parsing import content_identifier, parse_text
from tests.conftest import LETTERS
from tests.ops.ops_helpers import database_env
from tests.stats.sql import latest_sql

ROOT = Path(__file__).resolve().parent.parent.parent
PDFS = sorted(LETTERS.glob("CM*.pdf"))


def ingest(paths: list[Path]) -> None:
    results = ingest_files([(p.name, p.read_bytes()) for p in paths])
    assert {r.status for r in results} == {"parsed"}


def reparse(**options) -> str:
    out = StringIO()
    call_command("reparse", all=True, no_progress=True, workers=1, stdout=out, **options)
    return out.getvalue()


def reparse_queries(batch_size: int) -> int:
    DisputedItem.objects.update(description="written by an old parser")  # every case is rewritten
    with CaptureQueriesContext(connection) as queries:
        reparse(batch_size=batch_size)
    assert not DisputedItem.objects.filter(description="written by an old parser").exists()
    return len(queries)


@pytest.mark.django_db
def test_the_rewrite_costs_the_same_queries_for_two_letters_or_six():
    ingest(PDFS[:2])
    two = reparse_queries(batch_size=10)
    ingest(PDFS[2:6])
    assert reparse_queries(batch_size=10) == two  # per batch, never per letter
    assert reparse_queries(batch_size=3) > two  # two batches


@pytest.mark.django_db
def test_cases_the_parser_reads_the_same_are_left_alone_and_the_others_rewritten():
    ingest(PDFS[:4])

    def rows() -> dict[str, tuple]:
        return {c.public_id: (c.updated_at, set(c.items.values_list("pk", flat=True))) for c in Case.objects.all()}

    before = rows()
    damaged = PDFS[0].stem
    DisputedItem.objects.filter(case__public_id=damaged).update(rationale="written by an old parser")
    out = reparse()
    assert "4 parsed" in out and "0 cases whose guidelines changed" in out
    assert not DisputedItem.objects.filter(rationale="written by an old parser").exists()
    after = rows()
    for public_id, (stamp, items) in before.items():
        untouched = after[public_id] == (stamp, items)  # the same row and the same item rows
        assert untouched == (public_id != damaged), public_id


@pytest.mark.django_db
def test_statistics_follow_cases_rewritten_in_one_statement():
    ingest(PDFS[:5])
    Case.objects.filter(public_id=PDFS[0].stem).update(decision_date="2011-01-05", outcome="overturned")
    Case.objects.filter(public_id=PDFS[1].stem).update(reviewer=None)
    DisputedItem.objects.update(description="written by an old parser")
    reparse(batch_size=2)
    kept = snapshot_counts()
    with connection.cursor() as cursor:
        cursor.execute(latest_sql("outcome_summaries_rebuild"))
        cursor.execute(latest_sql("guideline_terms_rebuild"))
        cursor.execute(latest_sql("guideline_cited_rebuild"))
        cursor.execute(latest_sql("reviewer_cases_rebuild"))
        cursor.execute(latest_sql("reviewer_items_rebuild"))
    assert snapshot_counts() == kept  # what the triggers kept equals a recount from the rows
    assert not Case.objects.filter(decision_date="2011-01-05").exists()


def snapshot_counts() -> dict[str, list]:
    tables = ["itemstat", "guidelinestat", "guidelinecasestat", "monthstat", "guidelinetermitemstat",
              "guidelinetermpairstat", "guidelinetermmonthstat", "guidelinecitedstat",
              "reviewercasestat", "revieweritemstat"]
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM determinations_{table}")
            counts[table] = sorted((tuple(row[1:]) for row in cursor.fetchall()), key=repr)  # all but the id
    return counts


@pytest.mark.django_db
def test_after_reads_only_the_documents_past_that_id():
    ingest(PDFS[:4])
    ids = list(SourceDocument.objects.order_by("pk").values_list("pk", flat=True))
    out = reparse(after=ids[1])
    assert "Re-reading 2 document(s) after id" in out and "2 parsed" in out
    attempts = dict(SourceDocument.objects.values_list("pk", "attempts"))
    assert [attempts[pk] for pk in ids] == [1, 1, 2, 2]


@pytest.mark.django_db
def test_progress_lines_name_the_last_finished_id():
    ingest(PDFS[:3])
    ids = list(SourceDocument.objects.order_by("pk").values_list("pk", flat=True))
    out = reparse(batch_size=1, report_every=1)
    assert [int(n) for n in re.findall(r"finished up to id (\d+)", out)] == ids


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_run_goes_on_from_its_last_finished_id(settings, tmp_path):
    ingest(PDFS)
    call_command("make_letters", 120, out=str(tmp_path), seed=5, stdout=StringIO())  # enough to stop midway
    ingest_files([(p.name, p.read_bytes()) for p in sorted(tmp_path.glob("*.txt"))])
    statuses = dict(SourceDocument.objects.values_list("pk", "status"))
    ids = sorted(pk for pk, status in statuses.items() if status != "failed")  # the generator's empty files
    command = [sys.executable, "manage.py", "reparse", "--all", "--batch-size", "1", "--workers", "1", "--no-progress"]
    run = subprocess.Popen(command, cwd=ROOT, env=database_env(settings), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # never inherit an ignore
    deadline = time.monotonic() + 120
    while SourceDocument.objects.filter(attempts=2).count() < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert run.poll() is None, "the run finished before it could be interrupted"
    run.send_signal(signal.SIGINT)  # Ctrl-C
    _, err = run.communicate(timeout=120)
    assert run.returncode == 1, err
    cursor = int(re.search(r"Go on with: manage\.py reparse --all --after (\d+)", err).group(1))
    assert ids[0] <= cursor < ids[-1], "the run should have been stopped midway"
    attempts = dict(SourceDocument.objects.values_list("pk", "attempts"))
    assert all(attempts[pk] == 2 for pk in ids if pk <= cursor)  # finished, and committed

    reparse(after=cursor)
    attempts = dict(SourceDocument.objects.values_list("pk", "attempts"))
    assert all(attempts[pk] == 2 for pk in ids if pk <= cursor)  # not read again
    assert all(attempts[pk] in (2, 3) for pk in ids if pk > cursor)  # every letter re-read
    assert sum(attempts[pk] == 3 for pk in ids) <= 1  # at most the batch written as the signal came
    assert dict(SourceDocument.objects.values_list("pk", "status")) == statuses


@pytest.mark.django_db
def test_documents_without_a_stored_file_are_read_from_the_text_kept_with_them():
    text = (LETTERS / "000_b63e04827a4d5f31.txt").read_text()
    record = parse_text(text).to_json()
    write_prepared([Prepared(sha256="f" * 64, filename="record-only.txt", size=len(text), media_type="text/plain",
                             text=text, record=record, public_id=content_identifier(text))])  # as bench builds
    SourceDocument.objects.update(file="")  # as older writers left such records
    ingest(PDFS[:2])
    lost = SourceDocument.objects.get(filename=PDFS[0].name)
    Path(lost.file.path).unlink()
    DisputedItem.objects.update(description="written by an old parser")
    out = reparse()
    assert "3 parsed" in out and "2 document(s) had no stored file: read from the text kept with them." in out
    assert not DisputedItem.objects.filter(description="written by an old parser").exists()
    assert SourceDocument.objects.count() == 3 and Case.objects.count() == 3
    assert SourceDocument.objects.filter(sha256="f" * 64, status="parsed").exists()  # its own document
