"""The attorney's search without a browser: canonical URLs, case numbers, suggestions, the offer, names,
explained errors, the exports' `matched` column and their refusal of filters they cannot use."""

from __future__ import annotations

import csv
import io

import pytest

from determinations.names import canonical_specialty, guideline_choices, nearest, specialty_group
from determinations.views.decisions import holding
from tests.factories import archive, citation, item, letter_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    archive(letter_record(case_number="CM16-0213037", decision_date="2016-03-01",
                          reviewer={"specialty": "Family Medicine", "licensed_states": ["California"]},
                          items=[item("Lumbar facet injection", "upheld", "injections", rationale="Not supported.",
                                      guidelines=[citation("mtus-acoem-ch12")]),
                                 item("Norco 10/325", "overturned", "pharmaceuticals", is_opioid=True,
                                      rationale="Weaning is appropriate.", guidelines=[citation("mtus-opioids")])]))
    archive(letter_record(case_number="CM16-0213099", decision_date="2016-04-01",
                          reviewer={"specialty": "Family Practice", "licensed_states": ["Texas"]},
                          items=[item("Facet injection, cervical", "overturned", "injections",
                                      guidelines=[citation("odg-neck")])]))
    archive(letter_record(case_number="CM17-0000003", decision_date="2017-04-01",
                          reviewer={"specialty": "Orthopedic Surgery", "licensed_states": ["California"]},
                          sections={"case_summary": "A facet injection was tried years ago."},
                          items=[item("MRI of the knee", "upheld", "imaging", guidelines=[citation("odg-knee")])]))


def listed(response) -> list[str]:
    return [case.case_number for case in response.context["results"].cases]


def test_submitted_form_redirects_to_the_canonical_url(client, cases):
    response = client.get("/decisions/?item=facet+injection&q=&decision=&decided_after=&page=1&specialty=+")
    assert response.status_code == 302 and response["Location"] == "/decisions/?item=facet+injection"
    assert client.get("/decisions/?q=&item=").headers["Location"] == "/decisions/"
    assert client.get("/decisions/?item=facet+injection").status_code == 200


def test_case_numbers_open_or_list(client, cases):
    response = client.get("/decisions/?q=CM16-0213037")
    assert response.status_code == 302 and response["Location"] == "/decisions/CM16-0213037/"
    assert client.get("/decisions/?q=cm16-0213037")["Location"] == "/decisions/CM16-0213037/"
    assert listed(client.get("/decisions/?q=0213037")) == ["CM16-0213037"]
    assert listed(client.get("/decisions/?q=CM16-02130")) == ["CM16-0213099", "CM16-0213037"]
    assert listed(client.get("/decisions/?q=CM99-0000001")) == []  # an unknown number lists nothing


def test_treatment_suggestions_come_from_the_archive(client, cases):
    data = client.get("/decisions/treatments.json?item=fac").json()
    assert {s["name"] for s in data["suggestions"]} == {"Lumbar facet injection", "Facet injection, cervical"}
    assert client.get("/decisions/treatments.json?item=lumbar+fac").json()["suggestions"] == [
        {"name": "Lumbar facet injection", "items": 1}]
    assert client.get("/decisions/treatments.json?item=f").json()["suggestions"] == []
    # without JavaScript: an item search that finds nothing offers the names that start with its words
    body = client.get("/decisions/?item=facet+inj&decision=upheld&guideline=odg-knee").content.decode()
    assert "Lumbar facet injection</a>" in body


def test_words_naming_treatments_offer_the_item_search(client, cases):
    response = client.get("/decisions/?q=facet+injection")
    assert len(listed(response)) == 3  # the summary-only letter too
    offer = response.context["results"].item_offer
    assert offer.count == 2 and offer.query.item == "facet injection"
    assert response.context["offer_url"] == "?item=facet+injection"
    assert "2 decisions where <em>facet injection</em> is the disputed treatment" in response.content.decode()
    assert client.get("/decisions/?q=radiculopathy").context["results"].item_offer is None


def test_results_mark_the_matching_item_first(client, cases):
    response = client.get("/decisions/?item=norco")
    case = response.context["results"].cases[0]
    assert [i.description for i in case.shown_items] == ["Norco 10/325"]
    assert [i.description for i in case.folded_items] == ["Lumbar facet injection"]
    assert "and 1 other item<" in response.content.decode()
    assert response.context["links"][case.pk] == "/decisions/CM16-0213037/?item=norco#item-2"


def test_specialty_aliases_and_names(client, cases):
    for value in ("family-practice", "family-medicine", "Family Medicine", "Family Practice"):
        response = client.get("/decisions/", {"specialty": value})
        assert sorted(listed(response)) == ["CM16-0213037", "CM16-0213099"], value
    assert canonical_specialty("Psychology") == "clinical-psychology"
    assert specialty_group("family-practice") == ["family-medicine", "family-practice"]
    facets = {g.key: g for g in client.get("/decisions/").context["facet_groups"]}
    assert [(link.label, link.count) for link in facets["specialty"].links] == [("Family Practice", 2),
                                                                              ("Orthopedic Surgery", 1)]


def test_bad_input_names_the_field_and_the_nearest_value(client, cases):
    body = client.get("/decisions/?state=Texs&specialty=Family+Pratice&guideline=odg-nek"
                      "&decided_after=2017-01-01&decided_before=2016-01-01&age_min=60&age_max=40").content.decode()
    assert "Reviewer licensed in: “Texs” is not a US state; did you mean Texas?" in body
    assert "Reviewer specialty: no reviewer in the archive has the specialty “Family Pratice”; did you mean" in body
    assert "“odg-nek” is not a guideline the archive knows; did you mean ODG Neck and Upper Back (odg-neck)?" in body
    assert "Decided on or before: is before “Decided on or after” (2017-01-01): the range is reversed" in body
    assert "Age to: is before “Age from”" in body
    assert nearest("califrnia", {"California": "California", "Colorado": "Colorado"}) == "California"


@pytest.mark.parametrize("url", ["/decisions.csv", "/decisions.json", "/decisions/feed/"])
def test_exports_and_feeds_refuse_invalid_filters(client, cases, url):
    response = client.get(url + "?state=Texs&decided_after=yesterday")
    assert response.status_code == 400
    text = response.content.decode()
    assert "did you mean Texas?" in text and "Decided on or after: Enter a valid date." in text
    assert client.get(url + "?state=TX").status_code == 200


def test_csv_marks_the_matching_items_and_carries_the_rationale(client, cases):
    response = client.get("/decisions.csv?item=facet+injection&decision=upheld")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["case_number"], r["item_description"], r["matched"]) for r in rows] == [
        ("CM16-0213037", "Lumbar facet injection", "true"), ("CM16-0213037", "Norco 10/325", "false")]
    assert rows[0]["item_rationale"] == "Not supported."


def test_guideline_picker_is_grouped_by_family():
    groups = dict(guideline_choices())
    acoem = dict(groups["MTUS ACOEM (chapters and topic guidelines)"])
    assert acoem["mtus-acoem"] == "Any MTUS ACOEM (chapters and topic guidelines)"
    assert acoem["mtus-acoem-ch12"] == "MTUS ACOEM Chapter 12: Low Back Complaints"
    assert dict(groups["Official Disability Guidelines (ODG)"])["odg"] == "Official Disability Guidelines (ODG)"


def test_decision_page_holding_and_highlights(client, cases):
    response = client.get("/decisions/CM16-0213037/?item=facet+injection")
    body = response.content.decode()
    assert ("The expert reviewer upheld the denial of Lumbar facet injection under MTUS ACOEM Chapter 12 and "
            "overturned the denial of Norco 10/325 under MTUS Opioid Treatment Guidelines.") in body
    assert '<section class="item matched" id="item-1"' in body
    assert "<mark>facet</mark> <mark>injection</mark>" in body
    plain = client.get("/decisions/CM16-0213037/").content.decode()
    assert "<mark>" not in plain and "item matched" not in plain


def test_holding_lists_many_items_briefly():
    class Item:
        def __init__(self, n: int, decision: str) -> None:
            self.description, self.decision, self.reviewer_citations = f"Treatment {n}", decision, []

    text = holding([Item(n, "upheld") for n in range(1, 6)] + [Item(6, "overturned")])
    assert text == ("The expert reviewer upheld the denial of Treatment 1, Treatment 2, Treatment 3 and 2 other "
                    "treatments and overturned the denial of Treatment 6.")


def test_generated_letters_are_marked_as_sample_data_wherever_shown(client):
    archive(letter_record(case_number="CM15-0000101", items=[item("MRI of the knee")]), filename="synth_1_000001.txt")
    archive(letter_record(case_number="CM15-0000102", items=[item("MRI of the knee")]), filename="CM15-0000102.pdf")
    badge = "Sample data, not a real decision"
    for url in ("/", "/decisions/", "/decisions/?item=mri", "/reviewers/family-practice-california/"):
        assert client.get(url).content.decode().count(badge) == 1, url
    assert "Sample data." in client.get("/decisions/CM15-0000101/").content.decode()
    real = client.get("/decisions/CM15-0000102/").content.decode()
    assert "Sample data." not in real
    similar = real.split('class="similar-list"')[1]  # the generated letter, listed as a similar decision
    assert "CM15-0000101" in similar and similar.count(badge) == 1
    feed = client.get("/decisions/feed/").content.decode()
    assert feed.count("[Sample data, not a real decision] CM15-0000101") == 1
