"""Health endpoints, the worker's lease, uploads streamed and hashed, the bulk file."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from determinations import ingest, tasks
from determinations.management.commands.db_worker import beat, requeue_expired, requeue_own
from determinations.models import WorkerHeartbeat
from determinations.storage import HashingUploadHandler
from tests.conftest import LETTERS
from tests.factories import archive, item, letter_record

pytestmark = pytest.mark.django_db


def test_healthz_and_readyz_report_database_worker_and_queue(client):
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"database": "ok", "migrations": "applied"}
    ready = client.get("/readyz").json()
    assert ready["worker"] == {"heartbeat_age_seconds": None, "alive": False}
    assert ready["queue"] == {"ready": 0, "running": 0}
    beat("worker-1")
    tasks.process_document.enqueue(1)
    ready = client.get("/readyz").json()
    assert ready["worker"]["alive"] and ready["worker"]["heartbeat_age_seconds"] < 5
    assert ready["queue"] == {"ready": 1, "running": 0}
    assert "no-cache" in health["Cache-Control"]


def test_running_tasks_of_a_silent_worker_are_queued_again_and_of_a_live_one_are_not():
    lost = tasks.process_document.enqueue(1)
    kept = tasks.process_document.enqueue(2)
    long_ago = timezone.now() - timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=lost.id).update(status="RUNNING", started_at=long_ago, worker_ids=["dead"])
    DBTaskResult.objects.filter(pk=kept.id).update(status="RUNNING", started_at=long_ago, worker_ids=["alive"])
    WorkerHeartbeat.objects.create(worker_id="dead", seen_at=long_ago, started_at=long_ago)
    beat("alive")
    assert requeue_expired(lease_seconds=60) == 1
    assert DBTaskResult.objects.get(pk=lost.id).status == "READY"
    assert DBTaskResult.objects.get(pk=kept.id).status == "RUNNING"


def test_uploads_are_hashed_while_they_stream_to_disk(rf):
    data = (LETTERS / "CM16-0213037.pdf").read_bytes()
    handler = HashingUploadHandler(rf.post("/"))
    handler.new_file("files", "letter.pdf", "application/pdf", len(data))
    for start in range(0, len(data), 64 * 1024):
        handler.receive_data_chunk(data[start:start + 64 * 1024], start)
    upload = handler.file_complete(len(data))
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    assert hasattr(upload, "temporary_file_path")  # on disk, not in memory
    document, created = ingest.store_uploaded_file(upload, "letter.pdf")
    assert created and document.sha256 == upload.sha256 and document.media_type == "application/pdf"
    same, created = ingest.store_uploaded_file(SimpleUploadedFile("again.pdf", data), "again.pdf")
    assert same.pk == document.pk and not created


def test_bulk_file_holds_the_whole_archive_and_is_served(client, settings, tmp_path):
    settings.IMR_BULK_DIR = tmp_path
    assert client.get("/bulk/imr-decisions.jsonl.gz").status_code == 404
    for n in range(3):
        archive(letter_record(case_number=f"CM16-000000{n}", items=[item("MRI knee", "upheld", "imaging")]))
    call_command("export_bulk", base_url="https://imr.example", stdout=open("/dev/null", "w"))
    response = client.get("/bulk/imr-decisions.jsonl.gz")
    assert response.status_code == 200
    lines = gzip.decompress(b"".join(response.streaming_content)).decode().splitlines()
    decisions = [json.loads(line) for line in lines]
    assert sorted(d["id"] for d in decisions) == ["CM16-0000000", "CM16-0000001", "CM16-0000002"]
    assert decisions[0]["url"].startswith("https://imr.example/decisions/")
    assert client.get("/bulk/..%2Fsettings.py").status_code == 404


def test_a_worker_that_lost_the_database_gives_back_its_running_task():
    mine = tasks.process_document.enqueue(1)
    other = tasks.process_document.enqueue(2)
    DBTaskResult.objects.filter(pk=mine.id).update(status="RUNNING", worker_ids=["other", "me"])
    DBTaskResult.objects.filter(pk=other.id).update(status="RUNNING", worker_ids=["me", "other"])
    assert requeue_own("me") == 1
    assert DBTaskResult.objects.get(pk=mine.id).status == "READY"
    assert DBTaskResult.objects.get(pk=other.id).status == "RUNNING"


def test_staff_may_upload_more_than_the_body_limit(admin_client, settings, django_capture_on_commit_callbacks):
    settings.IMR_MAX_BODY_BYTES = 10_000
    data = (LETTERS / "CM16-0213037.pdf").read_bytes()
    assert len(data) > settings.IMR_MAX_BODY_BYTES
    with django_capture_on_commit_callbacks():
        response = admin_client.post("/admin/determinations/sourcedocument/upload/",
                                     {"files": [SimpleUploadedFile("CM16-0213037.pdf", data)]})
    assert response.status_code == 302
