"""`manage.py reparse`: read stored documents again with the current parser, e.g. after it improves."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand
from tqdm import tqdm

from determinations.ingest import reprocess
from determinations.models import SourceDocument

Status = SourceDocument.Status


class Command(BaseCommand):
    help = "Re-parse the archive's documents (--all), or retry the failed ones (--failed)."

    def add_arguments(self, parser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--all", action="store_true", help="Every parsed, duplicate and rejected document.")
        group.add_argument("--failed", action="store_true", help="Only documents that failed.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, all: bool, failed: bool, batch_size: int, **options) -> None:
        statuses = [Status.FAILED, Status.PENDING] if failed else [Status.PARSED, Status.DUPLICATE, Status.REJECTED]
        ids = list(SourceDocument.objects.filter(status__in=statuses).order_by("pk").values_list("pk", flat=True))
        counts: Counter[str] = Counter()
        with tqdm(total=len(ids), unit="letter") as progress:
            for start in range(0, len(ids), batch_size):
                chunk = ids[start:start + batch_size]
                counts.update(r.status for r in reprocess(chunk, reparse=all, batch_size=batch_size))
                progress.update(len(chunk))
        self.stdout.write(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "Nothing to do.")
