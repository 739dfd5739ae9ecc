"""Staff upload through the admin; the background worker (django-tasks' db_worker) runs inside the test."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from determinations.models import Case, SourceDocument
from tests.conftest import LETTERS
from tests.ingest.helpers import post_change
from tests.ingest.test_ingest import zip_bytes

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection when done

UPLOAD_URL = "/admin/determinations/sourcedocument/upload/"


def run_worker() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, queue_name="*", verbosity=0)
    failed = DBTaskResult.objects.exclude(status="SUCCESSFUL").values_list("traceback", flat=True)
    assert not list(failed), "a background task failed"


def upload(client, capture, *files: SimpleUploadedFile):
    with capture(execute=True):
        return client.post(UPLOAD_URL, {"files": list(files)})


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (LETTERS / name).read_bytes(), content_type="application/pdf")


def test_upload_page_is_linked_from_the_documents_list(admin_client):
    page = admin_client.get(reverse("admin:determinations_sourcedocument_changelist"))
    assert UPLOAD_URL in page.content.decode()
    assert admin_client.get(UPLOAD_URL).status_code == 200


def test_upload_answers_at_once_and_the_worker_does_the_reading(admin_client, django_capture_on_commit_callbacks,
                                                                  sample_text_letter):
    letters_zip = SimpleUploadedFile("batch.zip", zip_bytes({
        "CM17-0000846.pdf": (LETTERS / "CM17-0000846.pdf").read_bytes(),
        "sample.txt": sample_text_letter.encode(),
    }))
    response = upload(admin_client, django_capture_on_commit_callbacks, pdf("CM16-0213037.pdf"), letters_zip)
    assert response.status_code == 302
    assert SourceDocument.objects.filter(status="pending").count() == 2  # stored, not yet read
    assert Case.objects.count() == 0
    run_worker()
    assert set(Case.objects.values_list("case_number", flat=True)) == {"CM16-0213037", "CM17-0000846", None}
    assert SourceDocument.objects.get(filename="batch.zip").status == "expanded"
    listing = admin_client.get(reverse("admin:determinations_sourcedocument_changelist") + "?status__exact=parsed")
    assert "/decisions/CM16-0213037/" in listing.content.decode()


def test_uploading_the_same_file_twice_stores_it_once(admin_client, django_capture_on_commit_callbacks):
    upload(admin_client, django_capture_on_commit_callbacks, pdf("CM16-0213037.pdf"))
    run_worker()
    response = upload(admin_client, django_capture_on_commit_callbacks, pdf("CM16-0213037.pdf"))
    assert response.status_code == 302
    assert SourceDocument.objects.count() == 1 and Case.objects.count() == 1


def test_upload_refuses_other_types_and_oversize_files_with_a_message(admin_client, settings,
                                                                     django_capture_on_commit_callbacks):
    settings.IMR_MAX_LETTER_BYTES = 1000
    response = upload(admin_client, django_capture_on_commit_callbacks,
                      SimpleUploadedFile("notes.docx", b"hello"), pdf("CM16-0213037.pdf"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "notes.docx: only .pdf, .txt and .zip files are accepted." in body
    assert "CM16-0213037.pdf" in body and "limit" in body
    assert SourceDocument.objects.count() == 0


def test_only_staff_can_upload(client, django_user_model, django_capture_on_commit_callbacks):
    assert client.get(UPLOAD_URL).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("clerk", password="pw")
    client.force_login(user)
    upload(client, django_capture_on_commit_callbacks, pdf("CM16-0213037.pdf"))
    assert SourceDocument.objects.count() == 0


def test_retry_and_reparse_actions_run_in_the_background(admin_client, settings,
                                                         django_capture_on_commit_callbacks):
    upload_settings_limit = settings.IMR_MAX_LETTER_BYTES
    upload(admin_client, django_capture_on_commit_callbacks, pdf("CM16-0213037.pdf"))
    settings.IMR_MAX_LETTER_BYTES = 1000  # the reading fails: the file is kept, failed, with its reason
    run_worker()
    document = SourceDocument.objects.get()
    assert document.status == "failed" and "limit" in document.error
    settings.IMR_MAX_LETTER_BYTES = upload_settings_limit
    changelist = reverse("admin:determinations_sourcedocument_changelist")
    admin_client.post(changelist, {"action": "retry", "_selected_action": [document.pk]})
    run_worker()
    document.refresh_from_db()
    assert document.status == "parsed" and Case.objects.count() == 1
    admin_client.post(changelist, {"action": "reparse", "_selected_action": [document.pk]})
    run_worker()
    document.refresh_from_db()
    assert document.status == "parsed" and document.attempts == 3 and Case.objects.count() == 1


def test_case_admin_shows_items_and_marks_reviewed(admin_client, django_capture_on_commit_callbacks):
    upload(admin_client, django_capture_on_commit_callbacks, pdf("CM16-0213037.pdf"))
    run_worker()
    case = Case.objects.get()
    page = admin_client.get(reverse("admin:determinations_case_change", args=[case.pk]))
    assert "MRI of the right shoulder without contrast" in page.content.decode()
    admin_client.post(reverse("admin:determinations_case_changelist"),
                      {"action": "mark_reviewed", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.review_status == "reviewed"


def test_staff_correction_of_an_item_reaches_outcome_facets_and_search(admin_client):
    from determinations.ingest import ingest_bytes

    ingest_bytes((LETTERS / "CM16-0213037.pdf").read_bytes(), "CM16-0213037.pdf")
    case = Case.objects.get()
    item = case.items.order_by("position").first()
    post_change(admin_client, "disputeditem", item.pk, decision="overturned", category="surgery",
                description="Arthroscopic shoulder surgery")
    case.refresh_from_db()
    assert case.outcome == "partial"
    assert "surgery" in case.categories
    assert Case.objects.filter(search_vector="arthroscopic").exists()
