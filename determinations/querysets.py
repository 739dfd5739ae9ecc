"""Query logic for cases, kept off the views: each public filter is one method here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Subquery

SEARCH_CONFIG = "english"  # the config of the generated vectors (models.SEARCH_CONFIG; no import cycle)


def web_query(text: str) -> SearchQuery:
    """Web-search syntax ("phrases", OR, -word), stemmed the way the stored vectors are."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def expand_guidelines(values: Iterable[str]) -> list[str]:
    """A guideline slug, or a family (`odg`, `mtus-acoem`) meaning every chapter in it."""
    from determinations.parsing.registry import GUIDELINES

    wanted = set(values)
    return sorted(wanted | {g.slug for g in GUIDELINES if g.family in wanted})


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

    # --- full text -----------------------------------------------------------------------------------

    def matching(self, text: str) -> CaseQuerySet:
        """Cases whose stored weighted vector matches `text` (GIN index on search_vector)."""
        if not text.strip():
            return self
        return self.filter(search_vector=web_query(text))

    def by_relevance(self, text: str) -> CaseQuerySet:
        """Best match first (title-like item words weigh most), newest first among equals."""
        rank = SearchRank(F("search_vector"), web_query(text), normalization=0)
        return self.annotate(rank=rank).order_by("-rank", F("decision_date").desc(nulls_last=True), "-id")

    def newest(self) -> CaseQuerySet:
        return self.order_by(F("decision_date").desc(nulls_last=True), "-id")

    def oldest(self) -> CaseQuerySet:
        return self.order_by(F("decision_date").asc(nulls_last=True), "id")

    # --- item level: every condition on the same disputed item ----------------------------------------

    def with_item(self, *, decision: str = "", categories: Iterable[str] = (), words: str = "",
                  guidelines: Iterable[str] = (), opioid: bool = False) -> CaseQuerySet:
        """Cases with one disputed item meeting all the conditions at once (one EXISTS on items).

        The denormalised case arrays are added as a cheap pre-filter the planner can use a GIN index for;
        the EXISTS is what makes the answer exact.
        """
        from determinations.models import CitedBy, DisputedItem, Outcome

        categories, guidelines = list(categories), expand_guidelines(guidelines)
        if not (decision or categories or words.strip() or guidelines or opioid):
            return self
        conditions = sum(map(bool, (decision, categories, words.strip(), guidelines, opioid)))
        if conditions == 1 and not (words.strip() or opioid):
            # One condition needs no same-item check: the case's own columns answer it exactly and fast.
            if decision:
                return self.filter(outcome__in=[decision, Outcome.PARTIAL])
            if categories:
                return self.filter(categories__overlap=categories)
            return self.filter(reviewer_guidelines__overlap=guidelines)
        items = DisputedItem.objects.filter(case=OuterRef("pk"))
        qs = self
        if decision:
            items = items.filter(decision=decision)
        if categories:
            items = items.filter(category__in=categories)
            qs = qs.filter(categories__overlap=categories)
        if opioid:
            items = items.filter(is_opioid=True)
        if words.strip():
            items = items.filter(description_vector=web_query(words))
        if guidelines:
            items = items.filter(citations__cited_by=CitedBy.REVIEWER, citations__guideline__slug__in=guidelines)
            qs = qs.filter(reviewer_guidelines__overlap=guidelines)
        return qs.filter(Exists(items))

    # --- case level ---------------------------------------------------------------------------------

    def with_outcome(self, outcome: str) -> CaseQuerySet:
        return self.filter(outcome=outcome) if outcome else self

    def by_specialty(self, specialty_slug: str) -> CaseQuerySet:
        return self.filter(reviewer__specialty_slug=specialty_slug) if specialty_slug else self

    def licensed_in(self, state: str) -> CaseQuerySet:
        """Reviewers licensed in `state`: its name as stored ("Texas"), or its postal abbreviation ("TX")."""
        from determinations.parsing.vocabulary import STATES

        state = STATES.get(state.strip().upper(), state.strip()) if state else ""
        return self.filter(reviewer__licensed_states__contains=[state]) if state else self

    def decided_between(self, after: date | None = None, before: date | None = None) -> CaseQuerySet:
        qs = self.filter(decision_date__gte=after) if after else self
        return qs.filter(decision_date__lte=before) if before else qs

    def injured_between(self, after: date | None = None, before: date | None = None) -> CaseQuerySet:
        qs = self.filter(injury_date__gte=after) if after else self
        return qs.filter(injury_date__lte=before) if before else qs

    def aged_between(self, low: int | None = None, high: int | None = None) -> CaseQuerySet:
        qs = self.filter(patient_age__gte=low) if low is not None else self
        return qs.filter(patient_age__lte=high) if high is not None else qs

    def of_sex(self, sex: str) -> CaseQuerySet:
        return self.filter(patient_sex=sex) if sex else self

    # --- the decision page ----------------------------------------------------------------------------

    def similar_to(self, case, limit: int = 5) -> CaseQuerySet:
        """Recent decisions on the same treatment category citing one of the same reviewer guidelines.

        The ids come first from the case_newest index alone (it includes both arrays: an index-only scan,
        whatever the number of rows it passes over); only those rows are then read.
        """
        if not case.categories:
            return self.none()
        qs = self.exclude(pk=case.pk).filter(categories__contains=case.categories[:1])
        if case.reviewer_guidelines:
            qs = qs.filter(reviewer_guidelines__overlap=case.reviewer_guidelines)
        return self.filter(pk__in=Subquery(qs.newest().values("pk")[:limit])).newest()
