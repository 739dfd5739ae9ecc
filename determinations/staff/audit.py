"""The audit trail: who changed public content, when, what (before and after) and why.

Django's own `LogEntry` (already written by every admin edit and deletion), not a history library: staff
change a few hundred decisions a day while ingestion writes thousands of letters an hour, and a row-history
library (triggers or save signals on Case) would copy every ingested letter into a history table, which
the trail does not need. `bench/staff_desk.py` measures the trail's per-decision read over the whole log.
Each staff action here writes one LogEntry whose message is JSON: the admin's own "changed fields" part
(shown by its History page) followed by {"staff": {"action", "note", "before", "after"}}.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from determinations.models import Case, SourceDocument

FLAGS = {"publish": CHANGE, "reject": CHANGE, "duplicate": CHANGE, "accept": CHANGE, "edit": CHANGE,
         "withdraw": DELETION, "reparse": CHANGE, "original publishable": CHANGE, "retry": CHANGE,
         "create": ADDITION}


def record(user, obj: Model, action: str, *, before: dict | None = None, after: dict | None = None,
           note: str = "") -> LogEntry:
    """One entry in the trail for one object."""
    return record_many(user, [(obj, before, after)], action, note=note)[0]


def record_many(user, changes: Iterable[tuple[Model, dict | None, dict | None]], action: str,
                *, note: str = "") -> list[LogEntry]:
    """Entries for a bulk action, written in one insert."""
    entries = []
    for obj, before, after in changes:
        fields = sorted(set(before or {}) | set(after or {}))
        message = [{"changed": {"fields": fields}}] if fields else []
        message.append({"staff": {"action": action, "note": note, "before": before or {}, "after": after or {}}})
        entries.append(LogEntry(
            user_id=user.pk, content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk), object_repr=str(obj)[:200], action_flag=FLAGS.get(action, CHANGE),
            change_message=json.dumps(message, default=str),
        ))
    return LogEntry.objects.bulk_create(entries)


def staff_part(entry: LogEntry) -> dict[str, Any]:
    """The action, note, before and after of an entry (the admin's own edits: the fields it changed)."""
    try:
        parts = json.loads(entry.change_message) if entry.change_message.startswith("[") else []
    except ValueError:
        parts = []
    for part in parts:
        if "staff" in part:
            return part["staff"]
    verb = {ADDITION: "create", CHANGE: "edit", DELETION: "delete"}.get(entry.action_flag, "edit")
    return {"action": verb, "note": "", "before": {}, "after": {}, "summary": entry.get_change_message()}


def for_case(case: Case) -> QuerySet[LogEntry]:
    """Everything done to a decision and to the files it was written from (publishing a held letter included)."""
    documents = [str(pk) for pk in SourceDocument.objects.filter(
        Q(case=case) | Q(pk=case.source_document_id)).values_list("pk", flat=True)]
    types = ContentType.objects.get_for_models(Case, SourceDocument)
    return (LogEntry.objects.filter(Q(content_type=types[Case], object_id=str(case.pk))
                                    | Q(content_type=types[SourceDocument], object_id__in=documents))
            .select_related("user", "content_type").order_by("-action_time"))


def for_document(document: SourceDocument) -> QuerySet[LogEntry]:
    types = ContentType.objects.get_for_models(Case, SourceDocument)
    query = Q(content_type=types[SourceDocument], object_id=str(document.pk))
    if document.case_id:
        query |= Q(content_type=types[Case], object_id=str(document.case_id))
    return LogEntry.objects.filter(query).select_related("user", "content_type").order_by("-action_time")


def trail() -> QuerySet[LogEntry]:
    """The whole trail of the archive's content, newest first."""
    types = ContentType.objects.get_for_models(*_public_models()).values()
    return LogEntry.objects.filter(content_type__in=types).select_related("user", "content_type").order_by(
        "-action_time")


def _public_models() -> list[type[Model]]:
    from determinations.models import DisputedItem, GuidelineCitation

    return [Case, SourceDocument, DisputedItem, GuidelineCitation]


def rows(entries: Iterable[LogEntry]) -> Iterable[dict[str, Any]]:
    for entry in entries:
        part = staff_part(entry)
        yield {
            "when": entry.action_time.isoformat(timespec="seconds"),
            "who": entry.user.get_username() if entry.user_id else "",
            "what": f"{entry.content_type.model} {entry.object_id}",
            "object": entry.object_repr,
            "action": part.get("action", ""),
            "before": json.dumps(part.get("before") or {}, default=str, sort_keys=True),
            "after": json.dumps(part.get("after") or {}, default=str, sort_keys=True),
            "note": part.get("note") or part.get("summary", ""),
        }


COLUMNS = ["when", "who", "what", "object", "action", "before", "after", "note"]


def to_csv(entries: Iterable[LogEntry]) -> Iterable[str]:
    """The trail as CSV lines, streamed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS)
    writer.writeheader()
    for row in rows(entries):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
