"""Letters carrying personal data go through the real pipeline; then every public surface is read anonymously.

None of the planted tokens may appear anywhere a visitor can reach, nor be found by searching for it; a
letter with something the scanner cannot place is held, absent from every surface, counts and statistics
included, until staff publish it from the admin.
"""

from __future__ import annotations

import json
from urllib.parse import quote_plus

import pytest

from determinations import stats
from determinations.ingest import ingest_files
from determinations.models import Case, SourceDocument
from determinations.parsing import extract_pdf_text
from tests.privacy.letters import DOUBT, PLANTED, letter_pdf, letter_text

pytestmark = pytest.mark.django_db

CLEAN = {"CM19-0000001": "txt", "CM19-0000002": "pdf"}  # text and PDF twins, masked and published
DOUBTFUL = {"CM19-0000003": "txt", "CM19-0000004": "pdf"}  # twins the scanner cannot clear: held


def _files(numbers: dict[str, str], doubtful: bool) -> list[tuple[str, bytes]]:
    files = []
    for number, kind in numbers.items():
        text = letter_text(number, doubtful=doubtful)
        files.append((f"{number}.{kind}", text.encode() if kind == "txt" else letter_pdf(text)))
    return files


@pytest.fixture
def archive_with_planted_letters():
    results = ingest_files(_files(CLEAN, False) + _files(DOUBTFUL, True))
    return {r.filename: r for r in results}


def body(response) -> str:
    assert response.status_code == 200, response
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    if response["Content-Type"] == "application/pdf":
        return extract_pdf_text(response.content)
    return response.content.decode()


def public_surfaces(client) -> dict[str, str]:
    """Every page, export and feed a visitor can reach that could show these letters."""
    urls = ["/", "/decisions/", "/decisions/?q=shoulder", "/decisions/?q=MRI+shoulder&sort=newest",
            "/decisions.json", "/decisions.json?q=shoulder", "/decisions.csv", "/decisions.csv?q=shoulder",
            "/decisions/feed/", "/decisions/feed/?q=shoulder", "/stats/", "/stats/?q=shoulder",
            "/guidelines/", "/reviewers/"]
    for case in Case.objects.all():
        urls += [f"/decisions/{case.public_id}/", f"/decisions/{case.public_id}/original/"]
        if case.reviewer:
            urls.append(case.reviewer.get_absolute_url())
        for item in case.items.all():
            urls += [c.guideline.get_absolute_url() for c in item.citations.select_related("guideline")]
    return {url: body(client.get(url)) for url in dict.fromkeys(urls)}


def test_letters_are_masked_or_held_as_they_should_be(archive_with_planted_letters):
    results = archive_with_planted_letters
    assert {name: r.status for name, r in results.items()} == {
        "CM19-0000001.txt": "parsed", "CM19-0000002.pdf": "parsed",
        "CM19-0000003.txt": "held", "CM19-0000004.pdf": "held"}
    assert set(Case.objects.values_list("public_id", flat=True)) == set(CLEAN)
    for case in Case.objects.all():
        summary = case.sections["case_summary"]
        for mask in ("[name]", "[employer]", "[phone]", "[email]", "[ssn]", "[address]", "[claim number]",
                     "[policy number]", "[case number]", "[date of birth]"):
            assert mask in summary + case.full_text, (case.public_id, mask)
        # public facts stay: the case number, the date of injury, age and sex, body parts, eponymous signs
        assert case.case_number in case.full_text and "10/13/2016" in case.full_text
        assert "48 year old male" in summary and "Hawkins impingement" in summary
        assert case.patient_age == 48 and case.patient_sex == "male"
        assert case.items.get().description == "MRI of the right shoulder for patient [name] without contrast"
    held = SourceDocument.objects.get(filename="CM19-0000003.txt")
    assert held.case_id is None and held.privacy_doubts == [DOUBT.split(" by ")[1].split(" at ")[0]]
    assert "[name]" in held.held_record["public_text"]


def test_no_planted_token_on_any_public_surface(client, archive_with_planted_letters):
    pages = public_surfaces(client)
    assert len(pages) >= 20  # 14 listings, 2 decisions and their originals, a reviewer, a guideline
    for url, text in pages.items():
        for token in PLANTED:
            assert token not in text, f"{token!r} ({PLANTED[token]}) is shown by {url}"
        assert "Quennell" not in text and "Abernathy" not in text  # the held letter's unplaced name
    assert "[name]" in pages["/decisions/CM19-0000001/"]
    assert "[address]" in pages["/decisions/CM19-0000002/original/"]  # the rendering of the masked PDF letter


def test_searching_any_planted_token_finds_nothing(client, archive_with_planted_letters):
    for token in [*PLANTED, "Quennell Abernathy-Sills", "Abernathy"]:
        data = json.loads(body(client.get(f"/decisions.json?q={quote_plus(token)}")))
        assert data["count"] == 0, token
        for quoted in (quote_plus(token), quote_plus(f'"{token}"')):
            page = body(client.get(f"/decisions/?q={quoted}"))
            assert "CM19-" not in page, token
    assert json.loads(body(client.get("/decisions.json?q=shoulder")))["count"] == 2  # search itself works


def test_a_held_letter_counts_nowhere_until_staff_publish_it(client, admin_client, archive_with_planted_letters):
    before = stats.totals()
    assert before.decisions == 2 and before.items == 2
    assert json.loads(body(client.get("/decisions.json")))["count"] == 2
    for number in DOUBTFUL:
        assert client.get(f"/decisions/{number}/").status_code == 404
        assert client.get(f"/decisions/{number}/original/").status_code == 404
    assert "CM19-0000003" not in body(client.get("/decisions/feed/")) + body(client.get("/stats/"))

    held = SourceDocument.objects.get(filename="CM19-0000003.txt")
    review = body(admin_client.get(f"/admin/determinations/sourcedocument/{held.pk}/change/"))
    assert 'title="doubt">Quennell Abernathy-Sills</mark>' in review  # each doubt highlighted
    assert '<mark style="background:#cde">[phone]</mark>' in review  # and each mask
    assert "Marisol" not in review  # staff review the masked letter too

    response = admin_client.post("/admin/determinations/sourcedocument/", {
        "action": "publish", "_selected_action": [held.pk]})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == "parsed" and held.case.public_id == "CM19-0000003"
    assert held.privacy_cleared == ["Quennell Abernathy-Sills"]
    after = stats.totals()
    assert (after.decisions, after.items) == (3, 3)
    assert json.loads(body(client.get("/decisions.json")))["count"] == 3
    page = body(client.get("/decisions/CM19-0000003/"))
    assert "[phone]" in page and "(916) 555-0143" not in page
    # the other held twin is still held; re-reading the published one keeps it published (its doubt is cleared)
    assert SourceDocument.objects.get(filename="CM19-0000004.pdf").status == "held"
    from determinations.ingest import reprocess

    assert reprocess([held.pk], reparse=True)[0].status == "parsed"


def test_the_admin_cannot_replace_an_original(admin_client, archive_with_planted_letters):
    document = SourceDocument.objects.get(filename="CM19-0000001.txt")
    form = body(admin_client.get(f"/admin/determinations/sourcedocument/{document.pk}/change/"))
    assert 'type="file"' not in form and 'name="original_publishable"' in form
    from django.core.files.uploadedfile import SimpleUploadedFile

    stored = document.file.name
    response = admin_client.post(f"/admin/determinations/sourcedocument/{document.pk}/change/", {
        "filename": document.filename, "case": document.case_id, "original_publishable": "on",
        "file": SimpleUploadedFile("swap.txt", b"Employee: Someone Else"),
    })
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.name == stored and document.original_publishable  # the flag is editable, the file not
    with document.file.open("rb") as handle:
        assert b"Someone Else" not in handle.read()


def test_a_publishable_pdf_original_is_served_without_its_metadata(client, archive_with_planted_letters):
    import io

    import pikepdf

    document = SourceDocument.objects.get(filename="CM19-0000002.pdf")
    with document.file.open("rb") as handle, pikepdf.open(io.BytesIO(handle.read())) as stored:
        assert "Marisol Quintanilla" in str(stored.docinfo.get("/Author"))  # kept whole for staff
    SourceDocument.objects.filter(pk=document.pk).update(original_publishable=True)
    response = client.get("/decisions/CM19-0000002/original/")
    assert response["Content-Type"] == "application/pdf"
    with pikepdf.open(io.BytesIO(response.content)) as served:
        assert "/Author" not in served.docinfo and "/Title" not in served.docinfo
        assert "/Metadata" not in served.Root
