"""The decision page (issue 6)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from determinations.models import Case


def decision_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    case = get_object_or_404(Case.objects.for_listing().defer(None), public_id=public_id)
    return render(request, "determinations/decision_detail.html", {"case": case})
