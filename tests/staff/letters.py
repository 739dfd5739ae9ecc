"""A zip as staff upload it: clean letters, held ones, copies, a letter with warnings and broken files."""

from __future__ import annotations

import io
import zipfile

from tests.privacy.letters import letter_text
from tests.staff.conftest import warned


def upload_zip(total: int, *, held: int, duplicates: int, broken: int, warnings: int = 1,
               first: int = 1) -> tuple[bytes, dict[str, int]]:
    """`total` files; returns the zip and the counts its progress page must end with."""
    buffer = io.BytesIO()
    clean = total - held - duplicates - broken - warnings
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        kinds = [letter_text] * clean + [warned] * warnings + [lambda n: letter_text(n, doubtful=True)] * held
        for number, kind in enumerate(kinds, start=first):
            archive.writestr(f"letters/CM22-{number:07d}.txt", kind(f"CM22-{number:07d}"))
        for n in range(duplicates):  # the same bytes under another name
            archive.writestr(f"copies/copy-{n}.txt", letter_text(f"CM22-{first + n:07d}"))
        for n in range(broken):
            archive.writestr(f"broken/broken-{n}.pdf", b"%PDF-1.4 this is not a readable PDF" + bytes([n % 256]))
    counts = {"parsed": clean + warnings, "held": held, "duplicate": duplicates, "failed": broken,
              "needs_review": warnings}
    return buffer.getvalue(), counts
