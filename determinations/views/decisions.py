"""The decision page: one canonical, permanent URL per letter, and its original file."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render

from determinations import storage
from determinations.citing import citation_line, holding
from determinations.forms import SearchForm
from determinations.models import Case
from determinations.privacy.originals import render_masked_pdf, strip_pdf_metadata
from determinations.search import Query
from determinations.sources import PDF
from determinations.views.search import HIGHLIGHT_PARAMS

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


def search_terms(text: str) -> list[str]:
    """The words of a search to highlight on the page: no operators, no excluded words, plural-free."""
    terms = []
    for token in re.findall(r"-?[^\W_]+", text or ""):
        word = token.lower()
        if word.startswith("-") or word in ("or", "and", "the", "of") or len(word) < 3:
            continue
        for ending in ("ies", "es", "s"):
            if len(word) > 4 and word.endswith(ending) and not word.endswith("ss"):
                word = word[: -len(ending)]
                break
        terms.append(word)
    return list(dict.fromkeys(terms))


def decision_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    # Reached from a search, the page carries its words and item conditions: it marks the matching items
    # and highlights the words (the canonical URL stays the bare one).
    carried = QueryDict(mutable=True)
    for key in HIGHLIGHT_PARAMS:
        if request.GET.getlist(key):
            carried.setlist(key, request.GET.getlist(key))
    query = Query()
    if carried:  # reached from a search
        form = SearchForm(carried)
        query = form.to_query() if form.is_valid() else Query()
    # The sections are shown; the letter's whole text and the search columns (the largest) are not.
    case = get_object_or_404(Case.objects.with_sample_flag().select_related("reviewer").defer(
        "full_text", "items_text", "guidelines_text", "summary_text", "rationale_text", "search_vector"),
        public_id=public_id)
    items = case.items.with_citations(query.marking())
    sections = case.sections or {}
    known = {key for key, _ in SECTION_TITLES}
    # Each rationale once: the letter's own "decisions and rationales" section repeats the items' rationales.
    skipped = {"decisions_and_rationales"} if any(i.rationale for i in items) else set()
    ordered = [(title, sections[key]) for key, title in SECTION_TITLES if sections.get(key) and key not in skipped]
    ordered += [(key.replace("_", " ").capitalize(), text) for key, text in sections.items()
                if key not in known and text and isinstance(text, str)]
    return render(request, "determinations/decision_detail.html", {
        "case": case,
        "items": items,
        "holding": holding(items),
        "matched": [i for i in items if getattr(i, "matched", False)],
        "terms": search_terms(f"{query.q} {query.item}"),
        "back_to_search": request.GET.urlencode() if request.GET else "",
        "sections": ordered,
        "citation": citation_line(case, items),
        "similar": Case.objects.similar_to(case),
        "has_original": bool(case.source_document_id),
    })


def decision_original(request: HttpRequest, public_id: str) -> HttpResponse:
    """The letter as the archive publishes it: a PDF of its masked text, never the uploaded bytes as they are.

    Only a document staff marked "original publishable" (a DWC letter as posted) is served itself, and then
    with its PDF metadata stripped, since DWC's PDFs name a person as their author.
    """
    case = get_object_or_404(Case.objects.select_related("source_document").only(
        "public_id", "full_text", "source_document__file", "source_document__media_type",
        "source_document__original_publishable", "source_document__sha256"), public_id=public_id)
    document = case.source_document
    if document is None:
        raise Http404("The original file of this letter is not in the archive.")
    if document.original_publishable and document.file:
        try:
            data = storage.read_verified(document.file.name, document.sha256)
        except storage.DamagedFileError as exc:  # missing, or not the bytes that were uploaded
            raise Http404("The original file of this letter is missing or damaged in storage.") from exc
        if document.media_type == PDF:
            data = strip_pdf_metadata(data)
        extension = ".pdf" if document.media_type == PDF else ".txt"
        return _inline(data, f"{case.public_id}{extension}", document.media_type or "application/octet-stream")
    data = render_masked_pdf(f"IMR case {case.public_id}", case.full_text)
    return _inline(data, f"{case.public_id}.pdf", PDF)


def _inline(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """Inline: the browser shows the letter (its PDF viewer); its own "save" still names the file."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
