"""bench/bulk_load.py (COPY, triggers off, indexes after, summaries recounted) stores exactly the rows the
writer (`write_prepared`, which bench_search.py builds with) stores for the same generated letters."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from determinations.ingest import write_prepared
from determinations.models import Case, Reviewer, SourceDocument
from determinations.search import archive_token

pytestmark = pytest.mark.django_db

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import bench_search  # noqa: E402
import bulk_load  # noqa: E402

LETTERS = 40
SUMMARIES = ("itemstat", "guidelinestat", "guidelinecasestat", "monthstat", "guidelinetermitemstat",
             "guidelinetermpairstat", "guidelinetermmonthstat")
# Every row of the archive by what identifies it (never its id, nor when it was written).
TABLES = {
    "documents": """SELECT to_jsonb(d) - 'id' - 'case_id' - 'uploaded_at' - 'processed_at'
                           || jsonb_build_object('case', c.public_id)
                    FROM determinations_sourcedocument d LEFT JOIN determinations_case c ON c.id = d.case_id""",
    "reviewers": "SELECT to_jsonb(r) - 'id' FROM determinations_reviewer r",
    "cases": """SELECT to_jsonb(c) - 'id' - 'reviewer_id' - 'source_document_id' - 'created_at' - 'updated_at'
                       || jsonb_build_object('reviewer', r.slug, 'document', d.sha256)
                FROM determinations_case c LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
                LEFT JOIN determinations_sourcedocument d ON d.id = c.source_document_id""",
    "items": """SELECT to_jsonb(i) - 'id' - 'case_id' || jsonb_build_object('case', c.public_id)
                FROM determinations_disputeditem i JOIN determinations_case c ON c.id = i.case_id""",
    "citations": """SELECT to_jsonb(x) - 'id' - 'item_id' || jsonb_build_object('case', c.public_id, 'item', i.position)
                    FROM determinations_guidelinecitation x JOIN determinations_disputeditem i ON i.id = x.item_id
                    JOIN determinations_case c ON c.id = i.case_id""",
    **{name: f"SELECT to_jsonb(s) - 'id' FROM determinations_{name} s" for name in SUMMARIES},
    "indexes": """SELECT to_jsonb(i) FROM pg_indexes i WHERE schemaname = current_schema()
                  AND tablename LIKE 'determinations_%'""",
}


def snapshot() -> dict[str, Counter]:
    rows = {}
    with connection.cursor() as cursor:
        for name, sql in TABLES.items():
            cursor.execute(sql)
            rows[name] = Counter(str(row[0]) for row in cursor.fetchall())
    return rows


def test_bulk_load_stores_what_the_writer_stores(capsys):
    bench_search.build(LETTERS, batch=15)  # the writer, in batches, its triggers keeping the summaries
    written = snapshot()
    assert sum(written["cases"].values()) == LETTERS and sum(written["itemstat"].values()) > 0
    Case.objects.all().delete()
    SourceDocument.objects.all().delete()
    Reviewer.objects.all().delete()

    token = archive_token()
    bulk_load.build(25, workers=0)
    bulk_load.build(LETTERS - 25, workers=0, start=25)  # grown in two steps: the same letters as at once
    assert archive_token() != token  # what web processes keep for the archive before the load is counted again
    loaded = snapshot()
    for name in TABLES:
        assert loaded[name] == written[name], name

    # the id sequences are past the loaded ids, and the triggers are on again: the writer adds to the archive
    record, text = bench_search.make_record(__import__("random").Random(1), 9_999_999)
    from determinations.ingest import Prepared

    write_prepared([Prepared(sha256="f" * 64, filename="one-more.txt", size=len(text), media_type="text/plain",
                             text=text, record=record, public_id=record["case_number"])])
    assert Case.objects.count() == LETTERS + 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(cases) FROM determinations_monthstat")
        assert cursor.fetchone()[0] == LETTERS + 1


def test_bulk_load_refuses_an_archive_that_is_not_empty():
    bench_search.build(1)
    with pytest.raises(SystemExit, match="empty archive"):
        bulk_load.build(1, workers=0)
