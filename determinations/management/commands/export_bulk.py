"""Write the whole archive as one bulk file (gzipped JSON Lines), for download at /bulk/imr-decisions.jsonl.gz.

One anonymous request may export a page of decisions; the whole archive comes from this file, rebuilt by
this command (nightly, say) rather than by any request. One decision a line, in the JSON export's shape
(schema imr-archive/decisions/v1). Written beside the old file and renamed into place, so a download never
sees a half-written file.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from determinations.models import Case
from determinations.views.search import EXPORT_CHUNK, case_json

JSONL = "imr-decisions.jsonl.gz"
BULK_FILES = (JSONL,)


class Command(BaseCommand):
    help = f"Write every decision to IMR_BULK_DIR/{JSONL} (one JSON decision a line)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--base-url", default=os.environ.get("IMR_PUBLIC_URL", ""),
                            help="The site's address, for each decision's url (default: $IMR_PUBLIC_URL).")
        parser.add_argument("--out", default=str(settings.IMR_BULK_DIR))

    def handle(self, *, base_url: str, out: str, **options) -> None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        base = base_url.rstrip("/")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        count = 0
        try:
            with os.fdopen(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as lines:
                for case in Case.objects.order_by("pk").for_listing().iterator(chunk_size=EXPORT_CHUNK):
                    lines.write(json.dumps(case_json(case, base)) + "\n")
                    count += 1
            os.chmod(tmp, 0o644)
            os.replace(tmp, folder / JSONL)
        finally:
            Path(tmp).unlink(missing_ok=True)
        self.stdout.write(f"{count:,} decisions written to {folder / JSONL}.")
