"""The review queue: everything that needs a person, and what a reviewer can do about it.

Three reasons, each read through an index: letters held by the privacy scan (`doc_status_uploaded`),
letters parsed with warnings and conflicts between two files of one case number (`case_needs_review`,
partial on review_status <> 'ok'). Held letters are not public until published here. Letters with
warnings and conflicts are public already (their statistics counted by triggers on write): for them the
queue is a worklist, not a gate; accepting, correcting, rejecting or marking a copy takes them off it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from determinations import ingest
from determinations.engine import keep
from determinations.models import Case, SourceDocument
from determinations.staff import audit

Status = SourceDocument.Status

HELD, WARNINGS, CONFLICTS = "held", "warnings", "conflicts"
REASONS = {
    HELD: "Held by the privacy scan",
    WARNINGS: "Parsed with warnings",
    CONFLICTS: "Conflicting files for one case number",
}
# The actions each reason offers, with their keyboard shortcut.
ACTIONS = {
    HELD: [("publish", "Publish", "p"), ("correct", "Publish and correct", "c"), ("reject", "Reject", "r"),
           ("duplicate", "Mark as duplicate", "d")],
    WARNINGS: [("accept", "Publish as is", "p"), ("correct", "Correct", "c"), ("reject", "Reject (withdraw)", "r")],
    CONFLICTS: [("accept", "Keep the archived reading", "p"), ("correct", "Correct", "c"),
                ("duplicate", "Mark as duplicate", "d"), ("reject", "Reject (withdraw)", "r")],
}


def held() -> QuerySet[SourceDocument]:
    return SourceDocument.objects.filter(status=Status.HELD).order_by("-uploaded_at", "-id")


def warnings() -> QuerySet[Case]:
    return Case.objects.filter(review_status=Case.ReviewStatus.NEEDS_REVIEW, has_conflict=False).order_by("-id")


def conflicts() -> QuerySet[Case]:
    return Case.objects.filter(review_status=Case.ReviewStatus.NEEDS_REVIEW, has_conflict=True).order_by("-id")


def entries(reason: str) -> QuerySet:
    """The queue for one reason, with only the columns its screen shows."""
    if reason == HELD:
        return held().only("id", "filename", "uploaded_at", "privacy_doubts", "held_record", "status", "file",
                           "media_type")
    return (warnings() if reason == WARNINGS else conflicts()).select_related("source_document").only(
        "id", "public_id", "decision_date", "outcome", "warnings", "conflict_note", "full_text", "has_conflict",
        "review_status", "source_document__id", "source_document__filename", "source_document__file",
        "source_document__media_type")


def counts() -> dict[str, int]:
    return {HELD: held().count(), WARNINGS: warnings().count(), CONFLICTS: conflicts().count()}


@dataclass
class Outcome:
    done: int
    message: str
    redirect: str = ""


def _case_snapshot(case: Case) -> dict:
    return {"public_id": case.public_id, "review_status": case.review_status, "outcome": case.outcome,
            "decision_date": case.decision_date, "has_conflict": case.has_conflict,
            "items": list(case.items.order_by("position").values_list("description", "decision"))}


def act(user, reason: str, action: str, ids: list[int], note: str = "") -> Outcome:
    """Apply one action to queue entries of one reason, and record each in the audit trail."""
    if action not in {a for a, _, _ in ACTIONS.get(reason, [])}:
        raise ValueError(f"{action!r} is not an action for {reason!r}")
    if reason == HELD:
        return _act_held(user, action, ids, note)
    return _act_case(user, reason, action, ids, note)


def _act_held(user, action: str, ids: list[int], note: str) -> Outcome:
    documents = list(held().filter(pk__in=ids).order_by("pk"))
    if action in ("publish", "correct"):
        with transaction.atomic():
            results = ingest.publish_held(documents)
            published = {r.document_id: r for r in results if r.status != Status.HELD}
            cases = {c.public_id: c for c in Case.objects.filter(
                public_id__in=[r.case_public_id for r in published.values() if r.case_public_id])}
            changes = []
            for document in documents:
                result = published.get(document.pk)
                if result is None:
                    continue
                after = {"status": result.status, "case": result.case_public_id,
                         "privacy_cleared": document.privacy_doubts}
                changes.append((document, {"status": Status.HELD}, after))
                if result.case_public_id in cases:
                    case = cases[result.case_public_id]
                    changes.append((case, {"public": False}, {"public": True, **_case_snapshot(case)}))
            audit.record_many(user, changes, "publish", note=note)
        redirect = ""
        if action == "correct" and len(cases) == 1:
            redirect = f"/admin/determinations/case/{next(iter(cases.values())).pk}/change/"
        return Outcome(len(published), f"{len(published)} held letter(s) published.", redirect)
    status = Status.REJECTED if action == "reject" else Status.DUPLICATE
    reason = "Rejected by a reviewer" if action == "reject" else "Marked a duplicate by a reviewer"
    with transaction.atomic():
        for document in documents:
            document.status = status
            doubts = "; ".join(document.privacy_doubts)
            document.error = f"{reason}{': ' + note if note else ''}. (Privacy doubts: {doubts})"
        SourceDocument.objects.bulk_update(documents, ["status", "error"])
        audit.record_many(user, [(d, {"status": Status.HELD}, {"status": status}) for d in documents], action,
                          note=note)
    done = "rejected" if action == "reject" else "marked duplicates"
    return Outcome(len(documents), f"{len(documents)} held letter(s) {done}: kept, never public.")


def _act_case(user, reason: str, action: str, ids: list[int], note: str) -> Outcome:
    source = warnings() if reason == WARNINGS else conflicts()
    cases = list(source.filter(pk__in=ids).order_by("pk"))
    if action == "correct":
        if len(cases) != 1:
            return Outcome(0, "Correct one letter at a time.")
        return Outcome(0, "", f"/admin/determinations/case/{cases[0].pk}/change/")
    with transaction.atomic():
        keep.after_commit()  # withdrawn letters leave the search indexes once this commits
        before = {c.pk: _case_snapshot(c) for c in cases}
        if action == "reject":
            SourceDocument.objects.filter(case__in=cases).update(
                status=Status.REJECTED, error=f"Withdrawn by a reviewer{': ' + note if note else ''}.")
            audit.record_many(user, [(c, before[c.pk], {"public": False}) for c in cases], "withdraw", note=note)
            Case.objects.filter(pk__in=[c.pk for c in cases]).delete()  # the statistics' triggers follow
            return Outcome(len(cases), f"{len(cases)} letter(s) withdrawn from the archive; their files are kept.")
        for case in cases:
            case.review_status = Case.ReviewStatus.REVIEWED
            if action == "duplicate":
                case.has_conflict = False
                case.conflict_note = f"{case.conflict_note}\nThe other file is a copy (reviewer).".strip()
        Case.objects.bulk_update(cases, ["review_status", "has_conflict", "conflict_note"])
        audit.record_many(user, [(c, {k: before[c.pk][k] for k in ("review_status", "has_conflict")},
                                  {"review_status": c.review_status, "has_conflict": c.has_conflict})
                                 for c in cases], action, note=note)
    return Outcome(len(cases), f"{len(cases)} letter(s) reviewed and taken off the queue.")
