"""The decision page (issue 6): one canonical, permanent URL per letter, and its original file."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from determinations.models import Case, CitedBy
from determinations.redaction import redact

# The letter's sections in reading order, with the headings a reader knows them by.
SECTION_TITLES = (
    ("determination_process", "How the IMR final determination was made"),
    ("issue_at_dispute", "Issue at dispute"),
    ("documents_reviewed", "Documents reviewed"),
    ("case_summary", "Clinical case summary"),
    ("guidelines_relied_upon", "Guidelines relied upon"),
    ("decisions_and_rationales", "IMR issues, decisions and rationales"),
    ("reviewer_qualifications", "Reviewer qualifications"),
)


def citation_line(case: Case, items) -> str:
    """What an attorney pastes into a brief: case number, DWC IMR, decision date, items and decisions."""
    date = case.decision_date.strftime("%b. %-d, %Y") if case.decision_date else "date not stated"
    listed = "; ".join(f"{i.description} ({i.get_decision_display().lower()})" for i in items)
    return f"{case.case_number or case.public_id} (DWC IMR {date}) [{listed}]"


def decision_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    case = get_object_or_404(Case.objects.for_listing().defer(None), public_id=public_id)
    items = list(case.items.all())
    for item in items:
        cites = list(item.citations.all())
        item.reviewer_citations = [c for c in cites if c.cited_by == CitedBy.REVIEWER]
        item.administrator_citations = [c for c in cites if c.cited_by == CitedBy.CLAIMS_ADMINISTRATOR]
    sections = case.sections or {}
    known = {key for key, _ in SECTION_TITLES}
    ordered = [(title, sections[key]) for key, title in SECTION_TITLES if sections.get(key)]
    ordered += [(key.replace("_", " ").capitalize(), text) for key, text in sections.items()
                if key not in known and text and isinstance(text, str)]
    return render(request, "determinations/decision_detail.html", {
        "case": case,
        "items": items,
        "sections": ordered,
        "citation": citation_line(case, items),
        "similar": Case.objects.similar_to(case).select_related(None).only(
            "public_id", "decision_date", "outcome", "items_text"),
        "has_original": bool(case.source_document_id),
    })


def decision_original(request: HttpRequest, public_id: str) -> HttpResponse:
    """The letter's original file, as uploaded: DWC postings come redacted at source.

    An upload whose text still carries what the redaction rules catch (a name, an address, a claim
    number) is withheld from the public: the stored original is kept whole for staff only.
    """
    case = get_object_or_404(Case.objects.select_related("source_document"), public_id=public_id)
    document = case.source_document
    if document is None or not document.file:
        raise Http404("The original file of this letter is not in the archive.")
    if redact(document.text) != document.text:
        return HttpResponse("The original file of this letter carries personal details and is kept for staff only. "
                            "The decision page shows the whole letter, redacted.", status=403,
                            content_type="text/plain; charset=utf-8")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The original file of this letter is missing from storage.") from exc
    extension = {"application/pdf": ".pdf", "text/plain": ".txt"}.get(document.media_type, "")
    return FileResponse(handle, as_attachment=True, filename=f"{case.public_id}{extension}",
                        content_type=document.media_type or "application/octet-stream")
