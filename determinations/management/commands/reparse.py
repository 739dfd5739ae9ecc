"""`manage.py reparse`: read stored documents again with the current parser, e.g. after it improves.

The same parallel pipeline as `ingest` (read and parse on every core, write in batches of one transaction),
so re-parsing the whole archive is one command. Cases that staff reviewed and corrected are kept as corrected.

Documents are read in id order, a chunk at a time (the main process never holds the whole archive), and each
batch commits whole: an interrupted run has finished every document up to the last id it reported, and
`--after ID` goes on from there without reading them again.
"""

from __future__ import annotations

import hashlib
import os
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from determinations import storage
from determinations.ingest import DAMAGED, Prepared, expand_zip, ingest_parallel, prepare
from determinations.models import SourceDocument
from determinations.sources import ZIP

Status = SourceDocument.Status
DONE = [Status.PARSED, Status.DUPLICATE, Status.REJECTED, Status.HELD]

# (name, sha256, path of the stored file or "", the stored text when there is no file)
Reread = tuple[str, str, str, str | None]


def reread(work: Reread) -> Prepared:
    """One stored document read again, on a pool worker: its file, which must still hash to the document, or,
    for a document with no stored file (written straight from a record, as the benchmark archives are, or a
    file lost from storage), the text that was extracted from it and kept with it."""
    name, sha256, path, text = work
    if text is None:
        data = Path(path).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:  # never parsed: the document fails with the reason
            return Prepared(sha256=sha256, filename=name, size=len(data), error=f"{DAMAGED} {storage.DAMAGED}")
        return prepare(data, name, store=False)
    prepared = prepare(text.encode("utf-8"), "text.txt", store=False)  # text, whatever the file was
    prepared.sha256, prepared.filename = sha256, name  # the document it was read from
    return prepared


class Command(BaseCommand):
    help = "Re-parse the archive's documents (--all), or retry the failed ones (--failed)."

    def add_arguments(self, parser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--all", action="store_true", help="Every parsed, duplicate, rejected and held document.")
        group.add_argument("--failed", action="store_true", help="Only documents that failed (or were left pending).")
        parser.add_argument("--after", type=int, default=0, metavar="ID",
                            help="Only documents with a greater id: goes on with an interrupted run.")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        parser.add_argument("--batch-size", type=int, default=500, help="Documents written per transaction.")
        parser.add_argument("--chunk", type=int, default=10_000, help="Documents the main process lists at once.")
        parser.add_argument("--report-every", type=int, default=10_000, metavar="N",
                            help="Write a progress line every N documents.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (the lines stay).")

    def handle(self, *args, all: bool, failed: bool, after: int, workers: int, batch_size: int, chunk: int,
               report_every: int, no_progress: bool, **options) -> None:
        if min(batch_size, chunk, report_every) < 1 or after < 0:
            raise CommandError("--batch-size, --chunk and --report-every must be positive, --after not negative.")
        statuses = [Status.FAILED, Status.PENDING] if failed else DONE
        documents = SourceDocument.objects.filter(status__in=statuses, pk__gt=after).order_by("pk")
        counts: Counter[str] = Counter()
        for document in documents.filter(media_type=ZIP):  # a zip left pending is expanded now
            counts[expand_zip(document).status] += 1
        letters = documents.exclude(media_type=ZIP)
        run = Tally(total=letters.count(), cursor=after)
        self.stdout.write(f"Re-reading {run.total:,} document(s)" + (f" after id {after}" if after else "") +
                          f"; load average {os.getloadavg()[0]:.1f}.")
        try:
            with tqdm(total=run.total, unit="letter", disable=no_progress, file=sys.stderr) as progress:
                while rows := list(letters.filter(pk__gt=run.cursor).values_list(
                        "pk", "filename", "sha256", "file")[:chunk]):
                    paths = {pk: default_storage.path(file) if file else "" for pk, _, _, file in rows}
                    fileless = [pk for pk, path in paths.items() if not (path and os.path.isfile(path))]
                    texts = dict(letters.filter(pk__in=fileless).values_list("pk", "text")) if fileless else {}
                    run.from_text += len(fileless)
                    works = [(name, sha256, paths[pk], texts.get(pk)) for pk, name, sha256, _ in rows]
                    written = 0
                    for results in ingest_parallel(works, workers=workers, batch_size=batch_size, reparse=all,
                                                   read=reread):
                        counts.update(r.status for r in results)
                        run.changed += sum(r.guidelines_changed for r in results)
                        run.done += len(results)
                        written += len(results)  # one result per document, and each batch commits in id order
                        run.cursor = rows[written - 1][0]
                        progress.update(len(results))
                        if run.done // report_every > run.reported:
                            run.reported = run.done // report_every
                            self.stdout.write(run.line("  "))
        except KeyboardInterrupt:
            raise CommandError(run.line("Interrupted: ") + ". Go on with: manage.py reparse "
                               f"--{'all' if all else 'failed'} --after {run.cursor}") from None
        self.stdout.write(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "Nothing to do.")
        if run.from_text:
            self.stdout.write(f"{run.from_text} document(s) had no stored file: read from the text kept with them.")
        if all:
            self.stdout.write(f"{run.changed} cases whose guidelines changed (guideline, who cited it, topic or "
                              f"pages); {run.summary()}")


@dataclass
class Tally:
    """A run's progress, and the figures its lines report (time, rate, CPU, load)."""

    total: int
    cursor: int
    done: int = 0
    changed: int = 0
    reported: int = 0
    from_text: int = 0
    started: float = field(default_factory=time.perf_counter)

    def line(self, prefix: str) -> str:
        elapsed = time.perf_counter() - self.started
        return (f"{prefix}{self.done:,} of {self.total:,} re-read in {elapsed:.0f} s "
                f"({self.done / max(elapsed, 1e-9):.1f}/s), {self.changed:,} with changed guidelines; "
                f"finished up to id {self.cursor}")

    def summary(self) -> str:
        """Wall time and rate, and the CPU this process and its (finished) workers used, which does not
        depend on what else the machine runs; PostgreSQL's own CPU is not in it."""
        elapsed = time.perf_counter() - self.started
        cpu = sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                      resource.getrusage(resource.RUSAGE_CHILDREN)))
        return (f"{self.done} documents re-read in {elapsed:.1f} s ({self.done / max(elapsed, 1e-9):.1f} "
                f"documents/s); CPU {cpu:.0f} s in this command and its workers "
                f"({1000 * cpu / max(self.done, 1):.1f} ms a document); load average {os.getloadavg()[0]:.1f}")
