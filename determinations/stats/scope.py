"""What the figures are about: the whole archive, or the result set of one search."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import QuerySet
from django.http import QueryDict

from determinations import links
from determinations.forms import SearchForm
from determinations.models import Case, DisputedItem
from determinations.search import Query, filtered
from determinations.stats.live import Counts, LiveCounts, Sample
from determinations.stats.summary import Summary, unanswered

# Filters that carry no condition: left out of a scope's query string.
IGNORED_PARAMS = ("page", "sort")
# What the summary tables cannot answer of a search is counted from the rows. Its letters (how many, their first and
# last dates, how many a month) the search index counts exactly at any size; its items are counted live over every
# matching letter up to STATS_EXACT of them, beyond over a uniform random sample of STATS_SAMPLE the index draws.
# Measured at 100,000 letters (bench/bench_pages.py, with --postgres and --stats-sample): the broadest text
# search's page takes 500 ms (p50) counted whole and 110 ms from 2,000 letters, each letter of a sample costing
# several times one counted whole (its figures are summed per letter for their margins): up to 10,000 letters,
# counting them all is no slower.
STATS_SAMPLE = 2000
STATS_EXACT = 10_000


def from_index(query: Query, parts: list[str]) -> tuple[Counts | None, Sample | None]:
    """What the search index says of `parts` of a search's figures, from one reading of it: the "cases" part
    exact (or None), and a uniform random sample of STATS_SAMPLE of the letters for the item parts when more than
    STATS_EXACT match (or None: every letter is counted). (None, None) when there is no usable index or it cannot
    answer the search."""
    from determinations.engine import reader
    from determinations.engine.tsquery import Unsupported

    opened = reader.usable()
    if opened is None:
        return None, None
    index, searcher = opened
    known = sample = None
    try:
        q = reader.prepared(index, searcher, query)  # (here: it may ask PostgreSQL to read the words)
    except Unsupported:
        return None, None
    # The two passes at once, the sample's on a thread of its own (tantivy searches without holding the GIL):
    # a text search's page waits for the slower of the two, not for both.
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(reader.counted_sample, searcher, q, STATS_SAMPLE) if set(parts) - {"cases"} else None
        if "cases" in parts:
            letters, first, last, months = reader.decisions(searcher, q)
            known = {"decisions": {"": (letters, 0)}, "first": {first.isoformat() if first else "": (0, 0)},
                     "last": {last.isoformat() if last else "": (0, 0)},
                     "month": {month.isoformat(): (n, 0) for month, n in months.items()}}
        if pending is not None:
            total, ids = pending.result()
            if total > max(STATS_EXACT, STATS_SAMPLE):
                sample = Sample(tuple(ids), total)
    return known, sample


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

    def __post_init__(self) -> None:
        summary = Summary() if self.query is None else Summary.of(self.query) if self.summaries else None
        object.__setattr__(self, "summary", summary)

    @cached_property
    def _from_index(self) -> tuple[Counts | None, Sample | None]:
        """What the search index says of the parts the summary tables cannot (read on first use: a feed never
        needs it)."""
        parts = unanswered(self.summary)
        return from_index(self.query, parts) if self.query is not None and parts else (None, None)

    @property
    def sample(self) -> Sample | None:
        """The letters whose items are counted live, when not all of them."""
        return self._from_index[1]

    @cached_property
    def live(self) -> LiveCounts | None:
        """What this scope counts from the archived rows (None for the archive), computed once per request."""
        if self.query is None:
            return None
        cases = self.cases() if self.sample is None else Case.objects.filter(id__in=self.sample.ids).order_by()
        return LiveCounts(cases, self.matching_items(), unanswered(self.summary), self.sample, self._from_index[0])

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
