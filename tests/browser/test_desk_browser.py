"""The attorney's desk in a real browser: save a search, gather two decisions with notes in a folder, share
it read-only, and download its table of authorities as DOCX and PDF, read back for the citation lines."""

from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress

from desk.models import SavedSearch
from determinations.citing import citation_line
from determinations.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "a long passphrase for tests 91"


@pytest.fixture
def attorney(django_user_model):
    user = django_user_model.objects.create_user("attorney", "attorney@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user



def citation_of(number: str) -> str:
    case = Case.objects.prefetch_related("items").get(case_number=number)
    return citation_line(case)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_save_search_folder_share_and_authorities(live_server, page, attorney, archive_cases, screenshots):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "attorney@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/desk/")

    page.goto(f"{live_server.url}/decisions/?q=facet+injection")
    page.fill(".desk-save-search input[name=name]", "Facet injections")
    page.select_option(".desk-save-search select[name=frequency]", "weekly")
    page.click(".desk-save-search button[type=submit]")
    page.wait_for_url("**/desk/")
    assert page.locator(".desk-searches a", has_text="Facet injections").count() == 1
    saved = SavedSearch.objects.get(user=attorney)
    assert (saved.querystring, saved.frequency) == ("q=facet+injection", "weekly")

    # Two decisions into one folder, each with a note: from the results, then from a decision's page.
    page.goto(f"{live_server.url}/decisions/?q=facet+injection")
    row = page.locator("article.result", has=page.locator("h3 a", has_text="CM16-0000001"))
    row.locator(".desk-add summary").click()
    row.locator("input[name=new_folder]").fill("Facet injection brief")
    row.locator("textarea[name=note]").fill("Denied for non-radicular pain")
    row.locator(".desk-add button[type=submit]").click()
    page.wait_for_url("**/desk/folders/*/")
    page.goto(f"{live_server.url}/decisions/CM15-0000002/")
    page.locator(".desk-add summary").click()
    page.select_option(".desk-add select[name=folder]", label="Facet injection brief")
    page.fill(".desk-add textarea[name=note]", "Diagnostic injection approved")
    page.click(".desk-add button[type=submit]")
    page.wait_for_url("**/desk/folders/*/")
    assert page.locator(".desk-entries li").count() == 2
    page.click("button:has-text('Share read-only')")
    share_url = page.locator("a.desk-share-link").get_attribute("href")
    page.screenshot(path=str(screenshots / "desk-folder.png"), full_page=True)

    # The shared link, in a browser that is not signed in: read-only, with the notes.
    shared = page.context.browser.new_context().new_page()
    shared.goto(f"{live_server.url}{share_url}")
    notes = shared.locator(".desk-note").all_inner_texts()
    assert notes == ["Denied for non-radicular pain", "Diagnostic injection approved"]
    assert shared.locator("textarea").count() == 0

    expected = [citation_of("CM15-0000002"), citation_of("CM16-0000001")]  # by case number, as a brief lists
    with shared.expect_download() as download:
        shared.click(".desk-export a:has-text('DOCX') >> nth=0")
    from docx import Document

    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    paragraphs = [p.text for p in document.paragraphs]
    assert [p for p in paragraphs if p in expected] == expected
    assert "Note: Diagnostic injection approved" in paragraphs

    with shared.expect_download() as download:
        shared.click(".desk-export a:has-text('PDF') >> nth=0")
    import pypdfium2

    pdf = pypdfium2.PdfDocument(download.value.path())
    text = flat(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    assert text.index(flat(expected[0])) < text.index(flat(expected[1]))
    assert "Note: Denied for non-radicular pain" in text
    shared.context.close()
