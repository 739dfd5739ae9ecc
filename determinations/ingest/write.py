"""Step 3: write a batch of prepared letters in one transaction: for each document a plan (what to do with it,
decided without writing), then the batch applied with a handful of queries rather than a few per letter.
Also the writes that follow a staff edit (`refresh_case`, `remask_case`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from determinations.derive import case_derived, guideline_slug
from determinations.engine import keep
from determinations.ingest.prepare import Prepared, mask_prepared
from determinations.ingest.store import store_bytes
from determinations.models import (
    Case,
    DisputedItem,
    Guideline,
    GuidelineCitation,
    Reviewer,
    SourceDocument,
    storage_name,
)
from determinations.parsing.registry import GUIDELINES_BY_SLUG
from determinations.privacy import RULES_VERSION, mask

Status = SourceDocument.Status


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


# The database's rule (imr_item_guidelines, which the citation triggers run) applied to each item's citations and
# to each record's (the case's array, the union of its items'). One statement for a whole batch.
GUIDELINE_ARRAYS_SQL = """
SELECT false, key, slugs FROM imr_item_guidelines(%(items)s::bigint[], %(guidelines)s::bigint[], %(cited_by)s::text[])
UNION ALL
SELECT true, key, slugs FROM imr_item_guidelines(%(cases)s::bigint[], %(guidelines)s::bigint[], %(cited_by)s::text[])
"""


@dataclass(frozen=True, slots=True)
class GuidelineArrays:
    """A record's guideline arrays, as the database derives them: the case's, and each item's by position."""

    case: list[str]
    items: dict[int, list[str]]


def guideline_arrays(records: Sequence[dict], ids: dict[str, int]) -> list[GuidelineArrays]:
    """The guideline arrays of records about to be written (or re-derived), asked of the database in one
    statement, so the rows go in as the citation triggers would leave them and the triggers write nothing."""
    citations: dict[str, list] = {"items": [], "cases": [], "guidelines": [], "cited_by": []}
    places: list[tuple[int, int]] = []  # an item's key -> (record, position)
    for r, record in enumerate(records):
        for position, item in enumerate(record["items"], start=1):
            for c in item.get("guidelines") or []:
                for column, value in (("items", len(places)), ("cases", r),
                                      ("guidelines", ids[guideline_slug(c.get("slug"))]), ("cited_by", c["cited_by"])):
                    citations[column].append(value)
            places.append((r, position))
    cases: dict[int, list[str]] = {}
    items: dict[int, dict[int, list[str]]] = {}
    if citations["items"]:
        with connection.cursor() as cursor:
            cursor.execute(GUIDELINE_ARRAYS_SQL, citations)
            for is_case, key, slugs in cursor.fetchall():
                if is_case:
                    cases[key] = slugs
                else:
                    r, position = places[key]
                    items.setdefault(r, {})[position] = slugs
    return [GuidelineArrays(cases.get(r, []), items.get(r, {})) for r in range(len(records))]


def refresh_case(case: Case) -> None:
    """After staff edit a case's items or citations, its outcome, facet arrays and search texts follow.

    The same derivations as at ingestion, from the stored rows instead of a parsed record.
    """
    items = list(case.items.order_by("position").prefetch_related("citations__guideline"))
    record = {
        "sections": case.sections,
        "items": [
            {"description": i.description, "rationale": i.rationale, "category": i.category,
             "decision": i.decision, "guidelines": [
                {"slug": c.guideline.slug, "cited_by": c.cited_by, "text": c.text, "topic": c.topic}
                for c in i.citations.all()
            ]}
            for i in items
        ],
    }
    fields = {**case_derived(record), "reviewer_guidelines": guideline_arrays([record], guideline_ids())[0].case}
    for name, value in fields.items():
        setattr(case, name, value)
    case.save(update_fields=[*fields, "updated_at"])
    keep.after_commit()  # the staff edit reaches the search indexes once it commits


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
        "layout": record.get("layout") or "",
        "reviewer": reviewer,
        "reviewer_experience": (reviewer_data.get("experience") or "")[:200],
        "sections": record.get("sections") or {},
        "full_text": prepared.public_text,
        "warnings": warnings,
        "review_status": Case.ReviewStatus.NEEDS_REVIEW if warnings else Case.ReviewStatus.OK,
        "record_digest": record_digest(record),
        **case_derived(record),
    }


def _items_for(case: Case, prepared: Prepared, ids: dict[str, int],
               arrays: GuidelineArrays) -> list[tuple[DisputedItem, list]]:
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
            reviewer_guidelines=arrays.items.get(position, []),
        )
        cited = item.get("guidelines") or []
        citations = [
            GuidelineCitation(
                guideline_id=ids[guideline_slug(c.get("slug"))],
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


def _parsed_citations(record: dict) -> frozenset[tuple]:
    """The same key for a parsed record, as `_items_for` would store it."""
    return frozenset(
        (position, n, c["cited_by"], guideline_slug(c.get("slug")),
         c.get("topic") or "", (c.get("pages") or "")[:100])
        for position, item in enumerate(record["items"], start=1)
        for n, c in enumerate(item.get("guidelines") or [])
    )


def _write_items(pairs: list[tuple[Case, Prepared]], ids: dict[str, int], arrays: dict[int, GuidelineArrays]) -> None:
    built = [pair for case, prepared in pairs for pair in _items_for(case, prepared, ids, arrays[id(case)])]
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


def _unchanged(rewritten: dict[int, tuple[Case, Prepared]], ids: dict[str, int],
               arrays: dict[int, GuidelineArrays]) -> set[int]:
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
        built = _items_for(case, prepared, ids, arrays[id(case)])
        parsed = [row(case, case_fields), [row(item, item_fields) for item, _ in built],
                  [row(c, citation_fields) for _, cs in built for c in cs]]
        if parsed == stored[pk]:
            same.add(pk)
    return same


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


class Step(StrEnum):
    """What the writer does with one document of a batch."""

    FAIL = "fail"  # unreadable: kept, failed, with the reason
    REJECT = "reject"  # not an IMR letter
    KEEP_DOUBTED = "keep doubted"  # still looks personal, but staff reviewed its case: kept as corrected, masked
    HOLD = "hold"  # still looks personal: held for staff to publish, public nowhere (its case withdrawn)
    CREATE = "create"  # a new case
    LINK = "link"  # another file of a case already archived: an identical copy, or a conflict for staff
    KEEP_REVIEWED = "keep reviewed"  # its case was corrected by staff, who outrank the parser
    REWRITE = "rewrite"  # its own case, written again from this parse


def plan(prepared: Prepared, document: SourceDocument, primary: Case | None, case: Case | None,
         rewritten: Iterable[int]) -> Step:
    """The decision for one document, from what is known of it and of its case; reads and writes nothing.

    `primary` is the case this document wrote before, if any; `case` the case its identifier names now (maybe
    one this batch creates, not saved yet); `rewritten` the cases this batch already rewrites.
    """
    if prepared.error:
        return Step.FAIL
    if not _is_letter(prepared):
        return Step.REJECT
    if set(prepared.doubts) - set(document.privacy_cleared):  # fails closed: staff publish it, or not
        reviewed = primary is not None and primary.review_status == Case.ReviewStatus.REVIEWED
        return Step.KEEP_DOUBTED if reviewed else Step.HOLD
    case = case or primary  # re-parsed into a new identifier: the case follows
    if case is None:
        return Step.CREATE
    if case.pk is None or case.source_document_id not in (None, document.pk) or case.pk in rewritten:
        return Step.LINK  # the same case number twice in one batch (the first file wins), or another file's case
    if case.review_status == Case.ReviewStatus.REVIEWED:
        return Step.KEEP_REVIEWED
    return Step.REWRITE


def _is_letter(prepared: Prepared) -> bool:
    return bool(prepared.record and prepared.record.get("is_imr_letter"))


@dataclass
class _Batch:
    """One batch's writes, gathered in memory as each document's plan is applied, then made in a few queries."""

    reviewers: dict[str, Reviewer]
    cases: dict[str, Case]  # by public id: the archived cases the batch's letters name, and those it creates
    new_cases: list[tuple[Case, Prepared]] = field(default_factory=list)
    rewritten: dict[int, tuple[Case, Prepared]] = field(default_factory=dict)
    withdrawn: list[Case] = field(default_factory=list)  # public cases whose letter is now held
    remasked: list[Case] = field(default_factory=list)

    def apply(self, step: Step, prepared: Prepared, document: SourceDocument,
              primary: Case | None) -> tuple[str, str, str]:
        """Carry out one document's plan in memory; returns its (status, error, case public id)."""
        if step is Step.FAIL:
            return Status.FAILED, prepared.error, ""
        if step is Step.REJECT:
            reason = "; ".join(prepared.record.get("warnings") or []) if prepared.record else ""
            return Status.REJECTED, reason or "Not an IMR determination letter.", ""
        document.privacy_doubts, document.held_record = prepared.doubts, None
        if step is Step.KEEP_DOUBTED:  # staff corrections are kept, masked; the doubts are reported
            self.remasked.append(primary)
            return (Status.PARSED, "Reviewed by staff: kept as corrected, masked; privacy doubts: "
                    + "; ".join(prepared.doubts), primary.public_id)
        if step is Step.HOLD:
            if primary is not None:
                self.withdrawn.append(primary)
                self.cases.pop(primary.public_id, None)
            document.case, document.held_record = None, held_record(prepared)
            return Status.HELD, "Held for privacy review: " + "; ".join(prepared.doubts), ""
        fields = _case_fields(prepared, self.reviewers)
        case = self.cases.get(prepared.public_id) or primary
        if step is Step.CREATE:
            case = Case(public_id=prepared.public_id, source_document=document, **fields)
            self.new_cases.append((case, prepared))
            outcome = (Status.PARSED, "", case.public_id)
        elif step is Step.LINK:
            outcome = _copy_or_conflict(case, document, fields)
        elif step is Step.KEEP_REVIEWED:
            self.remasked.append(case)
            outcome = (Status.PARSED, "Reviewed by staff: kept as corrected.", case.public_id)
        else:
            for name, value in fields.items():
                setattr(case, name, value)
            case.public_id, case.source_document = prepared.public_id, document
            self.rewritten[case.pk] = (case, prepared)
            outcome = (Status.PARSED, "", case.public_id)
        self.cases[case.public_id] = case
        document.case = case
        return outcome

    def save(self) -> set[int]:
        """Make the gathered writes; returns the rewritten cases whose citations changed."""
        if self.withdrawn:
            Case.objects.filter(pk__in=[c.pk for c in self.withdrawn]).delete()
        pairs = self.new_cases + list(self.rewritten.values())
        ids = guideline_ids()
        arrays = {id(case): a for (case, _), a in zip(pairs, guideline_arrays([p.record for _, p in pairs], ids),
                                                       strict=True)}
        for case, _ in pairs:
            case.reviewer_guidelines = arrays[id(case)].case
        Case.objects.bulk_create([c for c, _ in self.new_cases])
        changed: set[int] = set()
        same: set[int] = set()  # cases read exactly as they are stored: left as they are, no delete, no trigger
        if self.rewritten:
            before = _stored_citations(list(self.rewritten))
            changed = {pk for pk, (_, p) in self.rewritten.items() if before[pk] != _parsed_citations(p.record)}
            same = _unchanged(self.rewritten, ids, arrays)
            self.rewritten = {pk: pair for pk, pair in self.rewritten.items() if pk not in same}
            DisputedItem.objects.filter(case__in=list(self.rewritten)).delete()
            _update_cases([case for case, _ in self.rewritten.values()])
        _write_items(self.new_cases + list(self.rewritten.values()), ids, arrays)
        for case in self.cases.values():
            if case.pk and case.has_conflict and case.pk not in self.rewritten and case.pk not in same:
                case.save(update_fields=["has_conflict", "review_status", "conflict_note", "updated_at"])
        for case in self.remasked:
            remask_case(case)
        return changed


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

        letters = [p for p, _ in todo if _is_letter(p)]
        writes = _Batch(_resolve_reviewers(p.record for p in letters),
                        {c.public_id: c for c in Case.objects.filter(public_id__in={p.public_id for p in letters})})
        previous = {document.pk: (document.status, document.case.full_text if document.case_id else None)
                    for _, document in todo if document.pk}
        outcomes: dict[int, tuple[str, str, str]] = {}
        for prepared, document in todo:
            document.attempts += 1
            document.processed_at = now
            document.text = prepared.text
            if not prepared.error and _is_letter(prepared):
                mask_prepared(prepared)
            primary = document.case if document.case_id and document.case.source_document_id == document.pk else None
            step = plan(prepared, document, primary, writes.cases.get(prepared.public_id), writes.rewritten)
            outcomes[document.pk] = writes.apply(step, prepared, document, primary)
        changed = writes.save()

        for prepared, document in todo:
            status, error, public_id = outcomes[document.pk]
            document.status, document.error = status, error
            document.privacy_version = RULES_VERSION
            before_status, before_text = previous.get(document.pk, ("", None))
            after = writes.cases.get(public_id) if public_id else None
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
        results = write_prepared(batch, reparse=True) if batch else []
        keep.after_commit()
        return results


def _copy_or_conflict(case: Case, document: SourceDocument, fields: dict) -> tuple[str, str, str]:
    """A second file for a case already archived: an identical copy, or a conflict flagged for staff."""
    if case.record_digest == fields["record_digest"]:
        return Status.DUPLICATE, "Another file of the same letter; linked to the archived case.", case.public_id
    case.has_conflict = True
    case.review_status = Case.ReviewStatus.NEEDS_REVIEW
    note = f"{document.filename} (sha256 {document.sha256[:12]}) parses to a different decision."
    case.conflict_note = "\n".join(filter(None, [case.conflict_note, note]))
    return Status.PARSED, "", case.public_id
