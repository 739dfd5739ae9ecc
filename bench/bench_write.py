"""The writer's statements, timed: where a batch's time goes, on an empty archive and on a large one.

    DATABASE_URL=... .venv/bin/python bench/bench_write.py --into imr_bench_1000000 [--letters 5000] [--keep]
        [--from DIR]

Generates `--letters` new letters (bench_search's records, their own case numbers and hashes, masked here as a
worker would; or, with `--from`, the letter files of DIR read by the pipeline's `prepare`), then writes them
through `write_prepared` in batches of 500 into database `--into`, timing every SQL statement it runs by its text
(PostgreSQL's time, seen from the client: triggers and index upkeep included). Everything it wrote is rolled
back at the end unless `--keep`, so a bench archive stays as it was built. Prints letters/s, the share of the
time in SQL, and the statements that took the most. It never asserts.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--into", required=True, help="the database written into (on the configured server)")
    parser.add_argument("--letters", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="commit what was written (default: roll it back)")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--from", dest="source", type=Path,
                        help="write these letter files (.pdf/.txt, read by the pipeline's own prepare, not timed) "
                             "instead of generated records")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, connections, transaction

    connections["default"].settings_dict["NAME"] = args.into
    connections.close_all()
    import bulk_load

    from determinations.ingest import write_prepared
    from determinations.ingest.prepare import mask_prepared

    seen: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = re.sub(r"(%s, )+%s", "%s...", re.sub(r"\s+", " ", sql))[:120]
            seen[key][0] += 1
            seen[key][1] += time.perf_counter() - started

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM determinations_case")
        before = cursor.fetchone()[0]
    stamp = int(time.time())
    if args.source:
        from determinations.ingest.prepare import prepare

        files = sorted(p for p in args.source.iterdir() if p.suffix in (".pdf", ".txt"))[:args.letters]
        letters = [prepare(path.read_bytes(), path.name, store=False) for path in files]
    else:
        letters = list(bulk_load.generate(args.letters, seed=stamp))
    for n, prepared in enumerate(letters):  # new letters: their own hashes and case numbers
        prepared.sha256 = hashlib.sha256(f"bench-write-{stamp}-{n}-{prepared.text}".encode()).hexdigest()
        if prepared.record and prepared.record.get("is_imr_letter"):
            prepared.public_id = prepared.record["case_number"] = f"BW{stamp % 100:02d}-{n:07d}"
            mask_prepared(prepared)
    started = time.perf_counter()
    try:
        with transaction.atomic(), connection.execute_wrapper(timed):
            for start in range(0, len(letters), args.batch):
                write_prepared(letters[start:start + args.batch])
            elapsed = time.perf_counter() - started
            if not args.keep:
                raise Rollback
    except Rollback:
        pass
    in_sql = sum(t for _, t in seen.values())
    source = f" from {args.source}" if args.source else ""
    print(f"{len(letters):,} letters{source} into {args.into} ({before:,} letters) in batches of {args.batch}: "
          f"{elapsed:.1f} s, {len(letters) / elapsed:.0f} letters/s; {in_sql:.1f} s in SQL "
          f"({in_sql / elapsed:.0%}), {elapsed - in_sql:.1f} s in Python; {'kept' if args.keep else 'rolled back'}")
    for key, (count, seconds) in sorted(seen.items(), key=lambda kv: -kv[1][1])[:args.top]:
        print(f"  {seconds:7.2f} s {count:5d}x {seconds / len(letters) * 1000:6.2f} ms/letter  {key}")


if __name__ == "__main__":
    main()
