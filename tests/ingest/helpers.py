"""Helpers for the ingestion tests."""

from __future__ import annotations

from django.urls import reverse


def post_change(client, model: str, pk: int, **changes) -> None:
    """Submit the admin change form of one object as staff would, with `changes` typed in."""
    url = reverse(f"admin:determinations_{model}_change", args=[pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management[name].value()
        for n, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                if inline_form[name].value() is not None:
                    data[f"{formset.formset.prefix}-{n}-{name}"] = inline_form[name].value()
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, (response.context["adminform"].form.errors,
                                         [f.formset.errors for f in response.context["inline_admin_formsets"]])
