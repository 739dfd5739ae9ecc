"""A bench archive of N generated letters in minutes: the writer's rows, loaded with COPY.

    .venv/bin/python bench/bulk_load.py --letters 1000000 [--workers 2] [--rebuild] [--grow imr_bench_200000]
    .venv/bin/python bench/bench_search.py --letters 1000000 --bulk     (the same build, then the timings)

The letters are bench_search.py's (`make_record`, the same seed, so the same letters as its writer-built
archive). Each row is made by the writer's own code (`plan`, `_Batch.apply`, `_items_for`: masking, derived
columns, facet and guideline arrays) in worker processes; only the saving differs. Instead of `write_prepared`'s
INSERTs, with their statistics triggers run per batch and every index kept current, the rows are streamed with
COPY into an empty archive, in one transaction, with every trigger off (`session_replication_role = replica`)
and the secondary indexes dropped; then the indexes are built once, the summary tables recounted by the
project's own recount (the newest migrations/sql/*_rebuild.sql) and the id sequences moved past the ids used.
tests/ops/test_bulk_load.py checks the result equals the writer's, table by table.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import multiprocessing
import os
import random
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")

CHUNK = 2000  # letters per task sent to a worker, and per group of COPY statements
TABLES = ("determinations_sourcedocument", "determinations_case", "determinations_disputeditem",
          "determinations_guidelinecitation")
SQL = ROOT / "determinations" / "migrations" / "sql"
# migrations/sql/NNNN_<name>.sql, newest
RECOUNTS = ("outcome_summaries_rebuild", "guideline_terms_rebuild", "guideline_cited_rebuild", "reviewer_cases_rebuild",
            "reviewer_items_rebuild")


def columns(model, *parents: str) -> list:
    """The columns COPY fills: the writer's fields (`_written_fields`), the key and parents, the timestamps."""
    from determinations.ingest.write import _written_fields

    written = _written_fields(model, *parents)
    stamps = [f for f in model._meta.concrete_fields
              if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    parent_fields = [model._meta.get_field(p) for p in parents]
    return [model._meta.pk, *parent_fields, *[f for f in written if f not in parent_fields], *stamps]


def layout() -> dict[str, list]:
    from determinations.models import Case, DisputedItem, GuidelineCitation, SourceDocument

    return {
        "determinations_sourcedocument": columns(SourceDocument),
        "determinations_case": columns(Case),
        "determinations_disputeditem": columns(DisputedItem, "case"),
        "determinations_guidelinecitation": columns(GuidelineCitation, "item"),
    }


def generate(letters: int, seed: int, start: int = 0):
    """A Prepared for each letter, exactly as bench_search.build makes them (the same rng stream); from letter
    `start` of the stream on (the ones before are made and dropped: an archive grown in steps holds the same
    letters as one built at once)."""
    from bench_search import make_record

    from determinations.ingest import Prepared

    rng = random.Random(seed)
    for n in range(start):
        make_record(rng, n)
    for n in range(start, start + letters):
        record, text = make_record(rng, n)
        digest = hashlib.sha256(f"bench-{n}-{text}".encode()).hexdigest()
        yield Prepared(sha256=digest, filename=f"bench-{n}.txt", size=len(text), media_type="text/plain",
                       data=None, text=text, record=record, public_id=record["case_number"])


def _value(field, obj):
    value = getattr(obj, field.attname)
    if field.get_internal_type() == "JSONField" and value is not None:
        return json.dumps(value)  # COPY's text format: the server parses it as jsonb
    return field.get_prep_value(value)


def memoize_masking() -> None:
    """Mask each distinct text once: the privacy scan is a pure function of its text, and generated letters
    repeat descriptions, citations and sentences (a quarter of the load's CPU). The rows are unchanged."""
    prepare = sys.modules["determinations.ingest.prepare"]
    if not hasattr(prepare.scan, "cache_info"):
        prepare.scan = functools.lru_cache(maxsize=100_000)(prepare.scan)
        prepare.mask = functools.lru_cache(maxsize=100_000)(prepare.mask)


def rows_for(task: tuple) -> dict[str, list[tuple]]:
    """The rows of a chunk of letters, made by the writer's code; ids from the first ones given, the guideline arrays
    asked of the database by the parent (a worker reads no database)."""
    from determinations.ingest.prepare import mask_prepared
    from determinations.ingest.write import RULES_VERSION, _Batch, _document_for, _items_for, plan

    batch_prepared, arrays, reviewers, guideline_ids, first, now = task
    doc_id, case_id, item_id, citation_id = first
    table = layout()
    out: dict[str, list[tuple]] = {name: [] for name in TABLES}
    writes = _Batch(reviewers, {})
    for prepared, guideline_arrays in zip(batch_prepared, arrays, strict=True):
        document = _document_for(prepared)
        document.pk, document.attempts, document.processed_at, document.text = doc_id, 1, now, prepared.text
        document.uploaded_at = now
        doc_id += 1
        mask_prepared(prepared)
        step = plan(prepared, document, None, writes.cases.get(prepared.public_id), writes.rewritten)
        status, error, _ = writes.apply(step, prepared, document, None)
        document.status, document.error, document.privacy_version = status, error, RULES_VERSION
        case = document.case
        if case is not None:
            case.pk, case.created_at, case.updated_at = case_id, now, now
            case.reviewer_guidelines = guideline_arrays.case
            document.case_id = case_id
            out["determinations_case"].append(tuple(_value(f, case) for f in table["determinations_case"]))
            for item, citations in _items_for(case, prepared, guideline_ids, guideline_arrays):
                item.pk, item.case_id = item_id, case_id
                out["determinations_disputeditem"].append(
                    tuple(_value(f, item) for f in table["determinations_disputeditem"]))
                for citation in citations:
                    citation.pk, citation.item_id = citation_id, item_id
                    out["determinations_guidelinecitation"].append(
                        tuple(_value(f, citation) for f in table["determinations_guidelinecitation"]))
                    citation_id += 1
                item_id += 1
        case_id += 1  # a held letter leaves a gap, as an id the writer never used
        out["determinations_sourcedocument"].append(
            tuple(_value(f, document) for f in table["determinations_sourcedocument"]))
    return out


def _secondary_indexes(cursor) -> list[tuple[str, str]]:
    """(name, definition) of the loaded tables' indexes that back no constraint: dropped, then rebuilt."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)""",
        [list(TABLES)])
    return cursor.fetchall()


def build(letters: int, seed: int = 6, workers: int = 2, start: int = 0, log=print) -> dict[str, float]:
    """Load `letters` generated letters into the archive of Django's default database, which holds the first
    `start` letters of the same stream (none: empty); returns the seconds each phase took."""
    from django.db import connection, transaction
    from django.utils import timezone

    from determinations.ingest.write import _resolve_reviewers, guideline_arrays, guideline_ids
    from determinations.models import Case, SourceDocument

    if Case.objects.count() != start or SourceDocument.objects.count() != start:
        raise SystemExit(f"bulk_load adds to an empty archive, or to one of the first {start:,} letters it made:"
                         " use --rebuild, or the writer (bench_search.py).")
    phases: dict[str, float] = {}
    started = time.perf_counter()
    now = timezone.now()
    table = layout()
    names = {name: ", ".join(f'"{f.column}"' for f in fields) for name, fields in table.items()}
    memoize_masking()
    pool = multiprocessing.get_context("fork").Pool(workers) if workers > 0 else None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # a caller's pending checks first: then no index is busy
        cursor.execute("SET LOCAL session_replication_role = replica")  # no trigger fires, no FK check
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        indexes = _secondary_indexes(cursor)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        ids = guideline_ids()
        first = {}
        for name in TABLES:
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {name}")
            first[name] = cursor.fetchone()[0]
        next_ids = [first[name] for name in TABLES]
        raw = cursor.cursor  # psycopg's own cursor, for COPY

        def write(result: dict[str, list[tuple]]) -> None:
            for name in TABLES:
                with raw.copy(f"COPY {name} ({names[name]}) FROM STDIN") as copy:
                    for row in result[name]:
                        copy.write_row(row)

        pending: deque = deque()
        done, letters_iter = 0, generate(letters, seed, start)
        while done < letters:
            chunk = [p for _, p in zip(range(CHUNK), letters_iter, strict=False)]
            reviewers = _resolve_reviewers(p.record for p in chunk)  # a few hundred profiles: plain INSERTs
            arrays = guideline_arrays([p.record for p in chunk], ids)  # the database's rule, one statement a chunk
            task = (chunk, arrays, reviewers, ids, tuple(next_ids), now)
            next_ids[0] += len(chunk)
            next_ids[1] += len(chunk)
            next_ids[2] += sum(len(p.record["items"]) for p in chunk)
            next_ids[3] += sum(len(i.get("guidelines") or []) for p in chunk for i in p.record["items"])
            pending.append(pool.apply_async(rows_for, (task,)) if pool else task)
            done += len(chunk)
            while pending and (len(pending) > 2 * workers or done >= letters or not pool or pending[0].ready()):
                head = pending.popleft()
                write(head.get() if pool else rows_for(head))
            if done % 50000 < CHUNK or done >= letters:
                log(f"  {done:,} letters loaded ({time.perf_counter() - started:.0f} s)")
        if pool:
            pool.close()
            pool.join()
        phases["copy"] = time.perf_counter() - started
        mark = time.perf_counter()
        for _, definition in indexes:
            cursor.execute(definition)
        phases["indexes"] = time.perf_counter() - mark
        mark = time.perf_counter()
        for recount in RECOUNTS:
            cursor.execute(sorted(SQL.glob(f"[0-9][0-9][0-9][0-9]_{recount}.sql"))[-1].read_text())
        phases["recount"] = time.perf_counter() - mark
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")  # inside a caller's transaction too
        for name in TABLES:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                           f"greatest((SELECT max(id) FROM {name}), 1))")
        # What the triggers would have done for the loaded letters: a new archive token (the counts web processes
        # keep are counted again) and the loaded cases queued for any registered search index.
        cursor.execute("UPDATE determinations_archivetoken SET token = gen_random_uuid()")
        cursor.execute("INSERT INTO determinations_searchindexqueue (index_name, case_id) SELECT s.name, c.id"
                       " FROM determinations_searchindex s CROSS JOIN determinations_case c WHERE c.id >= %s",
                       [first["determinations_case"]])
    phases["total"] = time.perf_counter() - started
    log("  " + ", ".join(f"{k} {v:.0f} s" for k, v in phases.items()))
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--grow", metavar="DB", help="start from a copy of DB, a smaller archive this loader built "
                        "(CREATE DATABASE ... TEMPLATE), and add the letters it lacks")
    args = parser.parse_args()
    from bench_search import ensure_database

    name = os.environ.get("IMR_BENCH_DB") or f"imr_bench_{args.letters}"
    started = time.perf_counter()
    if args.grow:
        import django

        django.setup()
        from django.db import connection, connections

        with connection.cursor() as cursor:
            if args.rebuild:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{args.grow}"')
        connections.close_all()
        connections["default"].settings_dict["NAME"] = name
        with connections["default"].cursor() as cursor:  # the copy's search index is the smaller archive's
            cursor.execute("DELETE FROM determinations_searchindex")
        connections.close_all()
        args.rebuild = False
    ensure_database(name, args.letters, args.rebuild, bulk=True, workers=args.workers)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    print(f"Built {name} in {time.perf_counter() - started:.0f} s (migrate, load, indexes, recount, VACUUM ANALYZE);"
          f" database size {size / 2**30:.2f} GiB")


if __name__ == "__main__":
    main()
