"""`manage.py rescan_privacy`: re-scan the archive with the current privacy rules, after they improve.

Every letter the current rules have not yet scanned (its `privacy_version` differs from the rules') is read
again through the one pipeline, on every core like `reparse`: masked anew, held if it is now doubtful,
published again if a held letter no longer is. Resumable: an interrupted run leaves the letters it finished
marked with the current version, and the next run goes on with the rest. It reports what changed.
"""

from __future__ import annotations

import os
import sys
from collections import Counter

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from tqdm import tqdm

from determinations.ingest import ingest_parallel
from determinations.models import SourceDocument
from determinations.privacy import RULES_VERSION
from determinations.sources import ZIP

Status = SourceDocument.Status
SCANNED = [Status.PARSED, Status.DUPLICATE, Status.HELD]  # the documents that publish, or would


class Command(BaseCommand):
    help = "Re-mask the archive with the current privacy rules, hold what is now doubtful, report what changed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="Scan every letter again, even those already "
                                                                "scanned by the current rules.")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, all: bool, workers: int, batch_size: int, no_progress: bool, **options) -> None:
        documents = SourceDocument.objects.filter(status__in=SCANNED).exclude(media_type=ZIP).order_by("pk")
        if not all:
            documents = documents.exclude(privacy_version=RULES_VERSION)
        works = [(name, default_storage.path(file), None) for name, file in documents.values_list("filename", "file")]
        changes: Counter[str] = Counter()
        newly_held: list[str] = []
        with tqdm(total=len(works), unit="letter", disable=no_progress, file=sys.stderr) as progress:
            for results in ingest_parallel(works, workers=workers, batch_size=batch_size, reparse=True):
                for result in results:
                    before, after = result.previous_status, result.status
                    if after == Status.HELD and before != Status.HELD:
                        changes["now held for review"] += 1
                        newly_held.append(result.filename)
                    elif before == Status.HELD and after != Status.HELD:
                        changes["released (no longer doubtful)"] += 1
                    elif result.masks_changed:
                        changes["masks changed"] += 1
                    else:
                        changes["unchanged"] += 1
                progress.update(len(results))
        self.stdout.write(f"Privacy rules {RULES_VERSION}: {len(works)} letter(s) scanned.")
        for what, n in sorted(changes.items()):
            self.stdout.write(f"  {what}: {n}")
        for name in newly_held[:50]:
            self.stdout.write(f"  held: {name}")
        if len(newly_held) > 50:
            self.stdout.write(f"  ... and {len(newly_held) - 50} more (admin: documents with status 'held')")
