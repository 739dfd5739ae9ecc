"""An attorney's session in a real browser: search, two filters, a decision, back, reload."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



def listed(page) -> list[str]:
    return page.locator("article.result h3 a").all_inner_texts()


def test_search_filter_open_back_reload(live_server, page, archive_cases, screenshots):
    page.goto(f"{live_server.url}/decisions/")
    page.fill("#id_q", "facet injection")
    page.click(".search-form button[type=submit]")
    assert sorted(listed(page)) == ["CM13-0000003", "CM15-0000002", "CM16-0000001"]

    # Two filters, through the facet links: an upheld item, decided since 2014.
    page.click(".facet a:has-text('Upheld')")
    assert sorted(listed(page)) == ["CM13-0000003", "CM16-0000001"]
    page.select_option("#id_guideline", "mtus-acoem-ch12")
    page.fill("#id_decided_after", "2014-01-01")
    page.click(".search-form button[type=submit]")
    assert listed(page) == ["CM16-0000001"]
    assert "<mark>" in page.inner_html("article.result .snippet")
    results_url = page.url
    assert "decision=upheld" in results_url and "decided_after=2014-01-01" in results_url
    page.screenshot(path=str(screenshots / "results.png"), full_page=True)

    page.click("article.result h3 a")
    assert page.locator("h1").inner_text() == "CM16-0000001"
    assert "DWC IMR" in page.locator("#citation").inner_text()
    page.screenshot(path=str(screenshots / "decision.png"), full_page=True)

    page.go_back()
    assert listed(page) == ["CM16-0000001"]
    page.reload()
    assert listed(page) == ["CM16-0000001"]

    # A colleague opening the pasted URL sees the same results.
    other = page.context.browser.new_page()
    other.goto(results_url)
    assert listed(other) == ["CM16-0000001"]
    other.close()


def test_works_without_javascript(live_server, browser, archive_cases):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/decisions/?q=facet")
    page.click(".facet a:has-text('Overturned')")
    assert listed(page) == ["CM15-0000002"]
    context.close()
