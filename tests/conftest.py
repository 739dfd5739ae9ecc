"""Shared fixtures. Tests run on real PostgreSQL (embedded, or DATABASE_URL)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
LETTERS = FIXTURES / "letters"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded files go to a throwaway folder, never to the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _no_kept_counts():
    """Each test starts as a process that has counted nothing yet (exact counts are kept per archive token)."""
    from determinations import search

    search._COUNTS.clear()


@pytest.fixture
def index_root(tmp_path, monkeypatch) -> Path:
    """Where a test's search index directories are built (its registration goes with the test: see below)."""
    root = tmp_path / "search-index"
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(root))
    return root


def forget_search_indexes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM determinations_searchindexqueue; DELETE FROM determinations_searchindex")


@pytest.fixture(autouse=True)
def _no_search_index_left(request, django_db_blocker):
    """No search index registered by a test outlives it: the next tests' searches would be answered from it (a
    flush leaves the registry, which no model owns). A module that indexes once for all its tests
    (SEARCH_INDEX_PER_MODULE) forgets it when it ends."""
    yield
    if request.node.get_closest_marker("django_db") and not getattr(request.module, "SEARCH_INDEX_PER_MODULE", False):
        with django_db_blocker.unblock():
            forget_search_indexes()


@pytest.fixture(autouse=True)
def _signal_handlers():
    """A worker run inside a test installs its stop handlers; the next test starts with the ones it had."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.fixture
def sample_text_letter() -> str:
    return (LETTERS / "000_b63e04827a4d5f31.txt").read_text()


@pytest.fixture
def real_pdf_paths() -> list[Path]:
    return sorted(LETTERS.glob("CM*.pdf"))


@pytest.fixture(scope="session", autouse=True)
def _collected_static(tmp_path_factory):
    """Pages render with the production static storage (hashed names from its manifest), as `make serve`
    runs them: collect the static files once per session into a throwaway folder, which the servers the
    tests start as child processes (gunicorn, the worker) read too."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    root = tmp_path_factory.mktemp("static")
    previous = os.environ.get("STATIC_ROOT")
    os.environ["STATIC_ROOT"] = str(root)
    try:
        with override_settings(STATIC_ROOT=root):
            call_command("collectstatic", interactive=False, verbosity=0)
            yield
    finally:
        if previous is None:
            os.environ.pop("STATIC_ROOT", None)
        else:
            os.environ["STATIC_ROOT"] = previous
