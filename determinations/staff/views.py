"""The staff desk's admin pages: the review queue, a batch's progress, the audit trail, an original file.

Thin: each page checks its role's permission, asks `queue`, `progress` or `audit`, and renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from determinations.models import SourceDocument
from determinations.staff import audit, progress, queue
from determinations.staff.models import UploadBatch

REVIEW = ("determinations.change_sourcedocument", "determinations.change_case")
PER_PAGE = 50


def _require(request: HttpRequest, *perms: str) -> None:
    if not request.user.has_perms(perms):
        raise PermissionDenied("Your role does not allow this.")


def review_queue(request: HttpRequest, admin_site) -> HttpResponse:
    """One screen per reason; bulk actions apply to the ticked entries of that reason."""
    _require(request, *REVIEW)
    reason = request.GET.get("reason") or request.POST.get("reason") or queue.HELD
    if reason not in queue.REASONS:
        raise Http404("No such queue.")
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        action = request.POST.get("action", "")
        if not ids:
            messages.warning(request, "Tick at least one letter.")
        else:
            try:
                outcome = queue.act(request.user, reason, action, ids, request.POST.get("note", "").strip())
            except ValueError as exc:
                messages.error(request, str(exc))
            else:
                if outcome.message:
                    messages.success(request, outcome.message)
                if outcome.redirect:
                    return HttpResponseRedirect(outcome.redirect)
        return HttpResponseRedirect(f"{reverse('admin:determinations_review_queue')}?reason={reason}")
    page = Paginator(queue.entries(reason), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **admin_site.each_context(request),
        "title": "Review queue",
        "reason": reason,
        "reasons": [(key, label, n) for (key, label), n in zip(queue.REASONS.items(), queue.counts().values(),
                                                               strict=True)],
        "actions": queue.ACTIONS[reason],
        "page": page,
    }
    return TemplateResponse(request, "admin/staff/queue.html", context)


def batch_progress(request: HttpRequest, admin_site, pk: int) -> HttpResponse:
    """An upload's progress; `?part=1` is the fragment the page polls for (a plain refresh works too)."""
    _require(request, "determinations.view_sourcedocument")
    batch = get_object_or_404(UploadBatch, pk=pk)
    context = {**admin_site.each_context(request), "title": f"Upload {batch.pk}: progress",
               "progress": progress.batch_progress(batch),
               "can_review": request.user.has_perms(REVIEW)}
    template = "admin/staff/progress_part.html" if request.GET.get("part") else "admin/staff/progress.html"
    return TemplateResponse(request, template, context)


def audit_trail(request: HttpRequest, admin_site) -> HttpResponse:
    """The whole trail, newest first; `?format=csv` exports it (streamed)."""
    _require(request, "determinations.view_case")
    entries = audit.trail()
    if user := request.GET.get("user"):
        entries = entries.filter(user__username=user)
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(audit.to_csv(entries.iterator(chunk_size=2000)), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        return response
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    context = {**admin_site.each_context(request), "title": "Audit trail", "page": page,
               "rows": list(audit.rows(page.object_list))}
    return TemplateResponse(request, "admin/staff/audit.html", context)


def original(request: HttpRequest, admin_site, pk: int) -> FileResponse:
    """The uploaded file as it came, for staff only (the public see masked renderings)."""
    _require(request, "determinations.view_sourcedocument")
    document = get_object_or_404(SourceDocument, pk=pk)
    media = "text/plain; charset=utf-8" if document.media_type.startswith("text/") else document.media_type
    response = FileResponse(document.file.open("rb"), content_type=media)
    response["Content-Disposition"] = "inline"
    response["X-Robots-Tag"] = "noindex"
    return response
