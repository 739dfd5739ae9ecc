"""The alert run at scale: USERS users with SEARCHES saved searches each, against an archive of N letters
of which NEW arrived since the searches were last checked. Time and queries of each phase.

    .venv/bin/python bench/bench_alerts.py --letters 100000 [--users 10000] [--searches 5] [--new 1000]

Uses the search benchmark's database `imr_bench_<N>` (built once by bench_search.py's builder if missing).
Users, searches and the new letters are written inside one transaction that is rolled back at the end, so
the database is left as it was. Messages go to Django's in-memory e-mail backend (no SMTP server's time is
measured). It reports; it never asserts.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pstats
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")

import bench_search  # noqa: E402

# What attorneys save: the search benchmark's mix of real-looking queries, without page numbers.
SAVED = [q for q in bench_search.QUERY_MIX if q and "page=" not in q]


class Rollback(Exception):
    pass


def write_new_letters(count: int, first: int, seed: int = 99) -> None:
    from determinations.ingest import Prepared, write_prepared

    rng = random.Random(seed)
    for start in range(first, first + count, 500):
        batch = []
        for n in range(start, min(first + count, start + 500)):
            record, text = bench_search.make_record(rng, n)
            digest = hashlib.sha256(f"alert-bench-{n}-{text}".encode()).hexdigest()
            batch.append(Prepared(sha256=digest, filename=f"alert-bench-{n}.txt", size=len(text),
                                  media_type="text/plain", data=None, text=text, record=record,
                                  public_id=record["case_number"]))
        write_prepared(batch)


def by_statement(queries, top: int = 6) -> str:
    """Where a phase's database time went: the statements grouped by their kind and table, slowest first."""
    import re
    from collections import defaultdict

    groups: dict[str, list[float]] = defaultdict(list)
    for query in queries.captured_queries:
        sql = query["sql"]
        verb = sql.split(None, 1)[0].upper() if sql.strip() else "?"
        tables = list(dict.fromkeys(re.findall(r'(?:FROM|INTO|UPDATE|JOIN)\s+"?(\w+)"?', sql)))[:2]
        union = " (UNION ALL)" if " UNION ALL " in sql else ""
        groups[f"{verb} {'+'.join(tables)}{union}"].append(float(query["time"]))
    ranked = sorted(groups.items(), key=lambda kv: -sum(kv[1]))[:top]
    return "\n".join(f"    {sum(times):7.1f} s  {len(times):4d} x  {shape}" for shape, times in ranked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=5)
    parser.add_argument("--new", type=int, default=1_000)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions of the compose phase")
    args = parser.parse_args()
    bench_search.ensure_database(os.environ.get("IMR_BENCH_DB") or f"imr_bench_{args.letters}", args.letters,
                                 rebuild=False)

    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.core import mail
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from desk import alerts
    from desk.models import SavedSearch
    from determinations.models import Case

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    rng = random.Random(17)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            password = make_password(None)
            users = User.objects.bulk_create([
                User(username=f"alert-bench-{n}", email=f"user{n}@example.com", password=password)
                for n in range(args.users)], batch_size=2000)
            before = timezone.now() - timedelta(seconds=1)
            SavedSearch.objects.bulk_create([
                SavedSearch(user=user, name=q, querystring=q, checked_through=before, frequency="daily")
                for user in users for q in rng.sample(SAVED, args.searches)], batch_size=5000)
            SavedSearch.objects.update(created_at=before)
            first = Case.objects.count() + 10_000_000
            write_new_letters(args.new, first)
            # As in daily use, the run comes a day after the last, the new letters having arrived over that day.
            run_at = before + timedelta(days=1)
            with connection.cursor() as cursor:
                cursor.execute("UPDATE determinations_case SET created_at = %s + (random() * interval '1 day') "
                               "WHERE created_at > %s", [before, before])
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE determinations_case; ANALYZE desk_savedsearch")
            print(f"Set up {args.users:,} users x {args.searches} searches and {args.new:,} new letters "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)

            profiler = cProfile.Profile() if args.profile else None
            with CaptureQueriesContext(connection) as compose_queries:
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                result = alerts.compose("daily", now=run_at)
                if profiler:
                    profiler.disable()
                compose_s = time.perf_counter() - started
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
                pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
            with CaptureQueriesContext(connection) as deliver_queries:
                started = time.perf_counter()
                result.sent = alerts.deliver(batch=500)
                deliver_s = time.perf_counter() - started
            with CaptureQueriesContext(connection) as again_queries:
                started = time.perf_counter()
                again = alerts.run("daily", now=run_at + timedelta(minutes=1))
                again_s = time.perf_counter() - started
            print(f"Archive: {Case.objects.count():,} letters, {args.new:,} new")
            print(f"compose: {compose_s:.1f} s, {len(compose_queries)} queries: {result.users:,} users, "
                  f"{result.searches:,} searches, {result.messages:,} messages announcing {result.announced:,} "
                  f"decisions ({result.recorded:,} announcement rows)")
            print(by_statement(compose_queries))
            print(f"deliver: {deliver_s:.1f} s, {len(deliver_queries)} queries: {result.sent:,} e-mails "
                  f"(in-memory backend: {len(mail.outbox):,})")
            print(by_statement(deliver_queries))
            print(f"second run (idempotence): {again_s:.1f} s, {len(again_queries)} queries: "
                  f"{again.messages} messages, {again.sent} e-mails")
            raise Rollback
    except Rollback:
        print("Rolled back: the benchmark database is as it was.")


if __name__ == "__main__":
    main()
