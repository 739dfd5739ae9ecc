"""What the figures are about: the whole archive, or the result set of one search."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict

from determinations import links
from determinations.forms import SearchForm
from determinations.models import Case, DisputedItem
from determinations.search import Query, filtered
from determinations.stats.live import LiveCounts
from determinations.stats.summary import Summary, unanswered

# Filters that carry no condition: left out of a scope's query string.
IGNORED_PARAMS = ("page", "sort")


@dataclass(frozen=True)
class Scope:
    """What the figures are about. `query` None: the whole archive, always read from the summary tables.

    Immutable and built per request (`scope_for`): what a search counts from the archived rows is kept on its
    own `live`, so it is computed once per request and never shared with another.
    """

    query: Query | None = None
    params: QueryDict = field(default_factory=QueryDict)
    errors: dict = field(default_factory=dict)
    summaries: bool = True  # False: count a search from the rows even where the summary tables could answer
    summary: Summary | None = field(init=False, compare=False)  # None: the summary tables cannot answer
    live: LiveCounts | None = field(init=False, repr=False, compare=False)  # None for the archive

    def __post_init__(self) -> None:
        summary = Summary() if self.query is None else Summary.of(self.query) if self.summaries else None
        live = None if self.query is None else LiveCounts(self.cases(), self.matching_items(), unanswered(summary))
        object.__setattr__(self, "summary", summary)
        object.__setattr__(self, "live", live)

    @property
    def is_filtered(self) -> bool:
        return self.query is not None

    @property
    def querystring(self) -> str:
        return self.params.urlencode()

    def cases(self) -> QuerySet:
        return filtered(self.query).order_by() if self.query else Case.objects.all()

    def matching_items(self) -> QuerySet:
        """Items meeting the search's item conditions, in any letter (the figures count those of `cases`)."""
        return DisputedItem.objects.matching(self.query) if self.query else DisputedItem.objects.all()

    def item_stats(self) -> QuerySet | None:
        """Summary rows counting exactly this scope's items, or None (then they are counted live)."""
        return None if self.summary is None else self.summary.item_stats()

    def guideline_stats(self) -> QuerySet | None:
        """Summary rows counting exactly this scope's items per guideline (with its `slug`), or None."""
        return None if self.summary is None else self.summary.guideline_stats()

    def month_stats(self) -> QuerySet | None:
        """Summary rows counting exactly this scope's decisions per month and outcome, or None."""
        return None if self.summary is None else self.summary.month_stats()

    def link(self, **conditions: str | list[str]) -> str:
        """A search URL: this scope's filters with `conditions` set (replacing the same filter)."""
        params = self.params.copy()
        for key, value in conditions.items():
            params.setlist(key, value if isinstance(value, list) else [value])
        return links.search(params)


def scope_for(params: QueryDict) -> Scope:
    """The scope a query string asks for: the whole archive when it holds no search condition."""
    kept = QueryDict(mutable=True)
    for key in params:
        if key not in IGNORED_PARAMS and key in SearchForm.base_fields:
            values = [v for v in params.getlist(key) if v.strip()]
            if values:
                kept.setlist(key, values)
    if not kept:
        return Scope()
    form = SearchForm(kept)
    query = form.to_query()
    if query.is_empty():
        return Scope(errors=dict(form.errors))
    return Scope(query=query, params=kept, errors=dict(form.errors))


# The whole archive: immutable (its figures always come from the summary tables, so it holds no counts).
ARCHIVE = Scope()
