"""The statistics page: charts with their tables and CSVs, for the archive or any search."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import Http404, HttpRequest, HttpResponse

from determinations import charts, links
from determinations.stats import tables as stats
from determinations.stats.scope import scope_for
from determinations.views.search import chips, safe_cells


def with_charts(tables: Iterable[stats.Table]) -> list[tuple[stats.Table, str]]:
    """Each table with its SVG chart, for templates that show a chart beside its data table."""
    return [(table, charts.chart(table)) for table in tables]


def csv_response(table: stats.Table, filename: str = "", rows: Iterable[list] | None = None) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename or "imr-" + table.name + ".csv"}"'
    writer = csv.writer(response)
    writer.writerows(safe_cells(row) for row in (rows if rows is not None else table.csv_rows()))
    return response


def stats_page(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.GET)
    totals = stats.totals(scope)
    archive_rate = totals.rate if not scope.is_filtered else stats.totals().rate
    tables = stats.stats_tables(scope, archive_rate)
    opioid_table = next(t for t in tables if t.name == "opioids")
    share, pharma_share = stats.opioid_share(opioid_table)
    suffix = ("?" + scope.querystring) if scope.is_filtered else ""
    conditions = chips(scope.params, scope.query) if scope.is_filtered else []
    alternates = links.csv_alternates(tables, lambda name: links.stats_csv(name, scope.params)) + \
        links.search_alternates(scope.params, exports=False)
    return links.render_with_alternates(request, "determinations/stats.html", {
        "scope": scope,
        "conditions": conditions,
        "totals": totals,
        "archive_rate": archive_rate,
        "charts": with_charts(tables),
        "opioid_share": share,
        "opioid_pharma_share": pharma_share,
        "search_url": links.search(scope.params),
        "feed_url": links.feed(scope.params),
        "suffix": suffix,
        "csv_base": links.stats(),
        "rate_definition": stats.RATE_DEFINITION,
    }, alternates)


def stats_csv(request: HttpRequest, name: str) -> HttpResponse:
    if name not in stats.STATS_TABLES:
        raise Http404("No such table.")
    scope = scope_for(request.GET)
    reference = stats.totals().rate
    table = stats.stats_tables(scope, reference, only=name)[0]
    return csv_response(table, filename=f"imr-stats-{name}{'-search' if scope.is_filtered else ''}.csv")
