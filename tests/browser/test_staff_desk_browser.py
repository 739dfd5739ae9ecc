"""The staff desk in a real browser: an uploader sends a zip of 500 letters and watches it finish; a
reviewer publishes one held letter and rejects another from the queue (by keyboard); the audit trail shows
both with the reviewer's name; the uploader cannot publish."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from determinations.models import Case, SourceDocument
from tests.ingest.test_ingest_command import ROOT, database_env
from tests.staff.conftest import staff  # noqa: F401 - the fixture
from tests.staff.letters import upload_zip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser, live_server, username: str):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def test_upload_500_watch_progress_review_and_audit(live_server, browser, staff, screenshots, settings):  # noqa: F811
    data, expected = upload_zip(500, held=12, duplicates=10, broken=8, warnings=5)
    uploader = log_in(browser, live_server, "uploader")
    uploader.goto(f"{live_server.url}/admin/determinations/sourcedocument/upload/")
    uploader.set_input_files("#id_files", files=[{"name": "month.zip", "mimeType": "application/zip",
                                                   "buffer": data}])
    uploader.click("input[type=submit]")
    uploader.wait_for_url("**/batches/*/")
    assert "of 500 letter(s) read" in uploader.inner_text("#progress-summary")

    # the real worker, in its own process, as `make run` starts it; the page polls while it works
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--batch", "--no-reload",
                               "--no-startup-delay", "--queue-name", "*"], cwd=ROOT, env=database_env(settings),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = set()
    while worker.poll() is None:
        seen.add(uploader.inner_text("#progress-state"))
        time.sleep(0.5)
    assert worker.returncode == 0, worker.stderr.read()
    uploader.wait_for_selector("#progress-summary:has-text('finished')", timeout=30_000)
    midway = [t for t in seen if "finished" not in t and "left" in t and not t.startswith("0 of")]
    assert midway, seen  # it was watched on its way, with an estimate of the time left
    assert uploader.inner_text("#progress-summary") == "500 of 500 letter(s) read: finished"
    shown = {row.get_attribute("data-status"): int(row.locator("td").inner_text())
             for row in uploader.locator("#progress-counts tr").all()}
    assert shown == {"pending": 0, "parsed": expected["parsed"], "held": 12, "duplicate": 10, "rejected": 0,
                     "failed": 8, "needs_review": 5}
    uploader.screenshot(path=str(screenshots / "staff-progress.png"), full_page=True)

    # the uploader cannot publish: no queue, no publishing action, a refusal if tried directly
    assert uploader.goto(f"{live_server.url}/admin/determinations/sourcedocument/queue/").status == 403
    uploader.goto(f"{live_server.url}/admin/determinations/sourcedocument/?status__exact=held")
    assert uploader.locator("select[name=action] option[value=publish]").count() == 0

    reviewer = log_in(browser, live_server, "reviewer")
    reviewer.click("#staff-desk a:has-text('Review queue')")
    assert "Held by the privacy scan (12)" in reviewer.inner_text(".queue-tabs")
    first, second = reviewer.locator(".queue-entry").nth(0), reviewer.locator(".queue-entry").nth(1)
    to_publish, to_reject = first.get_attribute("data-id"), second.get_attribute("data-id")
    first.locator("details summary").click()  # the letter as the public would see it, beside the original
    assert first.locator("iframe").is_visible() and "[name]" in first.locator("pre").inner_text()
    first.locator("input[name=ids]").check()
    reviewer.fill("input[name=note]", "the clinic's name, not the worker's")
    reviewer.click("button[value=publish]")
    assert "1 held letter(s) published." in reviewer.inner_text(".messagelist")
    reviewer.locator("body").click(position={"x": 5, "y": 5})
    reviewer.keyboard.press("j")  # focus the first entry, now the one that was second
    assert reviewer.locator(".queue-entry.focus").get_attribute("data-id") == to_reject
    reviewer.keyboard.press("r")  # reject it
    reviewer.wait_for_selector(".messagelist")
    assert "1 held letter(s) rejected" in reviewer.inner_text(".messagelist")
    assert "Held by the privacy scan (10)" in reviewer.inner_text(".queue-tabs")

    published = SourceDocument.objects.get(pk=to_publish)
    assert published.status == "parsed" and Case.objects.filter(pk=published.case_id).exists()
    assert SourceDocument.objects.get(pk=to_reject).status == "rejected"

    reviewer.goto(f"{live_server.url}/admin/determinations/sourcedocument/audit/")
    rows = reviewer.locator("#audit-trail tbody tr")
    actions = sorted((r.locator(".audit-who").inner_text(), r.locator(".audit-action").inner_text())
                     for r in rows.all())
    assert actions == [("reviewer", "publish"), ("reviewer", "publish"), ("reviewer", "reject")]
    assert "the clinic's name, not the worker's" in reviewer.inner_text("#audit-trail")
    reviewer.screenshot(path=str(screenshots / "staff-audit.png"), full_page=True)
    uploader.context.close()
    reviewer.context.close()
