"""`manage.py reparse`: read stored documents again with the current parser, e.g. after it improves.

The same parallel pipeline as `ingest`, on every core, so re-parsing the whole archive is one command.
Cases that staff reviewed and corrected are kept as corrected.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from tqdm import tqdm

from determinations.ingest import expand_zip, ingest_parallel
from determinations.models import SourceDocument
from determinations.sources import ZIP

Status = SourceDocument.Status


class Command(BaseCommand):
    help = "Re-parse the archive's documents (--all), or retry the failed ones (--failed)."

    def add_arguments(self, parser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--all", action="store_true", help="Every parsed, duplicate, rejected and held document.")
        group.add_argument("--failed", action="store_true", help="Only documents that failed (or were left pending).")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, all: bool, failed: bool, workers: int, batch_size: int, no_progress: bool, **options):
        done = [Status.PARSED, Status.DUPLICATE, Status.REJECTED, Status.HELD]
        statuses = [Status.FAILED, Status.PENDING] if failed else done
        documents = SourceDocument.objects.filter(status__in=statuses).order_by("pk")
        counts: Counter[str] = Counter()
        changed = 0
        started = time.perf_counter()
        for document in documents.filter(media_type=ZIP):  # a zip left pending is expanded now
            counts[expand_zip(document).status] += 1
        works = [(name, default_storage.path(file), None)
                 for name, file in documents.exclude(media_type=ZIP).values_list("filename", "file")]
        with tqdm(total=len(works), unit="letter", disable=no_progress, file=sys.stderr) as progress:
            for results in ingest_parallel(works, workers=workers, batch_size=batch_size, reparse=all):
                counts.update(r.status for r in results)
                changed += sum(r.guidelines_changed for r in results)
                progress.update(len(results))
        self.stdout.write(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "Nothing to do.")
        if all:
            self.stdout.write(f"{changed} cases whose guidelines changed (guideline, who cited it, topic or pages); "
                              f"{len(works)} documents re-read in {time.perf_counter() - started:.1f} s")
