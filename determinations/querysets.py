"""Query logic for cases, kept off the views: each public filter is one method here."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch


class CaseQuerySet(models.QuerySet):
    def for_listing(self) -> CaseQuerySet:
        """Everything a result row shows, in a fixed number of queries whatever the page size."""
        from determinations.models import DisputedItem, GuidelineCitation

        citations = GuidelineCitation.objects.select_related("guideline").order_by("position")
        items = DisputedItem.objects.order_by("position").prefetch_related(
            Prefetch("citations", queryset=citations)
        )
        return self.select_related("reviewer").defer(
            "full_text", "summary_text", "rationale_text", "items_text", "guidelines_text", "sections"
        ).prefetch_related(Prefetch("items", queryset=items))
