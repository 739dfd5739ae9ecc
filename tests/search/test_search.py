"""Search and filters on /decisions/: every filter alone and combined, the same-item rule, snippets."""

from __future__ import annotations

import json
import re

import pytest

from determinations.search import Query, search
from tests.conftest import LETTERS
from tests.factories import archive, citation, item, letter_record

pytestmark = pytest.mark.django_db

URL = "/decisions/"


def ids(response) -> list[str]:
    """Case identifiers listed on a results page, in order."""
    return re.findall(r'<h3><a href="/decisions/([\w-]+)/[^"]*">', response.content.decode())


@pytest.fixture
def sample_letter(sample_text_letter):
    """The real sample letter (no case number) from its hand-checked record, through the writer."""
    expected = json.loads((LETTERS / "000_b63e04827a4d5f31.expected.json").read_text())
    expected["sections"] = {
        "case_summary": "The patient is a 50 year old male who sustained an industrial injury on 10/21/08. "
                        "A thoracic palpation directed facet injection has been implied and has been questioned.",
        "decisions_and_rationales": expected["items"][0]["rationale"],
    }
    return archive(expected, text=sample_text_letter)


@pytest.fixture
def archive_set():
    """A small archive where each case differs from the others in one known way."""
    mri = archive(letter_record(
        case_number="CM14-0000001", decision_date="2014-03-01", injury_date="2010-01-01", patient_age=30,
        patient_sex="male",
        reviewer={"specialty": "Orthopedic Surgery", "licensed_states": ["Texas"]},
        items=[item("MRI of the lumbar spine", "upheld", "imaging", guidelines=[citation("odg-low-back")]),
               item("Norco 10/325 mg #60", "overturned", "pharmaceuticals", is_opioid=True,
                    guidelines=[citation("mtus-chronic-pain")])],
    ))
    facet = archive(letter_record(
        case_number="CM16-0000002", decision_date="2016-05-01", injury_date="2013-06-01", patient_age=55,
        items=[item("Lumbar facet injection at L4-5", "upheld", "injections",
                    rationale="Facet injections are not recommended for chronic low back pain.",
                    guidelines=[citation("mtus-acoem-ch12"), citation("odg-pain", "claims_administrator")])],
    ))
    therapy = archive(letter_record(
        case_number="CM18-0000003", decision_date="2018-09-01", injury_date="2017-02-01", patient_age=62,
        items=[item("Physical therapy 12 sessions", "overturned", "physical-therapy",
                    rationale="Therapy is supported after surgery.",
                    guidelines=[citation("mtus-postsurgical"), citation("mtus-acoem-ch12", "claims_administrator")])],
    ))
    return {"mri": mri, "facet": facet, "therapy": therapy}


def test_example_url_lists_the_real_sample_letter(client, sample_letter, archive_set):
    response = client.get(URL + "?decision=upheld&item=facet+injection&guideline=mtus-acoem-ch12")
    assert response.status_code == 200
    assert set(ids(response)) == {sample_letter.public_id, "CM16-0000002"}


def test_no_filter_lists_everything_newest_first(client, archive_set):
    assert ids(client.get(URL)) == ["CM18-0000003", "CM16-0000002", "CM14-0000001"]
    assert ids(client.get(URL + "?sort=oldest")) == ["CM14-0000001", "CM16-0000002", "CM18-0000003"]


@pytest.mark.parametrize(("params", "expected"), [
    ("decision=overturned", {"CM14-0000001", "CM18-0000003"}),
    ("decision=upheld", {"CM14-0000001", "CM16-0000002"}),
    ("category=imaging", {"CM14-0000001"}),
    ("category=imaging&category=injections", {"CM14-0000001", "CM16-0000002"}),
    ("item=injections", {"CM16-0000002"}),  # stemmed: "injections" finds "injection"
    ("guideline=odg-low-back", {"CM14-0000001"}),
    ("guideline=odg", {"CM14-0000001"}),  # family: every ODG chapter; odg-pain above is the administrator's
    ("guideline=mtus-acoem", {"CM16-0000002"}),  # ch12 cited by the administrator only in CM18 -> not it
    ("guideline=mtus-postsurgical&guideline=odg-low-back", {"CM14-0000001", "CM18-0000003"}),
    ("opioid=true", {"CM14-0000001"}),
    ("outcome=partial", {"CM14-0000001"}),
    ("outcome=upheld", {"CM16-0000002"}),
    ("outcome=overturned", {"CM18-0000003"}),
    ("specialty=orthopedic-surgery", {"CM14-0000001"}),
    ("state=Texas", {"CM14-0000001"}),
    ("state=California", {"CM16-0000002", "CM18-0000003"}),
    ("decided_after=2016-01-01", {"CM16-0000002", "CM18-0000003"}),
    ("decided_before=2016-05-01", {"CM14-0000001", "CM16-0000002"}),
    ("injured_after=2013-01-01&injured_before=2016-12-31", {"CM16-0000002"}),
    ("age_min=50", {"CM16-0000002", "CM18-0000003"}),
    ("age_max=55", {"CM14-0000001", "CM16-0000002"}),
    ("sex=male", {"CM14-0000001"}),
    ("q=lumbar", {"CM14-0000001", "CM16-0000002"}),
    ("q=lumbar&decided_after=2015-01-01&outcome=upheld", {"CM16-0000002"}),
    ("decision=upheld&category=injections&guideline=mtus-acoem-ch12&decided_after=2014-01-01", {"CM16-0000002"}),
])
def test_each_filter_alone_and_combined(client, archive_set, params, expected):
    response = client.get(f"{URL}?{params}")
    assert response.status_code == 200
    assert set(ids(response)) == expected


def test_item_filters_hold_on_the_same_item(client, archive_set):
    # CM14 has an upheld item (MRI) and an opioid item (overturned), but no upheld opioid.
    assert ids(client.get(URL + "?decision=upheld&opioid=true")) == []
    assert ids(client.get(URL + "?decision=overturned&opioid=true")) == ["CM14-0000001"]
    # ... an imaging item and an item citing mtus-chronic-pain, but not one item with both.
    assert ids(client.get(URL + "?category=imaging&guideline=mtus-chronic-pain")) == []
    assert ids(client.get(URL + "?item=norco&category=imaging")) == []
    assert ids(client.get(URL + "?item=norco&category=pharmaceuticals&decision=overturned")) == ["CM14-0000001"]


def test_websearch_operators(client, archive_set):
    assert set(ids(client.get(URL + '?q="facet+injection"'))) == {"CM16-0000002"}
    assert set(ids(client.get(URL + '?q="injection+facet"'))) == set()
    assert set(ids(client.get(URL + "?q=facet+OR+therapy"))) == {"CM16-0000002", "CM18-0000003"}
    assert set(ids(client.get(URL + "?q=lumbar+-facet"))) == {"CM14-0000001"}


def test_relevance_is_the_default_with_words(client, archive_set):
    archive(letter_record(case_number="CM19-0000004", decision_date="2019-01-01",
                          items=[item("Knee brace", "upheld", "dme", rationale="A facet is mentioned once.")]))
    response = client.get(URL + "?q=facet")
    assert ids(response)[0] == "CM16-0000002"  # facet in the item description outranks a rationale mention
    assert ids(client.get(URL + "?q=facet&sort=newest"))[0] == "CM19-0000004"


def test_snippet_highlights_stemmed_words_and_escapes_letter_text(client):
    archive(letter_record(case_number="CM17-0000009", items=[item(
        "Facet injection", rationale="Injections <script>alert(1)</script> are not recommended & rarely help.")]))
    body = client.get(URL + "?q=injected").content.decode()
    assert "<mark>Injections</mark>" in body
    assert "<script>" not in body  # ts_headline drops tags; what is left is escaped
    assert "alert(1)" in body
    assert "&amp; rarely" in body


def test_invalid_parameters_give_a_message_not_an_error(client, archive_set):
    response = client.get(URL + "?decision=maybe&decided_after=yesterday&age_min=old&category=nonsense&sort=x&page=zz")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Some filters could not be used" in body
    for label in ("Decision on the treatment", "Decided on or after", "Age from", "Treatment category", "Sort"):
        assert f"<li>{label}: " in body  # named as the form labels it
    assert set(ids(response)) == {"CM14-0000001", "CM16-0000002", "CM18-0000003"}
    assert client.get(URL + "?q=" + "%22" * 5 + "&page=999").status_code == 200
    assert client.get(URL + "?q=%26%7C%21%28%29%3A*").status_code == 200  # tsquery syntax characters


def _facets(response) -> dict[str, dict]:
    return {g.title: {link.label: link for link in g.links} for g in response.context["facet_groups"]}


def test_facets_count_the_result_set_and_toggle_filters(client, archive_set):
    plain = _facets(client.get(URL))  # no item condition: the facets count letters
    assert plain["Decision on a treatment"]["Upheld"].count == 2  # CM16, and CM14 (partial)
    assert plain["Decision on a treatment"]["Overturned"].count == 2
    assert plain["Guideline the reviewer cited"]["MTUS Chronic Pain Medical Treatment Guidelines"].count == 1

    response = client.get(URL + "?decision=upheld")
    facets = _facets(response)  # an item condition: they count the items meeting it, and say so
    assert "Counting matching treatments" in response.content.decode()
    assert response.context["results"].matching_items == 2
    decision = facets["Decision on the matching treatment"]
    assert decision["Upheld"].count == 2 and decision["Upheld"].selected
    assert decision["Upheld"].url == "?"  # selecting it again removes it
    assert "Overturned" not in decision  # no matching item is overturned
    assert facets["Category of the matching treatment"]["Injections"].url == "?decision=upheld&category=injections"
    assert facets["Year decided"]["2016"].url == "?decision=upheld&decided_after=2016-01-01&decided_before=2016-12-31"
    assert facets["Reviewer specialty"]["Orthopedic Surgery"].count == 1
    guidelines = facets["Guideline cited for the matching treatment"]
    # the Chronic Pain guideline is cited on CM14's overturned Norco item only: not a matching treatment
    assert {label: link.count for label, link in guidelines.items()} == {
        "MTUS ACOEM Chapter 12: Low Back Complaints": 1, "ODG Low Back - Lumbar & Thoracic": 1,
    }


def test_pagination_keeps_every_filter(client):
    for n in range(23):
        archive(letter_record(case_number=f"CM15-{n:07d}", decision_date=f"2015-01-{n + 1:02d}",
                              items=[item("MRI of the knee", "upheld", "imaging")]))
    response = client.get(URL + "?category=imaging&q=knee&sort=newest")
    body = response.content.decode()
    assert "1–20 of 23 decisions" in body
    assert 'href="?category=imaging&amp;q=knee&amp;sort=newest&amp;page=2"' in body
    second = client.get(URL + "?category=imaging&q=knee&sort=newest&page=2")
    assert len(ids(second)) == 3
    assert 'href="/decisions.csv?category=imaging&amp;q=knee&amp;sort=newest"' in second.content.decode()


def test_results_page_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    for n in range(20):
        archive(letter_record(case_number=f"CM16-{n:07d}", items=[
            item("Facet injection", guidelines=[citation("mtus-acoem-ch12"), citation("odg-low-back")]),
            item("Norco", "overturned", "pharmaceuticals", is_opioid=True)]))
    with django_assert_max_num_queries(7):  # + the count of the item search the words offer
        response = client.get(URL + "?q=facet&guideline=mtus-acoem&decision=upheld")
    assert len(ids(response)) == 20


def test_search_module_returns_a_page_counts_and_facets(archive_set):
    results = search(Query(q="lumbar", page=1))
    assert results.count == 2 and results.num_pages == 1
    assert {c.public_id for c in results.cases} == {"CM14-0000001", "CM16-0000002"}
    assert {f.value for f in results.facets["category"]} == {"imaging", "pharmaceuticals", "injections"}
    assert set(results.snippets) == {c.pk for c in results.cases}


def test_broad_searches_estimate_counts_and_facets(client, monkeypatch):
    from determinations import search as engine

    for n in range(12):
        archive(letter_record(case_number=f"CM14-{n:07d}", items=[item("Knee MRI", "upheld", "imaging")]))
    monkeypatch.setattr(engine, "COUNT_CAP", 5)
    results = engine.search(Query(q="knee"))
    assert results.count == 12 and not results.approximate_count  # beyond the cap: counted on its own, exactly
    assert results.approximate_facets  # facets scaled from the COUNT_CAP + 1 matches read
    assert sum(v.count for v in results.facets["category"]) == 12
    assert len(results.cases) == 6 and results.ranked_window == 6  # ranked among the first COUNT_CAP + 1 matches
    page = client.get(URL + "?q=knee").content.decode()
    assert "≈" in page and "of 12 decisions" in page and "about 12" not in page
    monkeypatch.setattr(engine, "exact_count", lambda qs: None)  # counting would take longer than the budget
    results = engine.search(Query(q="knee"))
    assert results.approximate_count and results.count >= 6  # the planner's estimate, labelled
    assert "of about " in client.get(URL + "?q=knee").content.decode()


def test_facets_are_exact_up_to_the_count_cap(client, monkeypatch):
    """Above the old 5,000-match sampling threshold (scaled down here), the counts are exact, not sampled."""
    from determinations import search as engine

    for n in range(30):
        decision = "overturned" if n % 3 == 0 else "upheld"
        guidelines = [citation("odg-knee")] + ([citation("mtus-acoem-ch13")] if n % 2 else [])
        archive(letter_record(
            case_number=f"CM{14 + n % 5}-{n:07d}", decision_date=f"{2014 + n % 5}-03-01",
            reviewer={"specialty": "Orthopedic Surgery" if n % 4 else "Internal Medicine"},
            items=[item("Knee MRI", decision, "imaging", guidelines=guidelines)]
            + ([item("Norco", "upheld", "pharmaceuticals", is_opioid=True,
                                         guidelines=[citation("mtus-chronic-pain")])] if n % 5 == 0 else []),
        ))
    monkeypatch.setattr(engine, "COUNT_CAP", 30)
    results = engine.search(Query(q="knee"))
    assert results.count == 30 and not results.approximate_facets
    facets = {key: {v.value: v.count for v in values} for key, values in results.facets.items()}
    assert facets["category"] == {"imaging": 30, "pharmaceuticals": 6}
    assert facets["guideline"] == {"odg-knee": 30, "mtus-acoem-ch13": 15, "mtus-chronic-pain": 6}
    assert facets["year"] == {str(2014 + y): 6 for y in range(5)}
    assert facets["specialty"] == {"orthopedic-surgery": 22, "internal-medicine": 8}
    assert facets["decision"] == {"upheld": 22, "overturned": 10}  # the 2 partial cases count in both
    assert "≈" not in client.get(URL + "?q=knee").content.decode()


def test_relevance_pages_stop_at_the_ranked_window_and_say_so(client, monkeypatch):
    from determinations import search as engine

    for n in range(12):
        archive(letter_record(case_number=f"CM14-{n:07d}", decision_date=f"2014-01-{n + 1:02d}",
                              items=[item("Knee MRI", "upheld", "imaging")]))
    monkeypatch.setattr(engine, "COUNT_CAP", 5)  # ranks 6 of 12
    first, second = engine.search(Query(q="knee"), per_page=4), engine.search(Query(q="knee", page=2), per_page=4)
    assert (first.num_pages, len(first.cases), len(second.cases)) == (2, 4, 2)
    assert not {c.pk for c in first.cases} & {c.pk for c in second.cases}
    assert len(engine.search(Query(q="knee", page=3), per_page=4).cases) == 2  # past the window: its last page
    response = client.get(URL + "?q=knee&page=9")  # past the window: its last page, with the cap stated
    body = response.content.decode()
    assert len(ids(response)) == 6
    assert "the first 6 matches found of 12" in body and 'href="?q=knee&amp;sort=newest"' in body
    assert len(ids(client.get(URL + "?q=knee&sort=newest"))) == 12  # date sorts list every match
    assert "Ranked by relevance" not in client.get(URL + "?q=knee&sort=newest").content.decode()


@pytest.mark.parametrize("state", ["Texas", "TX", "tx", " TX "])
def test_state_filter_accepts_postal_abbreviations(client, archive_set, state):
    assert set(ids(client.get(URL, {"state": state}, follow=True))) == {"CM14-0000001"}


def test_exact_count_leaves_the_session_settings_alone(archive_set):
    from django.db import connection

    from determinations import search as engine

    settings = ("statement_timeout", "enable_seqscan", "jit")

    def current():
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in settings))
            return cursor.fetchone()

    before = current()
    assert engine.exact_count(engine.filtered(Query(q="lumbar"))) == 2
    assert current() == before


def test_exact_count_gives_up_past_its_budget(archive_set, monkeypatch):
    from django.db import connection

    from determinations import search as engine
    from determinations.models import Case

    monkeypatch.setattr(engine, "COUNT_BUDGET_MS", 20)
    slow = Case.objects.extra(where=["(SELECT true FROM pg_sleep(0.2))"])
    assert engine.exact_count(slow) is None  # cancelled by statement_timeout: the caller estimates
    with connection.cursor() as cursor:  # the transaction is still usable, the settings are back
        cursor.execute("SELECT current_setting('statement_timeout'), count(*) FROM determinations_case")
        assert cursor.fetchone() == ("0", 3)


def test_relevance_pages_from_the_facet_statement_match_the_page_statement():
    from django.db import connection

    from determinations import search as engine

    for n in range(23):
        words = "knee " * (n % 4 + 1)
        archive(letter_record(case_number=f"CM18-{n:07d}", decision_date=f"2018-02-{n + 1:02d}",
                              items=[item("MRI of the knee", "upheld", "imaging", rationale=words)]))
    query = Query(q="knee", page=2)
    with connection.cursor() as cursor:
        cursor.execute(*engine.page_sql(engine.filtered(query), query, 20, 20))
        expected = [row[0] for row in cursor.fetchall()]
    assert [c.pk for c in engine.search(query).cases] == expected and len(expected) == 3
    assert [c.pk for c in engine.search(Query(q="knee", page=999)).cases] == expected  # past the end: last page
