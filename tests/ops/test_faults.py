"""Faults survived with nothing lost, nothing duplicated and no manual repair, on real processes:
a worker killed with SIGKILL mid-zip, the database restarted under load, a stored file truncated,
and a backup restored into an empty database."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from determinations import ingest, storage, tasks
from determinations.models import Case, SourceDocument
from tests.conftest import LETTERS
from tests.ops.ops_helpers import ROOT, WebServer, database_env, embedded_data_dir, get, restart_database

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ZIP_LETTERS = 400


@pytest.fixture(scope="module")
def letters_zip(tmp_path_factory) -> tuple[Path, int]:
    """A zip of generated text letters, and how many of them are IMR letters."""
    out = tmp_path_factory.mktemp("letters")
    call_command("make_letters", ZIP_LETTERS, out=str(out), seed=14, stdout=open(os.devnull, "w"))
    files = sorted(p for p in out.iterdir() if p.suffix == ".txt")
    archive = out / "batch.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            zf.write(path, path.name)
    letters = 0
    for path in files:
        prepared = ingest.prepare(path.read_bytes(), path.name, store=False)
        letters += bool(prepared.record and prepared.record.get("is_imr_letter") and not prepared.error)
    return archive, letters


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--no-startup-delay",
         "--interval", "0.2"], cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_a_worker_killed_mid_zip_is_taken_over_after_its_lease(letters_zip, settings):
    archive, letters = letters_zip
    with open(archive, "rb") as handle:
        document, _ = ingest.store_upload(handle.read(), "batch.zip")
    tasks.process_document.enqueue(document.pk)
    env = database_env(settings, IMR_WORKER_LEASE_SECONDS="3")
    first = start_worker(env)
    try:  # killed once the zip's first batch of letters is written, and before the last
        wait_for(lambda: SourceDocument.objects.exclude(pk=document.pk).exists() or first.poll() is not None,
                 120, "the first worker to write letters")
        os.killpg(first.pid, signal.SIGKILL)
    finally:
        first.wait()
    written = SourceDocument.objects.exclude(pk=document.pk).count()
    assert 0 < written < ZIP_LETTERS, "the worker should have been killed mid-zip"
    assert DBTaskResult.objects.get().status == "RUNNING"
    document.refresh_from_db()
    assert document.status == "pending"

    second = start_worker(env)
    try:
        wait_for(lambda: DBTaskResult.objects.get().status in ("SUCCESSFUL", "FAILED"), 180,
                 "the second worker to finish the zip")
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL", task.traceback
    assert len(task.worker_ids) == 2  # claimed by the first worker, then again by the second after the lease
    document.refresh_from_db()
    assert document.status == "expanded"
    assert SourceDocument.objects.count() == ZIP_LETTERS + 1  # every letter once, and the zip
    assert not SourceDocument.objects.filter(status="pending").exists()
    assert Case.objects.count() == letters
    assert SourceDocument.objects.filter(status="parsed", case__isnull=False).count() == letters


def test_retry_in_the_admin_also_reads_documents_left_pending(admin_client):
    document, _ = ingest.store_upload((LETTERS / "CM16-0213037.pdf").read_bytes(), "CM16-0213037.pdf")
    assert document.status == "pending"  # stored; its task lost
    response = admin_client.post("/admin/determinations/sourcedocument/",
                                 {"action": "retry", "_selected_action": [document.pk]})
    assert response.status_code == 302
    call_command("db_worker", batch=True, reload=False, startup_delay=False, queue_name="*", verbosity=0)
    document.refresh_from_db()
    assert document.status == "parsed" and Case.objects.count() == 1


def test_a_truncated_stored_file_is_refused_then_rewritten_by_the_same_upload():
    data = (LETTERS / "CM16-0213037.pdf").read_bytes()
    assert ingest.ingest_bytes(data, "letter.pdf").status == "parsed"
    document = SourceDocument.objects.get()
    path = storage.path_of(document.file.name)
    path.write_bytes(data[: len(data) // 2])  # what a crash mid-write used to leave
    call_command("reparse", all=True, workers=1, no_progress=True, stdout=open(os.devnull, "w"))
    assert SourceDocument.objects.count() == 1  # never a new document for the damaged bytes
    document.refresh_from_db()
    assert document.status == "failed" and "damaged" in document.error
    result = ingest.process_document(document)  # the worker's path ("Retry")
    assert result.status == "failed" and "damaged" in result.error
    assert ingest.ingest_bytes(data, "letter.pdf").status == "parsed"  # the same bytes restore the file
    assert path.read_bytes() == data
    assert SourceDocument.objects.count() == 1 and Case.objects.count() == 1


def test_stored_files_are_written_whole_or_not_at_all(settings):
    def chunks():
        yield b"first half"
        raise OSError("disk full")

    with pytest.raises(OSError):
        storage.write_atomic("letters/aa/bb/partial", chunks())
    folder = Path(settings.MEDIA_ROOT) / "letters" / "aa" / "bb"
    assert list(folder.iterdir()) == []  # no partial file, no temporary file left behind


def test_the_database_restarted_under_load_recovers_without_restarting_the_web_server_or_worker(settings):
    data_dir = embedded_data_dir(settings)
    for name in ("CM16-0213037.pdf", "CM17-0000846.pdf"):
        ingest.ingest_bytes((LETTERS / name).read_bytes(), name)
    env = database_env(settings)
    server = WebServer(env, workers=2)
    worker = start_worker(env)
    urls = [server.url + path for path in ("/decisions/?q=mri", "/decisions/CM16-0213037/", "/", "/healthz")]
    log: list[tuple[float, float, int]] = []  # (start, end, status; 0 for a connection error)
    stop = threading.Event()

    def client(n: int) -> None:
        while not stop.is_set():
            start = time.monotonic()
            try:
                status = get(urls[n % len(urls)])[0]
            except OSError:
                status = 0
            log.append((start, time.monotonic(), status))
            n += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(2)
        outage_start = time.monotonic()
        restart_database(data_dir)
        outage_end = time.monotonic()
        time.sleep(3)
        connection.close()  # this process's own connection died with the server
        # the worker lived through it and still takes work
        document, _ = ingest.store_upload((LETTERS / "CM17-0002198.pdf").read_bytes(), "CM17-0002198.pdf")
        tasks.process_document.enqueue(document.pk)
        wait_for(lambda: SourceDocument.objects.get(pk=document.pk).status != "pending", 60,
                 "the worker to read a letter after the restart")
        assert worker.poll() is None
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        server.stop()
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    before = [s for start, end, s in log if end < outage_start]
    after = [s for start, end, s in log if start > outage_end + 0.5]
    assert before and set(before) == {200}
    assert after and set(after) == {200}, "the web server should recover by itself"
    errors = [(start, end) for start, end, s in log if s != 200]
    assert all(start <= outage_end + 0.5 and end >= outage_start for start, end in errors)
    assert {s for *_, s in log} <= {200, 503}  # an outage is a 503 (Retry-After), never a 500
    assert SourceDocument.objects.get(pk=document.pk).status == "parsed"


def test_backup_restores_into_an_empty_database(settings, tmp_path):
    for name in ("CM16-0213037.pdf", "CM17-0000846.pdf"):
        ingest.ingest_bytes((LETTERS / name).read_bytes(), name)
    expected = {
        "cases": set(Case.objects.values_list("public_id", flat=True)),
        "documents": set(SourceDocument.objects.values_list("sha256", "status")),
    }
    backup = tmp_path / "archive-backup.tar"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    with tarfile.open(backup) as tar:
        names = tar.getnames()
    assert "database.dump" in names and sum(n.startswith("files/letters/") for n in names) == 2

    empty = "test_imr_restore_ops"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {empty}")
        cursor.execute(f"CREATE DATABASE {empty}")
    media = tmp_path / "restored-media"
    try:
        env = database_env(settings, name=empty, MEDIA_ROOT=str(media))
        result = subprocess.run([sys.executable, "manage.py", "restore", str(backup)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        with psycopg.connect(env["DATABASE_URL"]) as restored:
            cases = {row[0] for row in restored.execute("SELECT public_id FROM determinations_case")}
            documents = set(restored.execute("SELECT sha256, status FROM determinations_sourcedocument").fetchall())
            applied = restored.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        assert cases == expected["cases"] and documents == expected["documents"] and applied > 10
        for sha256, _ in documents:
            stored = media / "letters" / sha256[:2] / sha256[2:4] / sha256
            assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha256
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {empty} WITH (FORCE)")
