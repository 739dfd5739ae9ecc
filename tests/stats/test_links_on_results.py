import pytest

from tests.factories import archive, letter_record


@pytest.mark.django_db
def test_results_page_links_to_its_statistics_and_feed(client):
    archive(letter_record())
    body = client.get("/decisions/?decision=upheld&category=imaging").content.decode()
    assert 'href="/stats/?decision=upheld&amp;category=imaging"' in body
    assert 'href="/decisions/feed/?decision=upheld&amp;category=imaging"' in body
    assert ('<link rel="alternate" type="application/atom+xml" title="New decisions matching this search" '
            'href="/decisions/feed/?decision=upheld&amp;category=imaging">') in body  # in the head
    for path in ("/guidelines/", "/reviewers/", "/stats/"):
        assert f'href="{path}"' in body
