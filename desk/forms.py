from __future__ import annotations

from django import forms

from desk.models import Frequency


class SaveSearchForm(forms.Form):
    name = forms.CharField(max_length=200)
    querystring = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(choices=Frequency.choices, initial=Frequency.DAILY)

    def clean_querystring(self) -> str:
        """Kept without the page number: a saved search is the whole result set."""
        from django.http import QueryDict

        params = QueryDict(self.cleaned_data["querystring"].lstrip("?"), mutable=True)
        params.pop("page", None)
        return params.urlencode()


class AddToFolderForm(forms.Form):
    case = forms.SlugField(max_length=40)
    folder = forms.IntegerField(required=False)
    new_folder = forms.CharField(max_length=200, required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if not data.get("folder") and not (data.get("new_folder") or "").strip():
            raise forms.ValidationError("Choose a folder or name a new one.")
        return data
