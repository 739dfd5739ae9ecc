"""How far an upload has got: its files by status, a progress bar, an estimate of the time left.

The counts are one grouped query over the batch's files joined to their documents (an index on the batch),
so a page for a 5,000-letter zip costs the same as one for a single letter.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from determinations import storage
from determinations.models import Case, SourceDocument
from determinations.sources import LETTER_EXTENSIONS, extension
from determinations.staff.models import BatchFile, UploadBatch

Status = SourceDocument.Status

# The progress page's words for a document's status, in the order it lists them.
LABELS = {
    Status.PENDING: "stored", Status.PARSED: "parsed and published", Status.HELD: "held for review",
    Status.DUPLICATE: "duplicate", Status.REJECTED: "rejected", Status.FAILED: "failed",
}
DONE = {Status.PARSED, Status.HELD, Status.DUPLICATE, Status.REJECTED, Status.FAILED}


def letters_in_zip(source: bytes | str | os.PathLike) -> int:
    """How many letters a zip (its bytes or its stored path) holds, from its directory alone (nothing is
    decompressed, nothing read whole): the expected total."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            return sum(1 for i in archive.infolist() if not i.is_dir() and extension(i.filename) in LETTER_EXTENSIONS)
    except (zipfile.BadZipFile, OSError):
        return 0


def start_batch(user, files: Iterable[tuple[SourceDocument, bool]]) -> UploadBatch:
    """Record an upload: each (document, newly stored). A file already archived is a duplicate at once."""
    batch = UploadBatch.objects.create(created_by=user if user and user.is_authenticated else None)
    rows, expected = [], 0
    for document, fresh in files:
        is_archive = document.media_type == "application/zip" or extension(document.filename) == ".zip"
        redo = fresh or document.status in (Status.PENDING, Status.FAILED)
        expected += letters_in_zip(storage.path_of(document.file.name)) if is_archive else 1
        rows.append(BatchFile(batch=batch, document=document, filename=document.filename[-255:],
                              is_archive=is_archive, outcome="" if redo or is_archive else Status.DUPLICATE))
    BatchFile.objects.bulk_create(rows)
    batch.expected = expected
    batch.save(update_fields=["expected"])
    return batch


def record_members(archive: SourceDocument, results: Iterable) -> None:
    """The letters a zip brought, as the worker writes them, added to every batch that uploaded the zip."""
    batches = list(BatchFile.objects.filter(document=archive, is_archive=True).values_list("batch_id", flat=True))
    if not batches:
        return
    rows = []
    for result in results:
        copy = result.status in (Status.DUPLICATE, Status.FAILED) and not (
            result.status == Status.FAILED and result.document_id)
        rows += [BatchFile(batch_id=b, document_id=result.document_id, filename=result.filename[-255:],
                           outcome=result.status if copy else "", error=result.error[:2000]) for b in batches]
    BatchFile.objects.bulk_create(rows)


def needing_review(results: Iterable) -> int:
    """How many of a written batch's new letters are published but flagged for review (one query)."""
    ids = [r.case_public_id for r in results if r.status == Status.PARSED and r.case_public_id]
    return Case.objects.filter(public_id__in=ids, review_status=Case.ReviewStatus.NEEDS_REVIEW).count() if ids else 0


@dataclass
class Progress:
    batch: UploadBatch
    counts: dict[str, int] = field(default_factory=dict)
    needs_review: int = 0
    done: int = 0
    total: int = 0
    archives_pending: int = 0

    @property
    def finished(self) -> bool:
        return self.archives_pending == 0 and self.done >= self.total

    @property
    def percent(self) -> int:
        return 100 if self.finished or not self.total else min(99, int(100 * self.done / self.total))

    @property
    def remaining(self) -> timedelta | None:
        """Time left at the rate so far: files finished per second since the upload."""
        if self.finished:
            return timedelta(0)
        if self.done < 1:
            return None
        elapsed = (timezone.now() - self.batch.created_at).total_seconds()
        return timedelta(seconds=round((self.total - self.done) * elapsed / self.done))

    def rows(self) -> list[tuple[str, str, int]]:
        return [(status, label, self.counts.get(status, 0)) for status, label in LABELS.items()]


def batch_progress(batch: UploadBatch) -> Progress:
    """The batch's counts by status, from one grouped query (plus one for the letters needing review)."""
    files = BatchFile.objects.filter(batch=batch)
    letters = files.filter(is_archive=False).annotate(
        state=Coalesce(NullIf(F("outcome"), Value("")), F("document__status")))
    counts = {row["state"]: row["n"] for row in letters.values("state").annotate(n=Count("id"))}
    progress = Progress(batch=batch, counts=counts)
    progress.done = sum(n for state, n in counts.items() if state in DONE)
    progress.archives_pending = files.filter(is_archive=True).exclude(
        document__status__in=[Status.EXPANDED, Status.FAILED]).count()
    seen = sum(counts.values())
    progress.total = seen if progress.archives_pending == 0 else max(batch.expected, seen)
    progress.needs_review = Case.objects.filter(
        pk__in=letters.filter(state=Status.PARSED).values("document__case_id"),
        review_status=Case.ReviewStatus.NEEDS_REVIEW).count()
    return progress
