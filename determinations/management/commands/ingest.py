"""`manage.py ingest PATH ...`: load letters from files, folders and zips, on every core, in batches.

Interrupt it at any point and run it again: each batch is one transaction, the stored hashes make every
file count once, and documents left pending are finished on the next run.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from determinations.ingest import IngestResult, Pace, Work, ingest_parallel, letters_in_zip, size_error
from determinations.sources import LETTER_EXTENSIONS, SourceError, extension
from determinations.staff.progress import needing_review


class Command(BaseCommand):
    help = "Ingest IMR letters (.pdf, .txt) from files, folders (recursively) and .zip archives."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="Files, folders or zip archives.")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                            help="Processes that extract and parse (default: every core).")
        parser.add_argument("--batch-size", type=int, default=500, help="Letters written per transaction.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, paths: list[str], workers: int, batch_size: int, no_progress: bool, **options):
        self.refused: list[IngestResult] = []
        works = list(self._enumerate([Path(p) for p in paths]))
        counts: Counter[str] = Counter()
        failures: list[IngestResult] = list(self.refused)
        started = time.monotonic()
        pace = Pace()
        progress = tqdm(total=len(works), unit="letter", disable=no_progress, file=sys.stderr, smoothing=0.1)
        try:
            for results in ingest_parallel(works, workers=workers, batch_size=batch_size, pace=pace):
                counts["needs_review"] += needing_review(results)
                for result in results:
                    counts[result.status] += 1
                    if result.status == "failed":
                        failures.append(result)
                progress.update(len(results))
        except KeyboardInterrupt:
            progress.close()
            raise CommandError("Interrupted: the batch in progress was rolled back; run the same command again "
                               "to finish (nothing is duplicated).") from None
        progress.close()
        counts["failed"] += len(self.refused)
        elapsed = time.monotonic() - started
        self._summary(counts, failures, len(works) + len(self.refused), elapsed)
        if pace.ceiling():
            self.stdout.write(f"Pace: {pace.ceiling()}.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) failed; see the reasons above.", returncode=1)

    def _enumerate(self, paths: list[Path]) -> Iterator[Work]:
        for root in paths:
            if not root.exists():
                self.refused.append(IngestResult(str(root), "failed", error="No such file or folder."))
                continue
            files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
            for path in files:
                ext = extension(path.name)
                if ext == ".zip":
                    yield from self._zip_members(path)
                elif ext in LETTER_EXTENSIONS:
                    if error := size_error(path.stat().st_size, path.name):
                        self.refused.append(IngestResult(str(path), "failed", error=error))
                    else:
                        yield (str(path), str(path), None)
                elif root.is_file():
                    self.refused.append(IngestResult(str(path), "failed", error="Not a .pdf, .txt or .zip file."))

    def _zip_members(self, path: Path) -> Iterator[Work]:
        try:
            for member in letters_in_zip(path):
                name = f"{path}/{member.name}"
                if member.error:
                    self.refused.append(IngestResult(name, "failed", error=member.error))
                else:
                    yield (name, None, member.data)
        except SourceError as exc:
            self.refused.append(IngestResult(str(path), "failed", error=str(exc)))

    def _summary(self, counts: Counter, failures: list[IngestResult], total: int, elapsed: float) -> None:
        ingested = counts["parsed"]
        rate = total / elapsed if elapsed else 0.0
        self.stdout.write(
            f"{total} file(s) in {elapsed:.1f} s ({rate:.0f}/s): {ingested} ingested, "
            f"{counts['duplicate']} duplicate(s), {counts['rejected']} rejected (not IMR letters), "
            f"{counts['failed']} failed. {counts['held']} held for privacy review, "
            f"{counts['needs_review']} published needing review (the admin's review queue)."
        )
        for failure in failures:
            self.stdout.write(f"  FAILED {failure.filename}: {failure.error}")
