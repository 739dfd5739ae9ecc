"""Step 1: keep the file whole as a SourceDocument (SHA-256 unique) before anything reads it."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction

from determinations import storage
from determinations.models import SourceDocument, storage_name
from determinations.sources import SourceError, sniff_media_type


def store_bytes(sha256: str, data: bytes) -> str:
    """Write the bytes under their hash, atomically; again only if the stored copy is missing or damaged."""
    name = storage_name(sha256)
    if not storage.is_intact(name, sha256):
        storage.write_atomic(name, [data])
    return name


def store_upload(data: bytes, filename: str) -> tuple[SourceDocument, bool]:
    """Keep the bytes before anything parses them. Returns (document, created); the same bytes twice -> one row."""
    sha256 = hashlib.sha256(data).hexdigest()
    return _store(sha256, len(data), data[:1024], filename, lambda name: storage.write_atomic(name, [data]))


def store_uploaded_file(upload, filename: str) -> tuple[SourceDocument, bool]:
    """`store_upload` for a file Django streamed to disk (hashed on the way): copied in chunks, never whole."""
    sha256 = getattr(upload, "sha256", None)
    if sha256 is None:  # not from the hashing upload handler
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        sha256 = digest.hexdigest()
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    return _store(sha256, upload.size, head, filename, lambda name: storage.write_atomic(name, upload.chunks()))


def _store(sha256: str, size: int, head: bytes, filename: str, write) -> tuple[SourceDocument, bool]:
    name = storage_name(sha256)
    existing = SourceDocument.objects.filter(sha256=sha256).first()
    if existing is not None:
        if not storage.is_intact(existing.file.name or name, sha256):  # a damaged copy: these bytes restore it
            write(existing.file.name or name)
        return existing, False
    try:
        media_type = sniff_media_type(head, filename)
    except SourceError:
        media_type = "application/octet-stream"
    if not storage.is_intact(name, sha256):
        write(name)
    document = SourceDocument(sha256=sha256, filename=filename[-255:], media_type=media_type, size=size)
    document.file.name = name
    try:
        with transaction.atomic():
            document.save(force_insert=True)
    except IntegrityError:  # lost a race with another upload of the same bytes
        return SourceDocument.objects.get(sha256=sha256), False
    return document, True
