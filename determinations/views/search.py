"""Search results and exports: thin views over the search form and the search module.

Every filter lives in the query string, so a results page, a CSV and a JSON export of the same search
share one URL apart from the path's format suffix (see `links`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils.dateformat import format as format_date

from determinations import links, names
from determinations.forms import SearchForm
from determinations.models import Case, CitedBy, Decision, DisputedItem, Outcome, Reviewer, Sex
from determinations.parsing.record import iso_date as _iso
from determinations.querysets import CASE_NUMBER
from determinations.search import Query, Results, filtered, in_order, ranked_ids, search

EXPORT_CHUNK = 1000
JSON_SCHEMA = "imr-archive/decisions/v1"


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str
    selected: bool


def _validated(request: HttpRequest) -> tuple[SearchForm, Query]:
    """The form (with its errors, if any) and the query made of its valid fields only."""
    form = SearchForm(request.GET or None)
    return form, form.to_query()


def canonical(params: QueryDict) -> QueryDict:
    """The query string without empty values, surrounding spaces or page 1: the short URL to paste."""
    kept = QueryDict(mutable=True)
    for key in params:
        values = [v.strip() for v in params.getlist(key) if v.strip()]
        if key == "page" and values == ["1"]:
            continue
        if values:
            kept.setlist(key, values)
    return kept


def bad_request(form: SearchForm) -> HttpResponse:
    """Exports and feeds refuse a search they cannot understand rather than return the whole archive."""
    lines = ["This search has filters the archive cannot use:"] + [f"- {m}" for m in form.error_messages()]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


@dataclass(frozen=True)
class Chip:
    label: str
    value: str
    url: str


def _specialty_name(slug: str) -> str:
    found = Reviewer.objects.filter(specialty_slug=slug).values_list("specialty", flat=True).first()
    return found or slug


def _value_label(key: str, value: str, query: Query) -> str:
    """A condition's value as a person reads it: names, never slugs."""
    if key == "category":
        return names.category_label(value)
    if key == "guideline":
        return names.guideline_label(value)
    if key == "decision":
        return dict(Decision.choices).get(value, value)
    if key == "outcome":
        return dict(Outcome.choices).get(value, value)
    if key == "sex":
        return dict(Sex.choices).get(value, value)
    if key == "opioid":
        return "yes"
    if key == "specialty":
        return _specialty_name(query.specialty or value)
    if key == "state":
        return query.state or value
    if key in ("decided_after", "decided_before", "injured_after", "injured_before"):
        parsed = getattr(query, key)
        return format_date(parsed, "M j, Y") if parsed else value
    return value


def chips(params: QueryDict, query: Query) -> list[Chip]:
    """Every condition in force, labelled as the form labels it, each with the URL that removes it."""
    result = []
    fields = SearchForm.base_fields
    for key in ("item", "q", *[k for k in fields if k not in ("item", "q", "sort")]):
        field = fields[key]
        if key not in params:
            continue
        for value in params.getlist(key):
            url, _ = _toggle(params, key, value, True)
            result.append(Chip(field.label, _value_label(key, value, query), url))
    return result


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


# (key, title, what it counts; with item conditions: title, what it counts), multiple values allowed
FACETS = (
    ("decision", ("Decision on a treatment", "letters with a treatment so decided"),
     ("Decision on the matching treatment", "matching treatments"), False),
    ("category", ("Treatment category", "letters with a treatment in it"),
     ("Category of the matching treatment", "matching treatments"), True),
    ("guideline", ("Guideline the reviewer cited", "letters citing it"),
     ("Guideline cited for the matching treatment", "matching treatments"), True),
    ("specialty", ("Reviewer specialty", "letters"), None, False),
    ("year", ("Year decided", "letters"), None, False),
)


@dataclass(frozen=True)
class FacetGroup:
    key: str
    title: str
    counts: str
    links: list[FacetLink]
    estimated: bool = False  # its counts are estimates (≈)


def facet_links(results: Results, params: QueryDict) -> list[FacetGroup]:
    groups = []
    for key, plain, by_item, multiple in FACETS:
        item_group = bool(by_item and results.item_facets)
        title, counts = by_item if item_group else plain
        if results.sample_size or results.facet_sample:  # the index says which counts it drew from a sample
            estimated = bool(results.sample_size if item_group else results.facet_sample)
        else:  # PostgreSQL's scaled counts: every group
            estimated = results.approximate_facets
        links = []
        for value in results.facets.get(key, []):
            url, selected = _year_link(params, value.value) if key == "year" else _toggle(
                params, key, value.value, multiple)
            links.append(FacetLink(value.label, value.count, url, selected))
        if links:
            groups.append(FacetGroup(key, title, counts, links, estimated))
    return groups


def filters_key(params: QueryDict) -> str:
    """What the "All filters" part of the form shows depends on: the query string without the words, the
    treatment and the page (its widgets, the same for the same values, are rendered once per process)."""
    kept = params.copy()
    for key in ("q", "item", "page"):
        kept.pop(key, None)
    return kept.urlencode()


HIGHLIGHT_PARAMS = ("q", "item", "decision", "category", "guideline", "opioid")


def result_links(results: Results, params: QueryDict) -> dict[int, str]:
    """Each result's decision page, carrying the search's words and item conditions so that the page opens
    at the matching item with the words highlighted."""
    carried = QueryDict(mutable=True)
    for key in HIGHLIGHT_PARAMS:
        if params.getlist(key):
            carried.setlist(key, params.getlist(key))
    suffix = ("?" + carried.urlencode()) if carried else ""
    links = {}
    for case in results.cases:
        matched = [i for i in case.shown_items if getattr(i, "matched", False)]
        links[case.pk] = case.get_absolute_url() + suffix + (f"#item-{matched[0].position}" if matched else "")
    return links


def treatment_suggestions(text: str, limit: int = 10) -> list[tuple[str, int]]:
    """The archive's own disputed-treatment names starting with the words typed, most disputed first."""
    return list(DisputedItem.objects.suggestions(text, limit)) if len(text.strip()) >= 2 else []


def treatments_json(request: HttpRequest) -> JsonResponse:
    """Suggestions for the treatment field: `?item=fac` -> the names in the archive, most disputed first."""
    text = (request.GET.get("item") or "")[:200]
    return JsonResponse({"item": text, "suggestions": [
        {"name": name, "items": n} for name, n in treatment_suggestions(text)]})


def _case_opened_by(query: Query) -> Case | None:
    """A whole case number (or a decision's id) in the words opens that decision."""
    text = query.q.strip()
    if not text or " " in text:
        return None
    if CASE_NUMBER.match(text):
        return Case.objects.filter(case_number=text.upper()).only("public_id").first()
    if text.lower().startswith("imr-"):
        return Case.objects.filter(public_id=text.lower()).only("public_id").first()
    return None


def decision_list(request: HttpRequest) -> HttpResponse:
    params = canonical(request.GET)
    if params.urlencode() != request.GET.urlencode():
        return HttpResponseRedirect(request.path + (f"?{params.urlencode()}" if params else ""))
    form, query = _validated(request)
    opened = _case_opened_by(query)
    if opened:
        return HttpResponseRedirect(opened.get_absolute_url())
    results = search(query, page_rows=True)
    export_query = params.copy()
    export_query.pop("page", None)
    alternates = links.search_alternates(export_query)
    offer = results.item_offer  # the same search with its words as the treatment (sort and page reset)
    offer_url = "?" + offer.query.to_params().urlencode() if offer else None
    return links.render_with_alternates(request, "determinations/decision_list.html", {
        "form": form,
        "errors": form.error_messages(),
        "results": results,
        "query": query,
        "chips": chips(params, query),
        "offer_url": offer_url,
        "links": result_links(results, params),
        "suggestions": treatment_suggestions(query.item) if query.item and not results.count else [],
        "facet_groups": facet_links(results, params),
        "filters_key": filters_key(params),
        "sort": query.effective_sort,
        "sorts": [("relevance", "Relevance"), ("newest", "Newest"), ("oldest", "Oldest")]
        if query.q else [("newest", "Newest"), ("oldest", "Oldest")],
        "csv_url": links.export("csv", export_query),
        "json_url": links.export("json", export_query),
    }, alternates)


def search_help(request: HttpRequest) -> HttpResponse:
    """How to ask: the word syntax, the same-treatment rule, case numbers."""
    return render(request, "determinations/search_help.html", {"form": SearchForm()})


# --- exports ----------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "case_id", "case_number", "url", "decision_date", "injury_date", "outcome", "patient_age", "patient_sex",
    "reviewer_specialty", "reviewer_subspecialty", "reviewer_states", "item_position", "item_description",
    "item_decision", "item_category", "item_is_opioid", "reviewer_guidelines", "claims_administrator_guidelines",
    "matched", "item_rationale",
)


class _Echo:
    """csv.writer into a string, so rows stream out as they are made."""

    def write(self, value: str) -> str:
        return value


def _slugs(item, cited_by: str) -> list[str]:
    return [c.guideline.slug for c in item.citations.all() if c.cited_by == cited_by]


def decisions_csv(request: HttpRequest) -> HttpResponse:
    """Matching disputed items, one row each, streamed; a page of decisions at a time (`offset`/`limit`,
    the next page in a `Link` header). The whole archive is the bulk file, not one request.

    `matched` says whether the item meets the search's item conditions (with none: whether its name holds
    the words; with no words either, every item is "true").
    """
    form, query = _validated(request)
    if form.errors:
        return bad_request(form)
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
                    "true" if getattr(item, "matched", True) else "false", item.rationale,
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
    cap = settings.IMR_EXPORT_MAX_DECISIONS
    limit = _int(request.GET.get("limit"), 0)
    if not (request.user.is_authenticated and request.user.is_staff):
        limit = min(limit or cap, cap)
    offset = _int(request.GET.get("offset"), 0)
    ranked = ranked_ids(query, offset, limit)  # the results page's order, when the search index answers
    count = ranked[0] if ranked else qs.order_by().count()
    offset, limit = min(offset, count), min(limit, count) or limit
    next_url = None
    if limit and offset + limit < count:
        params = request.GET.copy()
        params["offset"] = str(offset + limit)
        next_url = request.build_absolute_uri("?" + params.urlencode())
    listing = qs.for_listing(query.marking())
    if ranked:
        return in_order(ranked[1], Case.objects.for_listing(query.marking()), EXPORT_CHUNK), \
            ExportPage(count, offset, next_url)
    sliced = listing[offset:offset + limit] if limit else listing[offset:]
    return sliced.iterator(chunk_size=EXPORT_CHUNK), ExportPage(count, offset, next_url)


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
    form, query = _validated(request)
    if form.errors:
        return bad_request(form)
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
