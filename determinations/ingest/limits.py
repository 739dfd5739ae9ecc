"""How large a file the archive takes: one letter, one upload (a zip), and what a zip may inflate to. The admin
upload form, the `ingest` command and the pipeline all ask here."""

from __future__ import annotations

from django.conf import settings

from determinations.sources import ZipLimits, extension


def zip_limits() -> ZipLimits:
    return ZipLimits(
        max_member_bytes=settings.IMR_MAX_LETTER_BYTES,
        max_total_bytes=settings.IMR_MAX_ZIP_UNCOMPRESSED_BYTES,
        max_ratio=settings.IMR_MAX_ZIP_RATIO,
    )


def letter_size_error(size: int) -> str:
    """Why a letter of `size` bytes is refused, or ""."""
    limit = settings.IMR_MAX_LETTER_BYTES
    return f"The file is {size:,} bytes, over the {limit:,}-byte limit for a letter." if size > limit else ""


def upload_size_error(size: int) -> str:
    """Why an upload (a letter or a zip of letters) of `size` bytes is refused, or ""."""
    limit = settings.IMR_MAX_UPLOAD_BYTES
    return f"The file is {size:,} bytes, over the {limit:,}-byte upload limit." if size > limit else ""


def size_error(size: int, filename: str) -> str:
    """Why a file is refused before it is stored, by its kind: a zip against the upload limit, a letter against
    the letter limit; or ""."""
    return upload_size_error(size) if extension(filename) == ".zip" else letter_size_error(size)
