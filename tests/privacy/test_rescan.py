"""`rescan_privacy` re-masks the archive with the current rules, holds what is now doubtful, reports, resumes."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command

from determinations import stats
from determinations.ingest import Prepared, write_prepared
from determinations.models import Case, SourceDocument
from determinations.parsing import parse_text
from tests.privacy.letters import letter_text

pytestmark = pytest.mark.django_db


def written_by_old_rules(case_number: str, *, doubtful: bool) -> None:
    """A letter archived before the current rules: its texts stored unmasked (as the old regexes missed them)."""
    text = letter_text(case_number, doubtful=doubtful)
    data = text.encode()
    write_prepared([Prepared(
        sha256=hashlib.sha256(data).hexdigest(), filename=f"{case_number}.txt", size=len(data), media_type="text/plain",
        data=data, text=text, record=parse_text(text).to_json(), public_id=case_number, public_text=text,
    )])
    SourceDocument.objects.filter(filename=f"{case_number}.txt").update(privacy_version="old-rules")


def rescan(*args: str) -> str:
    out = io.StringIO()
    call_command("rescan_privacy", *args, "--workers", "1", "--no-progress", stdout=out)
    return out.getvalue()


def test_rescan_masks_holds_reports_and_resumes(client):
    written_by_old_rules("CM19-0000011", doubtful=False)
    written_by_old_rules("CM19-0000012", doubtful=True)
    assert "(916) 555-0143" in Case.objects.get(public_id="CM19-0000011").full_text  # what the old rules left
    assert stats.totals().decisions == 2

    report = rescan()
    assert "2 letter(s) scanned" in report
    assert "masks changed: 1" in report and "now held for review: 1" in report and "held: CM19-0000012.txt" in report

    masked = Case.objects.get(public_id="CM19-0000011")
    assert "(916) 555-0143" not in masked.full_text and "[phone]" in masked.sections["case_summary"]
    assert client.get("/decisions/CM19-0000012/").status_code == 404
    assert not Case.objects.filter(public_id="CM19-0000012").exists()
    assert SourceDocument.objects.get(filename="CM19-0000012.txt").status == "held"
    assert stats.totals().decisions == 1  # the summary tables follow the withdrawn case

    assert "0 letter(s) scanned" in rescan()  # resumable: what the current rules have seen is not read again
    again = rescan("--all")
    assert "2 letter(s) scanned" in again and "unchanged: 2" in again
