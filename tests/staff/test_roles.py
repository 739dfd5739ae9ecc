"""Each action tried as each role: uploaders upload and follow progress, reviewers review and publish,
administrators do everything, users included; staff in no group do nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from determinations.ingest import ingest_files
from determinations.models import Case, SourceDocument
from determinations.staff.models import UploadBatch
from tests.privacy.letters import letter_text

pytestmark = pytest.mark.django_db

ADMIN = "/admin/determinations/"
ALLOWED = {  # action -> the roles that may do it
    "upload": {"uploader", "reviewer", "administrator"},
    "see progress": {"uploader", "reviewer", "administrator"},
    "see the queue": {"reviewer", "administrator"},
    "publish from the queue": {"reviewer", "administrator"},
    "publish from the document list": {"reviewer", "administrator"},
    "edit a decision": {"reviewer", "administrator"},
    "read the audit trail": {"reviewer", "administrator"},
    "manage users": {"administrator"},
}


@pytest.fixture
def two_letters() -> None:
    """One held letter to publish, one public decision to edit."""
    ingest_files([("CM21-0000001.txt", letter_text("CM21-0000001", doubtful=True).encode()),
                  ("CM21-0000002.txt", letter_text("CM21-0000002").encode())])


def attempt(client, action: str) -> bool:
    """Try the action; True when it was done."""
    held = SourceDocument.objects.filter(status="held").first()
    case = Case.objects.first()
    if action == "upload":
        before = SourceDocument.objects.count()
        client.post(ADMIN + "sourcedocument/upload/", {"files": [SimpleUploadedFile(
            "CM21-0000009.txt", letter_text("CM21-0000009").encode())]})
        return SourceDocument.objects.count() == before + 1
    if action == "see progress":
        batch = UploadBatch.objects.create()
        return client.get(f"{ADMIN}sourcedocument/batches/{batch.pk}/").status_code == 200
    if action == "see the queue":
        return client.get(ADMIN + "sourcedocument/queue/").status_code == 200
    if action == "publish from the queue":
        client.post(ADMIN + "sourcedocument/queue/", {"reason": "held", "action": "publish", "ids": [held.pk]})
    elif action == "publish from the document list":
        client.post(ADMIN + "sourcedocument/", {"action": "publish", "_selected_action": [held.pk]})
    if action.startswith("publish"):
        held.refresh_from_db()
        return held.status == "parsed"
    if action == "edit a decision":
        return client.get(f"{ADMIN}case/{case.pk}/change/").status_code == 200
    if action == "read the audit trail":
        return client.get(ADMIN + "sourcedocument/audit/").status_code == 200
    if action == "manage users":
        return client.get("/admin/auth/user/").status_code == 200
    raise AssertionError(action)


@pytest.mark.parametrize("action", ALLOWED)
@pytest.mark.parametrize("who", ["uploader", "reviewer", "administrator", "nobody"])
def test_each_action_as_each_role(client, staff, two_letters, who, action):
    client.force_login(staff[who])
    assert attempt(client, action) == (who in ALLOWED[action]), f"{who} / {action}"


def test_an_uploader_sees_no_publishing_action_and_no_queue_link(client, staff, two_letters):
    client.force_login(staff["uploader"])
    listing = client.get(ADMIN + "sourcedocument/").content.decode()
    assert "Upload letters" in listing
    assert 'value="publish"' not in listing and "Review queue" not in listing
    index = client.get("/admin/").content.decode()
    assert "Background queue" in index and "Review queue" not in index
