"""Outcome statistics: every figure the home, guideline, reviewer and statistics pages show.

Each table is one grouped query. Over the whole archive the queries read the summary tables of
`stats_models` (kept current by database triggers, so never stale); over a search's result set they group
the matching rows live. The overturn rate is per disputed item: overturned items / all items, like DWC's
published figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict

from determinations import links
from determinations.forms import SearchForm
from determinations.models import Case, CitedBy, Decision, DisputedItem, Guideline, GuidelineCitation, Outcome, Reviewer
from determinations.parsing.registry import GUIDELINES_BY_SLUG, TREATMENT_CATEGORIES
from determinations.querysets import expand_guidelines, web_query
from determinations.search import Query, filtered
from determinations.stats_models import (
    GuidelineCaseStat,
    GuidelineStat,
    GuidelineTermItemStat,
    GuidelineTermMonthStat,
    GuidelineTermPairStat,
    ItemStat,
    MonthStat,
)

OVERTURNED = Decision.OVERTURNED
RATE_DEFINITION = (
    "Overturn rate: the share of disputed items whose utilization review denial the expert reviewer overturned "
    "(overturned items ÷ all items). A letter with several items counts each item."
)
# Filters that carry no condition: left out of a scope's query string.
IGNORED_PARAMS = ("page", "sort")
# Memory for the one statement behind a search's statistics (PostgreSQL's default, 4 MB, spills to disk).
LIVE_WORK_MEM = "64MB"
# A focused search's items and citations are reached by index from its case ids (a few thousand probes) rather
# than by hashing whole tables: PostgreSQL's default (4) prices a random read as if from a spinning disk.
LIVE_RANDOM_PAGE_COST = 1.1
# What the live statement reads of each matching item: all in the `item_case_covering` index (index-only scan).
LIVE_ITEM_COLUMNS = ("case_id", "category", "is_opioid", "decision", "reviewer_guidelines")


# --- the data a chart and its table show ----------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One bar: a value of the dimension with its counts, and where its decisions can be searched."""

    key: str
    label: str
    items: int
    overturned: int = 0
    url: str = ""

    @property
    def rate(self) -> float | None:
        return self.overturned / self.items if self.items else None

    @property
    def percent(self) -> str:
        return "–" if self.rate is None else f"{self.rate * 100:.1f}%"


@dataclass
class Table:
    """A chart's data: `kind` "rate" charts the overturn rate, "count" charts `items` (e.g. decisions a month)."""

    name: str
    title: str
    dimension: str
    rows: list[Row]
    kind: str = "rate"
    unit: str = "items"
    note: str = ""
    reference: float | None = None  # the archive's overall rate, drawn as a line on rate charts

    @property
    def total(self) -> int:
        return sum(r.items for r in self.rows)

    def csv_rows(self) -> Iterable[list]:
        if self.kind == "count":
            yield [self.dimension.lower().replace(" ", "_"), "label", self.unit]
            for r in self.rows:
                yield [r.key, r.label, r.items]
            return
        yield [self.dimension.lower().replace(" ", "_"), "label", self.unit, "overturned", "overturn_rate"]
        for r in self.rows:
            yield [r.key, r.label, r.items, r.overturned, "" if r.rate is None else f"{r.rate:.4f}"]


@dataclass(frozen=True)
class Totals:
    decisions: int
    items: int
    overturned: int
    first: date | None = None
    last: date | None = None

    @property
    def rate(self) -> float | None:
        return self.overturned / self.items if self.items else None


# --- scopes: the whole archive, or the result set of a search ----------------------------------------------


@dataclass
class Scope:
    """What the figures are about. `query` None: the whole archive (summary tables)."""

    query: Query | None = None
    params: QueryDict = field(default_factory=QueryDict)
    errors: dict = field(default_factory=dict)
    _live: dict = field(default_factory=dict, repr=False, compare=False)
    live_parts: set = field(default_factory=set, repr=False, compare=False)  # the parts computed live so far

    @property
    def is_filtered(self) -> bool:
        return self.query is not None

    @property
    def querystring(self) -> str:
        return self.params.urlencode()

    def cases(self) -> QuerySet:
        return filtered(self.query).order_by() if self.query else Case.objects.all()

    def item_conditions(self) -> QuerySet:
        """Items meeting the search's item-level conditions (decision, category, opioid, words, guideline)."""
        items = DisputedItem.objects.all()
        query = self.query
        if query is None:
            return items
        if query.decision:
            items = items.filter(decision=query.decision)
        if query.category:
            items = items.filter(category__in=query.category)
        if query.opioid:
            items = items.filter(is_opioid=True)
        if query.item.strip():
            items = items.filter(description_vector=web_query(query.item))
        if query.guideline:  # the item's reviewer-cited slugs (kept exact by the citation triggers)
            items = items.filter(reviewer_guidelines__overlap=expand_guidelines(query.guideline))
        return items

    def items(self) -> QuerySet:
        """The disputed items the figures count: of matching decisions, and meeting the search's item conditions."""
        if self.query is None:
            return DisputedItem.objects.all()
        return self.item_conditions().filter(case__in=self.cases().values("pk"))

    @cached_property
    def summary(self) -> Summary | None:
        """The search as summary-table conditions, or None when the summary tables cannot answer it exactly."""
        return Summary() if self.query is None else Summary.of(self.query)

    def live(self, *parts: str) -> dict[str, dict[str, tuple[int, int]]]:
        """Figures of the search computed from the archived rows: `parts` among "cases", "items", "guideline".

        One statement: the search runs once (its case ids, materialised), the items meeting its item
        conditions are joined to those ids once, and each chart is one GROUP BY over them. Cached per part.
        """
        missing = [p for p in (*parts, *self.unsummarised()) if p not in self.live_parts]
        if missing:
            self.live_parts.update(missing)
            cases_sql, case_params = self.cases().values("id", "decision_date", "reviewer_id").query.sql_with_params()
            items = self.item_conditions().order_by().values(*LIVE_ITEM_COLUMNS)
            items_sql, item_params = items.query.sql_with_params()
            sql, with_items = live_sql(missing)
            params = case_params + (item_params if with_items else ())
            with transaction.atomic(), connection.cursor() as cursor:
                # hash the groups in memory, never spill; reach a focused search's rows by index
                cursor.execute(f"SET LOCAL work_mem = '{LIVE_WORK_MEM}'; "
                               f"SET LOCAL random_page_cost = {LIVE_RANDOM_PAGE_COST}")
                cursor.execute(sql.format(cases=cases_sql, items=items_sql), params)
                rows = cursor.fetchall()
            for kind, key, n, over in rows:
                self._live.setdefault(kind, {})[key or ""] = (int(n or 0), int(over or 0))
        return self._live

    def unsummarised(self) -> list[str]:
        """The live parts the summary tables cannot answer: computed together, in one statement."""
        if self.query is None:
            return []
        return [part for part, stats in (("cases", self.month_stats), ("items", self.item_stats),
                                         ("guideline", self.guideline_stats)) if stats() is None]

    def live_rows(self, kind: str, part: str) -> list[dict]:
        """One chart's grouped rows of `live`, most items first, as the summary queries return them."""
        ranked = sorted(self.live(part).get(kind, {}).items(), key=lambda kv: (-kv[1][0], kv[0]))
        return [{"key": key, "n": n, "over": over} for key, (n, over) in ranked]

    def item_stats(self) -> QuerySet | None:
        """`ItemStat` rows (`GuidelineTermItemStat` of the guideline searched) counting exactly this scope's
        items, or None (then they are counted live)."""
        if self.summary is None:
            return None
        if self.summary.guideline:
            return GuidelineTermItemStat.objects.filter(self.summary.item_q(), term=self.summary.guideline)
        return ItemStat.objects.filter(self.summary.item_q())

    def guideline_stats(self) -> QuerySet | None:
        """`GuidelineStat` rows (`GuidelineTermPairStat`) counting exactly this scope's items per guideline, each
        annotated with the guideline's `slug`, or None."""
        if self.summary is None or not self.summary.by_guideline:
            return None
        if self.summary.guideline:
            return GuidelineTermPairStat.objects.filter(self.summary.guideline_q(), term=self.summary.guideline
                                                        ).annotate(slug=F("cited"))
        return GuidelineStat.objects.filter(self.summary.guideline_q()).annotate(slug=F("guideline__slug"))

    def month_stats(self) -> QuerySet | None:
        """`MonthStat` rows (`GuidelineTermMonthStat`) counting exactly this scope's decisions, or None."""
        if self.summary is None or not self.summary.by_month:
            return None
        if self.summary.guideline:
            return GuidelineTermMonthStat.objects.filter(self.summary.month_q(), term=self.summary.guideline)
        return MonthStat.objects.filter(self.summary.month_q())

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


ARCHIVE = Scope()

# Conditions the summary tables count by. A search made of these alone is answered from them exactly: the
# items of such a search are exactly the items meeting its item conditions whose decision meets the others.
# `guideline` with one value (a slug or a family) is a key of the guideline term tables.
SUMMARY_CONDITIONS = {"decision", "category", "opioid", "specialty", "decided_after", "decided_before", "guideline"}


@dataclass(frozen=True)
class Summary:
    """A search as conditions on the summary tables' keys (no condition: the whole archive)."""

    decision: str = ""
    categories: tuple[str, ...] = ()
    opioid: bool = False
    specialty: str = ""
    first_year: int | None = None
    last_year: int | None = None
    guideline: str = ""  # one `?guideline=` value: the term tables (GuidelineTerm*Stat) instead of the archive's

    @classmethod
    def of(cls, query: Query) -> Summary | None:
        """The summary conditions of `query`, or None when it has another condition or a part-year date."""
        others = (getattr(query, f.name) for f in fields(query) if f.name not in SUMMARY_CONDITIONS | {"sort", "page"})
        if any(value is not None and value is not False and value not in ("", ()) for value in others):  # age 0 is one
            return None
        if len(query.guideline) > 1:  # several values: items matching any (no table counts unions)
            return None
        after, before = query.decided_after, query.decided_before
        if (after and (after.month, after.day) != (1, 1)) or (before and (before.month, before.day) != (12, 31)):
            return None
        return cls(query.decision, tuple(query.category), query.opioid, query.specialty,
                   after.year if after else None, before.year if before else None,
                   query.guideline[0] if query.guideline else "")

    @property
    def dated(self) -> bool:
        return self.first_year is not None or self.last_year is not None

    @property
    def by_guideline(self) -> bool:
        """GuidelineStat has no opioid or specialty key."""
        return not (self.opioid or self.specialty)

    @property
    def by_month(self) -> bool:
        """MonthStat counts decisions by month and outcome: a decision condition is an outcome condition
        (a letter with an overturned item is overturned or partial), a category, opioid or specialty one is not;
        nor is a decision with a guideline (the same item must have both)."""
        return not (self.categories or self.opioid or self.specialty or (self.decision and self.guideline))

    def _years(self) -> Q:
        q = Q(year__gt=0) if self.dated else Q()  # year 0: no decision date, which no date range matches
        if self.first_year is not None:
            q &= Q(year__gte=self.first_year)
        if self.last_year is not None:
            q &= Q(year__lte=self.last_year)
        return q

    def guideline_q(self) -> Q:
        """Year, decision and category: the keys `GuidelineStat` shares with `ItemStat`."""
        q = self._years()
        if self.decision:
            q &= Q(decision=self.decision)
        if self.categories:
            q &= Q(category__in=self.categories)
        return q

    def item_q(self) -> Q:
        q = self.guideline_q()
        if self.opioid:
            q &= Q(is_opioid=True)
        if self.specialty:
            from determinations.names import specialty_group

            q &= Q(specialty_slug__in=specialty_group(self.specialty))
        return q

    def month_q(self) -> Q:
        q = Q(month__isnull=False) if self.dated else Q()
        if self.first_year is not None:
            q &= Q(month__gte=date(self.first_year, 1, 1))
        if self.last_year is not None:
            q &= Q(month__lte=date(self.last_year, 12, 1))
        if self.decision:
            q &= Q(outcome__in=[self.decision, Outcome.PARTIAL])
        return q


# The live statement, by part. `c`: the search's case ids (from the narrow case_newest index when the
# conditions allow), read once; `i`: the items meeting the item conditions, joined to them by id once and
# grouped in one pass (`g`, GROUPING SETS) for every item chart, the totals and the guideline chart. `i` has
# that one reader, so PostgreSQL streams it into the grouping instead of materialising 130,000 rows.
_LIVE_CASES = """c AS MATERIALIZED (SELECT id, decision_date, reviewer_id FROM ({cases}) c)"""
_LIVE_ITEMS = """i AS (
    SELECT i.category, i.is_opioid, i.decision = 'overturned' AS over, i.reviewer_guidelines AS guidelines,
           coalesce(extract(year FROM c.decision_date)::int, 0) AS year, coalesce(r.specialty_slug, '') AS specialty
    FROM ({items}) i JOIN c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id)"""
_LIVE_GROUPS = """g AS (SELECT {kind}, guidelines, count(*) AS n, count(*) FILTER (WHERE over) AS over
    FROM i GROUP BY GROUPING SETS ({sets}))"""
_LIVE_KIND = """CASE WHEN GROUPING(category) = 0 THEN 'opioids' WHEN GROUPING(year) = 0 THEN 'year'
                WHEN GROUPING(specialty) = 0 THEN 'specialty' WHEN GROUPING(guidelines) = 0 THEN 'guidelines'
                ELSE 'items' END AS kind,
           CASE WHEN GROUPING(category) = 0 THEN category || ':' || is_opioid::text
                WHEN GROUPING(year) = 0 THEN year::text WHEN GROUPING(specialty) = 0 THEN specialty
                ELSE '' END AS key"""
# The grouping sets each item part needs: four charts and the totals; the items by their guideline array.
_LIVE_SETS = {"items": "(category, is_opioid), (year), (specialty), ()", "guideline": "(guidelines)"}
_LIVE_PARTS = {
    "cases": """SELECT 'decisions', '', count(*), 0 FROM c
UNION ALL SELECT 'first', min(decision_date)::text, 0, 0 FROM c
UNION ALL SELECT 'last', max(decision_date)::text, 0, 0 FROM c
UNION ALL SELECT 'month', to_char(date_trunc('month', d), 'YYYY-MM-DD'), sum(n), 0  -- by day, then by month
          FROM (SELECT decision_date AS d, count(*) AS n FROM c WHERE decision_date IS NOT NULL GROUP BY 1) days
          GROUP BY 2""",
    "items": """SELECT kind, key, n, over FROM g WHERE kind <> 'guidelines'""",
    # each item once per guideline: its array holds each reviewer-cited slug once; a few hundred distinct
    # arrays are unnested, not every item's
    "guideline": """SELECT 'guideline', x, sum(n), sum(over) FROM g, unnest(g.guidelines) x
          WHERE kind = 'guidelines' GROUP BY x""",
}


def live_sql(parts: Iterable[str]) -> tuple[str, bool]:
    """The statement computing `parts` live (placeholders {cases} and {items}), and whether it reads items."""
    parts = [p for p in _LIVE_PARTS if p in set(parts)]
    item_parts = [p for p in parts if p in _LIVE_SETS]
    ctes = [_LIVE_CASES]
    if item_parts:
        sets = ", ".join(_LIVE_SETS[p] for p in item_parts)
        kind = _LIVE_KIND if "items" in item_parts else "'guidelines' AS kind, '' AS key"  # GROUPING(x): x grouped
        ctes += [_LIVE_ITEMS, _LIVE_GROUPS.replace("{sets}", sets).replace("{kind}", kind)]
    body = "\nUNION ALL ".join(f"({_LIVE_PARTS[p]})" for p in parts)
    return "WITH " + ",\n".join(ctes) + "\n" + body, bool(item_parts)


# --- links into the search -------------------------------------------------------------------------------


def year_range(year: int) -> dict[str, str]:
    return {"decided_after": f"{year}-01-01", "decided_before": f"{year}-12-31"}


def month_range(month: date) -> dict[str, str]:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    last = date.fromordinal(following.toordinal() - 1)
    return {"decided_after": month.isoformat(), "decided_before": last.isoformat()}


def guideline_title(slug: str) -> str:
    entry = GUIDELINES_BY_SLUG.get(slug)
    return entry.title if entry else slug


# --- the figures ------------------------------------------------------------------------------------------


def _overturned(field_name: str = "items") -> Coalesce:
    return Coalesce(Sum(field_name, filter=Q(decision=OVERTURNED)), 0)


def totals(scope: Scope = ARCHIVE) -> Totals:
    """Decisions, items, overturned items and the date range: from the summary tables when they can say."""
    stats = scope.item_stats()
    if stats is None:
        items = scope.live("items").get("items", {}).get("", (0, 0))
    else:
        row = stats.aggregate(n=Sum("items"), over=_overturned())
        items = (int(row["n"] or 0), int(row["over"] or 0))
    months = scope.month_stats()
    if months is None:
        live = scope.live("cases")
        first, last = (next(iter(live.get(k, {})), "") for k in ("first", "last"))
        return Totals(live["decisions"][""][0], items[0], items[1], date.fromisoformat(first) if first else None,
                      date.fromisoformat(last) if last else None)
    decisions = months.aggregate(n=Sum("cases"))["n"] or 0
    dates = scope.cases().aggregate(first=Min("decision_date"), last=Max("decision_date"))  # two index probes
    return Totals(int(decisions), items[0], items[1], dates["first"], dates["last"])


def _rate_rows(rows: Iterable[dict], key: str, label: Callable[[object], str], link: Callable[[object], str],
               items: str = "n", overturned: str = "over") -> list[Row]:
    return [
        Row(str(r[key]), label(r[key]), int(r[items] or 0), int(r[overturned] or 0), link(r[key]))
        for r in rows
    ]


def _live_categories(scope: Scope) -> list[dict]:
    """The live category rows: the (category, opioid) groups folded by category."""
    folded: dict[str, list[int]] = {}
    for r in scope.live_rows("opioids", "items"):
        counts = folded.setdefault(r["key"].split(":")[0], [0, 0])
        counts[0] += r["n"]
        counts[1] += r["over"]
    ranked = sorted(folded.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return [{"category": c, "n": n, "over": over} for c, (n, over) in ranked]


def by_category(scope: Scope = ARCHIVE, reference: float | None = None) -> Table:
    stats = scope.item_stats()
    if stats is None:
        rows = _live_categories(scope)
    else:
        rows = stats.values("category").annotate(n=Sum("items"), over=_overturned()).order_by("-n", "category")
    rows = _rate_rows(rows, "category", lambda c: TREATMENT_CATEGORIES.get(c, c),
                      lambda c: scope.link(category=c))
    return Table("category", "Overturn rate by treatment category", "Category", rows, reference=reference)


def by_guideline(scope: Scope = ARCHIVE, reference: float | None = None, limit: int | None = None) -> Table:
    """Items whose expert reviewer cited the guideline (each item once per guideline)."""
    stats = scope.guideline_stats()
    if stats is None:
        rows = [{"slug": r["key"], **r} for r in scope.live_rows("guideline", "guideline")]
    else:
        rows = stats.values("slug").annotate(n=Sum("items"), over=_overturned()).order_by("-n", "slug")
    if limit:
        rows = rows[:limit]
    rows = _rate_rows(rows, "slug", guideline_title, lambda s: scope.link(guideline=s))
    return Table("guideline", "Overturn rate by guideline cited by the expert reviewer", "Guideline", rows,
                 reference=reference)


def specialty_names() -> dict[str, str]:
    return dict(Reviewer.objects.values_list("specialty_slug", "specialty").distinct())


def by_specialty(scope: Scope = ARCHIVE, reference: float | None = None, limit: int | None = 20) -> Table:
    stats = scope.item_stats()
    if stats is None:
        rows = [{"slug": r["key"], **r} for r in scope.live_rows("specialty", "items")]
    else:
        rows = stats.values(slug=F("specialty_slug")).annotate(n=Sum("items"), over=_overturned()).order_by(
            "-n", "slug")
    if limit:
        rows = rows[:limit]
    names = specialty_names()
    rows = _rate_rows(rows, "slug", lambda s: names.get(s, "No reviewer stated") if s else "No reviewer stated",
                      lambda s: scope.link(specialty=s) if s else "")
    return Table("specialty", "Overturn rate by reviewer specialty", "Specialty", rows, reference=reference,
                 note=f"The {limit} specialties with most items." if limit else "")


def by_year(scope: Scope = ARCHIVE, reference: float | None = None) -> Table:
    stats = scope.item_stats()
    if stats is None:
        rows = sorted(({"year": int(r["key"]), **r} for r in scope.live_rows("year", "items")),
                      key=lambda r: r["year"])
    else:
        rows = stats.values("year").annotate(n=Sum("items"), over=_overturned()).order_by("year")
    rows = [r for r in rows if r["year"]]  # year 0: no decision date
    rows = _rate_rows(rows, "year", str, lambda y: scope.link(**year_range(y)))
    return Table("year", "Overturn rate by year decided", "Year", rows, reference=reference)


def by_month(scope: Scope = ARCHIVE) -> Table:
    """Decisions (letters) per month decided."""
    months = scope.month_stats()
    if months is None:
        rows = sorted(({"month": date.fromisoformat(r["key"]), **r} for r in scope.live_rows("month", "cases")),
                      key=lambda r: r["month"])
    else:
        rows = months.filter(month__isnull=False).values("month").annotate(n=Sum("cases")).order_by("month")
    rows = [Row(r["month"].strftime("%Y-%m"), r["month"].strftime("%b %Y"), int(r["n"]),
                url=scope.link(**month_range(r["month"]))) for r in rows]
    return Table("month", "Decisions per month", "Month", rows, kind="count", unit="decisions",
                 note="Letters by the month of their decision date; letters without one are not shown.")


def opioids(scope: Scope = ARCHIVE, reference: float | None = None) -> Table:
    """Opioid items against other pharmaceuticals and everything else: their share and overturn rate."""
    stats = scope.item_stats()
    if stats is None:
        rows = [{"category": r["key"].split(":")[0], "is_opioid": r["key"].endswith(":true"), **r}
                for r in scope.live_rows("opioids", "items")]
    else:
        rows = stats.values("category", "is_opioid").annotate(n=Sum("items"), over=_overturned())
    groups = {"opioid": [0, 0], "other-pharmaceuticals": [0, 0], "non-pharmaceutical": [0, 0]}
    for r in rows:  # at most 2 x 15 grouped rows, folded into three
        key = "opioid" if r["is_opioid"] else (
            "other-pharmaceuticals" if r["category"] == "pharmaceuticals" else "non-pharmaceutical")
        groups[key][0] += int(r["n"] or 0)
        groups[key][1] += int(r["over"] or 0)
    labels = {"opioid": "Opioids", "other-pharmaceuticals": "Other pharmaceuticals",
              "non-pharmaceutical": "All other treatments"}
    links = {"opioid": scope.link(opioid="true"), "other-pharmaceuticals": scope.link(category="pharmaceuticals"),
             "non-pharmaceutical": ""}
    table_rows = [Row(k, labels[k], n, over, links[k]) for k, (n, over) in groups.items()]
    total = sum(r.items for r in table_rows)
    pharma = table_rows[0].items + table_rows[1].items
    note = "No items." if not total else (
        f"Opioids are {table_rows[0].items / total:.1%} of all disputed items"
        + (f" and {table_rows[0].items / pharma:.1%} of pharmaceutical items." if pharma else ".")
    )
    return Table("opioids", "Opioids: share of items and overturn rate", "Group", table_rows, reference=reference,
                 note=note)


def opioid_share(table: Table) -> tuple[float | None, float | None]:
    """(share of all items, share of pharmaceutical items) from an `opioids` table."""
    opioid, other_pharma, rest = (r.items for r in table.rows)
    total, pharma = opioid + other_pharma + rest, opioid + other_pharma
    return (opioid / total if total else None, opioid / pharma if pharma else None)


STATS_TABLES: dict[str, Callable[..., Table]] = {
    "month": lambda scope, ref: by_month(scope),
    "category": lambda scope, ref: by_category(scope, ref),
    "guideline": lambda scope, ref: by_guideline(scope, ref),
    "specialty": lambda scope, ref: by_specialty(scope, ref),
    "year": lambda scope, ref: by_year(scope, ref),
    "opioids": lambda scope, ref: opioids(scope, ref),
}


def stats_tables(scope: Scope, reference: float | None, only: str | None = None) -> list[Table]:
    names = [only] if only else list(STATS_TABLES)
    return [STATS_TABLES[name](scope, reference) for name in names]


# --- guidelines -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GuidelineSummary:
    guideline: Guideline
    decisions: int
    items: int
    overturned: int

    @property
    def rate(self) -> float | None:
        return self.overturned / self.items if self.items else None


def guideline_index() -> list[GuidelineSummary]:
    """Every guideline of the registry with its decisions and overturn rate: two grouped queries."""
    cases = dict(GuidelineCaseStat.objects.values("guideline_id").annotate(n=Sum("cases")).values_list(
        "guideline_id", "n"))
    items = {r["guideline_id"]: r for r in GuidelineStat.objects.values("guideline_id").annotate(
        n=Sum("items"), over=_overturned())}
    return [
        GuidelineSummary(g, int(cases.get(g.pk, 0)), int(items.get(g.pk, {}).get("n", 0)),
                         int(items.get(g.pk, {}).get("over", 0)))
        for g in Guideline.objects.all()
    ]


def most_cited_guidelines(limit: int = 10) -> list[tuple[Guideline, int]]:
    rows = GuidelineCaseStat.objects.values("guideline_id").annotate(n=Sum("cases")).order_by("-n")[:limit]
    by_id = Guideline.objects.in_bulk([r["guideline_id"] for r in rows])
    return [(by_id[r["guideline_id"]], int(r["n"])) for r in rows]


def guideline_decisions(guideline: Guideline) -> int:
    return int(GuidelineCaseStat.objects.filter(guideline=guideline).aggregate(n=Sum("cases"))["n"] or 0)


def guideline_by_year(guideline: Guideline, reference: float | None = None) -> Table:
    rows = GuidelineStat.objects.filter(guideline=guideline).values("year").annotate(
        n=Sum("items"), over=_overturned()).order_by("year")
    rows = _rate_rows([r for r in rows if r["year"]], "year", str,
                      lambda y: ARCHIVE.link(guideline=guideline.slug, **year_range(y)))
    return Table("year", f"Overturn rate by year: {guideline.title}", "Year", rows, reference=reference)


def guideline_by_category(guideline: Guideline, reference: float | None = None) -> Table:
    rows = GuidelineStat.objects.filter(guideline=guideline).values("category").annotate(
        n=Sum("items"), over=_overturned()).order_by("-n", "category")
    rows = _rate_rows(rows, "category", lambda c: TREATMENT_CATEGORIES.get(c, c),
                      lambda c: ARCHIVE.link(guideline=guideline.slug, category=c))
    return Table("category", f"Overturn rate by treatment category: {guideline.title}", "Category", rows,
                 reference=reference)


def guideline_cited(guideline: Guideline, field_name: str, limit: int = 10) -> Table:
    """The topics (or pages) of this guideline expert reviewers cite most, as written in the letters."""
    rows = (GuidelineCitation.objects.filter(guideline=guideline, cited_by=CitedBy.REVIEWER).exclude(**{field_name: ""})
            .values(field_name).annotate(n=Count("id")).order_by("-n", field_name)[:limit])
    rows = [Row(r[field_name], r[field_name], int(r["n"])) for r in rows]
    title = "Most cited topics" if field_name == "topic" else "Most cited pages"
    return Table(field_name, title, "Topic" if field_name == "topic" else "Pages", rows, kind="count",
                 unit="citations")


GUIDELINE_TABLES: dict[str, Callable[[Guideline, float | None], Table]] = {
    "year": guideline_by_year,
    "category": guideline_by_category,
    "topic": lambda g, ref: guideline_cited(g, "topic"),
    "pages": lambda g, ref: guideline_cited(g, "pages"),
}


# --- reviewers --------------------------------------------------------------------------------------------


def reviewer_by_category(reviewer: Reviewer, reference: float | None = None) -> Table:
    rows = DisputedItem.objects.filter(case__reviewer=reviewer).values("category").annotate(
        n=Count("id"), over=Count("id", filter=Q(decision=OVERTURNED))).order_by("-n", "category")
    rows = _rate_rows(rows, "category", lambda c: TREATMENT_CATEGORIES.get(c, c),
                      lambda c: ARCHIVE.link(category=c, specialty=reviewer.specialty_slug))
    return Table("category", "Categories reviewed", "Category", rows, reference=reference)


def specialty_rate(specialty_slug: str) -> tuple[int, int]:
    row = ItemStat.objects.filter(specialty_slug=specialty_slug).aggregate(n=Sum("items"), over=_overturned())
    return int(row["n"] or 0), int(row["over"] or 0)


def reviewer_index() -> QuerySet:
    """Every reviewer profile with its number of decisions, most first."""
    return Reviewer.objects.annotate(decisions=Count("cases")).order_by("-decisions", "specialty", "slug")
