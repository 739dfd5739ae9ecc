"""The data model's rules, the guideline registry, and the settings' two database modes."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from determinations.derive import outcome_from_decisions
from determinations.models import Case, DisputedItem, Guideline, Outcome, SourceDocument
from determinations.parsing.registry import GUIDELINES

ROOT = Path(__file__).resolve().parents[2]


def make_document(sha: str = "a" * 64) -> SourceDocument:
    return SourceDocument.objects.create(sha256=sha, filename="x.txt", media_type="text/plain", size=1)


@pytest.mark.django_db
def test_duplicate_case_number_is_refused():
    Case.objects.create(public_id="CM16-0213037", case_number="CM16-0213037")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(public_id="other", case_number="CM16-0213037")


@pytest.mark.django_db
def test_cases_without_case_number_coexist():
    Case.objects.create(public_id="imr-1")
    Case.objects.create(public_id="imr-2")
    assert Case.objects.filter(case_number__isnull=True).count() == 2


@pytest.mark.django_db
def test_duplicate_public_id_is_refused():
    Case.objects.create(public_id="imr-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(public_id="imr-1")


@pytest.mark.django_db
def test_duplicate_hash_is_refused():
    make_document()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document()


@pytest.mark.django_db
def test_duplicate_item_position_is_refused():
    case = Case.objects.create(public_id="imr-1")
    DisputedItem.objects.create(case=case, position=1, description="MRI", decision="upheld")
    with pytest.raises(IntegrityError), transaction.atomic():
        DisputedItem.objects.create(case=case, position=1, description="CT", decision="upheld")


@pytest.mark.parametrize(
    ("decisions", "outcome"),
    [
        (["upheld"], Outcome.UPHELD),
        (["upheld", "upheld"], Outcome.UPHELD),
        (["overturned"], Outcome.OVERTURNED),
        (["overturned", "overturned"], Outcome.OVERTURNED),
        (["upheld", "overturned"], Outcome.PARTIAL),
        (["overturned", "upheld", "upheld"], Outcome.PARTIAL),
        ([], None),
    ],
)
def test_outcome_is_derived_from_items(decisions, outcome):
    assert outcome_from_decisions(decisions) == outcome


@pytest.mark.django_db
def test_case_outcome_is_refreshed_from_its_items():
    case = Case.objects.create(public_id="imr-1")
    DisputedItem.objects.create(case=case, position=1, description="MRI", decision="upheld")
    DisputedItem.objects.create(case=case, position=2, description="PT", decision="overturned")
    from determinations.ingest import refresh_case

    refresh_case(case)
    assert case.outcome == "partial"


@pytest.mark.django_db
def test_guideline_registry_is_loaded_by_migration():
    slugs = set(Guideline.objects.values_list("slug", flat=True))
    assert slugs == {g.slug for g in GUIDELINES}
    for slug in ("mtus-acoem-ch12", "mtus-acoem-ch8", "mtus-opioids", "mtus-chronic-pain", "mtus-postsurgical",
                 "mtus-acupuncture", "odg", "odg-low-back", "odg-hernia", "acoem", "other",
                 "mtus-acoem-low-back-disorders"):
        assert slug in slugs
    chapter12 = Guideline.objects.get(slug="mtus-acoem-ch12")
    assert (chapter12.family, chapter12.chapter) == ("mtus-acoem", 12)
    assert "Low Back" in chapter12.title


@pytest.mark.django_db
def test_search_vector_is_kept_current_by_the_database():
    case = Case.objects.create(public_id="imr-1", items_text="Thoracic facet injection")
    assert Case.objects.filter(search_vector="facet").exists()
    Case.objects.filter(pk=case.pk).update(items_text="Lumbar MRI")
    assert not Case.objects.filter(search_vector="facet").exists()
    assert Case.objects.filter(search_vector="mri").exists()


def _settings_in_subprocess(env: dict[str, str]) -> str:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='imr_archive.settings';"
        "from django.conf import settings; d=settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d.get('HOST'), d.get('PORT'), settings.DEBUG)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_settings_use_database_url_and_start_nothing(tmp_path):
    env = {**os.environ, "DATABASE_URL": "postgres://archive:pw@db.example:6543/imr", "DEBUG": "false",
           "IMR_VAR_DIR": str(tmp_path / "var")}
    out = _settings_in_subprocess(env)
    assert out == "django.db.backends.postgresql imr db.example 6543 False"
    assert not (tmp_path / "var" / "pgdata").exists()


def test_settings_start_embedded_postgres_without_database_url():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.pop("IMR_VAR_DIR", None)
    out = _settings_in_subprocess(env)
    engine, name, host, *_ = out.split()
    assert engine == "imr_archive.embedded_postgres"
    assert host == str(ROOT / "var" / "pgdata")


def test_deploy_check_passes_behind_tls_and_flags_plain_http():
    """The one switch IMR_HTTPS=true (with a real key and DEBUG off, the default) satisfies check --deploy."""
    unset = ("DEBUG", "IMR_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the last one: set for the browser tests
    base = {k: v for k, v in os.environ.items() if k not in unset}
    env = {**base, "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "imr.example.org"}
    behind_tls = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                                cwd=ROOT, env={**env, "IMR_HTTPS": "true"}, capture_output=True, text=True,
                                timeout=120)
    assert behind_tls.returncode == 0, behind_tls.stderr
    assert "System check identified no issues" in behind_tls.stdout
    plain = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert "security.W008" in plain.stderr and "security.W004" in plain.stderr  # no SSL redirect, no HSTS
    assert "security.W018" not in plain.stderr  # DEBUG is off unless asked for


@pytest.mark.django_db
def test_home_and_admin_answer(client, admin_client):
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 302
    assert admin_client.get("/admin/").status_code == 200
    for model in ("case", "sourcedocument", "reviewer", "guideline", "disputeditem", "guidelinecitation"):
        assert admin_client.get(f"/admin/determinations/{model}/").status_code == 200, model
