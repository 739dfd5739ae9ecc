"""The audit trail: an edit in the admin keeps who, when, before, after and why; per decision; exportable."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.admin.models import LogEntry

from determinations.models import Case, SourceDocument

pytestmark = pytest.mark.django_db


def _change_form_data(page) -> dict:
    form = page.context["adminform"].form
    data = {k: "" if v is None else v for k, v in ((name, form[name].value()) for name in form.fields)}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
        for sub in formset.formset.forms:
            data.update({sub.add_prefix(n): "" if sub[n].value() is None else sub[n].value() for n in sub.fields})
    return data


def test_what_staff_type_into_a_decision_is_masked_like_what_was_parsed(client, staff, queued):
    client.force_login(staff["reviewer"])
    case = Case.objects.get(public_id="CM20-0000003")
    url = f"/admin/determinations/case/{case.pk}/change/"
    data = _change_form_data(client.get(url))
    data["items-0-rationale"] = "Call the claimant at (916) 555-0142 about the request."
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rationale = case.items.get(position=data["items-0-position"]).rationale
    assert "555-0142" not in rationale and "[phone]" in rationale
    assert "555-0142" not in client.get(case.get_absolute_url()).content.decode()


def test_an_edit_records_before_after_and_why(client, staff, queued):
    client.force_login(staff["reviewer"])
    case = Case.objects.get(public_id="CM20-0000003")
    url = f"/admin/determinations/case/{case.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: "" if v is None else v for k, v in data.items()}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
        for sub in formset.formset.forms:
            data.update({sub.add_prefix(n): "" if sub[n].value() is None else sub[n].value() for n in sub.fields})
    data.update({"decision_date": "2016-12-09", "review_status": "reviewed", "audit_note": "date read from the PDF"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    assert str(case.decision_date) == "2016-12-09"
    entry = LogEntry.objects.get(object_id=str(case.pk))
    part = json.loads(entry.change_message)[-1]["staff"]
    assert entry.user == staff["reviewer"] and part["note"] == "date read from the PDF"
    assert part["before"]["decision_date"] is None and part["after"]["decision_date"] == "2016-12-09"
    assert part["before"]["review_status"] == "needs_review" and part["after"]["review_status"] == "reviewed"
    page = client.get(url).content.decode()
    assert 'id="audit-trail"' in page and "date read from the PDF" in page
    assert "Changed Decision date" in client.get(url.replace("change/", "history/")).content.decode()


def test_publishing_shows_on_the_decision_and_the_trail_exports(client, staff, queued):
    client.force_login(staff["reviewer"])
    held = SourceDocument.objects.get(filename="CM20-0000001.txt")
    client.post("/admin/determinations/sourcedocument/queue/", {"reason": "held", "action": "publish",
                                                                 "ids": [held.pk], "note": "a clinic"})
    case = Case.objects.get(public_id="CM20-0000001")
    page = client.get(f"/admin/determinations/case/{case.pk}/change/").content.decode()
    assert page.count('<td class="audit-action">publish</td>') == 2  # the file and the decision it became
    trail = client.get("/admin/determinations/sourcedocument/audit/").content.decode()
    assert "a clinic" in trail and '<td class="audit-who">reviewer</td>' in trail
    export = client.get("/admin/determinations/sourcedocument/audit/?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert {(r["who"], r["action"], r["note"]) for r in rows} == {("reviewer", "publish", "a clinic")}
    assert json.loads(rows[0]["after"])
