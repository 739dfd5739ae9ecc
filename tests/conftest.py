"""Shared fixtures. Tests run on real PostgreSQL (embedded, or DATABASE_URL)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
LETTERS = FIXTURES / "letters"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded files go to a throwaway folder, never to the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def sample_text_letter() -> str:
    return (LETTERS / "000_b63e04827a4d5f31.txt").read_text()


@pytest.fixture
def real_pdf_paths() -> list[Path]:
    return sorted(LETTERS.glob("CM*.pdf"))
