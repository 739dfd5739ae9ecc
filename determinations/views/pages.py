"""Home, guideline and reviewer pages: thin views over `determinations.stats`."""

from __future__ import annotations

from dataclasses import replace

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from determinations import links, stats
from determinations.models import Case, Guideline, Reviewer
from determinations.parsing.registry import CHAPTER_SUCCESSOR_TOPIC, FAMILIES
from determinations.search import PER_PAGE, Query, filtered, in_order, ranked_ids
from determinations.stats.views import csv_response, with_charts

LATEST = 10


def latest(query: Query | None = None, n: int = LATEST) -> list[Case]:
    """The newest `n` letters (of a search) by decision date, undated ones only to fill up: from the search index
    when it answers the search, so a rare guideline's newest are not found by walking the archive newest first;
    else from the (-decision_date, -id) index."""
    if query is not None:
        ranked = ranked_ids(replace(query, sort="newest", page=1), 0, n)
        if ranked is not None:
            return list(in_order(ranked[1], Case.objects.for_listing()))
    cases = filtered(query).order_by() if query is not None else Case.objects.all()
    rows = list(cases.filter(decision_date__isnull=False).order_by("-decision_date", "-id").for_listing()[:n])
    if len(rows) < n:
        rows += list(cases.filter(decision_date__isnull=True).order_by("-id").for_listing()[: n - len(rows)])
    return rows


def home(request: HttpRequest) -> HttpResponse:
    totals = stats.totals()
    categories = stats.by_category(reference=totals.rate)
    alternates = links.search_alternates(exports=False)
    return links.render_with_alternates(request, "determinations/home.html", {
        "totals": totals,
        "latest": latest(),
        "categories": categories.rows[:8],
        "opioid_link": stats.ARCHIVE.link(opioid="true"),
        "guidelines": [(g, n, stats.ARCHIVE.link(guideline=g.slug)) for g, n in stats.most_cited_guidelines(8)],
        "rate_definition": stats.RATE_DEFINITION,
    }, alternates)


def guideline_index(request: HttpRequest, format: str = "html") -> HttpResponse:
    """The guidelines with their counts; `format` "csv" (the URL's suffix): the same as a table."""
    summaries = stats.guideline_index()
    if format == "csv":
        table = stats.Table("guidelines", "Guidelines", "Guideline", [
            stats.Row(s.guideline.slug, s.guideline.title, s.items, s.overturned) for s in summaries])
        rows = [["guideline", "title", "decisions", "items", "overturned", "overturn_rate"]] + [
            [s.guideline.slug, s.guideline.title, s.decisions, s.items, s.overturned,
             "" if s.rate is None else f"{s.rate:.4f}"] for s in summaries]
        return csv_response(table, rows=rows)
    families = [(family, [s for s in summaries if s.guideline.family == family]) for family in FAMILIES]
    alternates = [links.Alternate(links.guideline_list("csv"), links.MEDIA_TYPES["csv"], "Guidelines as CSV")]
    return links.render_with_alternates(request, "determinations/guideline_list.html", {
        "families": [(f, rows) for f, rows in families if rows],
        "totals": stats.totals(),
        "rate_definition": stats.RATE_DEFINITION,
    }, alternates)


def _guideline_tables(guideline: Guideline, reference: float | None) -> dict[str, stats.Table]:
    return {name: build(guideline, reference) for name, build in stats.GUIDELINE_TABLES.items()}


def guideline_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guideline = get_object_or_404(Guideline, slug=slug)
    totals = stats.totals()
    tables = _guideline_tables(guideline, totals.rate)
    successor = None
    if guideline.family == "mtus-acoem" and guideline.chapter in CHAPTER_SUCCESSOR_TOPIC:
        successor = Guideline.objects.filter(slug=f"mtus-acoem-{CHAPTER_SUCCESSOR_TOPIC[guideline.chapter]}").first()
    condition = links.one_condition("guideline", guideline.slug)
    alternates = links.csv_alternates(tables.values(), lambda name: links.guideline_csv(slug, name))
    alternates.append(links.Alternate(links.feed(condition), links.MEDIA_TYPES["atom"],
                                      f"New decisions citing {guideline.slug}"))
    return links.render_with_alternates(request, "determinations/guideline_detail.html", {
        "guideline": guideline,
        "successor": successor,
        "decisions": stats.guideline_decisions(guideline),
        "overall": stats.Row(guideline.slug, guideline.title, sum(r.items for r in tables["category"].rows),
                             sum(r.overturned for r in tables["category"].rows)),
        "totals": totals,
        "charts": with_charts([tables["year"], tables["category"]]),
        "topics_and_pages": [tables["topic"], tables["pages"]],
        "latest": latest(Query(guideline=(guideline.slug,))),
        "search_url": stats.ARCHIVE.link(guideline=guideline.slug),
        "stats_url": links.stats(condition),
        "csv_base": guideline.get_absolute_url(),
        "rate_definition": stats.RATE_DEFINITION,
    }, alternates)


def guideline_csv(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    guideline = get_object_or_404(Guideline, slug=slug)
    if name not in stats.GUIDELINE_TABLES:
        raise Http404("No such table.")
    table = stats.GUIDELINE_TABLES[name](guideline, stats.totals().rate)
    return csv_response(table, filename=f"imr-{guideline.slug}-{name}.csv")


def reviewer_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(stats.reviewer_index(), 100).get_page(request.GET.get("page"))
    return render(request, "determinations/reviewer_list.html", {"page": page})


def reviewer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    reviewer = get_object_or_404(Reviewer, slug=slug)
    totals = stats.totals()
    categories = stats.reviewer_by_category(reviewer, totals.rate)
    own = stats.Row(reviewer.slug, str(reviewer), categories.total, sum(r.overturned for r in categories.rows))
    specialty_items, specialty_overturned = stats.specialty_rate(reviewer.specialty_slug)
    cases = Case.objects.filter(reviewer=reviewer).newest().for_listing()
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    alternates = links.csv_alternates([categories], lambda name: links.reviewer_csv(reviewer.slug, name))
    return links.render_with_alternates(request, "determinations/reviewer_detail.html", {
        "reviewer": reviewer,
        "own": own,
        "specialty": stats.Row(reviewer.specialty_slug, reviewer.specialty, specialty_items, specialty_overturned),
        "totals": totals,
        "archive": stats.Row("archive", "All reviewers", totals.items, totals.overturned),
        "charts": with_charts([categories]),
        "page": page,
        "specialty_url": stats.ARCHIVE.link(specialty=reviewer.specialty_slug),
        "csv_base": reviewer.get_absolute_url(),
        "rate_definition": stats.RATE_DEFINITION,
    }, alternates)


def reviewer_csv(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    reviewer = get_object_or_404(Reviewer, slug=slug)
    if name != "category":
        raise Http404("No such table.")
    table = stats.reviewer_by_category(reviewer, stats.totals().rate)
    return csv_response(table, filename=f"imr-reviewer-{reviewer.slug[:60]}-{name}.csv")
