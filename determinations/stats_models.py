"""Precomputed outcome counts behind the public statistics (issue 7).

Grouping every disputed item and citation of a large archive on each page view is too slow, so these
tables hold the counts. Nothing in Python writes them: statement-level triggers (migration 0003, SQL in
`determinations/stats_sql.py`) update them in the same transaction as every insert, update or delete of
an item, citation, case or reviewer, so they can never be stale. Year 0 stands for "no decision date";
specialty "" for "no reviewer".
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
