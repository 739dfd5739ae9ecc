"""Search results and exports (issue 6)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from determinations.models import Case


def decision_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.for_listing().order_by("-decision_date", "-id")
    page = Paginator(cases, 20).get_page(request.GET.get("page"))
    return render(request, "determinations/decision_list.html", {"page": page})
