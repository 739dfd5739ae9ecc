"""After staff edit items or citations in the admin, every case they touched derives its columns again: the
case an item or citation left, the case it went to, and the case of anything deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from determinations.ingest import refresh_case
from determinations.models import Case, DisputedItem, Guideline, GuidelineCitation
from determinations.search import Query
from tests.factories import archive, citation, item, letter_record
from tests.ingest.helpers import post_change

pytestmark = pytest.mark.django_db

DERIVED = ("outcome", "categories", "reviewer_guidelines", "items_text", "guidelines_text", "rationale_text")


def derived(case: Case) -> dict:
    case = Case.objects.get(pk=case.pk)
    return {f: getattr(case, f) for f in DERIVED}


def assert_fresh(*cases: Case) -> None:
    """Each case's stored columns are what its stored items and citations derive, and the guideline filter on
    the case array alone agrees with the same filter joined to the items."""
    for case in cases:
        stored = derived(case)
        refresh_case(Case.objects.get(pk=case.pk))
        assert derived(case) == stored, case.public_id
    for slug in ("odg-knee", "odg-shoulder", "mtus-chronic-pain"):
        alone = set(Case.objects.with_item(Query(guideline=(slug,))).values_list("pk", flat=True))
        joined = set(Case.objects.with_item(Query(guideline=(slug,), item="the")).values_list("pk", flat=True))
        assert alone >= joined and alone == set(Case.objects.filter(
            items__citations__guideline__slug=slug, items__citations__cited_by="reviewer").values_list("pk", flat=True))


@pytest.fixture
def cases():
    first = archive(letter_record(items=[
        item("MRI of the knee", "upheld", "imaging", guidelines=[citation("odg-knee")]),
        item("Norco 10/325", "overturned", "pharmaceuticals", guidelines=[citation("mtus-chronic-pain")]),
    ]))
    second = archive(letter_record(items=[
        item("Shoulder arthroscopy", "upheld", "surgery", guidelines=[citation("odg-shoulder")]),
    ]))
    return first, second


def test_a_citation_edited_in_the_admin_refreshes_its_case(admin_client, cases):
    first, _ = cases
    cited = GuidelineCitation.objects.get(item__case=first, guideline__slug="odg-knee")
    post_change(admin_client, "guidelinecitation", cited.pk,
                guideline=Guideline.objects.get(slug="odg-shoulder").pk, text="ODG Shoulder")
    assert derived(first)["reviewer_guidelines"] == ["mtus-chronic-pain", "odg-shoulder"]
    assert_fresh(*cases)


def test_an_item_moved_to_another_case_refreshes_both_cases(admin_client, cases):
    first, second = cases
    norco = first.items.get(description="Norco 10/325")
    post_change(admin_client, "disputeditem", norco.pk, case=second.pk, position=2)
    assert derived(first)["outcome"] == "upheld" and derived(first)["categories"] == ["imaging"]
    assert derived(second)["outcome"] == "partial" and derived(second)["categories"] == ["pharmaceuticals", "surgery"]
    assert_fresh(*cases)


def test_a_citation_moved_to_another_item_refreshes_both_cases(admin_client, cases):
    first, second = cases
    cited = GuidelineCitation.objects.get(item__case=first, guideline__slug="odg-knee")
    post_change(admin_client, "guidelinecitation", cited.pk, item=second.items.get().pk)
    assert derived(first)["reviewer_guidelines"] == ["mtus-chronic-pain"]
    assert derived(second)["reviewer_guidelines"] == ["odg-knee", "odg-shoulder"]
    assert_fresh(*cases)


def test_deletes_in_the_admin_refresh_the_cases(admin_client, cases):
    first, second = cases
    norco = first.items.get(description="Norco 10/325")
    response = admin_client.post(reverse("admin:determinations_disputeditem_delete", args=[norco.pk]), {"post": "yes"})
    assert response.status_code == 302 and not DisputedItem.objects.filter(pk=norco.pk).exists()
    assert derived(first)["outcome"] == "upheld" and "Norco" not in derived(first)["items_text"]
    shoulder = GuidelineCitation.objects.get(item__case=second)
    admin_client.post(reverse("admin:determinations_guidelinecitation_changelist"),
                      {"action": "delete_selected", "_selected_action": [shoulder.pk], "post": "yes"})
    assert not GuidelineCitation.objects.filter(pk=shoulder.pk).exists()
    assert derived(second)["reviewer_guidelines"] == []
    knee = GuidelineCitation.objects.get(item__case=first)
    admin_client.post(reverse("admin:determinations_guidelinecitation_delete", args=[knee.pk]), {"post": "yes"})
    assert derived(first)["reviewer_guidelines"] == []
    assert_fresh(*cases)
