"""The charts' data and the figures of a scope: the statistics page, the home page and their CSVs.

Each table is one grouped query. Over the whole archive, and over a search the summary tables can answer
(`summary.py`), the queries read those tables (kept current by database triggers, so never stale); over any
other search they group the matching rows live (`live.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Max, Min, Q, Sum
from django.db.models.functions import Coalesce

from determinations.models import Decision, Reviewer
from determinations.names import guideline_label
from determinations.parsing.registry import TREATMENT_CATEGORIES
from determinations.stats.live import Sample
from determinations.stats.scope import ARCHIVE, Scope
from determinations.stats.summary import unanswered

OVERTURNED = Decision.OVERTURNED
RATE_DEFINITION = (
    "Overturn rate: the share of disputed items whose utilization review denial the expert reviewer overturned "
    "(overturned items ÷ all items). A letter with several items counts each item."
)


# --- the data a chart and its table show ----------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One bar: a value of the dimension with its counts, and where its decisions can be searched."""

    key: str
    label: str
    items: int
    overturned: int = 0
    url: str = ""
    # estimated from a sample (Sample): the 95% margins of items, overturned and the rate (a fraction)
    margin: int = 0
    over_margin: int = 0
    rate_margin: float | None = None

    @property
    def rate(self) -> float | None:
        return self.overturned / self.items if self.items else None

    @property
    def percent(self) -> str:
        return "–" if self.rate is None else f"{self.rate * 100:.1f}%"

    @property
    def points(self) -> str:
        """The rate's margin in percentage points."""
        return "" if self.rate_margin is None else f"{self.rate_margin * 100:.1f}"


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
    sample: Sample | None = None  # the figures are estimated from this sample of the search's letters

    @property
    def total(self) -> int:
        return sum(r.items for r in self.rows)

    def csv_rows(self) -> Iterable[list]:
        """The table; estimated from a sample, each row also says so: its margins (95%; the rate's as a fraction),
        the letters sampled and the letters matching."""
        dimension, sample = self.dimension.lower().replace(" ", "_"), self.sample
        if self.kind == "count":
            head, cells = [dimension, "label", self.unit], lambda r: [r.key, r.label, r.items]
            estimated = [f"{self.unit}_margin_95"], lambda r: [r.margin]
        else:
            head = [dimension, "label", self.unit, "overturned", "overturn_rate"]
            cells = lambda r: [r.key, r.label, r.items, r.overturned, "" if r.rate is None else f"{r.rate:.4f}"]  # noqa: E731
            estimated = ([f"{self.unit}_margin_95", "overturned_margin_95", "overturn_rate_margin_95"],
                         lambda r: [r.margin, r.over_margin, "" if r.rate_margin is None else f"{r.rate_margin:.4f}"])
        yield head + (estimated[0] + ["sampled_decisions", "matching_decisions"] if sample else [])
        for r in self.rows:
            yield cells(r) + (estimated[1](r) + [sample.size, sample.total] if sample else [])


@dataclass(frozen=True)
class Totals:
    decisions: int
    items: int
    overturned: int
    first: date | None = None
    last: date | None = None
    estimate: Row | None = None  # items and overturned estimated from a sample: with their margins

    @property
    def rate(self) -> float | None:
        return self.overturned / self.items if self.items else None

# --- links into the search -------------------------------------------------------------------------------


def year_range(year: int) -> dict[str, str]:
    return {"decided_after": f"{year}-01-01", "decided_before": f"{year}-12-31"}


def month_range(month: date) -> dict[str, str]:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    last = date.fromordinal(following.toordinal() - 1)
    return {"decided_after": month.isoformat(), "decided_before": last.isoformat()}


# --- the figures ------------------------------------------------------------------------------------------


def overturned_sum(field_name: str = "items") -> Coalesce:
    return Coalesce(Sum(field_name, filter=Q(decision=OVERTURNED)), 0)


def totals(scope: Scope = ARCHIVE) -> Totals:
    """Decisions, items, overturned items and the date range: from the summary tables when they can say."""
    stats, estimate = scope.item_stats(), None
    if stats is None:
        rows = scope.live.rows("items", "items")
        items = (rows[0]["n"], rows[0]["over"]) if rows else (0, 0)
        if scope.sample is not None:
            estimate = rate_rows(rows or [{"key": "", "n": 0, "over": 0}], "key", str, str)[0]
    else:
        row = stats.aggregate(n=Sum("items"), over=overturned_sum())
        items = (int(row["n"] or 0), int(row["over"] or 0))
    months = scope.month_stats()
    if months is None:
        live = scope.live.get("cases")
        first, last = (next(iter(live.get(k, {})), "") for k in ("first", "last"))
        return Totals(live["decisions"][""][0], items[0], items[1], date.fromisoformat(first) if first else None,
                      date.fromisoformat(last) if last else None, estimate)
    decisions = months.aggregate(n=Sum("cases"))["n"] or 0
    dates = scope.cases().aggregate(first=Min("decision_date"), last=Max("decision_date"))  # two index probes
    return Totals(int(decisions), items[0], items[1], dates["first"], dates["last"])


def rate_rows(rows: Iterable[dict], key: str, label: Callable[[object], str], link: Callable[[object], str],
               items: str = "n", overturned: str = "over") -> list[Row]:
    """Rows from grouped counts (live ones estimated from a sample carry their margins, see LiveCounts.rows)."""
    return [
        Row(str(r[key]), label(r[key]), int(r[items] or 0), int(r[overturned] or 0), link(r[key]),
            r.get("margin", 0), r.get("over_margin", 0), r.get("rate_margin"))
        for r in rows
    ]


def by_category(scope: Scope = ARCHIVE, reference: float | None = None) -> Table:
    stats = scope.item_stats()
    if stats is None:
        rows = [{"category": r["key"], **r} for r in scope.live.rows("category", "items")]
    else:
        rows = stats.values("category").annotate(n=Sum("items"), over=overturned_sum()).order_by("-n", "category")
    rows = rate_rows(rows, "category", lambda c: TREATMENT_CATEGORIES.get(c, c),
                      lambda c: scope.link(category=c))
    return Table("category", "Overturn rate by treatment category", "Category", rows, reference=reference)


def by_guideline(scope: Scope = ARCHIVE, reference: float | None = None, limit: int | None = None) -> Table:
    """Items whose expert reviewer cited the guideline (each item once per guideline)."""
    stats = scope.guideline_stats()
    if stats is None:
        rows = [{"slug": r["key"], **r} for r in scope.live.rows("guideline", "guideline")]
    else:
        rows = stats.values("slug").annotate(n=Sum("items"), over=overturned_sum()).order_by("-n", "slug")
    if limit:
        rows = rows[:limit]
    rows = rate_rows(rows, "slug", guideline_label, lambda s: scope.link(guideline=s))
    return Table("guideline", "Overturn rate by guideline cited by the expert reviewer", "Guideline", rows,
                 reference=reference)


def by_specialty(scope: Scope = ARCHIVE, reference: float | None = None, limit: int | None = 20) -> Table:
    stats = scope.item_stats()
    if stats is None:
        rows = [{"slug": r["key"], **r} for r in scope.live.rows("specialty", "items")]
    else:
        rows = stats.values(slug=F("specialty_slug")).annotate(n=Sum("items"), over=overturned_sum()).order_by(
            "-n", "slug")
    if limit:
        rows = rows[:limit]
    names = Reviewer.objects.specialty_names()
    rows = rate_rows(rows, "slug", lambda s: names.get(s, "No reviewer stated") if s else "No reviewer stated",
                      lambda s: scope.link(specialty=s) if s else "")
    return Table("specialty", "Overturn rate by reviewer specialty", "Specialty", rows, reference=reference,
                 note=f"The {limit} specialties with most items." if limit else "")


def by_year(scope: Scope = ARCHIVE, reference: float | None = None) -> Table:
    stats = scope.item_stats()
    if stats is None:
        rows = sorted(({"year": int(r["key"]), **r} for r in scope.live.rows("year", "items")),
                      key=lambda r: r["year"])
    else:
        rows = stats.values("year").annotate(n=Sum("items"), over=overturned_sum()).order_by("year")
    rows = [r for r in rows if r["year"]]  # year 0: no decision date
    rows = rate_rows(rows, "year", str, lambda y: scope.link(**year_range(y)))
    return Table("year", "Overturn rate by year decided", "Year", rows, reference=reference)


def by_month(scope: Scope = ARCHIVE) -> Table:
    """Decisions (letters) per month decided."""
    months = scope.month_stats()
    if months is None:
        rows = sorted(({"month": date.fromisoformat(r["key"]), **r} for r in scope.live.rows("month", "cases")),
                      key=lambda r: r["month"])
    else:
        rows = months.filter(month__isnull=False).values("month").annotate(n=Sum("cases")).order_by("month")
    rows = [Row(r["month"].strftime("%Y-%m"), r["month"].strftime("%b %Y"), int(r["n"]),
                url=scope.link(**month_range(r["month"])), margin=r.get("margin", 0)) for r in rows]
    return Table("month", "Decisions per month", "Month", rows, kind="count", unit="decisions",
                 note="Letters by the month of their decision date; letters without one are not shown.")


def opioids(scope: Scope = ARCHIVE, reference: float | None = None) -> Table:
    """Opioid items against other pharmaceuticals and everything else: their share and overturn rate."""
    stats = scope.item_stats()
    groups = {key: {"key": key, "n": 0, "over": 0} for key in ("opioid", "other-pharmaceuticals", "non-pharmaceutical")}
    if stats is None:
        groups.update((r["key"], r) for r in scope.live.rows("opioid-group", "items"))
    else:
        for r in stats.values("category", "is_opioid").annotate(n=Sum("items"), over=overturned_sum()):
            group = groups[opioid_group(r["category"], r["is_opioid"])]  # at most 2 x 15 rows, folded into three
            group["n"] += int(r["n"] or 0)
            group["over"] += int(r["over"] or 0)
    labels = {"opioid": "Opioids", "other-pharmaceuticals": "Other pharmaceuticals",
              "non-pharmaceutical": "All other treatments"}
    links = {"opioid": scope.link(opioid="true"), "other-pharmaceuticals": scope.link(category="pharmaceuticals"),
             "non-pharmaceutical": ""}
    table_rows = rate_rows(groups.values(), "key", labels.get, links.get)
    total = sum(r.items for r in table_rows)
    pharma = table_rows[0].items + table_rows[1].items
    note = "No items." if not total else (
        f"Opioids are {table_rows[0].items / total:.1%} of all disputed items"
        + (f" and {table_rows[0].items / pharma:.1%} of pharmaceutical items." if pharma else ".")
    )
    return Table("opioids", "Opioids: share of items and overturn rate", "Group", table_rows, reference=reference,
                 note=note)


def opioid_group(category: str, is_opioid: bool) -> str:
    """The `opioids` table's group of an item (in SQL: live.py's _LIVE_ITEMS)."""
    if is_opioid:
        return "opioid"
    return "other-pharmaceuticals" if category == "pharmaceuticals" else "non-pharmaceutical"


def opioid_share(table: Table) -> tuple[float | None, float | None]:
    """(share of all items, share of pharmaceutical items) from an `opioids` table."""
    opioid, other_pharma, rest = (r.items for r in table.rows)
    total, pharma = opioid + other_pharma + rest, opioid + other_pharma
    return (opioid / total if total else None, opioid / pharma if pharma else None)


# The part of a scope's figures (live.py) each table is made of, when not "items".
TABLE_PARTS = {"month": "cases", "guideline": "guideline"}
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
    tables = [STATS_TABLES[name](scope, reference) for name in names]
    sampled = set(unanswered(scope.summary)) - {"cases"} if scope.sample is not None else set()
    for name, table in zip(names, tables, strict=True):
        if TABLE_PARTS.get(name, "items") in sampled:  # counted live, from the sample (the months: by the index)
            table.sample = scope.sample
    return tables
