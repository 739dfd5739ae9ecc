"""Speed of the home, guideline, reviewer and statistics pages and the feed on a generated archive.

    .venv/bin/python bench/bench_pages.py --letters 100000 [--runs 10] [--rebuild] [--postgres]
        [--only /stats/?q=] [--stats-sample N] [--stats-exact N]

The archive is built (once, then reused) by bench/bench_search.py's builder: generated records in the
parser's JSON contract written through the real writer `determinations.ingest.write_prepared` in batches
of 1,000, into its own database `imr_bench_pages_<N>` (IMR_BENCH_DB overrides), so the statistics'
triggers are exercised by the whole build and the build time shows their cost. Searches are answered by the
database's search index, as in production (built once under var/search-index/<database>/ when it has none;
`--postgres`: without it). Each URL is timed through Django's test Client (view + template, server side), after
one warm-up. It reports p50/p95; it never asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import ensure_database, percentile, time_urls  # noqa: E402 - the shared archive builder

SEARCHES = (
    "category=pharmaceuticals",  # broad: a third of the items
    "guideline=odg",  # a family: every ODG chapter
    "guideline=mtus-acoem",  # the other broad family
    "guideline=odg-knee",  # a chapter
    "guideline=odg&decided_after=2016-01-01",  # a family with a year condition
    "guideline=odg&category=pharmaceuticals",  # a family with a category: decisions per month still live
    "opioid=true&decision=overturned",
    "specialty=orthopedic-surgery&decided_after=2016-01-01",
    "q=facet+injection",
    "q=pain",  # broad: nearly every letter
    "q=%22epidural+steroid+injection%22",
    "q=opioids&category=pharmaceuticals&decision=upheld",
)


def urls() -> list[str]:
    """The pages of the issue, on guidelines and reviewers from the busiest to the rarest."""
    from django.db.models import Count

    from determinations import stats
    from determinations.models import Reviewer

    cited = [g.slug for g, _ in stats.most_cited_guidelines(50)]
    guidelines = cited[:3] + cited[len(cited) // 2: len(cited) // 2 + 1] + cited[-1:] + ["mtus-acoem-ch1"]
    by_size = list(Reviewer.objects.annotate(n=Count("cases")).order_by("-n").values_list("slug", flat=True))
    reviewers = by_size[:2] + by_size[len(by_size) // 2: len(by_size) // 2 + 1] + by_size[-1:]
    return (
        ["/", "/guidelines/", "/reviewers/", "/stats/"]
        + [f"/guidelines/{s}/" for s in dict.fromkeys(guidelines)]
        + [f"/reviewers/{s}/" for s in dict.fromkeys(reviewers)]
        + [f"/stats/?{q}" for q in SEARCHES]
        + ["/decisions/feed/"] + [f"/decisions/feed/?{q}" for q in SEARCHES]
        + ["/stats/category.csv", "/stats/guideline.csv?category=pharmaceuticals", "/guidelines.csv"]
    )


def ensure_index(name: str) -> None:
    """This database's search index, built under var/search-index/<database>/ (SEARCH_INDEX_DIR) when it has
    none usable; one registered by another checkout is used as it is."""
    from determinations import engine
    from determinations.engine import reader

    os.environ.setdefault("SEARCH_INDEX_DIR", str(ROOT / "var" / "search-index" / name))
    if reader.usable() is None:
        print(f"Indexing {name} (manage.py rebuild_search_index) ...", flush=True)
        started = time.perf_counter()
        letters = engine.rebuild(threads=2)
        print(f"({letters:,} letters indexed in {time.perf_counter() - started:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--postgres", action="store_true", help="answer searches without the search index")
    parser.add_argument("--only", default="", help="time only the URLs starting with this")
    parser.add_argument("--forget", action="store_true",
                        help="before every request, forget what this process kept for the archive's state (the "
                             "whole archive's counts and facets): each page as first seen after a write")
    parser.add_argument("--stats-sample", type=int, default=0,
                        help="a search's statistics from a sample of this many letters (default: STATS_SAMPLE)")
    parser.add_argument("--stats-exact", type=int, default=-1,
                        help="... when more than this many match (default: STATS_EXACT)")
    args = parser.parse_args()
    name = os.environ.get("IMR_BENCH_DB") or f"imr_bench_pages_{args.letters}"
    started = time.perf_counter()
    ensure_database(name, args.letters, args.rebuild)
    print(f"(database ready in {time.perf_counter() - started:.0f} s)")

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from determinations.stats.models import (
        GuidelineCaseStat,
        GuidelineStat,
        GuidelineTermItemStat,
        GuidelineTermMonthStat,
        GuidelineTermPairStat,
        ItemStat,
        MonthStat,
    )

    settings.DEBUG = False
    if args.postgres:
        settings.SEARCH_ENGINE = "postgres"
    else:
        ensure_index(name)
    from determinations.stats import scope

    scope.STATS_SAMPLE = args.stats_sample or scope.STATS_SAMPLE
    scope.STATS_EXACT = scope.STATS_EXACT if args.stats_exact < 0 else args.stats_exact
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM determinations_disputeditem")
        items = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM determinations_guidelinecitation")
        citations = cursor.fetchone()[0]
    print(f"{items:,} items, {citations:,} citations; summary rows: items {ItemStat.objects.count():,}, "
          f"guidelines {GuidelineStat.objects.count():,}, guideline-decisions {GuidelineCaseStat.objects.count():,}, "
          f"months {MonthStat.objects.count():,}; guideline terms: items {GuidelineTermItemStat.objects.count():,}, "
          f"pairs {GuidelineTermPairStat.objects.count():,}, months {GuidelineTermMonthStat.objects.count():,}")

    timings = time_urls(Client(), [u for u in urls() if u.startswith(args.only)], args.runs,
                        before=forget if args.forget else None)
    print(f"\nPages, {args.runs} runs each after a warm-up (server-side ms)")
    print(f"  {'p50 ms':>7} {'p95 ms':>7}  url")
    for url, values in timings.items():
        print(f"  {statistics.median(values):7.1f} {percentile(values, 95):7.1f}  {url}")
    archive_pages = [v for url, values in timings.items() if "?" not in url for v in values]
    searches = [v for url, values in timings.items() if "?" in url for v in values]
    for title, values in (("whole-archive pages", archive_pages), ("pages of a search", searches)):
        if not values:
            continue
        print(f"  {title}: n={len(values)} p50={statistics.median(values):.1f} ms "
              f"p95={percentile(values, 95):.1f} ms max={max(values):.1f} ms")


def forget() -> None:
    """What a process keeps per state of the archive, dropped (as after any write)."""
    from determinations import kept, search

    kept.forget()
    search._COUNTS.clear()
    search._ARCHIVE_READ[0] = float("-inf")


if __name__ == "__main__":
    main()
