"""Background work through Django's task API (django-tasks, database backend, `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from determinations import ingest
from determinations.models import SourceDocument


@task()
def process_document(document_id: int, reparse: bool = False) -> str:
    """Read one stored upload (a letter, or a zip of letters); returns the document's new status."""
    document = SourceDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    return ingest.process_document(document, reparse=reparse).status


@task()
def process_documents(document_ids: list[int], reparse: bool = False) -> dict[str, int]:
    """Read many stored documents, in batches: how the admin's retry and re-parse actions run."""
    counts: dict[str, int] = {}
    for result in ingest.reprocess(document_ids, reparse=reparse):
        counts[result.status] = counts.get(result.status, 0) + 1
    return counts
