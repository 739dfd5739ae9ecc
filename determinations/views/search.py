"""Search results and exports (issue 6): thin views over the search module.

Every filter lives in the query string, so a results page, a CSV and a JSON export of the same search
share one URL apart from the path.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from determinations.filters import CaseFilter
from determinations.models import CitedBy
from determinations.search import Query, Results, filtered, search

EXPORT_CHUNK = 1000
JSON_SCHEMA = "imr-archive/decisions/v1"


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str
    selected: bool


def _validated(request: HttpRequest) -> tuple[CaseFilter, Query]:
    """The form (with its errors, if any) and the query made of its valid fields only."""
    filterset = CaseFilter(request.GET or None)
    if filterset.is_bound:
        filterset.is_valid()
    else:
        filterset.form.cleaned_data = {}
    return filterset, filterset.clean_query()


def _toggle(params: QueryDict, key: str, value: str, multiple: bool) -> tuple[str, bool]:
    """The query string with `value` added to or removed from `key` (back to page 1), and whether it was set."""
    params = params.copy()
    params.pop("page", None)
    current = params.getlist(key)
    selected = value in current
    if selected:
        params.setlist(key, [v for v in current if v != value])
    else:
        params.setlist(key, current + [value] if multiple else [value])
    return "?" + params.urlencode(), selected


def _year_link(params: QueryDict, year: str) -> tuple[str, bool]:
    params = params.copy()
    params.pop("page", None)
    first, last = f"{year}-01-01", f"{year}-12-31"
    selected = params.get("decided_after") == first and params.get("decided_before") == last
    if selected:
        params.pop("decided_after", None)
        params.pop("decided_before", None)
    else:
        params["decided_after"], params["decided_before"] = first, last
    return "?" + params.urlencode(), selected


FACETS = (("decision", "Item decision", False), ("category", "Treatment category", True),
          ("guideline", "Guideline cited by reviewer", True), ("specialty", "Reviewer specialty", False),
          ("year", "Year decided", False))


def facet_links(results: Results, params: QueryDict) -> list[tuple[str, list[FacetLink]]]:
    groups = []
    for key, title, multiple in FACETS:
        links = []
        for value in results.facets.get(key, []):
            url, selected = _year_link(params, value.value) if key == "year" else _toggle(
                params, key, value.value, multiple)
            links.append(FacetLink(value.label, value.count, url, selected))
        if links:
            groups.append((title, links))
    return groups


def decision_list(request: HttpRequest) -> HttpResponse:
    filterset, query = _validated(request)
    results = search(query)
    params = request.GET.copy()
    export_query = params.copy()
    export_query.pop("page", None)
    suffix = ("?" + export_query.urlencode()) if export_query else ""
    return render(request, "determinations/decision_list.html", {
        "filter": filterset,
        "form": filterset.form,
        "results": results,
        "query": query,
        "facet_groups": facet_links(results, params),
        "sort": query.effective_sort,
        "sorts": [("relevance", "Relevance"), ("newest", "Newest"), ("oldest", "Oldest")]
        if query.q else [("newest", "Newest"), ("oldest", "Oldest")],
        "csv_url": reverse("decisions-csv") + suffix,
        "json_url": reverse("decisions-json") + suffix,
    })


# --- exports ----------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "case_id", "case_number", "url", "decision_date", "injury_date", "outcome", "patient_age", "patient_sex",
    "reviewer_specialty", "reviewer_subspecialty", "reviewer_states", "item_position", "item_description",
    "item_decision", "item_category", "item_is_opioid", "reviewer_guidelines", "claims_administrator_guidelines",
)


class _Echo:
    """csv.writer into a string, so rows stream out as they are made."""

    def write(self, value: str) -> str:
        return value


def _slugs(item, cited_by: str) -> list[str]:
    return [c.guideline.slug for c in item.citations.all() if c.cited_by == cited_by]


def decisions_csv(request: HttpRequest) -> HttpResponse:
    """Matching disputed items, one row each, streamed; a page of decisions at a time (`offset`/`limit`,
    the next page in a `Link` header). The whole archive is the bulk file, not one request."""
    _, query = _validated(request)
    base = request.build_absolute_uri("/")[:-1]
    cases, page = _export_page(request, query)

    def rows() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield writer.writerow(CSV_COLUMNS)
        for case in cases:
            reviewer = case.reviewer
            for item in case.items.all():
                yield writer.writerow(safe_cells([
                    case.public_id, case.case_number or "", base + case.get_absolute_url(),
                    _iso(case.decision_date), _iso(case.injury_date), case.outcome, case.patient_age or "",
                    case.patient_sex, reviewer.specialty if reviewer else "", reviewer.subspecialty if reviewer else "",
                    "; ".join(reviewer.licensed_states) if reviewer else "", item.position, item.description,
                    item.decision, item.category, "true" if item.is_opioid else "false",
                    " ".join(_slugs(item, CitedBy.REVIEWER)), " ".join(_slugs(item, CitedBy.CLAIMS_ADMINISTRATOR)),
                ]))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="imr-decisions.csv"'
    response["X-Total-Count"] = str(page.count)
    if page.next_url:
        response["Link"] = f'<{page.next_url}>; rel="next"'
    return response


def safe_cells(row: list) -> list:
    """Cells a spreadsheet would run as a formula (= + - @, or a tab/CR before one) get a leading quote."""
    return ["'" + cell if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
            for cell in row]


@dataclass(frozen=True)
class ExportPage:
    count: int
    offset: int
    next_url: str | None


def _export_page(request: HttpRequest, query: Query):
    """The requested slice of the matches: `limit` capped (staff may ask for all), `offset` clamped to the count,
    so any value (even 10**21) gives a complete, possibly empty, document."""
    qs = filtered(query)
    count = qs.order_by().count()
    cap = settings.IMR_EXPORT_MAX_DECISIONS
    limit = _int(request.GET.get("limit"), 0)
    if not (request.user.is_authenticated and request.user.is_staff):
        limit = min(limit or cap, cap)
    offset, limit = min(_int(request.GET.get("offset"), 0), count), min(limit, count) or limit
    next_url = None
    if limit and offset + limit < count:
        params = request.GET.copy()
        params["offset"] = str(offset + limit)
        next_url = request.build_absolute_uri("?" + params.urlencode())
    sliced = qs.for_listing()[offset:offset + limit] if limit else qs.for_listing()[offset:]
    return sliced.iterator(chunk_size=EXPORT_CHUNK), ExportPage(count, offset, next_url)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def case_json(case, base: str) -> dict:
    """The stable public shape of one decision (schema imr-archive/decisions/v1)."""
    reviewer = case.reviewer
    return {
        "id": case.public_id,
        "case_number": case.case_number,
        "url": base + case.get_absolute_url(),
        "decision_date": _iso(case.decision_date),
        "injury_date": _iso(case.injury_date),
        "ur_denial_date": _iso(case.ur_denial_date),
        "outcome": case.outcome or None,
        "patient": {"age": case.patient_age, "sex": case.patient_sex or None},
        "reviewer": {
            "specialty": reviewer.specialty, "subspecialty": reviewer.subspecialty or None,
            "licensed_states": reviewer.licensed_states,
        } if reviewer else None,
        "items": [
            {
                "position": item.position, "description": item.description, "decision": item.decision,
                "category": item.category, "is_opioid": item.is_opioid,
                "guidelines": [
                    {"slug": c.guideline.slug, "cited_by": c.cited_by, "topic": c.topic or None,
                     "pages": c.pages or None}
                    for c in item.citations.all()
                ],
            }
            for item in case.items.all()
        ],
    }


def decisions_json(request: HttpRequest) -> HttpResponse:
    """The matches as one JSON document, streamed, a page at a time (`limit`/`offset`, with a `next` link)."""
    _, query = _validated(request)
    base = request.build_absolute_uri("/")[:-1]
    cases, page = _export_page(request, query)

    def body() -> Iterator[str]:
        head = {"schema": JSON_SCHEMA, "count": page.count, "offset": page.offset, "next": page.next_url}
        yield json.dumps(head)[:-1] + ', "results": ['
        for n, case in enumerate(cases):
            yield ("," if n else "") + json.dumps(case_json(case, base))
        yield "]}"

    return StreamingHttpResponse(body(), content_type="application/json")


def _int(raw: str | None, default: int) -> int:
    try:
        return max(0, int(raw[:30])) if raw else default
    except ValueError:
        return default
