"""Stored files: streamed in, written atomically, and checked against their SHA-256 on every read.

A file is written to a temporary name beside its final one and renamed into place, so a crash leaves either
no file or the whole file, never half of one. Reads compare the bytes with the hash the name was made from;
a damaged file is reported (and rewritten when the same bytes are uploaded again), never parsed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.files.uploadhandler import TemporaryFileUploadHandler

CHUNK = 1024 * 1024


class DamagedFileError(Exception):
    """A stored file whose bytes no longer match its SHA-256 (truncated by a crash, or altered)."""


DAMAGED = "The stored file is damaged (its SHA-256 does not match); upload the same file again to restore it."
MISSING = "The stored file is missing; upload the same file again to restore it."


class HashingUploadHandler(TemporaryFileUploadHandler):
    """Every upload goes to a temporary file in chunks, hashed on the way: never whole in memory."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self._sha256 = hashlib.sha256()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self._sha256.update(raw_data)
        super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int):
        upload = super().file_complete(file_size)
        upload.sha256 = self._sha256.hexdigest()
        return upload


def path_of(name: str) -> Path:
    return Path(default_storage.path(name))


def write_atomic(name: str, chunks: Iterable[bytes], root: Path | None = None) -> None:
    """Write `chunks` under `name` (in storage, or under `root`): a temporary file in the same folder,
    flushed, then renamed over the final name."""
    final = root / name if root is not None else path_of(name)
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".tmp-", suffix="-" + final.name[:16])
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_intact(name: str, sha256: str) -> bool:
    path = path_of(name)
    return path.is_file() and file_sha256(path) == sha256


def read_verified(name: str, sha256: str) -> bytes:
    """The stored bytes, checked against their hash (a letter: a few MB at most)."""
    try:
        data = path_of(name).read_bytes()
    except FileNotFoundError as exc:
        raise DamagedFileError(MISSING) from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise DamagedFileError(DAMAGED)
    return data


def verified_path(name: str, sha256: str) -> Path:
    """The stored file's path after a streamed hash check: for zips, opened from disk, never read whole."""
    path = path_of(name)
    if not path.is_file():
        raise DamagedFileError(MISSING)
    if file_sha256(path) != sha256:
        raise DamagedFileError(DAMAGED)
    return path


def file_chunks(path: str | os.PathLike) -> Iterable[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk
