"""Staff of each role, and an archive with something in each of the review queue's three reasons."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User

from determinations.ingest import ingest_files
from tests.privacy.letters import letter_text

ROLES = ("Uploaders", "Reviewers", "Administrators")


def warned(number: str) -> str:
    """A letter without its decision date: parsed, published, and flagged for review."""
    return letter_text(number).replace("Decision Date: 12/09/2016 ", "")


def conflicting(number: str) -> str:
    """Another file for the same case number with a different decision."""
    return letter_text(number).replace("without contrast: Upheld", "without contrast: Overturned")


@pytest.fixture
def staff() -> dict[str, User]:
    """One staff member per role (created by the migration), and one in no group."""
    if Group.objects.filter(name__in=ROLES).count() < len(ROLES):  # a transactional test flushed them
        import_module("determinations.migrations.0016_staff_desk").create_roles(django_apps, None)
    users = {}
    for role in (*ROLES, None):
        name = (role or "nobody").lower().rstrip("s")
        user = User.objects.create_user(name, password="pw", is_staff=True, first_name=name.title())
        if role:
            user.groups.add(Group.objects.get(name=role))
        users[name] = user
    return users


@pytest.fixture
def queued() -> dict[str, str]:
    """Two held letters, one with warnings, one conflict: filename -> status."""
    results = ingest_files([
        ("CM20-0000001.txt", letter_text("CM20-0000001", doubtful=True).encode()),
        ("CM20-0000002.txt", letter_text("CM20-0000002", doubtful=True).replace("Upheld", "Overturned").encode()),
        ("CM20-0000003.txt", warned("CM20-0000003").encode()),
        ("CM20-0000004.txt", letter_text("CM20-0000004").encode()),
        ("CM20-0000004-second.txt", conflicting("CM20-0000004").encode()),
    ])
    return {r.filename: r.status for r in results}
