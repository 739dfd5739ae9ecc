"""Every URL the archive builds, from the URL names (`reverse`), in one module.

A search is its query string: the results page, its CSV and JSON twins (the page's path with a format
suffix), its Atom feed and its statistics all carry the same one. Pages announce their twins as Datasette
does: a `Link: <url>; rel="alternate"; type="..."` response header, and the same `<link rel="alternate">`
in the page head (base.html renders `alternates`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "atom": "application/atom+xml"}


def _with(path: str, params: QueryDict | None) -> str:
    query = params.urlencode() if params else ""
    return path + (f"?{query}" if query else "")


def search(params: QueryDict | None = None) -> str:
    """The results page of a search (`/decisions/?...`)."""
    return _with(reverse("decision-list"), params)


def export(fmt: str, params: QueryDict | None = None) -> str:
    """A search's results as `csv` or `json`: the results page's path with a format suffix."""
    return _with(reverse(f"decisions-{fmt}"), params)


def feed(params: QueryDict | None = None) -> str:
    """The Atom feed of a search's newest decisions."""
    return _with(reverse("decision-feed"), params)


def stats(params: QueryDict | None = None) -> str:
    """The statistics of a search's result set (of the whole archive without conditions)."""
    return _with(reverse("stats"), params)


def stats_csv(name: str, params: QueryDict | None = None) -> str:
    """One table of the statistics page as CSV."""
    return _with(reverse("stats-csv", kwargs={"name": name}), params)


def guideline_list(fmt: str = "") -> str:
    """The guideline index (`fmt` "csv": its table)."""
    return reverse("guideline-list-csv") if fmt == "csv" else reverse("guideline-list")


def guideline_csv(slug: str, name: str) -> str:
    """One table of a guideline's page as CSV."""
    return reverse("guideline-csv", kwargs={"slug": slug, "name": name})


def reviewer_csv(slug: str, name: str) -> str:
    """One table of a reviewer profile as CSV."""
    return reverse("reviewer-csv", kwargs={"slug": slug, "name": name})


def one_condition(key: str, value: str) -> QueryDict:
    """The query string of a search with one condition."""
    params = QueryDict(mutable=True)
    params[key] = value
    return params


@dataclass(frozen=True)
class Alternate:
    """Another representation of a page: where, its media type, and what it is."""

    url: str
    type: str
    title: str = ""


def csv_alternates(tables: Iterable, url: Callable[[str], str]) -> list[Alternate]:
    """A page's tables (each with a `name` and a `title`) as CSV, `url(name)` each."""
    return [Alternate(url(table.name), MEDIA_TYPES["csv"], table.title) for table in tables]


def search_alternates(params: QueryDict | None = None, exports: bool = True) -> list[Alternate]:
    """A search's twins: its results as CSV and JSON (`exports`), and its Atom feed."""
    twins = [Alternate(export(fmt, params), MEDIA_TYPES[fmt], f"These results as {fmt.upper()}")
             for fmt in ("csv", "json")] if exports else []
    return twins + [Alternate(feed(params), MEDIA_TYPES["atom"], "New decisions matching this search"
                              if params else "New IMR decisions")]


def render_with_alternates(request: HttpRequest, template: str, context: dict,
                           alternates: list[Alternate]) -> HttpResponse:
    """A page that names its alternates in its head (base.html) and in its `Link` header."""
    return announce(request, render(request, template, {**context, "alternates": alternates}), alternates)


def announce(request: HttpRequest, response: HttpResponse, alternates: Iterable[Alternate]) -> HttpResponse:
    """Add the page's alternates to its `Link` header (absolute URLs), keeping any link already there."""
    links = [f'<{request.build_absolute_uri(a.url)}>; rel="alternate"; type="{a.type}"'
             + (f'; title="{a.title}"' if a.title else "") for a in alternates]
    if links:
        response["Link"] = ", ".join(filter(None, [response.get("Link", ""), *links]))
    return response
