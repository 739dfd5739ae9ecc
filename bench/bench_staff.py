"""Speed of the staff desk with 100,000 letters in the archive and 10,000 in the review queue.

    .venv/bin/python bench/bench_staff.py --letters 100000 --queue 10000 [--runs 10] [--rebuild]

The archive is bench/bench_search.py's (generated records through the real writer), in its own database
`imr_bench_staff_<N>` (IMR_BENCH_DB overrides). The queue is then filled once: half held letters (stored
documents with a held record and doubts, as the pipeline leaves them), 30% cases with warnings and 20%
conflicts; a 5,000-letter upload batch over the archive's documents; and 20,000 audit entries spread over
the cases. Each admin page is timed through Django's test Client as a logged-in administrator (view and
template, server side), after one warm-up. It reports p50/p95; it never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import ensure_database, report, time_urls  # noqa: E402 - the shared archive builder


def fill_queue(queue: int, batch_files: int = 5000, audit_entries: int = 20_000) -> None:
    """Held letters, warnings and conflicts up to `queue`, one big upload batch and an audit trail."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from determinations.models import Case, SourceDocument
    from determinations.staff import queue as staff_queue
    from determinations.staff.models import BatchFile, UploadBatch

    counts = staff_queue.counts()
    if sum(counts.values()) >= queue:
        return
    started = time.perf_counter()
    rng = random.Random(19)
    held, warned = queue // 2, queue * 3 // 10
    conflicted = queue - held - warned
    sample = Case.objects.order_by("id").first()
    record = {"record": {"case_number": sample.case_number, "items": []}, "public_text": sample.full_text,
              "public_id": sample.public_id, "request_notes": []}
    SourceDocument.objects.bulk_create([
        SourceDocument(sha256=f"{n:064x}", filename=f"held-{n}.txt", media_type="text/plain", size=100,
                       status="held", held_record=record, privacy_doubts=["Quennell Abernathy-Sills"])
        for n in range(held)], batch_size=2000)
    ids = list(Case.objects.order_by("?").values_list("id", flat=True)[:warned + conflicted])
    Case.objects.filter(id__in=ids[:warned]).update(review_status="needs_review", warnings=["no decision date"])
    Case.objects.filter(id__in=ids[warned:]).update(review_status="needs_review", has_conflict=True,
                                                   conflict_note="other.pdf (sha256 0123456789ab) parses differently.")
    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", password="bench")
    batch = UploadBatch.objects.create(created_by=admin, expected=batch_files)
    documents = list(SourceDocument.objects.exclude(status="held").values_list("id", "filename")[:batch_files])
    BatchFile.objects.bulk_create([BatchFile(batch=batch, document_id=pk, filename=name) for pk, name in documents],
                                  batch_size=2000)
    case_type = ContentType.objects.get_for_model(Case)
    all_cases = list(Case.objects.values_list("id", flat=True))
    LogEntry.objects.bulk_create([
        LogEntry(user=admin, content_type=case_type, object_id=str(rng.choice(all_cases)), object_repr="bench",
                 action_flag=CHANGE, change_message=json.dumps([{"staff": {"action": "accept", "note": "",
                                                                           "before": {}, "after": {}}}]))
        for _ in range(audit_entries)], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Queue filled in {time.perf_counter() - started:.0f} s: {staff_queue.counts()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--queue", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")
    name = os.environ.get("IMR_BENCH_DB") or f"imr_bench_staff_{args.letters}"
    started = time.perf_counter()
    ensure_database(name, args.letters, args.rebuild)
    fill_queue(args.queue)
    print(f"Ready in {time.perf_counter() - started:.0f} s", flush=True)

    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from determinations.models import Case, SourceDocument
    from determinations.staff.models import UploadBatch

    settings.DEBUG = False
    client = Client()
    client.force_login(User.objects.get(username="bench-admin"))
    batch = UploadBatch.objects.order_by("-id").first()
    documents = SourceDocument.objects.count()
    busiest = Case.objects.order_by("id").first()
    print(f"{documents:,} documents, {Case.objects.count():,} cases")
    base = "/admin/determinations/sourcedocument"
    report(f"Staff desk, {args.runs} runs each", time_urls(client, [
        f"{base}/queue/", f"{base}/queue/?page=100", f"{base}/queue/?reason=warnings",
        f"{base}/queue/?reason=conflicts&page=40",
        f"{base}/batches/{batch.pk}/", f"{base}/batches/{batch.pk}/?part=1",
        "/admin/", f"{base}/audit/", f"/admin/determinations/case/{busiest.pk}/change/",
    ], args.runs))


if __name__ == "__main__":
    main()
