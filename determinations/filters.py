"""The search form: django-filter validates the query string, the search module does the querying.

The parameter names are a public contract (shared, bookmarked URLs): never rename one.
"""

from __future__ import annotations

import django_filters
from django import forms

from determinations.models import Case, Decision, Outcome, Sex
from determinations.parsing.registry import GUIDELINES, TREATMENT_CATEGORIES
from determinations.search import SORTS, Query, filtered

ITEM_LEVEL = ("decision", "category", "item", "guideline", "opioid")


def guideline_choices() -> list[tuple[str, str]]:
    """Every slug, plus each family (`odg`, `mtus-acoem`...) meaning all its chapters."""
    families = sorted({g.family for g in GUIDELINES} - {g.slug for g in GUIDELINES})
    return [(f, f"{f} (all)") for f in families] + [(g.slug, g.title) for g in GUIDELINES]


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Words", max_length=500, method="_noop")
    decision = django_filters.ChoiceFilter(choices=Decision.choices, label="Item decision", method="_noop")
    category = django_filters.MultipleChoiceFilter(choices=list(TREATMENT_CATEGORIES.items()),
                                                   label="Treatment category", method="_noop")
    item = django_filters.CharFilter(label="Treatment words", max_length=200, method="_noop")
    guideline = django_filters.MultipleChoiceFilter(choices=guideline_choices, label="Guideline cited by reviewer",
                                                    method="_noop")
    opioid = django_filters.BooleanFilter(label="Opioid items only", method="_noop",
                                          widget=forms.CheckboxInput)
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label="Outcome", method="_noop")
    specialty = django_filters.CharFilter(label="Reviewer specialty", max_length=200, method="_noop")
    state = django_filters.CharFilter(label="Reviewer licensed in", max_length=40, method="_noop")
    decided_after = django_filters.DateFilter(label="Decided on or after", method="_noop")
    decided_before = django_filters.DateFilter(label="Decided on or before", method="_noop")
    injured_after = django_filters.DateFilter(label="Injured on or after", method="_noop")
    injured_before = django_filters.DateFilter(label="Injured on or before", method="_noop")
    age_min = django_filters.NumberFilter(label="Age from", min_value=0, max_value=120, method="_noop")
    age_max = django_filters.NumberFilter(label="Age to", min_value=0, max_value=120, method="_noop")
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label="Sex", method="_noop")
    sort = django_filters.ChoiceFilter(choices=[(s, s.title()) for s in SORTS], label="Sort", method="_noop",
                                       empty_label="Default")

    class Meta:
        model = Case
        fields: list[str] = []

    def _noop(self, queryset, name, value):
        return queryset

    def clean_query(self) -> Query:
        """The validated form as an engine-neutral Query (call after `is_valid()`)."""
        data = self.form.cleaned_data
        age_min, age_max = data.get("age_min"), data.get("age_max")
        return Query(
            q=(data.get("q") or "").strip(),
            decision=data.get("decision") or "",
            category=tuple(data.get("category") or ()),
            item=(data.get("item") or "").strip(),
            guideline=tuple(data.get("guideline") or ()),
            opioid=bool(data.get("opioid")),
            outcome=data.get("outcome") or "",
            specialty=(data.get("specialty") or "").strip(),
            state=(data.get("state") or "").strip(),
            decided_after=data.get("decided_after"),
            decided_before=data.get("decided_before"),
            injured_after=data.get("injured_after"),
            injured_before=data.get("injured_before"),
            age_min=int(age_min) if age_min is not None else None,
            age_max=int(age_max) if age_max is not None else None,
            sex=data.get("sex") or "",
            sort=data.get("sort") or "",
            page=_page_number(self.data.get("page")),
        )

    def filter_queryset(self, queryset):
        """All conditions at once, item-level ones on the same item, through the search module."""
        return filtered(self.clean_query())


MAX_PAGE = 1_000_000  # past any archive's last page; the search clamps to the last one, SQL never overflows


def _page_number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1
