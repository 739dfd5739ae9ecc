"""The one ingestion pipeline: admin uploads, the `ingest` command and the tests all come through here.

1. `store_upload` keeps the file whole as a SourceDocument (SHA-256 unique) before anything reads it.
2. `prepare` extracts text and parses it; pure and picklable, so the command runs it on every core.
3. `write_prepared` writes cases, items and citations for a batch in one transaction, with a handful of
   queries per batch rather than per letter, and sets each document's status.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import signal
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from determinations import storage
from determinations.models import (
    Case,
    DisputedItem,
    Guideline,
    GuidelineCitation,
    Reviewer,
    SourceDocument,
    outcome_from_decisions,
    storage_name,
)
from determinations.parsing.registry import GUIDELINES_BY_SLUG
from determinations.privacy import RULES_VERSION, mask, scan
from determinations.sources import (
    TEXT,
    ZIP,
    SourceError,
    ZipLimits,
    extract_text,
    iter_zip,
    sniff_media_type,
)
from determinations.staff.progress import record_members

logger = logging.getLogger(__name__)

Status = SourceDocument.Status


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


@dataclass(frozen=True, slots=True)
class IngestResult:
    filename: str
    status: str  # a SourceDocument.Status value, or "failed" for a file refused before it was stored
    document_id: int | None = None
    case_public_id: str | None = None
    error: str = ""
    created: bool = True  # False when the same bytes were already in the archive
    previous_status: str = ""  # the document's status before this run (for re-scan reports)
    masks_changed: bool = False  # a re-written case's public text differs from before
    guidelines_changed: bool = False  # a re-parse changed the case's citations (guideline, who, topic, pages)


def zip_limits() -> ZipLimits:
    return ZipLimits(
        max_member_bytes=settings.IMR_MAX_LETTER_BYTES,
        max_total_bytes=settings.IMR_MAX_ZIP_UNCOMPRESSED_BYTES,
        max_ratio=settings.IMR_MAX_ZIP_RATIO,
    )


# --- step 2: read and parse (no database) -------------------------------------------------------------

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
        if len(data) > settings.IMR_MAX_LETTER_BYTES:
            raise SourceError(
                f"The file is {len(data):,} bytes, over the {settings.IMR_MAX_LETTER_BYTES:,}-byte limit for a letter."
            )
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


# --- step 1: store the file --------------------------------------------------------------------------

def _document_for(prepared: Prepared) -> SourceDocument:
    document = SourceDocument(
        sha256=prepared.sha256,
        filename=prepared.filename[-255:],
        media_type=prepared.media_type or "application/octet-stream",
        size=prepared.size,
    )
    if prepared.stored_name:
        document.file.name = prepared.stored_name
    elif prepared.data is not None:
        document.file.name = store_bytes(prepared.sha256, prepared.data)
    else:
        document.file.name = storage_name(prepared.sha256)
    return document


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


# --- step 3: write ------------------------------------------------------------------------------------

def record_digest(record: dict) -> str:
    """What makes two copies of a letter the same decision: its dates and its items with their decisions."""
    keys = ("case_number", "decision_date", "injury_date", "ur_denial_date", "outcome")
    essence = {k: record.get(k) for k in keys}
    essence["items"] = [
        (" ".join((i.get("description") or "").lower().split()), i.get("decision")) for i in record["items"]
    ]
    return hashlib.sha256(json.dumps(essence, sort_keys=True).encode()).hexdigest()


def reviewer_slug(reviewer: dict) -> str:
    parts = [reviewer.get("specialty") or "unknown specialty", reviewer.get("subspecialty") or ""]
    parts += reviewer.get("licensed_states") or []
    slug = slugify(" ".join(p for p in parts if p))[:200]
    if len(slug) == 200:
        slug = slug[:187] + "-" + hashlib.sha1(" ".join(parts).encode()).hexdigest()[:12]
    return slug


def _resolve_reviewers(records: Iterable[dict]) -> dict[str, Reviewer]:
    wanted: dict[str, Reviewer] = {}
    for record in records:
        reviewer = record.get("reviewer")
        if not reviewer or not (reviewer.get("specialty") or reviewer.get("licensed_states")):
            continue
        slug = reviewer_slug(reviewer)
        specialty = reviewer.get("specialty") or "Unknown specialty"
        wanted.setdefault(slug, Reviewer(
            slug=slug,
            specialty=specialty,
            specialty_slug=slugify(specialty)[:200],
            subspecialty=reviewer.get("subspecialty") or "",
            licensed_states=sorted(reviewer.get("licensed_states") or []),
        ))
    if not wanted:
        return {}
    Reviewer.objects.bulk_create(list(wanted.values()), ignore_conflicts=True)
    return {r.slug: r for r in Reviewer.objects.filter(slug__in=wanted)}


def guideline_ids() -> dict[str, int]:
    """Slug -> id of the guideline registry, read once per batch (51 rows); re-synced if rows are missing."""
    ids = dict(Guideline.objects.values_list("slug", "id"))
    if len(ids) < len(GUIDELINES_BY_SLUG):
        Guideline.objects.bulk_create(
            [Guideline(slug=g.slug, family=g.family, chapter=g.chapter, title=g.title)
             for g in GUIDELINES_BY_SLUG.values()],
            update_conflicts=True, unique_fields=["slug"], update_fields=["family", "chapter", "title"],
        )
        ids = dict(Guideline.objects.values_list("slug", "id"))
    return ids


def _search_texts(record: dict) -> dict[str, str]:
    items = record["items"]
    guideline_words = []
    for item in items:
        for citation in item.get("guidelines") or []:
            entry = GUIDELINES_BY_SLUG.get(citation.get("slug") or "")
            title = entry.title if entry else ""
            guideline_words.append(" ".join(filter(None, [title, citation.get("text"), citation.get("topic")])))
    sections = record.get("sections") or {}
    return {
        "items_text": "\n".join(i.get("description") or "" for i in items),
        "guidelines_text": "\n".join(guideline_words),
        "summary_text": sections.get("case_summary") or sections.get("issue_at_dispute") or "",
        "rationale_text": "\n".join(i.get("rationale") or "" for i in items),
    }


def _facet_arrays(record: dict) -> dict[str, list[str]]:
    """The items' categories and reviewer-cited guideline slugs, one sorted set per case, for search facets."""
    items = record["items"]
    return {
        "categories": sorted({i.get("category") or "other" for i in items}),
        "reviewer_guidelines": sorted({
            c.get("slug") or "other"
            for i in items for c in i.get("guidelines") or [] if c.get("cited_by") == "reviewer"
        }),
    }


def refresh_case(case: Case) -> None:
    """After staff edit a case's items or citations, its outcome, facet arrays and search texts follow.

    The same derivations as at ingestion, from the stored rows instead of a parsed record.
    """
    items = list(case.items.order_by("position").prefetch_related("citations__guideline"))
    record = {
        "sections": case.sections,
        "items": [
            {"description": i.description, "rationale": i.rationale, "category": i.category, "guidelines": [
                {"slug": c.guideline.slug, "cited_by": c.cited_by, "text": c.text, "topic": c.topic}
                for c in i.citations.all()
            ]}
            for i in items
        ],
    }
    fields = {**_search_texts(record), **_facet_arrays(record),
              "outcome": outcome_from_decisions([i.decision for i in items]) or ""}
    for name, value in fields.items():
        setattr(case, name, value)
    case.save(update_fields=[*fields, "updated_at"])


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


def held_record(prepared: Prepared) -> dict:
    """What a held letter keeps for staff to publish later: exactly what the writer needs."""
    return {"record": prepared.record, "public_text": prepared.public_text, "public_id": prepared.public_id,
            "request_notes": prepared.request_notes}


def remask_case(case: Case) -> None:
    """Mask a case's stored texts in place, then re-derive what follows from them: after a staff edit (what
    staff type is masked like what was parsed) and in a re-scan of a staff-reviewed case (never undoing staff
    corrections)."""
    case.sections = {k: mask(v) if isinstance(v, str) else v for k, v in (case.sections or {}).items()}
    case.full_text = mask(case.full_text)
    case.save(update_fields=["sections", "full_text", "updated_at"])
    for item in case.items.all():
        item.description, item.rationale = mask(item.description), mask(item.rationale)
        item.request_note = mask(item.request_note)
        item.save(update_fields=["description", "rationale", "request_note"])
        for citation in item.citations.all():
            citation.topic, citation.text = mask(citation.topic), mask(citation.text)
            citation.save(update_fields=["topic", "text"])
    refresh_case(case)


def _case_fields(prepared: Prepared, reviewers: dict[str, Reviewer]) -> dict:
    record = prepared.record
    assert record is not None
    reviewer_data = record.get("reviewer") or {}
    reviewer = reviewers.get(reviewer_slug(reviewer_data)) if reviewer_data else None
    warnings = list(record.get("warnings") or [])
    return {
        "case_number": record.get("case_number") or None,
        "decision_date": record.get("decision_date"),
        "injury_date": record.get("injury_date"),
        "ur_denial_date": record.get("ur_denial_date"),
        "assigned_date": record.get("assigned_date"),
        "application_received_date": record.get("application_received_date"),
        "priority": record.get("priority") or "",
        "patient_age": record.get("patient_age"),
        "patient_sex": record.get("patient_sex") or "",
        "outcome": outcome_from_decisions([i["decision"] for i in record["items"]]) or "",
        "layout": record.get("layout") or "",
        "reviewer": reviewer,
        "reviewer_experience": (reviewer_data.get("experience") or "")[:200],
        "sections": record.get("sections") or {},
        "full_text": prepared.public_text,
        "warnings": warnings,
        "review_status": Case.ReviewStatus.NEEDS_REVIEW if warnings else Case.ReviewStatus.OK,
        "record_digest": record_digest(record),
        **_search_texts(record),
        **_facet_arrays(record),
    }


def _items_for(case: Case, prepared: Prepared, ids: dict[str, int]) -> list[tuple[DisputedItem, list]]:
    built = []
    for position, item in enumerate(prepared.record["items"], start=1):
        notes = prepared.request_notes
        disputed = DisputedItem(
            case=case,
            position=position,
            description=item.get("description") or "",
            decision=item["decision"],
            category=item.get("category") or "other",
            is_opioid=bool(item.get("is_opioid")),
            rationale=item.get("rationale") or "",
            request_note=notes[position - 1] if position - 1 < len(notes) else "",
        )
        cited = item.get("guidelines") or []
        # the slugs the citations below resolve to (unknown ones to "other"), as the citation trigger computes them
        disputed.reviewer_guidelines = sorted({
            slug if slug in ids else "other"
            for slug in ((c.get("slug") or "other") for c in cited if c.get("cited_by") == "reviewer")
        })
        citations = [
            GuidelineCitation(
                guideline_id=ids.get(c.get("slug") or "other", ids["other"]),
                cited_by=c["cited_by"],
                position=n,
                topic=c.get("topic") or "",
                pages=(c.get("pages") or "")[:100],
                text=c.get("text") or "",
            )
            for n, c in enumerate(cited)
        ]
        built.append((disputed, citations))
    return built


def _stored_citations(case_ids: Sequence[int]) -> dict[int, frozenset[tuple]]:
    """Each case's citations as (item position, position, cited_by, slug, topic, pages): one query."""
    rows: dict[int, list[tuple]] = {pk: [] for pk in case_ids}
    for case_id, *row in GuidelineCitation.objects.filter(item__case__in=case_ids).values_list(
        "item__case_id", "item__position", "position", "cited_by", "guideline__slug", "topic", "pages"
    ):
        rows[case_id].append(tuple(row))
    return {pk: frozenset(r) for pk, r in rows.items()}


def _parsed_citations(record: dict, ids: dict[str, int]) -> frozenset[tuple]:
    """The same key for a parsed record, as `_items_for` would store it."""
    return frozenset(
        (position, n, c["cited_by"], (c.get("slug") or "other") if (c.get("slug") or "other") in ids else "other",
         c.get("topic") or "", (c.get("pages") or "")[:100])
        for position, item in enumerate(record["items"], start=1)
        for n, c in enumerate(item.get("guidelines") or [])
    )


def _write_items(pairs: list[tuple[Case, Prepared]]) -> None:
    ids = guideline_ids()
    built = [pair for case, prepared in pairs for pair in _items_for(case, prepared, ids)]
    items = DisputedItem.objects.bulk_create([item for item, _ in built])
    citations = []
    for item, item_citations in zip(items, (c for _, c in built), strict=True):
        for citation in item_citations:
            citation.item = item
            citations.append(citation)
    GuidelineCitation.objects.bulk_create(citations)


def _written_fields(model, *skip: str) -> list:
    """The fields the writer sets: not the key, a parent, a generated column or a timestamp."""
    return [f for f in model._meta.concrete_fields if not (f.primary_key or f.generated or f.name in skip
            or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))]


def _update_cases(cases: list[Case]) -> None:
    """Rewrite existing cases in one statement (an upsert on the primary key): the statistics triggers run
    once per batch rather than once per case, which is what made re-parsing the archive slow."""
    fields = [f.name for f in _written_fields(Case)] + ["updated_at"]
    Case.objects.bulk_create(cases, update_conflicts=True, unique_fields=["id"], update_fields=fields)


def _unchanged(rewritten: dict[int, tuple[Case, Prepared]], ids: dict[str, int]) -> set[int]:
    """The cases a re-parse would write exactly as they are stored (row, items, citations): three queries a
    batch, and most of a re-parse then writes nothing but its documents."""
    case_fields = _written_fields(Case)
    item_fields, citation_fields = _written_fields(DisputedItem, "case"), _written_fields(GuidelineCitation, "item")

    def row(obj, fields) -> tuple:
        return tuple(f.to_python(getattr(obj, f.attname)) for f in fields)

    stored: dict[int, list] = {pk: [None, [], []] for pk in rewritten}
    for values in Case.objects.filter(pk__in=list(rewritten)).values_list("pk", *(f.attname for f in case_fields)):
        stored[values[0]][0] = values[1:]
    for case_id, *values in DisputedItem.objects.filter(case__in=list(rewritten)).order_by("position").values_list(
            "case_id", *(f.attname for f in item_fields)):
        stored[case_id][1].append(tuple(values))
    for case_id, *values in GuidelineCitation.objects.filter(item__case__in=list(rewritten)).order_by(
            "item__position", "position").values_list("item__case_id", *(f.attname for f in citation_fields)):
        stored[case_id][2].append(tuple(values))
    same = set()
    for pk, (case, prepared) in rewritten.items():
        built = _items_for(case, prepared, ids)
        parsed = [row(case, case_fields), [row(item, item_fields) for item, _ in built],
                  [row(c, citation_fields) for _, cs in built for c in cs]]
        if parsed == stored[pk]:
            same.add(pk)
    return same


def write_prepared(batch: Sequence[Prepared], *, reparse: bool = False) -> list[IngestResult]:
    """Store and write a batch in one transaction: all of it lands, or none of it (and a re-run redoes it).

    Documents already stored are completed, not duplicated; with `reparse`, their cases are rewritten.
    """
    now = timezone.now()
    results: list[IngestResult] = []
    with transaction.atomic():
        documents = {
            d.sha256: d
            for d in SourceDocument.objects.select_related("case").filter(sha256__in=[p.sha256 for p in batch])
        }
        todo: list[tuple[Prepared, SourceDocument]] = []
        seen: set[str] = set()
        for prepared in batch:
            document = documents.get(prepared.sha256)
            if prepared.sha256 in seen:  # the same bytes twice in one batch
                results.append(IngestResult(prepared.filename, Status.DUPLICATE, created=False))
                continue
            seen.add(prepared.sha256)
            finished = document is not None and document.status not in (Status.PENDING, Status.FAILED)
            if finished and not reparse:
                case_id = document.case.public_id if document.case_id else None
                results.append(IngestResult(prepared.filename, Status.DUPLICATE, document.pk, case_id, created=False))
                continue
            if document is None:
                document = _document_for(prepared)
                documents[prepared.sha256] = document
            todo.append((prepared, document))
        SourceDocument.objects.bulk_create([d for _, d in todo if d.pk is None])

        letters = [p for p, _ in todo if p.record and p.record.get("is_imr_letter")]
        reviewers = _resolve_reviewers(p.record for p in letters)
        cases = {c.public_id: c for c in Case.objects.filter(public_id__in={p.public_id for p in letters})}
        new_cases: list[tuple[Case, Prepared]] = []
        rewritten: dict[int, tuple[Case, Prepared]] = {}
        outcomes: dict[int, tuple[str, str, str]] = {}
        withdrawn: list[Case] = []  # public cases whose letter is now held: no longer public
        remasked: list[Case] = []
        previous = {document.pk: (document.status, document.case.full_text if document.case_id else None)
                    for _, document in todo if document.pk}

        for prepared, document in todo:
            document.attempts += 1
            document.processed_at = now
            document.text = prepared.text
            if prepared.error:
                outcomes[document.pk] = (Status.FAILED, prepared.error, "")
                continue
            if not (prepared.record and prepared.record.get("is_imr_letter")):
                reason = "; ".join(prepared.record.get("warnings") or []) if prepared.record else ""
                outcomes[document.pk] = (Status.REJECTED, reason or "Not an IMR determination letter.", "")
                continue
            mask_prepared(prepared)
            primary = document.case if document.case_id and document.case.source_document_id == document.pk else None
            document.privacy_doubts, document.held_record = prepared.doubts, None
            if set(prepared.doubts) - set(document.privacy_cleared):  # fails closed: staff publish it, or not
                if primary is not None and primary.review_status == Case.ReviewStatus.REVIEWED:
                    remasked.append(primary)  # staff corrections are kept, masked; the doubts are reported
                    outcomes[document.pk] = (Status.PARSED, "Reviewed by staff: kept as corrected, masked; privacy "
                                             "doubts: " + "; ".join(prepared.doubts), primary.public_id)
                    continue
                if primary is not None:
                    withdrawn.append(primary)
                    cases.pop(primary.public_id, None)
                document.case, document.held_record = None, held_record(prepared)
                outcomes[document.pk] = (Status.HELD, "Held for privacy review: " + "; ".join(prepared.doubts), "")
                continue
            fields = _case_fields(prepared, reviewers)
            case = cases.get(prepared.public_id)
            if case is None and primary is not None:  # re-parsed into a new identifier: the case follows
                case, primary.public_id = primary, prepared.public_id
                cases[case.public_id] = case
            if case is None:
                case = Case(public_id=prepared.public_id, source_document=document, **fields)
                cases[case.public_id] = case
                new_cases.append((case, prepared))
                outcomes[document.pk] = (Status.PARSED, "", case.public_id)
            elif case.pk is None:  # the same case number twice in one batch: the first file wins
                outcomes[document.pk] = _copy_or_conflict(case, document, fields)
            elif case.source_document_id not in (None, document.pk) or case.pk in rewritten:
                outcomes[document.pk] = _copy_or_conflict(case, document, fields)
            elif case.review_status == Case.ReviewStatus.REVIEWED:  # staff corrections outrank the parser
                remasked.append(case)
                outcomes[document.pk] = (Status.PARSED, "Reviewed by staff: kept as corrected.", case.public_id)
            else:
                for name, value in fields.items():
                    setattr(case, name, value)
                case.source_document = document
                rewritten[case.pk] = (case, prepared)
                outcomes[document.pk] = (Status.PARSED, "", case.public_id)
            document.case = case

        if withdrawn:
            Case.objects.filter(pk__in=[c.pk for c in withdrawn]).delete()
        Case.objects.bulk_create([c for c, _ in new_cases])
        changed: set[int] = set()
        same: set[int] = set()  # cases read exactly as they are stored: left as they are, no delete, no trigger
        if rewritten:
            before, ids = _stored_citations(list(rewritten)), guideline_ids()
            changed = {pk for pk, (_, p) in rewritten.items() if before[pk] != _parsed_citations(p.record, ids)}
            same = _unchanged(rewritten, ids)
            rewritten = {pk: pair for pk, pair in rewritten.items() if pk not in same}
            DisputedItem.objects.filter(case__in=list(rewritten)).delete()
            _update_cases([case for case, _ in rewritten.values()])
        _write_items(new_cases + list(rewritten.values()))
        for case in cases.values():
            if case.pk and case.has_conflict and case.pk not in rewritten and case.pk not in same:
                case.save(update_fields=["has_conflict", "review_status", "conflict_note", "updated_at"])

        for case in remasked:
            remask_case(case)

        for prepared, document in todo:
            status, error, public_id = outcomes[document.pk]
            document.status, document.error = status, error
            document.privacy_version = RULES_VERSION
            before_status, before_text = previous.get(document.pk, ("", None))
            after = cases.get(public_id) if public_id else None
            masks_differ = before_text is not None and after is not None and after.full_text != before_text
            results.append(IngestResult(prepared.filename, status, document.pk, public_id or None, error,
                                        previous_status=before_status, masks_changed=masks_differ,
                                        guidelines_changed=document.case_id in changed))
        # one upsert rather than bulk_update's CASE expressions, which grow with the batch
        SourceDocument.objects.bulk_create(
            [d for _, d in todo], update_conflicts=True, unique_fields=["sha256"],
            update_fields=["status", "error", "case", "text", "processed_at", "attempts", "held_record",
                           "privacy_doubts", "privacy_version"],
        )
    return results


def publish_held(documents: Iterable[SourceDocument]) -> list[IngestResult]:
    """Staff publish held letters: their doubts are cleared and the pipeline's own writer makes them public."""
    batch: list[Prepared] = []
    with transaction.atomic():
        for document in documents:
            if document.status != Status.HELD or not document.held_record:
                continue
            held = document.held_record
            document.privacy_cleared = sorted(set(document.privacy_cleared) | set(document.privacy_doubts))
            document.save(update_fields=["privacy_cleared"])
            batch.append(Prepared(
                sha256=document.sha256, filename=document.filename, size=document.size,
                media_type=document.media_type, text=document.text, record=held["record"],
                request_notes=held.get("request_notes") or [], public_id=held["public_id"],
                public_text=held["public_text"], doubts=list(document.privacy_doubts),
            ))
        return write_prepared(batch, reparse=True) if batch else []


def _copy_or_conflict(case: Case, document: SourceDocument, fields: dict) -> tuple[str, str, str]:
    """A second file for a case already archived: an identical copy, or a conflict flagged for staff."""
    if case.record_digest == fields["record_digest"]:
        return Status.DUPLICATE, "Another file of the same letter; linked to the archived case.", case.public_id
    case.has_conflict = True
    case.review_status = Case.ReviewStatus.NEEDS_REVIEW
    note = f"{document.filename} (sha256 {document.sha256[:12]}) parses to a different decision."
    case.conflict_note = "\n".join(filter(None, [case.conflict_note, note]))
    return Status.PARSED, "", case.public_id


# --- the public entry points ----------------------------------------------------------------------------

def process_document(document: SourceDocument, *, reparse: bool = False) -> IngestResult:
    """Read a stored document (again): for the background task, retries and re-parsing."""
    return reprocess([document.pk], reparse=reparse)[0]


def expand_zip(document: SourceDocument) -> IngestResult:
    """Store every letter of an uploaded zip, then parse each; the zip itself stays as the record of it."""
    results = []
    try:
        path = storage.verified_path(document.file.name, document.sha256)
        for member in iter_zip(path, zip_limits(), archive_name=document.filename):
            if member.error:
                found = [IngestResult(member.name, Status.FAILED, error=member.error)]
            else:
                found = ingest_files([(member.name, member.data)])
            results.extend(found)
            record_members(document, found)  # the upload's progress page follows the worker
    except (SourceError, storage.DamagedFileError) as exc:
        document.status, document.error = Status.FAILED, _reason(exc)
    else:
        counts = Counter(r.status for r in results)
        failures = [f"{r.filename}: {r.error}" for r in results if r.status == Status.FAILED]
        document.status = Status.EXPANDED
        document.error = "\n".join(failures[:50])
        document.text = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    document.processed_at = timezone.now()
    document.attempts += 1
    document.save(update_fields=["status", "error", "text", "processed_at", "attempts"])
    return IngestResult(document.filename, document.status, document.pk, error=document.error)


def ingest_files(files: Iterable[tuple[str, bytes]], *, batch_size: int = 200) -> list[IngestResult]:
    """Ingest (name, bytes) pairs in this process. The command line spreads `prepare` over every core."""
    results: list[IngestResult] = []
    batch: list[Prepared] = []
    for name, data in files:
        batch.append(prepare(data, name))
        if len(batch) >= batch_size:
            results.extend(write_prepared(batch))
            batch = []
    if batch:
        results.extend(write_prepared(batch))
    return results


def ingest_bytes(data: bytes, filename: str) -> IngestResult:
    """One file, start to finish: store it, then read it (zips are expanded)."""
    if len(data) > settings.IMR_MAX_UPLOAD_BYTES:
        return IngestResult(filename, Status.FAILED, error="The file is larger than the upload limit.")
    document, created = store_upload(data, filename)
    if not created and document.status not in (Status.PENDING, Status.FAILED):
        case_id = document.case.public_id if document.case_id else None
        return IngestResult(filename, Status.DUPLICATE, document.pk, case_id, created=False)
    return process_document(document)



def reprocess(document_ids: Iterable[int], *, reparse: bool = False, batch_size: int = 200) -> list[IngestResult]:
    """Retry failed documents or re-parse parsed ones (after a parser improvement), a batch at a time."""
    results: list[IngestResult] = []
    ids = list(document_ids)
    for start in range(0, len(ids), batch_size):
        documents = SourceDocument.objects.filter(pk__in=ids[start:start + batch_size]).order_by("pk")
        batch = []
        for document in documents:
            if document.media_type == ZIP:
                results.append(expand_zip(document))
                continue
            try:
                data = storage.read_verified(document.file.name, document.sha256)
            except storage.DamagedFileError as exc:
                results.append(_damaged(document, exc))
                continue
            batch.append(prepare(data, document.filename, store=False))
        if batch:
            results.extend(write_prepared(batch, reparse=reparse))
    return results


DAMAGED = "Stored file:"


def _reason(exc: Exception) -> str:
    return f"{DAMAGED} {exc}" if isinstance(exc, storage.DamagedFileError) else str(exc)


def _damaged(document: SourceDocument, exc: storage.DamagedFileError) -> IngestResult:
    """A stored file that fails its hash check is never parsed: the document fails with the reason."""
    document.status, document.error = Status.FAILED, _reason(exc)
    document.processed_at, document.attempts = timezone.now(), document.attempts + 1
    document.save(update_fields=["status", "error", "processed_at", "attempts"])
    return IngestResult(document.filename, document.status, document.pk, error=document.error)


Work = tuple[str, str | None, bytes | None]  # (display name, path to read, or bytes already read)


def _ignore_sigint() -> None:
    """A pool worker leaves Ctrl-C to its parent, and dies on SIGTERM whatever handler it inherited (a task
    worker's graceful one would swallow the pool's own terminate and hang its parent)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _prepare_work(work: Work) -> Prepared:
    name, path, data = work
    if data is not None:
        return prepare(data, name)
    data = Path(path).read_bytes()
    stored_as = Path(path).name  # a stored file (re-parsing) is named by its SHA-256: check it first
    if Path(path).is_relative_to(settings.MEDIA_ROOT) and hashlib.sha256(data).hexdigest() != stored_as:
        return Prepared(sha256=stored_as, filename=name, size=len(data),
                        error=_reason(storage.DamagedFileError(storage.DAMAGED)))
    return prepare(data, name)


def ingest_parallel(works: Sequence[Work], *, workers: int, batch_size: int = 500, reparse: bool = False,
                    read: Callable[..., Prepared] = _prepare_work) -> Iterator[list[IngestResult]]:
    """Read and parse on `workers` forked processes (`read` turns one work into a Prepared), write here in
    batches, in the order of `works`; yields each batch's results.

    Stopping it at any point (Ctrl-C, a kill) loses nothing: the batch in progress rolls back, and the next
    run finds every stored document by its hash.
    """
    if not connection.in_atomic_block:  # (inside a test's transaction the workers simply never use it)
        connections.close_all()  # never share a database connection with forked workers
    pool = multiprocessing.get_context("fork").Pool(max(1, workers), initializer=_ignore_sigint)
    try:
        batch: list[Prepared] = []
        for prepared in pool.imap(read, works, chunksize=8):
            batch.append(prepared)
            if len(batch) >= batch_size:
                yield write_prepared(batch, reparse=reparse)
                batch = []
        if batch:
            yield write_prepared(batch, reparse=reparse)
    finally:
        pool.terminate()
        pool.join()
