"""Step 2: extract a file's text, parse it and mask it. No database: pure and picklable, so the command runs it
on every core."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from determinations.ingest.limits import letter_size_error
from determinations.ingest.store import store_bytes
from determinations.privacy import mask, scan
from determinations.sources import TEXT, ZIP, SourceError, extract_text, sniff_media_type

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Prepared:
    """A file read and parsed, ready to be written. Built without the database."""

    sha256: str
    filename: str
    size: int
    media_type: str = ""
    data: bytes | None = None
    text: str = ""
    record: dict | None = None
    request_notes: list[str] = field(default_factory=list)
    public_id: str = ""
    error: str = ""
    public_text: str | None = None  # `text` masked; set by `mask_prepared`, in the worker when possible
    doubts: list[str] = field(default_factory=list)  # what still looks personal after masking
    stored_name: str = ""  # where `prepare` stored the bytes


def prepare(data: bytes, filename: str, *, store: bool = True) -> Prepared:
    """Read one letter file. Never raises: a problem becomes `error`, kept with the stored file.

    With `store`, the bytes are written to storage first, here on the worker: content-addressed, so a
    re-run writes the same file again and the database row that points to it comes with the batch.
    """
    from determinations.parsing import LetterError, content_identifier, parse_text

    prepared = Prepared(sha256=hashlib.sha256(data).hexdigest(), filename=filename, size=len(data))
    if store:
        prepared.stored_name = store_bytes(prepared.sha256, data)
    try:
        prepared.media_type = sniff_media_type(data, filename)
        if prepared.media_type == ZIP:
            raise SourceError("A zip archive inside a batch of letters is not accepted here.")
        if error := letter_size_error(len(data)):
            raise SourceError(error)
        prepared.text = extract_text(data, prepared.media_type)
        letter = parse_text(prepared.text)
    except (SourceError, LetterError) as exc:
        prepared.error = str(exc) or exc.__class__.__name__
        prepared.media_type = prepared.media_type or TEXT
        return prepared
    except Exception as exc:  # a parser bug must not lose the file: keep it, failed, with the reason
        logger.exception("unexpected error reading %s", filename)
        prepared.error = f"Unexpected error while reading the letter: {exc.__class__.__name__}: {exc}"
        return prepared
    prepared.record = letter.to_json()
    prepared.request_notes = [getattr(item, "request_note", "") or "" for item in letter.items]
    if prepared.record.get("is_imr_letter"):
        prepared.public_id = prepared.record.get("case_number") or content_identifier(prepared.text)
        mask_prepared(prepared)
    return prepared


def mask_prepared(prepared: Prepared) -> None:
    """Mask every free text a public surface may show and collect the doubts; done by `prepare` on the workers.

    Idempotent. Sections, items (descriptions, rationales, request notes) and citations are masked one by one,
    so a mask never spans two fields and every text the writer stores is masked.
    """
    if prepared.public_text is not None:
        return
    whole = scan(prepared.text)
    prepared.public_text = whole.text
    if prepared.record and prepared.record.get("is_imr_letter"):
        prepared.record, doubts = mask_record(prepared.record)
        prepared.doubts = [*doubts, *(d for d in whole.doubts if d not in doubts)]
        prepared.request_notes = [mask(note) for note in prepared.request_notes]


def mask_record(record: dict) -> tuple[dict, list[str]]:
    """The record with every free text a public surface may show masked, and the doubts left in them."""
    found: list[str] = []

    def clean(text: str | None) -> str:
        result = scan(text or "")
        found.extend(d for d in result.doubts if d not in found)
        return result.text

    record = {**record, "sections": {k: clean(v) if isinstance(v, str) else v
                                     for k, v in (record.get("sections") or {}).items()}}
    record["items"] = [
        {**item, "description": clean(item.get("description")), "rationale": clean(item.get("rationale")),
         "guidelines": [{**c, "topic": mask(c.get("topic") or "") or c.get("topic"),
                         "text": mask(c.get("text") or "") or c.get("text")} for c in item.get("guidelines") or []]}
        for item in record["items"]
    ]
    reviewer = record.get("reviewer")
    if reviewer and reviewer.get("experience"):
        record["reviewer"] = {**reviewer, "experience": mask(reviewer["experience"])}
    return record, found
