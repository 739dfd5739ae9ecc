"""Home, guideline and reviewer pages (issue 7)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from determinations.models import Case, Guideline, Reviewer


def home(request: HttpRequest) -> HttpResponse:
    latest = Case.objects.for_listing().order_by("-decision_date", "-id")[:10]
    return render(request, "determinations/home.html", {"latest": latest, "total": Case.objects.count()})


def guideline_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guideline = get_object_or_404(Guideline, slug=slug)
    return render(request, "determinations/guideline_detail.html", {"guideline": guideline})


def reviewer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    reviewer = get_object_or_404(Reviewer, slug=slug)
    return render(request, "determinations/reviewer_detail.html", {"reviewer": reviewer})
