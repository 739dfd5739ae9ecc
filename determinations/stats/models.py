"""Precomputed outcome counts behind the public statistics.

Grouping every disputed item and citation of a large archive on each page view is too slow, so these
tables hold the counts. Nothing in Python writes them: statement-level triggers (the SQL files of
`determinations/migrations/sql/`, each run by one migration) update them in the same transaction as every insert,
update or delete of an item, citation, case or reviewer, so they can never be stale. Year 0 stands for
"no decision date"; specialty "" for "no reviewer".
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import MD5


class SummaryRow(models.Model):
    """A count under a key (the table's unique constraint); the triggers delete a row whose count reaches 0."""

    count_field = "items"

    class Meta:
        abstract = True

    def __str__(self) -> str:
        key = self._meta.constraints[0].fields
        values = (getattr(self, self._meta.get_field(name).attname) for name in key)
        return f"{' '.join(map(str, values))}: {getattr(self, self.count_field)}"


class ItemCounts(SummaryRow):
    """Items counted by (decision year, category, decision), the key every item table shares."""

    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=30)
    decision = models.CharField(max_length=10)
    items = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class SpecialtyItemCounts(ItemCounts):
    """Items counted also by opioid flag and reviewer specialty."""

    is_opioid = models.BooleanField()
    specialty_slug = models.CharField(max_length=200)

    class Meta:
        abstract = True


class MonthCounts(SummaryRow):
    """Decisions counted by decision month (the first of the month; null = no decision date) and outcome."""

    count_field = "cases"
    month = models.DateField(null=True)
    outcome = models.CharField(max_length=10)
    cases = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class ItemStat(SpecialtyItemCounts):
    """Disputed items counted by (decision year, category, opioid, reviewer specialty, decision)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "category", "is_opioid", "specialty_slug", "decision"], name="itemstat_key"
            ),
        ]


class GuidelineStat(ItemCounts):
    """Items citing a guideline (each item once, whoever cited it) by (year, category, decision)."""

    guideline = models.ForeignKey("determinations.Guideline", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guideline", "year", "category", "decision"], name="guidelinestat_key"),
        ]


class GuidelineCaseStat(SummaryRow):
    """Decisions (letters) citing a guideline at least once, by decision year."""

    count_field = "cases"
    guideline = models.ForeignKey("determinations.Guideline", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    cases = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["guideline", "year"], name="guidelinecasestat_key")]


class MonthStat(MonthCounts):
    """Decisions by decision month and outcome."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "outcome"], name="monthstat_key", nulls_distinct=False),
        ]


# --- guideline searches: counts keyed by the guideline filter's value (migration 0010) ------------------------
# `term` is what `?guideline=` takes: a chapter slug or a family ("odg", "mtus-acoem"). An item has the terms
# of its reviewer-cited slugs (`DisputedItem.reviewer_guidelines`) and of their families, each once, so the
# rows of one term count exactly the items (and letters) a search for that one value matches. Rows at zero are
# found by a partial index on id.


class GuidelineTermItemStat(SpecialtyItemCounts):
    """Items matching `?guideline=term`, by (decision year, category, opioid, reviewer specialty, decision)."""

    term = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "year", "category", "is_opioid", "specialty_slug", "decision"],
                                    name="guidelinetermitemstat_key"),
        ]
        indexes = [models.Index(fields=["id"], condition=models.Q(items=0), name="guidelinetermitem_zero")]


class GuidelineTermPairStat(ItemCounts):
    """Items matching `?guideline=term` citing guideline `cited` (each once), by (year, category, decision)."""

    term = models.CharField(max_length=80)
    cited = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "cited", "year", "category", "decision"],
                                    name="guidelinetermpairstat_key"),
        ]
        indexes = [models.Index(fields=["id"], condition=models.Q(items=0), name="guidelinetermpair_zero")]


class GuidelineTermMonthStat(MonthCounts):
    """Decisions with an item matching `?guideline=term` (each once), by decision month and outcome."""

    term = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "month", "outcome"], name="guidelinetermmonthstat_key",
                                    nulls_distinct=False),
        ]
        indexes = [models.Index(fields=["id"], condition=models.Q(cases=0), name="guidelinetermmonth_zero")]


class GuidelineCitedStat(SummaryRow):
    """Reviewer citations of a guideline by what they cite, as written: `field` "topic" or "pages" and its
    `value` (empty ones are not counted): a guideline page's most cited topics and pages (migration 0026). Keyed
    by the value's digest, so a topic of any length fits the key's index; rows at zero are found by a partial
    index on id."""

    count_field = "citations"
    # (no index of its own: the key's leads with it)
    guideline = models.ForeignKey("determinations.Guideline", on_delete=models.CASCADE, related_name="+",
                                  db_index=False)
    field = models.CharField(max_length=5)
    value = models.TextField()
    citations = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(models.F("guideline"), models.F("field"), MD5("value"),
                                    name="guidelinecitedstat_key"),
        ]
        indexes = [models.Index(fields=["id"], condition=models.Q(citations=0), name="guidelinecited_zero")]

    def __str__(self) -> str:
        return f"{self.guideline_id} {self.field} {self.value}: {self.citations}"


class ReviewerCaseStat(SummaryRow):
    """Decisions (letters) per reviewer profile: the reviewer index's counts (migration 0027)."""

    count_field = "cases"
    reviewer = models.OneToOneField("determinations.Reviewer", on_delete=models.CASCADE, related_name="case_stat")
    cases = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.reviewer_id}: {self.cases}"


class ReviewerItemStat(SummaryRow):
    """Disputed items per reviewer profile by (category, decision): a reviewer page's categories (migration 0028)."""

    # (no index of its own: the key's leads with it)
    reviewer = models.ForeignKey("determinations.Reviewer", on_delete=models.CASCADE, related_name="+",
                                 db_index=False)
    category = models.CharField(max_length=30)
    decision = models.CharField(max_length=10)
    items = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "category", "decision"], name="revieweritemstat_key"),
        ]
