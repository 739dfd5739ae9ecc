"""Folders belong to their owner; a share link reads without signing in; any results page exports."""

from __future__ import annotations

import io

import pytest
from docx import Document

from desk.models import Folder, FolderEntry
from determinations.models import Case
from tests.factories import archive, item, letter_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    archive(letter_record(case_number="CM16-0000001", decision_date="2016-02-01",
                          items=[item("Lumbar facet injection", "upheld", "injections")]))
    archive(letter_record(case_number="CM17-0000004", decision_date="2017-02-01",
                          items=[item("MRI of the knee", "overturned", "imaging")]))
    return Case.objects.all()


def test_folder_is_private_until_shared(client, django_user_model, cases):
    owner = django_user_model.objects.create_user("o", "o@example.com", "x")
    other = django_user_model.objects.create_user("p", "p@example.com", "x")
    folder = Folder.objects.create(user=owner, name="Brief")
    FolderEntry.objects.create(folder=folder, case=cases.get(case_number="CM16-0000001"), note="key")
    assert client.get(f"/desk/folders/{folder.pk}/").status_code == 302  # to sign in
    client.force_login(other)
    assert client.get(f"/desk/folders/{folder.pk}/").status_code == 404
    assert client.get(f"/desk/folders/{folder.pk}/authorities.pdf").status_code == 404
    client.force_login(owner)
    client.post(f"/desk/folders/{folder.pk}/share/")
    folder.refresh_from_db()
    assert len(folder.share_token) >= 40
    client.logout()
    assert b"key" in client.get(f"/desk/shared/{folder.share_token}/").content
    assert client.get("/desk/shared/not-the-token/").status_code == 404


def test_results_page_as_table_of_authorities(client, cases, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/desk/authorities.docx?category=imaging")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "CM17-0000004 (DWC IMR Feb. 1, 2017)" in text and "CM16-0000001" not in text
    assert "Holding: The expert reviewer overturned the denial of MRI of the knee" in text
    assert client.get("/desk/authorities.txt").status_code == 404


def test_reading_needs_no_account(client, cases):
    assert client.get("/decisions/").status_code == 200
    assert b"Sign in</a> to save this search" in client.get("/decisions/").content


def test_account_pages_use_the_site_layout_and_failed_sign_ins_are_limited(client, django_user_model):
    from django.core.cache import cache

    cache.clear()
    signup = client.get("/accounts/signup/")
    assert signup.status_code == 200 and b'class="site-header"' in signup.content
    assert client.get("/accounts/password/reset/").status_code == 200
    django_user_model.objects.create_user("someone", "someone@example.com", "right password 123")
    answers = [client.post("/accounts/login/", {"login": "someone@example.com", "password": "wrong"})
               for _ in range(6)]
    assert b"Too many failed" not in answers[0].content
    assert b"Too many failed" in answers[-1].content


def test_a_shared_folder_shows_others_no_personal_data_from_its_notes_or_name(client, django_user_model, cases):
    owner = django_user_model.objects.create_user("o", "o@example.com", "x")
    folder = Folder.objects.create(user=owner, name="Brief, claim no. 05-123456-789", share_token="t" * 43)
    FolderEntry.objects.create(folder=folder, case=cases.get(case_number="CM16-0000001"),
                               note="Ask the adjuster, phone (415) 555-0123, about the denial")
    shared = client.get(f"/desk/shared/{folder.share_token}/").content.decode()
    document = client.get(f"/desk/shared/{folder.share_token}/authorities.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(document.content)).paragraphs)
    for shown in (shared, text):
        assert "555-0123" not in shown and "05-123456-789" not in shown
        assert "about the denial" in shown  # the note itself is still there
    client.force_login(owner)  # the owner reads and edits what they wrote
    assert "(415) 555-0123" in client.get(f"/desk/folders/{folder.pk}/").content.decode()
