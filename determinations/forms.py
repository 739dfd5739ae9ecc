"""The search form: a query string in, a validated `Query` out (`SearchForm(params).to_query()`).

A plain Django form, not a django-filter FilterSet: every item-level condition must hold on the *same*
disputed item, and one `Query` drives the page, the facets, the ranking, the exports, the feed and the
statistics. A FilterSet filters one queryset field by field, which cannot say "on the same item"; it was only
ever used as a form (filters that did nothing, cleaned data set by hand). The form says what it is, and the
archive has one dependency fewer.

The parameter names are a public contract (shared, bookmarked URLs): never rename one.
"""

from __future__ import annotations

from django import forms

from determinations import names
from determinations.models import Decision, Outcome, Reviewer, Sex
from determinations.parsing.registry import TREATMENT_CATEGORIES
from determinations.parsing.vocabulary import STATES
from determinations.search import SORTS, Query

MAX_PAGE = 1_000_000  # past any archive's last page; the search clamps to the last one, SQL never overflows


def _choices(empty: str, choices) -> list[tuple[str, str]]:
    return [("", empty), *choices]


class SearchForm(forms.Form):
    """Explains what it cannot use: the field as labelled, the value, and the nearest known value.

    Its widgets belong to the results page's `search-form` wherever they are laid out (the treatment and
    words on top, the other filters folded beside the results).
    """

    q = forms.CharField(label="Words anywhere in the letter", max_length=500, required=False)
    decision = forms.ChoiceField(label="Decision on the treatment", required=False,
                                 choices=_choices("Upheld or overturned", Decision.choices))
    category = forms.MultipleChoiceField(label="Treatment category", required=False,
                                         choices=list(TREATMENT_CATEGORIES.items()))
    item = forms.CharField(label="Disputed treatment", max_length=200, required=False)
    guideline = forms.MultipleChoiceField(label="Guideline the reviewer cited", required=False,
                                          choices=names.guideline_choices)
    opioid = forms.BooleanField(label="Opioid treatments only", required=False)
    outcome = forms.ChoiceField(label="Outcome of the letter", required=False,
                                choices=_choices("Any outcome", Outcome.choices))
    specialty = forms.CharField(label="Reviewer specialty", max_length=200, required=False)
    state = forms.CharField(label="Reviewer licensed in", max_length=40, required=False)
    decided_after = forms.DateField(label="Decided on or after", required=False)
    decided_before = forms.DateField(label="Decided on or before", required=False)
    injured_after = forms.DateField(label="Injured on or after", required=False)
    injured_before = forms.DateField(label="Injured on or before", required=False)
    age_min = forms.DecimalField(label="Age from", min_value=0, max_value=120, required=False)
    age_max = forms.DecimalField(label="Age to", min_value=0, max_value=120, required=False)
    sex = forms.ChoiceField(label="Sex", required=False, choices=_choices("Either", Sex.choices))
    sort = forms.ChoiceField(label="Sort", required=False, choices=_choices("Default", [(s, s.title()) for s in SORTS]))

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
        slug = names.canonical_specialty(value)
        if Reviewer.objects.filter(specialty_slug__in=names.specialty_group(slug)).exists():  # index lookup
            return slug
        known = Reviewer.objects.specialty_names()
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

    def error_messages(self) -> list[str]:
        """Every problem with the query string, each naming the field as the form labels it."""
        return [f"{self.fields[name].label if name in self.fields else name}: {' '.join(errors)}"
                for name, errors in self.errors.items()]

    def to_query(self) -> Query:
        """The valid fields as an engine-neutral Query: a field with an error is no condition (an unbound
        form is the empty search)."""
        if not self.is_bound:
            return Query()
        self.is_valid()
        data = self.cleaned_data
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


def _page_number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1
