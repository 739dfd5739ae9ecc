"""The search form: django-filter validates the query string, the search module does the querying.

The parameter names are a public contract (shared, bookmarked URLs): never rename one.
"""

from __future__ import annotations

import django_filters
from django import forms

from determinations import names
from determinations.models import Case, Decision, Outcome, Sex
from determinations.parsing.registry import TREATMENT_CATEGORIES
from determinations.parsing.vocabulary import STATES
from determinations.search import SORTS, Query, filtered

ITEM_LEVEL = ("decision", "category", "item", "guideline", "opioid")
guideline_choices = names.guideline_choices


class SearchForm(forms.Form):
    """Explains what it cannot use: the field as labelled, the value, and the nearest known value.

    Its widgets belong to the results page's `search-form` wherever they are laid out (the treatment and
    words on top, the other filters folded beside the results).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in ("q", "item"):
                field.widget.attrs["form"] = "search-form"
        self.fields["guideline"].widget.attrs["size"] = 12

    def clean_state(self) -> str:
        value = (self.cleaned_data.get("state") or "").strip()
        if not value:
            return ""
        by_name = {name.lower(): name for name in STATES.values()}
        state = STATES.get(value.upper()) or by_name.get(value.lower())
        if state:
            return state
        guess = names.nearest(value, names.state_choices())
        raise forms.ValidationError(f"“{value}” is not a US state{f'; did you mean {guess}?' if guess else '.'}")

    def clean_specialty(self) -> str:
        value = (self.cleaned_data.get("specialty") or "").strip()
        if not value:
            return ""
        from determinations.models import Reviewer

        slug = names.canonical_specialty(value)
        if Reviewer.objects.filter(specialty_slug__in=names.specialty_group(slug)).exists():  # index lookup
            return slug
        known = dict(Reviewer.objects.values_list("specialty_slug", "specialty").distinct())
        guess = names.nearest(value, {s: n for s, n in known.items() if s not in names.SPECIALTY_ALIASES})
        hint = f"; did you mean {known[guess]}?" if guess else "."
        raise forms.ValidationError(f"no reviewer in the archive has the specialty “{value}”{hint}")

    def clean(self) -> dict:
        data = super().clean()
        for low, high in (("decided_after", "decided_before"), ("injured_after", "injured_before"),
                          ("age_min", "age_max")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, f"is before “{self.fields[low].label}” ({data[low]}): the range is "
                                     "reversed; swap the two values.")
        for field, known in (("guideline", names.all_guideline_names()), ("category", TREATMENT_CATEGORIES)):
            if field in self.errors:
                unknown = [v for v in self.data.getlist(field) if v and v not in known]
                hints = []
                for value in unknown:
                    guess = names.nearest(value, known)
                    hints.append(f"“{value}” is not a {'guideline' if field == 'guideline' else 'category'} "
                                 f"the archive knows{f'; did you mean {known[guess]} ({guess})?' if guess else '.'}")
                if hints:
                    self.errors[field] = self.error_class(hints)
        return data


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Words anywhere in the letter", max_length=500, method="_noop")
    decision = django_filters.ChoiceFilter(choices=Decision.choices, label="Decision on the treatment",
                                           method="_noop", empty_label="Upheld or overturned")
    category = django_filters.MultipleChoiceFilter(choices=list(TREATMENT_CATEGORIES.items()),
                                                   label="Treatment category", method="_noop")
    item = django_filters.CharFilter(label="Disputed treatment", max_length=200, method="_noop")
    guideline = django_filters.MultipleChoiceFilter(choices=guideline_choices, label="Guideline the reviewer cited",
                                                    method="_noop")
    opioid = django_filters.BooleanFilter(label="Opioid treatments only", method="_noop",
                                          widget=forms.CheckboxInput)
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label="Outcome of the letter", method="_noop",
                                          empty_label="Any outcome")
    specialty = django_filters.CharFilter(label="Reviewer specialty", max_length=200, method="_noop")
    state = django_filters.CharFilter(label="Reviewer licensed in", max_length=40, method="_noop")
    decided_after = django_filters.DateFilter(label="Decided on or after", method="_noop")
    decided_before = django_filters.DateFilter(label="Decided on or before", method="_noop")
    injured_after = django_filters.DateFilter(label="Injured on or after", method="_noop")
    injured_before = django_filters.DateFilter(label="Injured on or before", method="_noop")
    age_min = django_filters.NumberFilter(label="Age from", min_value=0, max_value=120, method="_noop")
    age_max = django_filters.NumberFilter(label="Age to", min_value=0, max_value=120, method="_noop")
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label="Sex", method="_noop", empty_label="Either")
    sort = django_filters.ChoiceFilter(choices=[(s, s.title()) for s in SORTS], label="Sort", method="_noop",
                                       empty_label="Default")

    class Meta:
        model = Case
        fields: list[str] = []
        form = SearchForm

    def error_messages(self) -> list[str]:
        """Every problem with the query string, each naming the field as the form labels it."""
        return [f"{self.form.fields[name].label if name in self.form.fields else name}: {' '.join(errors)}"
                for name, errors in self.form.errors.items()]

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
