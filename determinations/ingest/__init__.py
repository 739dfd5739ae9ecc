"""The one ingestion pipeline: admin uploads, the `ingest` command and the tests all come through here.

1. `store` keeps the file whole as a SourceDocument (SHA-256 unique) before anything reads it.
2. `prepare` extracts text, parses and masks it; pure and picklable, so the command runs it on every core.
3. `write` writes cases, items and citations for a batch in one transaction: a plan per document (`plan`),
   then the batch applied with a handful of queries rather than per letter; each document gets its status.
`limits` and `zips` are shared by the admin upload, the worker and the command; `run` holds the entry points.
What a case derives from its items (outcome, facets, search texts) is `determinations.derive`.
"""

from determinations.ingest.limits import letter_size_error, size_error, upload_size_error, zip_limits
from determinations.ingest.prepare import Prepared, mask_prepared, mask_record, prepare
from determinations.ingest.run import (
    DAMAGED,
    Pace,
    Work,
    expand_zip,
    ingest_bytes,
    ingest_files,
    ingest_parallel,
    process_document,
    reprocess,
)
from determinations.ingest.store import store_bytes, store_upload, store_uploaded_file
from determinations.ingest.write import (
    IngestResult,
    Step,
    guideline_ids,
    held_record,
    plan,
    publish_held,
    record_digest,
    refresh_case,
    remask_case,
    reviewer_slug,
    write_prepared,
)
from determinations.ingest.zips import letters_in_zip

__all__ = [
    "DAMAGED", "IngestResult", "Pace", "Prepared", "Step", "Work", "expand_zip", "guideline_ids", "held_record",
    "ingest_bytes", "ingest_files", "ingest_parallel", "letter_size_error", "letters_in_zip", "mask_prepared",
    "mask_record", "plan", "prepare", "process_document", "publish_held", "record_digest", "refresh_case",
    "remask_case", "reprocess", "reviewer_slug", "size_error", "store_bytes", "store_upload", "store_uploaded_file",
    "upload_size_error", "write_prepared", "zip_limits",
]
