"""Query logic for cases, kept off the views: each public filter is one method here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q
from django.urls import reverse

from determinations.derive import SEARCH_CONFIG, outcomes_with


def web_query(text: str) -> SearchQuery:
    """Web-search syntax ("phrases", OR, -word), stemmed the way the stored vectors are."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


SAMPLE_FILE_PREFIX = "synth_"  # what `manage.py make_letters` names every generated letter

# A whole case number (CM16-0213037), and what counts as part of one: 5+ digits, or CM + year + digits.
CASE_NUMBER = re.compile(r"^CM\d{2}-\d{7}$", re.IGNORECASE)
CASE_NUMBER_PART = re.compile(r"^(?:CM\d{2}-?\d{0,7}|\d{2}-\d{1,7}|\d{5,7})$", re.IGNORECASE)


def case_number_fragment(text: str) -> str:
    """`text` as (part of) a stored case number, upper-cased, or "" if it does not look like one."""
    text = (text or "").strip().upper()
    if not CASE_NUMBER_PART.match(text):
        return ""
    if re.match(r"^CM\d{2}\d", text):  # CM160213037: the dash left out
        text = text[:4] + "-" + text[4:]
    return text


def item_match(*, decision: str = "", categories: Iterable[str] = (), words: str = "",
               guidelines: Iterable[str] = (), opioid: bool = False) -> Q | None:
    """The conditions one disputed item must meet at once (None: no item condition).

    One definition for the search's same-item EXISTS, the facets over matching items, the items marked
    in results and exports, and the item a decision page opens at.
    """
    categories, guidelines = list(categories), expand_guidelines(guidelines)
    q = Q()
    if decision:
        q &= Q(decision=decision)
    if categories:
        q &= Q(category__in=categories)
    if opioid:
        q &= Q(is_opioid=True)
    if words.strip():
        q &= Q(description_vector=web_query(words))
    if guidelines:
        q &= Q(reviewer_guidelines__overlap=guidelines)
    return q or None


def expand_guidelines(values: Iterable[str]) -> list[str]:
    """A guideline slug, or a family (`odg`, `mtus-acoem`) meaning every chapter in it."""
    from determinations.parsing.registry import GUIDELINES

    wanted = set(values)
    return sorted(wanted | {g.slug for g in GUIDELINES if g.family in wanted})


class DisputedItemQuerySet(models.QuerySet):
    def matching(self, query) -> DisputedItemQuerySet:
        """Items meeting every item condition of the search `query` at once (see item_match): the items the
        search's same-item EXISTS asks for, and the items its statistics count."""
        match = item_match(decision=query.decision, categories=query.category, words=query.item,
                           guidelines=query.guideline, opioid=query.opioid)
        return self if match is None else self.filter(match)

    def with_citations(self, match: Q | None = None) -> list:
        """These items in order, each with its citations (guideline joined) split by who cited them
        (`reviewer_citations`, `administrator_citations`) and, given `match` (see item_match), `matched`.

        Two statements and a dictionary: a decision page spent more in the prefetch machinery than in its
        queries."""
        from determinations.models import CitedBy, GuidelineCitation

        items = self.order_by("position")
        if match is not None:
            items = items.annotate(matched=ExpressionWrapper(match, output_field=BooleanField()))
        by_id = {item.pk: item for item in items}
        for item in by_id.values():
            item.reviewer_citations, item.administrator_citations = [], []
        for citation in GuidelineCitation.objects.filter(item_id__in=list(by_id)).select_related("guideline") \
                .order_by("item_id", "position"):
            item = by_id[citation.item_id]
            cited = item.reviewer_citations if citation.cited_by == CitedBy.REVIEWER else item.administrator_citations
            cited.append(citation)
        return list(by_id.values())

    def suggestions(self, text: str, limit: int = 10):
        """(name, items) of the disputed-treatment names whose words start with the words typed, most
        disputed first (GIN index on description_vector; prefix matching)."""
        from django.db.models import Count, Min
        from django.db.models.functions import Lower

        words = re.findall(r"[^\W_]+", (text or "").lower())[:8]
        if not words:
            return self.none().values_list("description", "id")
        prefix = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config=SEARCH_CONFIG)
        return (self.filter(description_vector=prefix).annotate(key=Lower("description")).values("key")
                .annotate(n=Count("id"), name=Min("description")).order_by("-n", "key")
                .values_list("name", "n")[:limit])


class CaseQuerySet(models.QuerySet):
    def for_listing(self, match: Q | None = None) -> CaseQuerySet:
        """Everything a result row shows, in a fixed number of queries whatever the page size.

        With `match` (see item_match), each item carries `matched`: whether it meets those conditions.
        """
        from determinations.models import DisputedItem, GuidelineCitation

        citations = GuidelineCitation.objects.select_related("guideline").order_by("position")
        items = DisputedItem.objects.order_by("position").prefetch_related(
            Prefetch("citations", queryset=citations)
        )
        if match is not None:
            items = items.annotate(matched=ExpressionWrapper(match, output_field=BooleanField()))
        return self.with_sample_flag().select_related("reviewer").defer(
            "full_text", "summary_text", "rationale_text", "items_text", "guidelines_text", "sections"
        ).prefetch_related(Prefetch("items", queryset=items))

    def for_results_page(self, match: Q | None = None) -> CaseQuerySet:
        """What a results page's row shows and no more: identifiers, date, outcome, reviewer specialty and the
        items' names and decisions (`matched` as in for_listing). Exports and the API read whole rows
        (for_listing); the reviewer's citations of these items come from reviewer_citations()."""
        from determinations.models import DisputedItem

        items = DisputedItem.objects.only("case_id", "position", "description", "decision").order_by("position")
        if match is not None:
            items = items.annotate(matched=ExpressionWrapper(match, output_field=BooleanField()))
        return self.with_sample_flag().select_related("reviewer").only(
            "public_id", "case_number", "decision_date", "outcome", "reviewer__specialty",
        ).prefetch_related(Prefetch("items", queryset=items))

    def with_sample_flag(self) -> CaseQuerySet:
        """`is_sample`: the letter came from the archive's generator (its file is named synth_*), so every
        page can say it is sample data, not a real decision."""
        return self.annotate(is_sample=ExpressionWrapper(
            Q(source_document__filename__startswith=SAMPLE_FILE_PREFIX), output_field=BooleanField()))

    # --- full text -----------------------------------------------------------------------------------

    def matching(self, text: str) -> CaseQuerySet:
        """Cases whose stored weighted vector matches `text` (GIN index on search_vector); words that
        look like (part of) a case number find the case numbers containing them instead."""
        if not text.strip():
            return self
        number = case_number_fragment(text)
        if number:
            return self.with_case_number_part(number)
        return self.filter(search_vector=web_query(text))

    def with_case_number_part(self, part: str) -> CaseQuerySet:
        """Case numbers starting with `part` ("CM16-02130"), or, for digits alone ("0213037"), whose serial
        starts or ends with them: each an index range scan (the case number's own pattern index, case_serial_prefix,
        case_number_suffix)."""
        from django.db.models.functions import Reverse, Substr

        if part.startswith("CM"):
            return self.filter(case_number__startswith=part)
        if "-" in part:  # "16-02130": the year and the serial's start
            return self.filter(case_number__startswith="CM" + part)
        return self.alias(serial=Substr("case_number", 6), backwards=Reverse("case_number")).filter(
            Q(serial__startswith=part) | Q(backwards__startswith=part[::-1]))

    def by_relevance(self, text: str) -> CaseQuerySet:
        """Best match first (title-like item words weigh most), newest first among equals."""
        rank = SearchRank(F("search_vector"), web_query(text), normalization=0)
        return self.annotate(rank=rank).order_by("-rank", F("decision_date").desc(nulls_last=True), "-id")

    def newest(self) -> CaseQuerySet:
        return self.order_by(F("decision_date").desc(nulls_last=True), "-id")

    def oldest(self) -> CaseQuerySet:
        return self.order_by(F("decision_date").asc(nulls_last=True), "id")

    # --- item level: every condition on the same disputed item ----------------------------------------

    def with_item(self, query) -> CaseQuerySet:
        """Cases with one disputed item meeting all the item conditions of the search `query` at once (one
        EXISTS on `DisputedItem.objects.matching(query)`).

        The denormalised case arrays are added as a cheap pre-filter the planner can use a GIN index for;
        the EXISTS is what makes the answer exact.
        """
        from determinations.models import DisputedItem

        decision, words, opioid = query.decision, query.item, query.opioid
        categories, guidelines = list(query.category), expand_guidelines(query.guideline)
        conditions = sum(map(bool, (decision, categories, words.strip(), guidelines, opioid)))
        if not conditions:
            return self
        if conditions == 1 and not (words.strip() or opioid):
            # One condition needs no same-item check: the case's own columns answer it exactly and fast.
            if decision:
                return self.filter(outcome__in=outcomes_with(decision))
            if categories:
                return self.filter(categories__overlap=categories)
            return self.filter(reviewer_guidelines__overlap=guidelines)
        items = DisputedItem.objects.matching(query).filter(case=OuterRef("pk"))
        qs = self
        if categories:
            qs = qs.filter(categories__overlap=categories)
        if guidelines:
            qs = qs.filter(reviewer_guidelines__overlap=guidelines)
        return qs.filter(Exists(items))

    # --- case level ---------------------------------------------------------------------------------

    def with_outcome(self, outcome: str) -> CaseQuerySet:
        return self.filter(outcome=outcome) if outcome else self

    def by_specialty(self, specialty_slug: str) -> CaseQuerySet:
        """A specialty by its slug or name, with its other spellings (Family Medicine = Family Practice)."""
        from determinations.names import specialty_group

        return self.filter(reviewer__specialty_slug__in=specialty_group(specialty_slug)) if specialty_slug else self

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

    def similar_to(self, case, limit: int = 5) -> list[SimilarDecision]:
        """Recent decisions on the same treatment category citing one of the same reviewer guidelines, as the
        decision page lists them: one hand-written statement (its ORM form took longer to compile than to run).

        The ids come first from the case_newest index alone (it includes both arrays: an index-only scan,
        whatever the number of rows it passes over; cheap once vacuumed, migration 0025); only those rows are
        then read, with their reviewer's specialty, whether they are sample data and their items.
        """
        if not case.categories:
            return []
        guidelines = "AND reviewer_guidelines && %(guidelines)s::varchar(80)[]" if case.reviewer_guidelines else ""
        with connections[self.db].cursor() as cursor:
            cursor.execute(SIMILAR_SQL.format(guidelines=guidelines), {
                "id": case.pk, "category": case.categories[:1], "guidelines": list(case.reviewer_guidelines or ()),
                "limit": limit, "sample": SAMPLE_FILE_PREFIX})
            # (json_agg's `json` comes back as Python lists: Django has only `jsonb` handed back as text)
            return [SimilarDecision(*row[:6], items=[tuple(pair) for pair in row[6]]) for row in cursor.fetchall()]


# The similar decisions of a letter (CaseQuerySet.similar_to): newest first, each with its items in order.
SIMILAR_SQL = """
SELECT c.public_id, c.case_number, c.decision_date, c.outcome, r.specialty,
       coalesce(starts_with(d.filename, %(sample)s), false),
       (SELECT coalesce(json_agg(json_build_array(i.description, i.decision) ORDER BY i.position), '[]')
          FROM determinations_disputeditem i WHERE i.case_id = c.id)
FROM (SELECT id FROM determinations_case
      WHERE id <> %(id)s AND categories @> %(category)s::varchar(30)[] {guidelines}
      ORDER BY decision_date DESC NULLS LAST, id DESC LIMIT %(limit)s) AS newest
JOIN determinations_case c ON c.id = newest.id
LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
LEFT JOIN determinations_sourcedocument d ON d.id = c.source_document_id
ORDER BY c.decision_date DESC NULLS LAST, c.id DESC
"""


@dataclass(frozen=True, slots=True)
class SimilarDecision:
    """A decision as the "similar decisions" list shows it."""

    public_id: str
    case_number: str
    decision_date: date | None
    outcome: str
    specialty: str | None
    is_sample: bool
    items: list[tuple[str, str]]  # (description, decision)

    def get_absolute_url(self) -> str:
        return reverse("decision-detail", args=[self.public_id])


def reviewer_citations(item_ids: Iterable[int]) -> dict[int, list[tuple[str, str, str]]]:
    """Per item, in order, (who cited, guideline slug, guideline title) of each citation: one narrow statement
    for a page's items, as tuples rather than two model instances per citation."""
    from determinations.models import GuidelineCitation

    cited: dict[int, list[tuple[str, str, str]]] = {}
    rows = (GuidelineCitation.objects.filter(item_id__in=list(item_ids)).order_by("item_id", "position")
            .values_list("item_id", "cited_by", "guideline__slug", "guideline__title"))
    for item_id, cited_by, slug, title in rows:
        cited.setdefault(item_id, []).append((cited_by, slug, title))
    return cited
