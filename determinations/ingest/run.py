"""The pipeline's entry points: one file, a list of files, stored documents again, a zip, every core."""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from determinations import storage
from determinations.engine import keep
from determinations.ingest.limits import upload_size_error
from determinations.ingest.prepare import Prepared, prepare
from determinations.ingest.store import store_upload
from determinations.ingest.write import IngestResult, write_prepared
from determinations.ingest.zips import letters_in_zip
from determinations.models import SourceDocument
from determinations.sources import ZIP, SourceError
from determinations.staff.progress import record_members

Status = SourceDocument.Status


def process_document(document: SourceDocument, *, reparse: bool = False) -> IngestResult:
    """Read a stored document (again): for the background task, retries and re-parsing."""
    return reprocess([document.pk], reparse=reparse)[0]


ZIP_CATCH_UP = 200  # a zip's letters are written one by one and caught up into the search indexes by the 200


def expand_zip(document: SourceDocument) -> IngestResult:
    """Store every letter of an uploaded zip, then parse each; the zip itself stays as the record of it."""
    results = []
    try:
        path = storage.verified_path(document.file.name, document.sha256)
        for member in letters_in_zip(path, archive_name=document.filename):
            if member.error:
                found = [IngestResult(member.name, Status.FAILED, error=member.error)]
            else:  # a letter a transaction, for the progress page; the search indexes a batch at a time
                found = write_prepared([prepare(member.data, member.name)])
            results.extend(found)
            record_members(document, found)  # the upload's progress page follows the worker
            if len(results) % ZIP_CATCH_UP == 0:
                keep.after_commit()
    except (SourceError, storage.DamagedFileError) as exc:
        document.status, document.error = Status.FAILED, _reason(exc)
    else:
        counts = Counter(r.status for r in results)
        failures = [f"{r.filename}: {r.error}" for r in results if r.status == Status.FAILED]
        document.status = Status.EXPANDED
        document.error = "\n".join(failures[:50])
        document.text = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    document.processed_at = timezone.now()
    document.attempts += 1
    document.save(update_fields=["status", "error", "text", "processed_at", "attempts"])
    keep.after_commit()
    return IngestResult(document.filename, document.status, document.pk, error=document.error)


def _write(batch: Sequence[Prepared], *, reparse: bool = False) -> list[IngestResult]:
    """One batch written, then the search indexes kept current once it commits (the catch-up never fails it)."""
    results = write_prepared(batch, reparse=reparse)
    keep.after_commit()
    return results


def ingest_files(files: Iterable[tuple[str, bytes]], *, batch_size: int = 200) -> list[IngestResult]:
    """Ingest (name, bytes) pairs in this process. The command line spreads `prepare` over every core."""
    results: list[IngestResult] = []
    batch: list[Prepared] = []
    for name, data in files:
        batch.append(prepare(data, name))
        if len(batch) >= batch_size:
            results.extend(_write(batch))
            batch = []
    if batch:
        results.extend(_write(batch))
    return results


def ingest_bytes(data: bytes, filename: str) -> IngestResult:
    """One file, start to finish: store it, then read it (zips are expanded)."""
    if error := upload_size_error(len(data)):
        return IngestResult(filename, Status.FAILED, error=error)
    document, created = store_upload(data, filename)
    if not created and document.status not in (Status.PENDING, Status.FAILED):
        case_id = document.case.public_id if document.case_id else None
        return IngestResult(filename, Status.DUPLICATE, document.pk, case_id, created=False)
    return process_document(document)


def reprocess(document_ids: Iterable[int], *, reparse: bool = False, batch_size: int = 200) -> list[IngestResult]:
    """Retry failed documents or re-parse parsed ones (after a parser improvement), a batch at a time."""
    results: list[IngestResult] = []
    ids = list(document_ids)
    for start in range(0, len(ids), batch_size):
        documents = SourceDocument.objects.filter(pk__in=ids[start:start + batch_size]).order_by("pk")
        batch = []
        for document in documents:
            if document.media_type == ZIP:
                results.append(expand_zip(document))
                continue
            try:
                data = storage.read_verified(document.file.name, document.sha256)
            except storage.DamagedFileError as exc:
                results.append(_damaged(document, exc))
                continue
            batch.append(prepare(data, document.filename, store=False))
        if batch:
            results.extend(_write(batch, reparse=reparse))
    return results


DAMAGED = "Stored file:"


def _reason(exc: Exception) -> str:
    return f"{DAMAGED} {exc}" if isinstance(exc, storage.DamagedFileError) else str(exc)


def _damaged(document: SourceDocument, exc: storage.DamagedFileError) -> IngestResult:
    """A stored file that fails its hash check is never parsed: the document fails with the reason."""
    document.status, document.error = Status.FAILED, _reason(exc)
    document.processed_at, document.attempts = timezone.now(), document.attempts + 1
    document.save(update_fields=["status", "error", "processed_at", "attempts"])
    return IngestResult(document.filename, document.status, document.pk, error=document.error)


Work = tuple[str, str | None, bytes | None]  # (display name, path to read, or bytes already read)


def _ignore_sigint() -> None:
    """A pool worker leaves Ctrl-C to its parent, and dies on SIGTERM whatever handler it inherited (a task
    worker's graceful one would swallow the pool's own terminate and hang its parent)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _prepare_work(work: Work) -> Prepared:
    name, path, data = work
    if data is not None:
        return prepare(data, name)
    data = Path(path).read_bytes()
    stored_as = Path(path).name  # a stored file (re-parsing) is named by its SHA-256: check it first
    if Path(path).is_relative_to(settings.MEDIA_ROOT) and hashlib.sha256(data).hexdigest() != stored_as:
        return Prepared(sha256=stored_as, filename=name, size=len(data),
                        error=_reason(storage.DamagedFileError(storage.DAMAGED)))
    return prepare(data, name)


@dataclass
class Pace:
    """Where a parallel ingestion's time went: the seconds the one writer spent writing batches (and how much of
    that was its own Python on a core), the search indexes' follower catching them up (each on its own path),
    and the letters. The writer's share bounds the rate however many cores parse; its busy time includes
    waiting for a core while the parsers hold them, so on a machine with cores to spare it is shorter
    (bench/bench_write.py times the writer alone)."""

    letters: int = 0
    writing: float = 0.0
    writing_cpu: float = 0.0
    indexing: float = 0.0

    def ceiling(self) -> str:
        if not self.letters or not self.writing:
            return ""
        per_letter = self.writing / self.letters
        return (f"the writer was busy {per_letter * 1000:.1f} ms a letter ({self.writing_cpu / self.letters * 1000:.1f}"
                f" ms of it its own Python on a core; the rest the database and waiting for a core), the search "
                f"index's catch-up {self.indexing / self.letters * 1000:.1f} ms beside it: with cores enough to "
                f"read the letters, at most {1 / per_letter:.0f} letters/s at that pace")


def ingest_parallel(works: Sequence[Work], *, workers: int, batch_size: int = 500, reparse: bool = False,
                    read: Callable[..., Prepared] = _prepare_work, pace: Pace | None = None,
                    ) -> Iterator[list[IngestResult]]:
    """Read and parse on `workers` forked processes (`read` turns one work into a Prepared), write here in
    batches, in the order of `works`; yields each batch's results. The search indexes are caught up by a
    follower thread while the next batch is written (in line inside a transaction, as in a test's).

    Stopping it at any point (Ctrl-C, a kill) loses nothing: the batch in progress rolls back, and the next
    run finds every stored document by its hash.
    """
    pace = pace or Pace()
    in_transaction = connection.in_atomic_block  # (inside a test's: the workers simply never use the connection)
    if not in_transaction:
        connections.close_all()  # never share a database connection with forked workers
    pool = multiprocessing.get_context("fork").Pool(max(1, workers), initializer=_ignore_sigint)
    follower = contextlib.nullcontext() if in_transaction else keep.Follower()  # started after the fork

    def write(batch: list[Prepared]) -> list[IngestResult]:
        started, cpu = time.monotonic(), time.thread_time()
        results = _write(batch, reparse=reparse)
        pace.writing += time.monotonic() - started
        pace.writing_cpu += time.thread_time() - cpu
        pace.letters += len(batch)
        return results

    try:
        with follower:
            batch: list[Prepared] = []
            for prepared in pool.imap(read, works, chunksize=8):
                batch.append(prepared)
                if len(batch) >= batch_size:
                    yield write(batch)
                    batch = []
            if batch:
                yield write(batch)
    finally:
        pace.indexing = getattr(follower, "busy", 0.0)
        pool.terminate()
        pool.join()
