"""Playwright (Python) driving Debian's chromium against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.factories import archive, citation, item, letter_record

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if not executable:
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium, or `make browser`)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def live_server(request, _collected_static):
    """pytest-django's live server, serving static files as production does: whitenoise from the collected
    (hashed, compressed) files, not Django's finders, which know no hashed names."""
    from pytest_django.live_server_helper import LiveServer

    addr = (request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
            or "localhost")
    server = LiveServer(addr, start=False)
    server.thread.static_handler = lambda handler: handler
    server.start()
    yield server
    server.stop()


@pytest.fixture
def archive_cases():
    """Three facet injections (two upheld under ACOEM Chapter 12, one overturned under ODG Neck) and a knee MRI:
    the small archive the attorney's search and desk are tried on."""
    archive(letter_record(case_number="CM16-0000001", decision_date="2016-02-01", items=[
        item("Lumbar facet injection", "upheld", "injections",
             rationale="Facet injections are not recommended for non-radicular low back pain.",
             guidelines=[citation("mtus-acoem-ch12")])]))
    archive(letter_record(case_number="CM15-0000002", decision_date="2015-02-01", items=[
        item("Cervical facet injection", "overturned", "injections",
             rationale="A diagnostic facet injection is supported here.", guidelines=[citation("odg-neck")])]))
    archive(letter_record(case_number="CM13-0000003", decision_date="2013-02-01", items=[
        item("Facet injection, thoracic", "upheld", "injections", guidelines=[citation("mtus-acoem-ch12")])]))
    archive(letter_record(case_number="CM17-0000004", decision_date="2017-02-01", items=[
        item("MRI of the knee", "upheld", "imaging", guidelines=[citation("odg-knee")])]))
