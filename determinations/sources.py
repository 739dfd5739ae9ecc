"""Turning uploaded bytes into letter text (with the parser's decoder), and opening zips safely. Pure Python:
no Django, no database.

Every check here produces a `SourceError` whose message a member of staff can act on; nothing else escapes.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from determinations.parsing import decode_text, extract_pdf_text

PDF = "application/pdf"
TEXT = "text/plain"
ZIP = "application/zip"
LETTER_EXTENSIONS = {".pdf": PDF, ".txt": TEXT}
ACCEPTED_EXTENSIONS = (".pdf", ".txt", ".zip")


class SourceError(Exception):
    """A file that cannot be read as a letter; the message says why, in words staff understand."""


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_member_bytes: int
    max_total_bytes: int
    max_ratio: int
    max_members: int = 200_000


def extension(filename: str) -> str:
    name = filename.lower()
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


def sniff_media_type(data: bytes, filename: str) -> str:
    """The media type by content, checked against the name: a text file renamed .pdf is an error."""
    ext = extension(filename)
    if not data:
        raise SourceError("The file is empty (0 bytes).")
    head = data[:1024].lstrip(b"\x00\t\r\n ")
    if head.startswith(b"%PDF-"):
        if ext == ".txt":
            raise SourceError("The file is named .txt but is a PDF; rename it to .pdf.")
        return PDF
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return ZIP
    if ext == ".pdf":
        raise SourceError("The file is named .pdf but is not a PDF (no %PDF header); it may be a renamed file.")
    if ext == ".zip":
        raise SourceError("The file is named .zip but is not a zip archive.")
    return TEXT


def extract_text(data: bytes, media_type: str) -> str:
    """The letter text of a stored file; raises SourceError (or the parser's LetterError) with a reason."""
    if media_type == PDF:
        text = extract_pdf_text(data)
    else:
        text = decode_text(data)
        if text.count("\x00") > len(text) // 100:
            raise SourceError("The file is binary, not text: it holds NUL bytes.")
    if not text.strip():
        if media_type == PDF:
            raise SourceError("The PDF has no text layer (a scanned image?); it needs OCR before it can be read.")
        raise SourceError("The file holds no text.")
    return text


@dataclass(frozen=True, slots=True)
class ZipMember:
    name: str
    data: bytes | None
    error: str = ""


def iter_zip(data: bytes | str | os.PathLike, limits: ZipLimits, *, archive_name: str = "") -> Iterator[ZipMember]:
    """Each letter in a zip (its bytes, or better its path: read from disk, never whole into memory),
    refusing bombs, nested zips and unsafe names without stopping at them.

    The declared sizes are checked before anything is inflated, and the actual inflated size is capped too,
    because a forged header can lie about it.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise SourceError(f"The zip archive {archive_name!r} is corrupt: {exc}") from exc
    if len(infos) > limits.max_members:
        raise SourceError(f"The zip holds {len(infos):,} files; the limit is {limits.max_members:,}.")
    declared_total = sum(i.file_size for i in infos)
    if declared_total > limits.max_total_bytes:
        raise SourceError(
            f"The zip would inflate to {declared_total:,} bytes; the limit is {limits.max_total_bytes:,} bytes."
        )
    inflated_total = 0
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            yield ZipMember(name, None, "Unsafe path in zip (absolute or '..'); the entry was skipped.")
            continue
        base = posixpath.basename(name)
        if base.startswith(".") or name.startswith("__MACOSX/"):
            continue
        ext = extension(base)
        if ext == ".zip":
            yield ZipMember(name, None, "Nested zip archives are not accepted; upload the inner zip itself.")
            continue
        if ext not in LETTER_EXTENSIONS:
            yield ZipMember(name, None, f"Unsupported file type {ext or '(none)'}; only .pdf and .txt letters.")
            continue
        if info.flag_bits & 0x1:
            yield ZipMember(name, None, "The zip entry is password-protected.")
            continue
        if info.file_size > limits.max_member_bytes:
            yield ZipMember(
                name, None, f"The file is {info.file_size:,} bytes; the limit is {limits.max_member_bytes:,} bytes."
            )
            continue
        if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
            yield ZipMember(name, None, f"Compression ratio above {limits.max_ratio}:1 (a zip bomb?); skipped.")
            continue
        try:
            with archive.open(info) as member:
                content = member.read(limits.max_member_bytes + 1)
        except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError) as exc:
            yield ZipMember(name, None, f"The zip entry is corrupt: {exc}")
            continue
        if len(content) > limits.max_member_bytes:
            yield ZipMember(name, None, "The entry inflates past its declared size (a zip bomb?); skipped.")
            continue
        inflated_total += len(content)
        if inflated_total > limits.max_total_bytes:
            raise SourceError("The zip inflates past the total size limit (a zip bomb?); stopped reading it.")
        yield ZipMember(name, content)


def _unsafe_name(name: str) -> bool:
    normalized = name.replace("\\", "/")
    return normalized.startswith("/") or ".." in normalized.split("/") or (len(name) > 1 and name[1] == ":")
