"""The attorney's research loop in a real browser: treatment first, the same-item rule, chips, canonical URLs,
case numbers, the phone layout, the decision page's holding line and copy button, and an axe-core
accessibility check of every public page. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import re

import pytest

from determinations.models import Reviewer
from tests.factories import archive, citation, item, letter_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RIGHT = ["CM16-0213099", "CM16-0213037"]  # upheld facet injections under MTUS ACOEM Chapter 12, newest first


@pytest.fixture
def facet_archive():
    """Facet injections decided every way, plus letters that only a careless search would return."""
    ortho = {"specialty": "Orthopedic Surgery", "licensed_states": ["California"]}
    archive(letter_record(case_number="CM16-0213037", decision_date="2016-03-01", reviewer=ortho, items=[
        item("Lumbar facet injection", "upheld", "injections",
             rationale="Facet injections are not recommended for non-radicular low back pain.",
             guidelines=[citation("mtus-acoem-ch12"), citation("odg-low-back", "claims_administrator")])]))
    archive(letter_record(case_number="CM15-0000002", decision_date="2015-02-01", items=[  # overturned
        item("Lumbar facet injection", "overturned", "injections", guidelines=[citation("mtus-acoem-ch12")])]))
    archive(letter_record(case_number="CM14-0000003", decision_date="2014-02-01", items=[  # another guideline
        item("Cervical facet injection", "upheld", "injections", guidelines=[citation("odg-neck")])]))
    archive(letter_record(case_number="CM17-0000004", decision_date="2017-02-01", items=[  # not the same item
        item("Facet injection L5-S1", "overturned", "injections", guidelines=[citation("odg-low-back")]),
        item("MRI of the lumbar spine", "upheld", "imaging", guidelines=[citation("mtus-acoem-ch12")])]))
    archive(letter_record(  # the words only in the summary
        case_number="CM17-0000005", decision_date="2017-05-01",
        sections={"case_summary": "A facet injection in 2013 gave no relief; physical therapy was requested."},
        items=[item("Physical therapy 12 sessions", "upheld", "physical-therapy",
                    rationale="A facet injection failed; therapy beyond guidelines is not supported.",
                    guidelines=[citation("mtus-acoem-ch12")])]))
    archive(letter_record(case_number="CM16-0213099", decision_date="2016-08-01", reviewer=ortho, items=[
        item("Norco 10/325 mg #90", "upheld", "pharmaceuticals", is_opioid=True,
             guidelines=[citation("mtus-chronic-pain")]),
        item("Lumbar facet injection at L4-5 and L5-S1", "upheld", "injections",
             rationale="Facet joint injections are of questionable merit under the guidelines.",
             guidelines=[citation("mtus-acoem-ch12")]),
        item("Physical therapy 8 sessions", "overturned", "physical-therapy", guidelines=[citation("odg-low-back")]),
        item("Urine drug screen", "overturned", "labs", guidelines=[citation("mtus-chronic-pain")]),
        item("TENS unit", "upheld", "dme", guidelines=[citation("mtus-chronic-pain")])]))
    archive(letter_record(case_number="CM13-0000007", decision_date="2013-06-01", items=[
        item("MRI of the left knee", "upheld", "imaging", guidelines=[citation("odg-knee")])]),
        filename="synth_7_000001.txt")  # a generated letter


@pytest.fixture(params=["postgresql", "index"])
def answered_by(request) -> str:
    """The same path with PostgreSQL answering, and with the search index built (as `make run` builds it)."""
    if request.param == "index":
        from determinations import engine

        request.getfixturevalue("facet_archive")
        request.getfixturevalue("index_root")
        engine.rebuild()
    return request.param


def listed(page) -> list[str]:
    return page.locator("article.result h3 a").all_inner_texts()


def test_facet_injection_done_the_natural_way(page, live_server, facet_archive, answered_by, screenshots):
    page.goto(live_server.url + "/decisions/")
    field = page.locator("#id_item")
    assert field.evaluate("e => e.form.querySelector('label[for=id_item]') !== null")  # the form leads with it
    field.press_sequentially("facet inj", delay=30)  # suggestions from the archive's own item names
    page.locator("#treatment-suggestions option").first.wait_for(state="attached")  # no string eval: CSP
    options = page.locator("#treatment-suggestions option").evaluate_all("os => os.map(o => o.value)")
    assert "Lumbar facet injection" in options and all("facet" in o.lower() for o in options)
    field.fill("facet injection")
    page.click(".search-main button[type=submit]")
    # the submitted form (empty filters and all) lands on the short canonical URL
    assert page.url == live_server.url + "/decisions/?item=facet+injection"
    assert page.locator(".search-results").get_attribute("data-answered-by") == answered_by
    assert sorted(listed(page)) == ["CM14-0000003", "CM15-0000002", "CM16-0213037", "CM16-0213099",
                                    "CM17-0000004"]
    assert "Counting matching treatments" in page.locator(".facet-decision").inner_text()

    page.locator(".facet-decision a", has_text="Upheld").click()
    page.locator(".facet-guideline a", has_text="MTUS ACOEM Chapter 12").click()
    assert listed(page) == RIGHT  # exactly the right decisions
    assert page.locator(".search-results").get_attribute("data-answered-by") == answered_by
    assert "decision=upheld" in page.url and "guideline=mtus-acoem-ch12" in page.url

    # the matching item is marked and first; the letter's other items are folded
    second = page.locator("article.result").filter(has_text="CM16-0213099")
    first_item = second.locator("ul.items li").first
    assert "Lumbar facet injection at L4-5" in first_item.inner_text()
    assert first_item.get_attribute("class") == "matched"
    assert first_item.locator(".match-flag").is_visible()
    assert second.locator(".more-items summary").inner_text() == "and 4 other items"
    assert not second.locator(".more-items ul").is_visible()
    page.screenshot(path=str(screenshots / "attorney-results.png"), full_page=True)

    # chips: every condition in force, each removable, and clear all
    chips = page.locator(".chips .chip").all_inner_texts()
    assert [re.sub(r"\s*✕$", "", c) for c in chips] == [
        "Disputed treatment: facet injection", "Decision on the treatment: Upheld",
        "Guideline the reviewer cited: MTUS ACOEM Chapter 12: Low Back Complaints"]
    guideline = "Guideline the reviewer cited: MTUS ACOEM Chapter 12: Low Back Complaints"
    page.get_by_role("link", name=f"Remove {guideline}").click()
    assert sorted(listed(page)) == ["CM14-0000003", "CM16-0213037", "CM16-0213099"]
    assert "guideline" not in page.url
    page.locator(".chips .clear-all").click()
    assert page.url == live_server.url + "/decisions/" and len(listed(page)) == 7

    # back to the right search; the decision page opens at the matching item, the words highlighted
    page.goto(live_server.url + "/decisions/?item=facet+injection&decision=upheld&guideline=mtus-acoem-ch12")
    page.locator("article.result h3 a", has_text="CM16-0213099").click()
    assert page.url.endswith("#item-2")
    matched = page.locator("section.item.matched")
    assert matched.count() == 1 and matched.get_attribute("id") == "item-2"
    assert matched.locator("h3 mark").all_inner_texts() == ["facet", "injection"]
    assert matched.is_visible() and matched.bounding_box()["y"] < 300  # scrolled to it
    page.screenshot(path=str(screenshots / "attorney-decision-from-search.png"))


def test_words_offer_the_treatment_search(page, live_server, facet_archive, answered_by, screenshots):
    page.goto(live_server.url + "/decisions/")
    page.fill("#id_q", "facet injection")
    page.click(".search-main button[type=submit]")
    assert page.url == live_server.url + "/decisions/?q=facet+injection"
    assert page.locator(".search-results").get_attribute("data-answered-by") == answered_by
    assert "CM17-0000005" in listed(page)  # the words anywhere: the summary-only letter too
    offer = page.locator(".item-offer a")
    assert offer.inner_text() == "5 decisions where facet injection is the disputed treatment"
    page.screenshot(path=str(screenshots / "attorney-offer.png"), full_page=True)
    offer.click()
    assert page.url == live_server.url + "/decisions/?item=facet+injection"
    assert "CM17-0000005" not in listed(page) and len(listed(page)) == 5


def test_case_numbers(page, live_server, facet_archive, screenshots):
    page.goto(live_server.url + "/decisions/")
    page.fill("#id_q", "CM16-0213037")
    page.click(".search-main button[type=submit]")
    assert page.url == live_server.url + "/decisions/CM16-0213037/"
    assert page.locator("h1").inner_text() == "CM16-0213037"
    page.goto(live_server.url + "/decisions/?q=0213037")
    assert listed(page) == ["CM16-0213037"]
    page.goto(live_server.url + "/decisions/?q=CM16-02130")
    assert sorted(listed(page)) == ["CM16-0213037", "CM16-0213099"]
    page.screenshot(path=str(screenshots / "attorney-case-number.png"), full_page=True)


def test_phone_layout(browser, live_server, facet_archive, screenshots):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/decisions/?item=facet+injection&decision=upheld")
    first = page.locator("article.result").first
    box = first.bounding_box()
    assert box and box["y"] + min(box["height"], 120) <= 844, box  # the first result is on the first screen
    assert box["width"] <= 390 and page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    assert not page.locator("#refine").evaluate("d => d.open")  # facets and the full form folded away
    assert not page.locator(".all-filters").is_visible() and not page.locator(".facets").is_visible()
    page.screenshot(path=str(screenshots / "attorney-phone-results.png"))
    page.locator("#refine > summary").click()
    assert page.locator(".facets").is_visible()
    page.screenshot(path=str(screenshots / "attorney-phone-filters.png"), full_page=True)
    page.goto(live_server.url + "/decisions/CM16-0213099/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshots / "attorney-phone-decision.png"), full_page=True)
    context.close()


def test_holding_line_copy_button_and_sample_marking(browser, live_server, facet_archive, screenshots):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + "/decisions/CM16-0213037/")
    assert page.locator(".holding").inner_text() == (
        "The expert reviewer upheld the denial of Lumbar facet injection under MTUS ACOEM Chapter 12.")
    body = page.locator("main").inner_text()
    assert body.count("Facet injections are not recommended for non-radicular low back pain.") == 1
    page.get_by_role("button", name="Copy citation").click()
    page.locator(".copy-status", has_text="Citation copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#citation").inner_text() and copied.startswith("CM16-0213037 (DWC IMR Mar. 1, 2016)")
    assert page.locator(".similar-list > li").count() >= 1
    page.screenshot(path=str(screenshots / "attorney-decision.png"), full_page=True)

    page.goto(live_server.url + "/decisions/CM13-0000007/")
    assert "Sample data." in page.locator(".sample-notice").inner_text()
    page.goto(live_server.url + "/decisions/?item=knee")
    assert page.locator("article.result .sample-badge").count() == 1
    context.close()


def test_bad_input_is_explained(page, live_server, facet_archive):
    page.goto(live_server.url + "/decisions/?state=Califrnia&guideline=mtus-acoem-ch21&decided_after=2017-01-01"
              "&decided_before=2016-01-01&specialty=Orthopedic+Surgeon")
    errors = page.locator(".form-errors").inner_text()
    assert "Reviewer licensed in: “Califrnia” is not a US state; did you mean California?" in errors
    assert "Guideline the reviewer cited: “mtus-acoem-ch21” is not a guideline" in errors
    assert "Decided on or before: is before “Decided on or after”" in errors
    assert "did you mean Orthopedic Surgery?" in errors
    response = page.request.get(live_server.url + "/decisions.csv?state=Califrnia")
    assert response.status == 400 and "did you mean California?" in response.text()


def test_every_public_page_passes_axe(page, live_server, facet_archive, screenshots):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    reviewer = Reviewer.objects.order_by("slug").first()
    pages = ["/", "/decisions/", "/decisions/?item=facet+injection&decision=upheld", "/decisions/?q=facet+injection",
             "/decisions/?state=Califrnia", "/decisions/CM16-0213099/?item=facet+injection", "/decisions/CM13-0000007/",
             "/guidelines/", "/guidelines/mtus-acoem-ch12/", "/reviewers/", reviewer.get_absolute_url(), "/stats/",
             "/stats/?item=facet+injection", "/search/help/"]
    problems = {}
    for path in pages:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("a.skip-link").get_attribute("href") == "#content"
        levels = [int(h[1]) for h in page.locator("main h1, main h2, main h3, main h4").evaluate_all(
            "hs => hs.map(h => h.tagName.toLowerCase())")]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)  # no skipped level
        results = axe.run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            problems[path] = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    assert not problems, problems
