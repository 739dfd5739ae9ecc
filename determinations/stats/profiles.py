"""The figures of a guideline's page and a reviewer's page, and the indexes of both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, QuerySet, Sum
from django.db.models.functions import Coalesce

from determinations.models import Guideline, Reviewer
from determinations.parsing.registry import TREATMENT_CATEGORIES
from determinations.stats.models import (
    GuidelineCaseStat,
    GuidelineCitedStat,
    GuidelineStat,
    ItemStat,
    ReviewerItemStat,
)
from determinations.stats.scope import ARCHIVE
from determinations.stats.tables import Row, Table, overturned_sum, rate_rows, year_range

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
        n=Sum("items"), over=overturned_sum())}
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
        n=Sum("items"), over=overturned_sum()).order_by("year")
    rows = rate_rows([r for r in rows if r["year"]], "year", str,
                      lambda y: ARCHIVE.link(guideline=guideline.slug, **year_range(y)))
    return Table("year", f"Overturn rate by year: {guideline.title}", "Year", rows, reference=reference)


def guideline_by_category(guideline: Guideline, reference: float | None = None) -> Table:
    rows = GuidelineStat.objects.filter(guideline=guideline).values("category").annotate(
        n=Sum("items"), over=overturned_sum()).order_by("-n", "category")
    rows = rate_rows(rows, "category", lambda c: TREATMENT_CATEGORIES.get(c, c),
                      lambda c: ARCHIVE.link(guideline=guideline.slug, category=c))
    return Table("category", f"Overturn rate by treatment category: {guideline.title}", "Category", rows,
                 reference=reference)


def guideline_cited(guideline: Guideline, field_name: str, limit: int = 10) -> Table:
    """The topics (or pages) of this guideline expert reviewers cite most, as written in the letters: from their
    summary table (GuidelineCitedStat), exact after every write."""
    rows = (GuidelineCitedStat.objects.filter(guideline=guideline, field=field_name, citations__gt=0)
            .order_by("-citations", "value").values_list("value", "citations")[:limit])
    rows = [Row(value, value, int(n)) for value, n in rows]
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
    rows = ReviewerItemStat.objects.filter(reviewer=reviewer).values("category").annotate(
        n=Sum("items"), over=overturned_sum()).order_by("-n", "category")
    rows = rate_rows(rows, "category", lambda c: TREATMENT_CATEGORIES.get(c, c),
                      lambda c: ARCHIVE.link(category=c, specialty=reviewer.specialty_slug))
    return Table("category", "Categories reviewed", "Category", rows, reference=reference)


def specialty_rate(specialty_slug: str) -> tuple[int, int]:
    row = ItemStat.objects.filter(specialty_slug=specialty_slug).aggregate(n=Sum("items"), over=overturned_sum())
    return int(row["n"] or 0), int(row["over"] or 0)


def reviewer_index() -> QuerySet:
    """Every reviewer profile with its number of decisions (`decisions`), most first: the counts from their
    summary table (ReviewerCaseStat), exact after every write; a page of them is one statement and a count."""
    return Reviewer.objects.annotate(decisions=Coalesce(F("case_stat__cases"), 0)).order_by(
        "-decisions", "specialty", "slug")
