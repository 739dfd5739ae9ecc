"""An upload's progress page, the admin index's work summary and the ingest command's summary."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from determinations.management.commands.db_worker import beat
from determinations.staff.models import UploadBatch
from determinations.staff.progress import batch_progress
from tests.ingest.test_admin_upload import run_worker
from tests.staff.letters import upload_zip

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection when done

UPLOAD = "/admin/determinations/sourcedocument/upload/"


def test_the_progress_page_follows_a_zip_from_stored_to_finished(client, staff, django_capture_on_commit_callbacks):
    data, expected = upload_zip(30, held=3, duplicates=2, broken=2)
    client.force_login(staff["uploader"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(UPLOAD, {"files": [SimpleUploadedFile("month.zip", data),
                                                  SimpleUploadedFile("one.txt", b"not a letter at all")]})
    batch = UploadBatch.objects.get()
    assert response["Location"] == f"/admin/determinations/sourcedocument/batches/{batch.pk}/"
    assert batch.created_by == staff["uploader"] and batch.expected == 31
    waiting = client.get(response["Location"]).content.decode()
    assert "0 of 31 letter(s) read" in waiting and 'http-equiv="refresh"' in waiting  # works without JavaScript
    assert "1 zip(s) still being read" in waiting

    run_worker()
    progress = batch_progress(batch)
    assert progress.finished and progress.percent == 100 and progress.total == 31
    assert {k: progress.counts.get(k, 0) for k in ("parsed", "held", "duplicate", "failed", "rejected")} == {
        **{k: v for k, v in expected.items() if k != "needs_review"}, "rejected": 1}
    assert progress.needs_review == expected["needs_review"]
    part = client.get(response["Location"] + "?part=1").content.decode()
    assert "31 of 31 letter(s) read: finished" in part and "data-finished" in part
    assert '<tr data-status="held"><th scope="row">' in part


def test_the_admin_index_shows_the_queue_heartbeat_and_throughput(admin_client, django_capture_on_commit_callbacks):
    data, _ = upload_zip(5, held=0, duplicates=0, broken=0)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(UPLOAD, {"files": [SimpleUploadedFile("few.zip", data)]})
    index = admin_client.get("/admin/").content.decode()
    assert "1 pending, 0 running, 0 failed" in index and "Worker heartbeat" in index
    assert "never" in index and "work is waiting and no worker is running" in index
    run_worker()
    index = admin_client.get("/admin/").content.decode()
    assert "0 pending, 0 running, 0 failed" in index and "6 file(s) read" in index  # the zip and its letters
    assert "never" in index  # a worker that has stopped no longer beats
    beat("a-running-worker")  # what a running worker's heartbeat thread writes
    index = admin_client.get("/admin/").content.decode()
    assert "minute" in index and "ago" in index


def test_the_ingest_command_prints_the_same_summary(tmp_path: Path):
    data, expected = upload_zip(12, held=2, duplicates=1, broken=1)
    (tmp_path / "batch.zip").write_bytes(data)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 file"):  # the broken one: its exit code says so
        call_command("ingest", str(tmp_path / "batch.zip"), workers=1, no_progress=True, stdout=out)
    text = out.getvalue()
    assert f"{expected['parsed']} ingested, 1 duplicate(s), 0 rejected (not IMR letters), 1 failed" in text
    assert "2 held for privacy review, 1 published needing review" in text
