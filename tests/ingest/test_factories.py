import pytest

from tests.factories import archive, citation, item, letter_record


@pytest.mark.django_db
def test_archive_writes_case_items_and_citations():
    case = archive(letter_record(items=[
        item("Norco 10/325 #60", "overturned", "pharmaceuticals", True, guidelines=[citation("mtus-opioids")]),
        item("Lumbar MRI", "upheld"),
    ]))
    assert case.outcome == "partial"
    assert [i.description for i in case.items.all()] == ["Norco 10/325 #60", "Lumbar MRI"]
    assert case.items.first().citations.get().guideline.slug == "mtus-opioids"
    assert case.reviewer.specialty == "Family Practice"
    assert case.documents.get().status == "parsed"
