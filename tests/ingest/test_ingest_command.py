"""`manage.py ingest`: folders, zips, a summary, an exit code, and a re-run that finishes a killed run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from determinations.ingest import prepare
from determinations.models import Case, SourceDocument
from tests.conftest import LETTERS
from tests.ingest.test_ingest import zip_bytes

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    call_command("make_letters", 300, out=str(out), seed=11, stdout=open(os.devnull, "w"))
    return out


def letter_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".pdf"})


@pytest.mark.django_db
def test_ingest_reads_folders_and_zips_and_summarises(tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "deep").mkdir(parents=True)
    (folder / "deep" / "CM16-0213037.pdf").write_bytes((LETTERS / "CM16-0213037.pdf").read_bytes())
    (folder / "batch.zip").write_bytes(zip_bytes({"CM17-0000846.pdf": (LETTERS / "CM17-0000846.pdf").read_bytes()}))
    (folder / "invoice.txt").write_text("Invoice 22\nTotal: $3")
    call_command("ingest", str(folder), no_progress=True, workers=2)
    out = capsys.readouterr().out
    assert "3 file(s)" in out and "2 ingested, 0 duplicate(s), 1 rejected (not IMR letters), 0 failed." in out
    assert Case.objects.count() == 2
    call_command("ingest", str(folder), no_progress=True, workers=2)
    assert "0 ingested, 3 duplicate(s)" in capsys.readouterr().out
    assert SourceDocument.objects.count() == 3


@pytest.mark.django_db
def test_ingest_exits_non_zero_and_names_each_failure(tmp_path, capsys):
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "renamed.pdf").write_text("not a pdf")
    (tmp_path / "CM16-0213037.pdf").write_bytes((LETTERS / "CM16-0213037.pdf").read_bytes())
    with pytest.raises(CommandError) as failure:
        call_command("ingest", str(tmp_path), str(tmp_path / "missing"), no_progress=True, workers=1)
    assert failure.value.returncode == 1
    out = capsys.readouterr().out
    assert "1 ingested" in out and "3 failed" in out
    assert "empty.pdf: The file is empty" in out and "renamed.pdf: The file is named .pdf but is not a PDF" in out
    assert "missing: No such file or folder." in out


def database_env(settings) -> dict[str, str]:
    """Point a child process at the test database this test is using."""
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    if db["HOST"].startswith("/"):
        url = f"postgresql://{auth}@/{db['NAME']}?host={db['HOST']}"
    else:
        url = f"postgresql://{auth}@{db['HOST']}:{db.get('PORT') or 5432}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}


@pytest.mark.django_db(transaction=True)
def test_killed_ingest_is_finished_by_a_rerun_with_exact_counts(generated, settings):
    files = letter_files(generated)
    expected_cases = 0
    for path in files:
        prepared = prepare(path.read_bytes(), path.name, store=False)
        expected_cases += bool(prepared.record and prepared.record.get("is_imr_letter") and not prepared.error)
    command = [sys.executable, "manage.py", "ingest", str(generated), "--batch-size", "20", "--workers", "2",
               "--no-progress"]
    env = database_env(settings)
    run = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while SourceDocument.objects.count() < 60 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if run.poll() is None:
        os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    partial = SourceDocument.objects.count()
    assert 0 < partial < len(files), "the run should have been killed midway"

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode in (0, 1), rerun.stderr
    assert SourceDocument.objects.count() == len(files)
    assert not SourceDocument.objects.filter(status="pending").exists()
    assert Case.objects.count() == expected_cases
    assert SourceDocument.objects.filter(status="parsed", case__isnull=False).count() == expected_cases
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    failed = SourceDocument.objects.filter(status="failed").count()  # e.g. the generator's empty files
    assert f"0 ingested, {len(files) - failed} duplicate(s)" in again.stdout
    assert Case.objects.count() == expected_cases


@pytest.mark.django_db
def test_reparse_all_rewrites_every_case_in_place(tmp_path, capsys):
    for name in ("CM16-0213037.pdf", "CM17-0000846.pdf"):
        (tmp_path / name).write_bytes((LETTERS / name).read_bytes())
    call_command("ingest", str(tmp_path), no_progress=True, workers=1)
    ids = dict(Case.objects.values_list("public_id", "pk"))
    from determinations.models import DisputedItem

    DisputedItem.objects.update(description="written by an old parser")
    call_command("reparse", all=True, no_progress=True, workers=2)
    out = capsys.readouterr().out
    assert "2 parsed" in out
    assert "0 cases whose guidelines changed" in out  # descriptions changed, citations did not
    assert dict(Case.objects.values_list("public_id", "pk")) == ids
    assert not DisputedItem.objects.filter(description="written by an old parser").exists()
    assert SourceDocument.objects.count() == 2


@pytest.mark.django_db
def test_reparse_all_counts_the_cases_whose_guidelines_changed(tmp_path, capsys):
    for name in ("CM16-0213037.pdf", "CM17-0000846.pdf", "CM17-0004039.pdf"):
        (tmp_path / name).write_bytes((LETTERS / name).read_bytes())
    call_command("ingest", str(tmp_path), no_progress=True, workers=1)
    from determinations.models import Guideline, GuidelineCitation

    # as an older parser would have read them: one case's topic, another's guideline
    first = GuidelineCitation.objects.filter(item__case__public_id="CM16-0213037").first()
    GuidelineCitation.objects.filter(pk=first.pk).update(topic="( ), Chapter 9, , Non-")
    GuidelineCitation.objects.filter(item__case__public_id="CM17-0000846", guideline__slug="odg-low-back").update(
        guideline=Guideline.objects.get(slug="acoem")
    )
    capsys.readouterr()
    call_command("reparse", all=True, no_progress=True, workers=1)
    assert "2 cases whose guidelines changed" in capsys.readouterr().out
    assert not GuidelineCitation.objects.filter(topic__contains="Non-").exists()
