"""A search answered from the summary tables: exactly, or not at all.

The tables count items by (year, category, opioid, specialty, decision), items per cited guideline, letters per
month and outcome, and the same keyed by one `?guideline=` value (a slug or a family). A search made of those
conditions alone is answered from them exactly; any other condition, or a date range that is not whole years,
leaves it to the live path (`live.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.db.models import F, Q, QuerySet, Sum

from determinations.derive import outcomes_with
from determinations.search import Query
from determinations.stats.models import (
    GuidelineStat,
    GuidelineTermItemStat,
    GuidelineTermMonthStat,
    GuidelineTermPairStat,
    ItemStat,
    MonthStat,
)

# Conditions the summary tables count by. A search made of these alone is answered from them exactly: the
# items of such a search are exactly the items meeting its item conditions whose decision meets the others.
# `guideline` with one value (a slug or a family) is a key of the guideline term tables.
SUMMARY_CONDITIONS = {"decision", "category", "opioid", "specialty", "decided_after", "decided_before", "guideline"}
# The parts of a scope's figures (see live.py), each read from one kind of summary table.
PARTS = ("cases", "items", "guideline")


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
        (`outcomes_with`), a category, opioid or specialty one is not; nor is a decision with a guideline (the
        same item must have both)."""
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
            q &= Q(outcome__in=outcomes_with(self.decision))
        return q

    # --- the rows counting exactly the search's items and letters ---------------------------------------

    def item_stats(self) -> QuerySet:
        """`ItemStat` rows (`GuidelineTermItemStat` of the guideline searched)."""
        if self.guideline:
            return GuidelineTermItemStat.objects.filter(self.item_q(), term=self.guideline)
        return ItemStat.objects.filter(self.item_q())

    def guideline_stats(self) -> QuerySet | None:
        """`GuidelineStat` rows (`GuidelineTermPairStat`) per guideline, each annotated with the guideline's
        `slug`, or None."""
        if not self.by_guideline:
            return None
        if self.guideline:
            return GuidelineTermPairStat.objects.filter(self.guideline_q(), term=self.guideline).annotate(
                slug=F("cited"))
        return GuidelineStat.objects.filter(self.guideline_q()).annotate(slug=F("guideline__slug"))

    def month_stats(self) -> QuerySet | None:
        """`MonthStat` rows (`GuidelineTermMonthStat`) counting the search's decisions, or None."""
        if not self.by_month:
            return None
        if self.guideline:
            return GuidelineTermMonthStat.objects.filter(self.month_q(), term=self.guideline)
        return MonthStat.objects.filter(self.month_q())


def unanswered(summary: Summary | None) -> list[str]:
    """The parts of the figures the summary tables cannot answer (None: none of them)."""
    if summary is None:
        return list(PARTS)
    return [part for part, answered in zip(PARTS, (summary.by_month, True, summary.by_guideline), strict=True)
            if not answered]


def item_facet_counts(query: Query) -> dict[str, dict[str, tuple[str, int]]] | None:
    """A search's matching items counted by decision, category and reviewer-cited guideline, and their total,
    exactly, from the summary tables (as `search.sampled_item_counts` counts them from a sample); None when the
    tables cannot say: a condition they do not count by, a date range that is not whole years, or an opioid or
    specialty condition (the guideline counts have no such key)."""
    summary = Summary.of(query)
    if summary is None or not summary.by_guideline:
        return None
    counts: dict[str, dict[str, tuple[str, int]]] = {"item_decision": {}, "item_category": {}, "item_guideline": {}}
    total = 0
    for row in summary.item_stats().values("decision", "category").annotate(n=Sum("items")).order_by():
        n = int(row["n"] or 0)
        if n > 0:  # (the guideline term tables keep rows at zero)
            total += n
            for facet, value in (("item_decision", row["decision"]), ("item_category", row["category"])):
                counts[facet][value] = ("", counts[facet].get(value, ("", 0))[1] + n)
    for row in summary.guideline_stats().values("slug").annotate(n=Sum("items")).order_by():
        if row["n"]:
            counts["item_guideline"][row["slug"]] = ("", int(row["n"]))
    counts["item_total"] = {"": ("", total)} if total else {}
    return counts
