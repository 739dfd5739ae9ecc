"""Public pages. Views stay thin: the QuerySet does the work."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from determinations.models import Case, Guideline, Reviewer


def home(request: HttpRequest) -> HttpResponse:
    latest = Case.objects.for_listing().order_by("-decision_date", "-id")[:10]
    return render(request, "determinations/home.html", {"latest": latest, "total": Case.objects.count()})


def decision_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.for_listing().order_by("-decision_date", "-id")
    page = Paginator(cases, 20).get_page(request.GET.get("page"))
    return render(request, "determinations/decision_list.html", {"page": page})


def decision_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    case = get_object_or_404(Case.objects.for_listing().defer(None), public_id=public_id)
    return render(request, "determinations/decision_detail.html", {"case": case})


def guideline_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guideline = get_object_or_404(Guideline, slug=slug)
    return render(request, "determinations/guideline_detail.html", {"guideline": guideline})


def reviewer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    reviewer = get_object_or_404(Reviewer, slug=slug)
    return render(request, "determinations/reviewer_detail.html", {"reviewer": reviewer})
