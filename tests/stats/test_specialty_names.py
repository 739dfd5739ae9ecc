"""The specialties' names are read one row a specialty, not one a reviewer profile (every statistics page)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from determinations.models import Reviewer

pytestmark = pytest.mark.django_db


def test_specialty_names_reads_one_row_a_specialty() -> None:
    Reviewer.objects.bulk_create([
        Reviewer(slug=f"orthopedic-surgery-{n}", specialty="Orthopedic Surgery", specialty_slug="orthopedic-surgery",
                 subspecialty=f"Sub {n}", licensed_states=["CA"]) for n in range(5)
    ] + [Reviewer(slug="internal-medicine", specialty="Internal Medicine", specialty_slug="internal-medicine")])
    with CaptureQueriesContext(connection) as queries:
        names = Reviewer.objects.specialty_names()
    assert names == {"orthopedic-surgery": "Orthopedic Surgery", "internal-medicine": "Internal Medicine"}
    with connection.cursor() as cursor:  # the statement itself returns one row a specialty
        cursor.execute(queries.captured_queries[0]["sql"])
        assert len(cursor.fetchall()) == 2
