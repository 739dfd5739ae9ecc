"""The decision page (issue 6): one canonical, permanent URL per letter, and its original file."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from determinations.models import Case, CitedBy
from determinations.privacy.originals import render_masked_pdf, strip_pdf_metadata
from determinations.sources import PDF

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
    """The letter as the archive publishes it: a PDF of its masked text, never the uploaded bytes as they are.

    Only a document staff marked "original publishable" (a DWC letter as posted) is served itself, and then
    with its PDF metadata stripped, since DWC's PDFs name a person as their author.
    """
    case = get_object_or_404(Case.objects.select_related("source_document").only(
        "public_id", "full_text", "source_document__file", "source_document__media_type",
        "source_document__original_publishable"), public_id=public_id)
    document = case.source_document
    if document is None:
        raise Http404("The original file of this letter is not in the archive.")
    if document.original_publishable and document.file:
        try:
            with document.file.open("rb") as handle:
                data = handle.read()
        except FileNotFoundError as exc:
            raise Http404("The original file of this letter is missing from storage.") from exc
        if document.media_type == PDF:
            data = strip_pdf_metadata(data)
        extension = ".pdf" if document.media_type == PDF else ".txt"
        return _attachment(data, f"{case.public_id}{extension}", document.media_type or "application/octet-stream")
    data = render_masked_pdf(f"IMR case {case.public_id}", case.full_text)
    return _attachment(data, f"{case.public_id}.pdf", PDF)


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
