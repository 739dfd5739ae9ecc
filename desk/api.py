"""The read-only JSON API, `/api/v1/` (django-ninja: OpenAPI schema at /api/v1/openapi.json, docs at /api/v1/docs).

Every endpoint answers anonymously (throttled by address) or with an account holder's token
(`Authorization: Bearer <key>`, throttled by account, more generously). The search takes the public
parameter names of /decisions/ and runs the site's own search module; a decision is the stable shape of the
JSON export (imr-archive/decisions/v1).
"""

from __future__ import annotations

import dataclasses
from typing import get_type_hints

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja import Query as QueryParams
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle
from pydantic import create_model

from desk.models import ApiToken
from determinations import stats
from determinations.forms import SearchForm
from determinations.models import Case
from determinations.search import Query, search
from determinations.views.search import JSON_SCHEMA, case_json

MAX_PER_PAGE = 100


class _Anonymous:
    def __str__(self) -> str:
        return "anonymous"


ANONYMOUS = _Anonymous()


class TokenAuth(HttpBearer):
    """A valid token identifies its account; a wrong one is refused (401), never read as anonymous."""

    def authenticate(self, request: HttpRequest, token: str):
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token),
                                                               user__is_active=True).first()
        if found is None:
            raise AuthenticationError()
        return found.user


def anonymous(request: HttpRequest):
    return ANONYMOUS


class _SettingsRate(SimpleRateThrottle):
    """The rate of `scope` in settings.DESK_API_RATES, read per request (so it can change without a restart)."""

    def __init__(self) -> None:
        super().__init__(settings.DESK_API_RATES[self.scope])

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.DESK_API_RATES[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AnonymousThrottle(_SettingsRate):
    scope = "anonymous"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if getattr(request, "auth", None) is not ANONYMOUS:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_SettingsRate):
    scope = "token"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "auth", None)
        if user is None or user is ANONYMOUS:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


api = NinjaAPI(title="IMR Archive API", version="1", urls_namespace="api-v1",
               description=__doc__, auth=[TokenAuth(), anonymous],
               throttle=[AnonymousThrottle(), TokenThrottle()])


def _search_params() -> type[Schema]:
    """The public search parameters, one per field of the search module's Query (so the two cannot drift);
    validated by the same form as /decisions/. Only `per_page` is the API's own."""
    hints = get_type_hints(Query)
    fields = {f.name: (list[str], []) if hints[f.name] == tuple[str, ...] else (hints[f.name], f.default)
              for f in dataclasses.fields(Query)}
    return create_model("SearchParams", __base__=Schema, **fields, per_page=(int, 20))


SearchParams = _search_params()


def _query(request: HttpRequest):
    """The site's form validates the parameters; an invalid one is a 400 naming it (the page ignores it)."""
    params = request.GET.copy()
    params.pop("per_page", None)
    form = SearchForm(params)
    if not form.is_valid():
        raise HttpError(400, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return form.to_query()


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


@api.get("/decisions/", summary="Search decisions")
def decisions(request: HttpRequest, params: QueryParams[SearchParams]):
    per_page = min(max(1, params.per_page), MAX_PER_PAGE)
    results = search(_query(request), per_page=per_page)
    base = _base(request)
    return {
        "schema": JSON_SCHEMA, "count": results.count, "count_is_estimate": results.approximate_count,
        "page": results.page, "num_pages": results.num_pages, "per_page": per_page,
        "results": [case_json(case, base) for case in results.cases],
    }


@api.get("/decisions/{case_number}/", summary="One decision, by case number")
def decision(request: HttpRequest, case_number: str):
    case = get_object_or_404(Case.objects.for_listing(), public_id=case_number)
    return case_json(case, _base(request))


@api.get("/guidelines/", summary="The guideline registry with decisions and overturn rates")
def guidelines(request: HttpRequest):
    base = _base(request)
    return [{"slug": s.guideline.slug, "family": s.guideline.family, "chapter": s.guideline.chapter,
             "title": s.guideline.title, "url": base + s.guideline.get_absolute_url(), "decisions": s.decisions,
             "items": s.items, "overturned": s.overturned, "overturn_rate": s.rate}
            for s in stats.guideline_index()]


@api.get("/statistics/", summary="Overturn rates of the archive, or of a search's decisions")
def statistics(request: HttpRequest, params: QueryParams[SearchParams]):
    _query(request)  # the same validation as a search
    scope = stats.scope_for(request.GET)
    totals = stats.totals(scope)
    return {
        "decisions": totals.decisions, "items": totals.items, "overturned": totals.overturned,
        "overturn_rate": totals.rate, "first_decided": totals.first, "last_decided": totals.last,
        "tables": {table.name: [{"key": r.key, "label": r.label, "items": r.items, "overturned": r.overturned,
                                 "overturn_rate": r.rate} for r in table.rows]
                   for table in stats.stats_tables(scope, totals.rate)},
    }
