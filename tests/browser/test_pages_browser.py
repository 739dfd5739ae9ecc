"""The home, a guideline page and the statistics page in a real browser, with screenshots."""

from __future__ import annotations

import pytest

from tests import stats_fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def fixture_archive():
    return stats_fixture.build()


def test_home_guideline_and_stats_pages(page, live_server, fixture_archive, screenshots):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "California IMR determinations"
    assert "4 decisions" in page.locator(".archive-size").inner_text()
    assert page.locator("#latest-heading ~ article").count() == 4
    page.screenshot(path=str(screenshots / "pages-home.png"), full_page=True)

    # the most cited guideline, from the home page to its page
    page.get_by_role("link", name="About ODG Low Back - Lumbar & Thoracic").click()
    page.wait_for_url("**/guidelines/odg-low-back/")
    figures = page.locator(".figures").inner_text()
    assert "3" in figures and "33.3%" in figures
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    box = charts.first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 50  # drawn, not collapsed
    page.screenshot(path=str(screenshots / "pages-guideline.png"), full_page=True)

    page.goto(live_server.url + "/stats/")
    assert page.locator("svg.chart").count() == 6
    assert page.locator("table.data").count() == 6
    assert "66.7%" in page.locator("#chart-specialty table").inner_text()
    page.screenshot(path=str(screenshots / "pages-stats.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator(".site-search").is_hidden() and page.locator("p.csv").first.is_hidden()
    page.screenshot(path=str(screenshots / "pages-stats-print.png"), full_page=True)
    page.emulate_media(media="screen")

    # a table row is a link into the filtered search
    page.locator("#chart-category table").get_by_role("link", name="Surgery").click()
    page.wait_for_url("**/decisions/?category=surgery")
    assert page.locator("article.result h3 a").all_inner_texts() == ["CM15-0000002"]


def test_stats_of_a_search_in_the_browser(page, live_server, fixture_archive, screenshots):
    page.goto(live_server.url + "/stats/?specialty=orthopedic-surgery")
    assert "Reviewer specialty: Orthopedic Surgery" in page.locator(".scope").inner_text()  # names, not slugs
    assert page.locator(".figures").inner_text().count("66.7%") == 1
    page.screenshot(path=str(screenshots / "pages-stats-search.png"), full_page=True)


def test_stylesheet_and_icon_load_under_the_content_security_policy(page, live_server):
    """DEBUG is off in tests as in production: the hashed stylesheet loads, nothing is blocked by the CSP."""
    failed, violations = [], []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(live_server.url + "/")
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href)")
    assert any(href and "/static/css/archive." in href for href in sheets)
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 0
    assert not failed and not violations
