"""The search form and the Query: a query string in, a Query out, and the Query back to its query string."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.http import QueryDict

from determinations.forms import SearchForm
from determinations.search import Query
from tests.factories import archive, item, letter_record

pytestmark = pytest.mark.django_db


def test_age_zero_is_a_condition_on_the_statistics_as_on_the_results(client):
    archive(letter_record(case_number="CM16-0000001", patient_age=45, items=[item("MRI", "upheld")]))
    archive(letter_record(case_number="CM16-0000002", patient_age=None, items=[item("Norco", "overturned")]))
    assert not Query(age_min=0).is_empty() and Query().is_empty()
    listed = client.get("/decisions/?age_min=0").context["results"].count
    stats = client.get("/stats/?age_min=0").context
    assert listed == 1
    assert stats["scope"].is_filtered and stats["totals"].decisions == listed == 1
    assert client.get("/stats/").context["totals"].decisions == 2


def test_a_query_reads_back_from_its_query_string():
    archive(letter_record(reviewer={"specialty": "Orthopedic Surgery", "licensed_states": ["California"]}))
    query = Query(q="lumbar pain", decision="upheld", category=("imaging", "injections"), item="facet injection",
                  guideline=("odg", "mtus-acoem-ch12"), opioid=True, outcome="upheld", specialty="orthopedic-surgery",
                  state="California", decided_after=date(2015, 1, 1), decided_before=date(2016, 12, 31),
                  injured_after=date(2010, 1, 1), injured_before=date(2014, 6, 30), age_min=0, age_max=60,
                  sex="female", sort="oldest", page=3)
    params = query.to_params()
    assert params.getlist("category") == ["imaging", "injections"] and params["opioid"] == "true"
    assert params["age_min"] == "0" and params["decided_after"] == "2015-01-01"
    assert SearchForm(params).to_query() == query
    assert Query().to_params().urlencode() == "" and SearchForm(QueryDict()).to_query() == Query()
    assert SearchForm().to_query() == Query()  # unbound: the empty search, no error


def test_a_field_with_an_error_is_no_condition_and_is_named_as_labelled():
    form = SearchForm(QueryDict("state=Texs&decision=upheld&age_min=60&age_max=40"))
    assert form.to_query() == Query(decision="upheld", age_min=60)
    assert form.error_messages() == ["Reviewer licensed in: “Texs” is not a US state; did you mean Texas?",
                                     "Age to: is before “Age from” (60): the range is reversed; swap the two values."]


def test_the_item_offer_is_the_query_with_its_words_moved(client):
    archive(letter_record(reviewer={"specialty": "Orthopedic Surgery", "licensed_states": ["California"]},
                          items=[item("Lumbar facet injection", "upheld", "injections")]))
    response = client.get("/decisions/?q=facet+injection&state=ca&sort=newest&page=2")
    assert response.context["offer_url"] == "?item=facet+injection&state=California"
    assert client.get("/decisions/" + response.context["offer_url"]).context["results"].count == 1


def test_the_filters_rendered_once_per_query_string_show_each_query_its_own_values(client):
    """The "All filters" widgets are kept per process by the query string they show (filters_key): each
    search shows its own values, whatever was shown before, and the words and page never change them."""

    def selected(url: str) -> dict[str, list[str]]:
        page = client.get(url).content.decode()
        filters = page[page.index('id="all-filters-heading"'):]
        return {"options": re.findall(r'<option value="([\w-]+)"[^>]*selected', filters),
                "dates": re.findall(r'name="decided_after" form="search-form" value="([\d-]*)"', filters)}

    first = selected("/decisions/?decision=upheld&guideline=odg-knee")
    assert first == {"options": ["upheld", "odg-knee"], "dates": [""]}
    assert selected("/decisions/?decision=overturned&decided_after=2015-01-01") == {
        "options": ["overturned"], "dates": ["2015-01-01"]}
    assert selected("/decisions/?decision=upheld&guideline=odg-knee&q=knee&page=2") == first
    assert selected("/decisions/") == {"options": [], "dates": [""]}
