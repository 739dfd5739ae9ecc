"""Zips of letters, for the `ingest` command and for an uploaded zip the worker expands: the same limits."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from determinations.ingest.limits import upload_size_error, zip_limits
from determinations.sources import SourceError, ZipMember, iter_zip


def letters_in_zip(path: str | os.PathLike, archive_name: str = "") -> Iterator[ZipMember]:
    """Each letter of the zip at `path` (read from disk, never whole into memory), or the reason it was skipped;
    raises SourceError for a zip refused whole (over the upload limit, corrupt, a bomb)."""
    error = upload_size_error(Path(path).stat().st_size)
    if error:
        raise SourceError(error)
    yield from iter_zip(path, zip_limits(), archive_name=archive_name or Path(path).name)
