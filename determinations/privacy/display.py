"""Masking as a page shows text: the render-time safety net over text the pipeline already masked, made cheap.

Every text a public page shows was masked when it was stored (ingest, staff edits, re-scans); pages mask it
once more as they show it, in case something reached the database another way. The text the current rules
leave unchanged (nearly all of it) is remembered by its digest, so the scanner reads each distinct text once
per process rather than once per view; any other text is masked every time it is shown. The memory is per
process, and the rules are fixed for the life of a process (they are read at import), so a remembered text
is one the running rules have read and left as it is. (This module is outside the rules' version hash:
changing it asks for no re-scan of the archive.)
"""

from __future__ import annotations

import hashlib

from determinations.privacy import mask

REMEMBERED = 200_000  # digests of clean texts kept per process (16 bytes each); forgotten all at once when full
_clean: set[bytes] = set()


def shown(text: str) -> str:
    """The text as a public page may show it: masked by the current rules (idempotent on masked text)."""
    if not text:
        return text
    key = hashlib.blake2b(text.encode(), digest_size=16).digest()
    if key in _clean:
        return text
    masked = mask(text)
    if masked == text:
        if len(_clean) >= REMEMBERED:
            _clean.clear()
        _clean.add(key)
    return masked
