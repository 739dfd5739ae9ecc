"""The review queue: every reason on one screen, each action through the real pipeline, each in the trail."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.models import LogEntry

from determinations import stats
from determinations.models import Case, SourceDocument

pytestmark = pytest.mark.django_db

QUEUE = "/admin/determinations/sourcedocument/queue/"


def test_the_queue_shows_each_reason_with_its_letters(client, staff, queued):
    assert queued["CM20-0000001.txt"] == "held" and queued["CM20-0000003.txt"] == "parsed"
    client.force_login(staff["reviewer"])
    held = client.get(QUEUE).content.decode()
    assert "Held by the privacy scan (2)" in held and "Parsed with warnings (1)" in held
    assert "Conflicting files for one case number (1)" in held
    assert "Quennell Abernathy-Sills" in held  # the doubt, as the reason it is held
    assert "<mark>[phone]</mark>" in held and "(916) 555-0143" not in held  # the masked letter the public would see
    held_doc = SourceDocument.objects.get(filename="CM20-0000001.txt")
    assert f"/admin/determinations/sourcedocument/{held_doc.pk}/original/" in held  # beside the original
    warned = client.get(QUEUE + "?reason=warnings").content.decode()
    assert "CM20-0000003" in warned and "no decision date" in warned
    conflict = client.get(QUEUE + "?reason=conflicts").content.decode()
    assert "CM20-0000004" in conflict and "parses to a different decision" in conflict
    original = client.get(f"/admin/determinations/sourcedocument/{held_doc.pk}/original/")
    assert b"Quennell" in b"".join(original.streaming_content)  # staff see the original, unmasked


def test_publishing_a_held_letter_makes_it_public_and_records_who(client, staff, queued):
    client.force_login(staff["reviewer"])
    before = stats.totals().decisions
    held_doc = SourceDocument.objects.get(filename="CM20-0000001.txt")
    assert client.get("/decisions/CM20-0000001/").status_code == 404
    response = client.post(QUEUE, {"reason": "held", "action": "publish", "ids": [held_doc.pk],
                                   "note": "the name is the clinic's"})
    assert response.status_code == 302
    assert client.get("/decisions/CM20-0000001/").status_code == 200
    assert stats.totals().decisions == before + 1
    entry = LogEntry.objects.get(object_id=str(held_doc.pk), content_type__model="sourcedocument")
    staff_part = json.loads(entry.change_message)[-1]["staff"]
    assert entry.user == staff["reviewer"] and staff_part["action"] == "publish"
    assert staff_part["before"] == {"status": "held"} and staff_part["after"]["case"] == "CM20-0000001"
    assert staff_part["note"] == "the name is the clinic's"
    case = Case.objects.get(public_id="CM20-0000001")
    assert LogEntry.objects.filter(object_id=str(case.pk), content_type__model="case", user=staff["reviewer"]).exists()
    assert "CM20-0000001" not in client.get(QUEUE).content.decode()  # it has left the queue


def test_rejecting_or_marking_a_held_letter_keeps_it_and_never_publishes_it(client, staff, queued):
    client.force_login(staff["reviewer"])
    first, second = SourceDocument.objects.filter(status="held").order_by("filename")
    client.post(QUEUE, {"reason": "held", "action": "reject", "ids": [first.pk], "note": "a patient's name"})
    client.post(QUEUE, {"reason": "held", "action": "duplicate", "ids": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("rejected", "duplicate")
    assert first.held_record and "a patient's name" in first.error  # nothing lost
    assert not Case.objects.filter(public_id__in=["CM20-0000001", "CM20-0000002"]).exists()
    actions = {e.object_id: json.loads(e.change_message)[-1]["staff"]["action"] for e in LogEntry.objects.all()}
    assert actions == {str(first.pk): "reject", str(second.pk): "duplicate"}


def test_bulk_publish_of_every_held_letter(client, staff, queued):
    client.force_login(staff["reviewer"])
    ids = list(SourceDocument.objects.filter(status="held").values_list("pk", flat=True))
    client.post(QUEUE, {"reason": "held", "action": "publish", "ids": ids})
    assert not SourceDocument.objects.filter(status="held").exists()
    assert Case.objects.filter(public_id__in=["CM20-0000001", "CM20-0000002"]).count() == 2


def test_warnings_are_a_worklist_accepting_or_withdrawing_takes_a_letter_off(client, staff, queued):
    client.force_login(staff["reviewer"])
    warned = Case.objects.get(public_id="CM20-0000003")
    assert client.get("/decisions/CM20-0000003/").status_code == 200  # public while it waits: a worklist
    client.post(QUEUE, {"reason": "warnings", "action": "accept", "ids": [warned.pk]})
    warned.refresh_from_db()
    assert warned.review_status == "reviewed"
    assert "CM20-0000003" not in client.get(QUEUE + "?reason=warnings").content.decode()

    conflict = Case.objects.get(public_id="CM20-0000004")
    before = stats.totals().decisions
    client.post(QUEUE, {"reason": "conflicts", "action": "reject", "ids": [conflict.pk], "note": "wrong letter"})
    assert client.get("/decisions/CM20-0000004/").status_code == 404
    assert stats.totals().decisions == before - 1  # the statistics follow the withdrawal
    assert SourceDocument.objects.get(filename="CM20-0000004.txt").status == "rejected"  # the file is kept
    entry = LogEntry.objects.get(object_id=str(conflict.pk), content_type__model="case")
    part = json.loads(entry.change_message)[-1]["staff"]
    assert part["action"] == "withdraw" and part["before"]["public_id"] == "CM20-0000004"


def test_a_conflict_marked_as_a_copy_leaves_the_queue(client, staff, queued):
    client.force_login(staff["reviewer"])
    conflict = Case.objects.get(public_id="CM20-0000004")
    client.post(QUEUE, {"reason": "conflicts", "action": "duplicate", "ids": [conflict.pk]})
    conflict.refresh_from_db()
    assert not conflict.has_conflict and conflict.review_status == "reviewed"


def test_correct_opens_the_editor_and_an_action_of_another_reason_is_refused(client, staff, queued):
    client.force_login(staff["reviewer"])
    warned = Case.objects.get(public_id="CM20-0000003")
    response = client.post(QUEUE, {"reason": "warnings", "action": "correct", "ids": [warned.pk]})
    assert response["Location"] == f"/admin/determinations/case/{warned.pk}/change/"
    response = client.post(QUEUE, {"reason": "warnings", "action": "duplicate", "ids": [warned.pk]}, follow=True)
    assert "is not an action for" in response.content.decode()
    warned.refresh_from_db()
    assert warned.review_status == "needs_review"
