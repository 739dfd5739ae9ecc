"""The decision page: every structured field, citations by side, the letter, privacy, original file."""

from __future__ import annotations

import pytest

from tests.factories import archive, citation, item, letter_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return archive(letter_record(
        case_number="CM16-0213037", decision_date="2016-12-09", injury_date="2016-10-13", patient_age=48,
        patient_sex="male",
        reviewer={"specialty": "Family Practice", "subspecialty": None,
                  "licensed_states": ["California", "North Carolina"], "experience": "more than five years"},
        items=[
            item("Lumbar facet injection", "upheld", "injections", rationale="Not recommended for chronic pain.",
                 guidelines=[citation("odg-low-back", "claims_administrator", topic="Facet joint injections"),
                             citation("mtus-acoem-ch12", pages="300")]),
            item("Physical therapy 6 sessions", "overturned", "physical-therapy", rationale="Supported.",
                 guidelines=[citation("mtus-chronic-pain")]),
        ],
        sections={"determination_process": "MAXIMUS Federal Services sent the complete case file.",
                  "case_summary": "The patient is a 48 year old male with low back pain.",
                  "decisions_and_rationales": "Lumbar facet injection: Upheld."},
    ), text="Case Number: CM16-0213037 a letter")


def test_decision_page_shows_every_field(client, case):
    response = client.get("/decisions/CM16-0213037/")
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("CM16-0213037", "Dec 9, 2016", "Oct 13, 2016", "48 years old", "male", "Family Practice",
                 "California, North Carolina", "more than five years", "Lumbar facet injection",
                 "Physical therapy 6 sessions", "Injections", "Not recommended for chronic pain.",
                 "Facet joint injections", "pages 300", "MAXIMUS Federal Services sent the complete case file.",
                 "Clinical case summary", 'href="/guidelines/mtus-acoem-ch12/"', 'href="/guidelines/odg-low-back/"',
                 'href="/decisions/CM16-0213037/original/"', 'rel="canonical"'):
        assert text in body, text
    assert response.context["citation"] == (
        "CM16-0213037 (DWC IMR Dec. 9, 2016) [Lumbar facet injection (upheld); Physical therapy 6 sessions "
        "(overturned)]"
    )
    item = response.context["items"][0]
    assert [c.guideline.slug for c in item.administrator_citations] == ["odg-low-back"]
    assert [c.guideline.slug for c in item.reviewer_citations] == ["mtus-acoem-ch12"]


def test_similar_decisions_share_category_and_guideline(client, case):
    same = archive(letter_record(items=[item("Facet block", "upheld", "injections",
                                             guidelines=[citation("mtus-acoem-ch12")])]))
    other_guideline = archive(letter_record(items=[item("Facet block", "upheld", "injections",
                                                        guidelines=[citation("odg-neck")])]))
    other_category = archive(letter_record(items=[item("MRI", "upheld", "imaging")]))
    response = client.get("/decisions/CM16-0213037/")
    similar = [c.public_id for c in response.context["similar"]]
    assert same.public_id in similar
    assert other_guideline.public_id not in similar and other_category.public_id not in similar
    aside = response.content.decode().split('class="similar-list"')[1]
    assert 'Facet block <span class="badge decision-upheld">Upheld</span>' in aside
    assert case.public_id not in similar


def test_letter_without_case_number_has_a_stable_identifier(client):
    record = letter_record(case_number=None)
    case = archive(record, text="a letter with no header")
    assert case.public_id.startswith("imr-")
    response = client.get(f"/decisions/{case.public_id}/")
    assert response.status_code == 200
    assert "Not stated in the letter" in response.content.decode()


def test_unknown_decision_is_404(client):
    assert client.get("/decisions/CM99-9999999/").status_code == 404


def test_privacy_a_letter_with_a_name_shows_none_of_it(client):
    case = archive(letter_record(
        case_number="CM15-0000777",
        items=[item("MRI", rationale="Dear Mr. Smith, the request is not supported.")],
        sections={"case_summary": "Employee: John Q. Smith\nClaim Number: 12345-ABC\n"
                                  "Address: 1234 Main Street, Apt 5\nThe patient is a 45 year old female.",
                  "determination_process": "Claimant: Jane Roe"},
    ), text="Employee: John Q. Smith\nClaim Number: 12345-ABC\n1234 Main Street")
    body = client.get(f"/decisions/{case.public_id}/").content.decode()
    for secret in ("John", "Smith", "12345-ABC", "1234 Main", "Jane Roe"):
        assert secret not in body, secret
    assert "45 year old female" in body
    search = client.get("/decisions/?q=patient").content.decode()
    for secret in ("John", "Smith", "12345-ABC"):
        assert secret not in search
    # The public original is a rendering of the masked letter, never the stored bytes that still carry them.
    original = client.get(f"/decisions/{case.public_id}/original/")
    assert original.status_code == 200 and original["Content-Type"] == "application/pdf"
    from determinations.parsing import extract_pdf_text
    rendered = extract_pdf_text(original.content)
    assert "[name]" in rendered and "John" not in rendered and "12345-ABC" not in rendered


def test_the_render_time_filter_redacts_what_ingest_missed(client, case):
    case.sections = {"case_summary": "Employee: John Q. Smith\nThe patient is well."}
    case.save(update_fields=["sections"])
    body = client.get(f"/decisions/{case.public_id}/").content.decode()
    assert "John" not in body and "The patient is well." in body


def test_original_download_is_the_masked_letter_rendered(client, case):
    from determinations.parsing import extract_pdf_text

    response = client.get("/decisions/CM16-0213037/original/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"] and "CM16-0213037.pdf" in response["Content-Disposition"]
    assert "Case Number: CM16-0213037 a letter" in extract_pdf_text(response.content)


def test_original_publishable_serves_the_file_itself(client, case):
    case.source_document.original_publishable = True
    case.source_document.save(update_fields=["original_publishable"])
    response = client.get("/decisions/CM16-0213037/original/")
    assert response.content == b"Case Number: CM16-0213037 a letter"
    assert "CM16-0213037.txt" in response["Content-Disposition"]


def test_decision_page_query_count(client, case, django_assert_max_num_queries):
    """The letter, its items, their citations and the similar decisions with their items: four statements,
    however many items, citations and similar decisions there are."""
    for _ in range(3):
        archive(letter_record(items=[
            item("Facet block", "upheld", "injections", guidelines=[citation("mtus-acoem-ch12")]),
            item("Medial branch block", "overturned", "injections")]))
    with django_assert_max_num_queries(4):
        response = client.get("/decisions/CM16-0213037/")
    assert response.status_code == 200 and len(response.context["similar"]) == 3


def test_the_real_sample_letter_page(client, sample_text_letter):
    import json

    from tests.conftest import LETTERS

    record = json.loads((LETTERS / "000_b63e04827a4d5f31.expected.json").read_text())
    record["sections"] = {"case_summary": "The patient is a 50 year old male."}
    case = archive(record, text=sample_text_letter)
    body = client.get(case.get_absolute_url()).content.decode()
    assert "Thoracic palpation directed facet injection" in body
    assert "Physical Medicine and Rehabilitation" in body
    assert client.get(f"/decisions/{case.public_id}/original/").status_code == 200
