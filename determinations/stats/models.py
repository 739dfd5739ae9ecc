"""Precomputed outcome counts behind the public statistics.

Grouping every disputed item and citation of a large archive on each page view is too slow, so these
tables hold the counts. Nothing in Python writes them: statement-level triggers (the SQL files of
`determinations/stats/sql/`, each run by one migration) update them in the same transaction as every insert,
update or delete of an item, citation, case or reviewer, so they can never be stale. Year 0 stands for
"no decision date"; specialty "" for "no reviewer".
"""

from __future__ import annotations

from django.db import models


class ItemStat(models.Model):
    """Disputed items counted by (decision year, category, opioid, reviewer specialty, decision)."""

    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=30)
    is_opioid = models.BooleanField()
    specialty_slug = models.CharField(max_length=200)
    decision = models.CharField(max_length=10)
    items = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "category", "is_opioid", "specialty_slug", "decision"], name="itemstat_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.category} {self.specialty_slug} {self.decision}: {self.items}"


class GuidelineStat(models.Model):
    """Items citing a guideline (each item once, whoever cited it) by (year, category, decision)."""

    guideline = models.ForeignKey("determinations.Guideline", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=30)
    decision = models.CharField(max_length=10)
    items = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guideline", "year", "category", "decision"], name="guidelinestat_key"),
        ]

    def __str__(self) -> str:
        return f"{self.guideline_id} {self.year} {self.category} {self.decision}: {self.items}"


class GuidelineCaseStat(models.Model):
    """Decisions (letters) citing a guideline at least once, by decision year."""

    guideline = models.ForeignKey("determinations.Guideline", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    cases = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["guideline", "year"], name="guidelinecasestat_key")]

    def __str__(self) -> str:
        return f"{self.guideline_id} {self.year}: {self.cases}"


class MonthStat(models.Model):
    """Decisions by decision month (the first of the month; null = no decision date) and outcome."""

    month = models.DateField(null=True)
    outcome = models.CharField(max_length=10)
    cases = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "outcome"], name="monthstat_key", nulls_distinct=False),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.outcome}: {self.cases}"


# --- guideline searches: counts keyed by the guideline filter's value (migration 0010) ------------------------
# `term` is what `?guideline=` takes: a chapter slug or a family ("odg", "mtus-acoem"). An item has the terms
# of its reviewer-cited slugs (`DisputedItem.reviewer_guidelines`) and of their families, each once, so the
# rows of one term count exactly the items (and letters) a search for that one value matches.


class GuidelineTermItemStat(models.Model):
    """Items matching `?guideline=term`, by (decision year, category, opioid, reviewer specialty, decision)."""

    term = models.CharField(max_length=80)
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=30)
    is_opioid = models.BooleanField()
    specialty_slug = models.CharField(max_length=200)
    decision = models.CharField(max_length=10)
    items = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "year", "category", "is_opioid", "specialty_slug", "decision"],
                                    name="guidelinetermitemstat_key"),
        ]
        indexes = [models.Index(fields=["id"], condition=models.Q(items=0), name="guidelinetermitem_zero")]

    def __str__(self) -> str:
        return f"{self.term} {self.year} {self.category} {self.specialty_slug} {self.decision}: {self.items}"


class GuidelineTermPairStat(models.Model):
    """Items matching `?guideline=term` citing guideline `cited` (each once), by (year, category, decision)."""

    term = models.CharField(max_length=80)
    cited = models.CharField(max_length=80)
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=30)
    decision = models.CharField(max_length=10)
    items = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "cited", "year", "category", "decision"],
                                    name="guidelinetermpairstat_key"),
        ]
        indexes = [models.Index(fields=["id"], condition=models.Q(items=0), name="guidelinetermpair_zero")]

    def __str__(self) -> str:
        return f"{self.term} {self.cited} {self.year} {self.category} {self.decision}: {self.items}"


class GuidelineTermMonthStat(models.Model):
    """Decisions with an item matching `?guideline=term` (each once), by decision month and outcome."""

    term = models.CharField(max_length=80)
    month = models.DateField(null=True)
    outcome = models.CharField(max_length=10)
    cases = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "month", "outcome"], name="guidelinetermmonthstat_key",
                                    nulls_distinct=False),
        ]
        indexes = [models.Index(fields=["id"], condition=models.Q(cases=0), name="guidelinetermmonth_zero")]

    def __str__(self) -> str:
        return f"{self.term} {self.month} {self.outcome}: {self.cases}"
