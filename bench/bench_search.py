"""Search speed on a generated archive: p50/p95 of the results page and the decision page, and EXPLAIN.

    .venv/bin/python bench/bench_search.py --letters 100000 [--runs 10] [--rebuild]

Builds (once, then reuses) a separate database `imr_bench_<N>` on the embedded server, filled through the
real writer (`determinations.ingest.write_prepared`) from generated records in the parser's JSON contract,
bypassing parsing (benchmarked elsewhere). Then times each query of a fixed mix through Django's test
Client: server-side time of view + template, facets and count included. It reports; it never asserts.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")

QUERY_MIX = (
    "",
    "q=facet+injection",
    "q=%22epidural+steroid+injection%22",
    "q=mri",
    "q=norco",
    "q=physical+therapy",
    "q=pain",  # broad: nearly every letter
    "q=medically+necessary",  # broad
    "q=lumbar+OR+cervical",
    "q=knee+-surgery",
    "q=tramadol&page=3",
    "q=acupuncture&sort=newest",
    "decision=upheld",  # broad filter
    "category=pharmaceuticals",
    "guideline=odg",
    "guideline=mtus-acoem-ch12",
    "opioid=true&decision=overturned",
    "decision=upheld&item=facet+injection&guideline=mtus-acoem-ch12",  # the example
    "outcome=partial",
    "specialty=orthopedic-surgery&decided_after=2016-01-01",
    "state=Texas",
    "decided_after=2015-01-01&decided_before=2015-12-31",
    "age_min=50&age_max=60&sex=female",
    "q=opioids&category=pharmaceuticals&decision=upheld&decided_after=2014-01-01",
    "injured_after=2012-01-01&category=imaging&guideline=odg-knee",
)


# --- the generated archive ------------------------------------------------------------------------------

def _citations(rng: random.Random, it, cited_by: str) -> list[dict]:
    from synth import vocab

    chapter, odg = vocab.REGIONS[it.region][1], vocab.REGIONS[it.region][2]
    pool = [f"odg-{odg}"]
    if chapter:
        pool.append(f"mtus-acoem-ch{chapter}")
    if it.category == "pharmaceuticals":
        pool += ["mtus-chronic-pain", "mtus-opioids" if it.is_opioid else "odg-pain"]
    if it.category == "acupuncture":
        pool.append("mtus-acupuncture")
    if it.category == "physical-therapy":
        pool.append("mtus-postsurgical")
    slugs = rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2))))
    return [{"slug": s, "cited_by": cited_by, "topic": None, "pages": None, "text": s} for s in slugs]


def make_record(rng: random.Random, n: int) -> tuple[dict, str]:
    """One realistic record (1-4 items, dated 2013-2024) and the letter text it stands for."""
    from synth import vocab
    from synth.items import make_item, pick_category

    region = rng.choice(list(vocab.DIAGNOSES))
    decided = date(2013, 3, 1) + timedelta(days=rng.randrange(11 * 365))
    injured = decided - timedelta(days=rng.randrange(200, 4000))
    age, sex = rng.randint(22, 72), rng.choice(("male", "female"))
    items = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        it = make_item(rng, pick_category(rng), region, decided.year)
        decision = "overturned" if rng.random() < 0.11 else "upheld"
        reason = ("is not supported by" if decision == "upheld" else "is supported by")
        rationale = (
            f"The {it.description} {reason} the guidelines for {rng.choice(vocab.DIAGNOSES[region])}. "
            f"The records document {rng.choice(vocab.FINDINGS)} and prior {rng.choice(vocab.PRIOR_TREATMENTS)} "
            f"with {rng.choice(('no', 'limited', 'some', 'documented'))} functional improvement. "
            f"Therefore the request is {'not ' if decision == 'upheld' else ''}medically necessary."
        )
        items.append({"description": it.description, "decision": decision, "category": it.category,
                      "is_opioid": it.is_opioid, "rationale": rationale,
                      "guidelines": _citations(rng, it, "claims_administrator") + _citations(rng, it, "reviewer")})
    summary = (
        f"The injured worker is a {age} year old {sex} {rng.choice(vocab.OCCUPATIONS)} who sustained an "
        f"industrial injury on {injured:%m/%d/%Y} from {rng.choice(vocab.MECHANISMS)}. Diagnoses include "
        f"{rng.choice(vocab.DIAGNOSES[region])} and {rng.choice(vocab.DIAGNOSES[region])}. The worker reports "
        f"{rng.choice(vocab.SYMPTOMS)} and {rng.choice(vocab.SYMPTOMS)}; examination showed "
        f"{rng.choice(vocab.FINDINGS)}. Treatment has included {rng.choice(vocab.PRIOR_TREATMENTS)} and "
        f"{rng.choice(vocab.PRIOR_TREATMENTS)}. The {rng.choice(vocab.PROVIDER_ROLES)} requested "
        + ", ".join(i["description"] for i in items) + "."
    )
    states = sorted(set(rng.choices(list(vocab.STATE_WEIGHTS), weights=list(vocab.STATE_WEIGHTS.values()), k=2)))
    specialty = rng.choice(vocab.SPECIALTIES).replace("&", "and").replace("Orthopaedic", "Orthopedic")
    record = {
        "is_imr_letter": True, "layout": "A", "case_number": f"CM{decided.year % 100:02d}-{n:07d}",
        "decision_date": decided.isoformat(), "injury_date": injured.isoformat(), "ur_denial_date": None,
        "assigned_date": None, "application_received_date": None, "priority": "Standard",
        "patient_age": age, "patient_sex": sex, "outcome": None,
        "reviewer": {"specialty": specialty, "subspecialty": None, "licensed_states": states,
                     "experience": "more than five years"},
        "items": items,
        "sections": {"case_summary": summary,
                     "decisions_and_rationales": "\n".join(i["rationale"] for i in items)},
        "warnings": [],
    }
    return record, summary + "\n" + record["sections"]["decisions_and_rationales"]


def build(letters: int, batch: int = 1000, seed: int = 6) -> None:
    from determinations.ingest import Prepared, write_prepared

    rng = random.Random(seed)
    started = time.perf_counter()
    for start in range(0, letters, batch):
        prepared = []
        for n in range(start, min(letters, start + batch)):
            record, text = make_record(rng, n)
            digest = hashlib.sha256(f"bench-{n}-{text}".encode()).hexdigest()
            prepared.append(Prepared(sha256=digest, filename=f"bench-{n}.txt", size=len(text),
                                     media_type="text/plain", data=None, text=text, record=record,
                                     public_id=record["case_number"]))
        write_prepared(prepared)
        done = min(letters, start + batch)
        if done % 10000 == 0 or done == letters:
            print(f"  {done:,} letters written ({time.perf_counter() - started:.0f} s)", flush=True)


def ensure_database(name: str, letters: int, rebuild: bool, bulk: bool = False, workers: int = 2) -> None:
    """Point Django at database `name` on the embedded server, creating and filling it when needed."""
    import django
    from django.conf import settings

    default = settings.DATABASES["default"]
    django.setup()
    from django.db import connection, connections

    with connection.cursor() as cursor:  # the dev database: only to create the bench one
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and rebuild:
            cursor.execute(f'DROP DATABASE "{name}"')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connections.close_all()
    default["NAME"] = name
    connections["default"].settings_dict["NAME"] = name

    from django.core.management import call_command

    from determinations.models import Case

    call_command("migrate", verbosity=0)
    # Pages name hashed files from the manifest, as in production; whitenoise's compression (minutes of CPU on a
    # shared machine, and nothing a page's server time depends on) is left out.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    have = Case.objects.count()
    if have < letters:
        print(f"Building {letters - have:,} letters into {name} ...", flush=True)
        if bulk:  # the same letters through COPY, triggers off, indexes after (bench/bulk_load.py)
            from bulk_load import build as bulk_build
            bulk_build(letters - have, start=have, workers=workers)
        else:
            build(letters - have, seed=6 + have)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"Database {name}: {Case.objects.count():,} letters", flush=True)


# --- timing ---------------------------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


CPU: list[float] = []  # the web process's own CPU time per request (ms): what other processes' load inflates least


def time_urls(client, urls: list[str], runs: int, before=None) -> dict[str, list[float]]:
    """Each URL once to warm up, then `runs` times, timed; `before()` runs before each timed request."""
    timings: dict[str, list[float]] = {}
    CPU.clear()
    for url in urls:
        client.get(url)  # warm: plan cache, buffers
        for _ in range(runs):
            if before:
                before()
            t, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            timings.setdefault(url, []).append((time.perf_counter() - t) * 1000)
            CPU.append((time.process_time() - cpu) * 1000)
    return timings


def report(title: str, timings: dict[str, list[float]], per_url: bool = True) -> None:
    print(f"\n{title}")
    if per_url:
        print(f"  {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}  url")
        for url, values in timings.items():
            print(f"  {statistics.median(values):7.1f} {percentile(values, 95):7.1f} {max(values):7.1f}  {url}")
    everything = [v for values in timings.values() for v in values]
    print(f"  overall: n={len(everything)} p50={statistics.median(everything):.1f} ms "
          f"p95={percentile(everything, 95):.1f} ms max={max(everything):.1f} ms")
    print(f"  web process CPU: p50={statistics.median(CPU):.1f} ms p95={percentile(CPU, 95):.1f} ms "
          f"(the rest of the time: the database, and waiting for a core)")


def ensure_index(name: str, rebuild: bool) -> None:
    """This database's search index under var/search-index/<database>/ (SEARCH_INDEX_DIR), built once."""
    from determinations import engine
    from determinations.engine import reader

    os.environ.setdefault("SEARCH_INDEX_DIR", str(ROOT / "var" / "search-index" / name))
    if rebuild or reader.usable() is None:
        print(f"Indexing {name} (manage.py rebuild_search_index) ...", flush=True)
        started = time.perf_counter()
        n = engine.rebuild(threads=2)
        print(f"  {n:,} cases indexed in {time.perf_counter() - started:.0f} s", flush=True)


def answers(queries) -> None:
    """Which engine answers each query of the mix, and how many letters it finds."""
    from django.http import QueryDict

    from determinations.forms import SearchForm
    from determinations.search import search

    print("\nAnswered by (matches):")
    for raw in queries:
        results = search(SearchForm(QueryDict(raw)).to_query())
        sampled = f", item counts from a sample of {results.sample_size:,} ±{results.sample_margin:,}" \
            if results.sample_size else ""
        estimated = " (estimated)" if results.approximate_count else ""
        print(f"  {results.answered_by:10} {results.count:>9,}{estimated}{sampled}  {raw or '(everything)'}")


def index_profile(queries: list[str], runs: int = 5) -> None:
    """The search index's own profile of the slowest queries: the median ms of each step of a results page's
    work outside the template (the words read by PostgreSQL, the index's search and aggregations, the item
    sample, the page's rows and snippets from PostgreSQL)."""
    from django.http import QueryDict

    from determinations.engine import reader
    from determinations.forms import SearchForm
    from determinations.search import ITEM_SAMPLE, _rows, sampled_item_counts, snippets, summary_item_counts

    index, searcher = reader.usable()
    for raw in queries:
        query = SearchForm(QueryDict(raw)).to_query()
        steps: dict[str, list[float]] = {}
        clock = [0.0]

        def lap(step: str, steps=steps, clock=clock) -> None:
            now = time.perf_counter()
            steps.setdefault(step, []).append((now - clock[0]) * 1000)
            clock[0] = now

        for _ in range(runs):
            clock[0] = time.perf_counter()

            q = reader.prepared(index, searcher, query)
            lap("words (PostgreSQL) and the index's query")
            hits = reader._ordered(searcher, q, query.effective_sort, 20, 0)
            lap("top 20 + exact total")
            reader._count_facets(index, searcher, q, reader.Page(hits.count, [], {}, 0))
            lap("5 facet groups (aggregations; sampled beyond FACETS_EXACT_UP_TO)")
            if query.has_item_conditions and hits.count:
                if hits.count > ITEM_SAMPLE and summary_item_counts(query) is not None:
                    lap("item counts, exact (the summary tables)")
                else:
                    ids = reader.sample(index, searcher, query, ITEM_SAMPLE)
                    lap("item sample ids")
                    sampled_item_counts(query, ids, hits.count)
                    lap("item counts (PostgreSQL)")
            cases = _rows(searcher.fast_field_values("id", [a for _, a in hits.hits]), query.marking(), True)
            lap("rows (PostgreSQL)")
            snippets(cases, query.q)
            lap("snippets (PostgreSQL)")
        print(f"\n=== the search index's profile: /decisions/?{raw} ({hits.count:,} matches; median ms of {runs}) ===")
        for step, values in steps.items():
            print(f"  {statistics.median(values):7.1f}  {step}")


def footprint() -> str:
    """Disk (the database, the search index) and memory (this process's peak RSS: every page it timed)."""
    import resource

    from django.db import connection

    from determinations.engine import reader

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database()), (SELECT directory FROM determinations_searchindex "
                       "WHERE name = 'default')")
        size, directory = cursor.fetchone()
    index = sum(f.stat().st_size for f in Path(directory).rglob("*") if f.is_file()) if directory else 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del reader
    return (f"Disk: database {size / 2**30:.2f} GiB, search index {index / 2**30:.2f} GiB. "
            f"Memory: this process's peak RSS {peak:.0f} MiB")


def all_visible() -> str:
    """How much of each big table the visibility map marks all-visible: index-only scans (the similar decisions,
    the facet scans) read the other pages' rows from the table, so a table not vacuumed since its newest letters
    were written is slower to read exactly where the pages look first."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, relallvisible::float / greatest(relpages, 1) FROM pg_class WHERE relname IN "
                       "('determinations_case', 'determinations_disputeditem', 'determinations_guidelinecitation') "
                       "ORDER BY relname")
        shares = cursor.fetchall()
    return "Pages all-visible (vacuumed): " + ", ".join(
        f"{name.removeprefix('determinations_')} {share:.2%}" for name, share in shares)


def explain(queries: list[str]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement the results page runs on the case table, as it runs it."""
    from django.db import connection, transaction
    from django.http import QueryDict

    from determinations.forms import SearchForm
    from determinations.search import COUNT_SETTINGS, count_sql, facet_sql, filtered, page_sql

    for raw in queries:
        query = SearchForm(QueryDict(raw)).to_query()
        qs = filtered(query)
        print(f"\n=== EXPLAIN (ANALYZE, BUFFERS): /decisions/?{raw} ===")
        if query.effective_sort == "relevance":  # one statement counts, facets, ranks and picks the page
            statements = [("count + facets + ranked page ids", facet_sql(qs, (20, 0)), "")]
        else:
            statements = [("page ids", page_sql(qs, query, 0, 20), ""), ("count + facets", facet_sql(qs), "")]
        statements.append(("exact count (only run beyond COUNT_CAP matches)", count_sql(qs), COUNT_SETTINGS))
        for label, (sql, params), settings in statements:
            with transaction.atomic(), connection.cursor() as cursor:
                if settings:
                    cursor.execute("SELECT " + settings)
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
                plan = [row[0] for row in cursor.fetchall()]
            print(f"--- {label}")
            print("\n".join(plan))


def profile(client, url: str, runs: int) -> None:
    """Where a page's time goes: cProfile over `runs` renders after a warm-up, by own and cumulative time."""
    import cProfile
    import pstats

    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"/(determinations|desk|imr_archive)/", 40)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--bulk", action="store_true", help="build the archive with bench/bulk_load.py (COPY)")
    parser.add_argument("--no-explain", action="store_true")
    parser.add_argument("--profile", metavar="URL", help="print cProfile's top functions of rendering URL, then stop")
    parser.add_argument("--index-profile", metavar="QUERY", action="append",
                        help="print the search index's profile of the results page of QUERY (a query string, "
                             "repeatable), then stop")
    parser.add_argument("--engine", choices=("index", "postgresql"), default="index",
                        help="what answers searches: the search index (built when this database has none), or "
                             "PostgreSQL alone")
    parser.add_argument("--reindex", action="store_true", help="build the search index again")
    args = parser.parse_args()
    name = os.environ.get("IMR_BENCH_DB") or f"imr_bench_{args.letters}"
    ensure_database(name, args.letters, args.rebuild, bulk=args.bulk)

    from django.conf import settings
    from django.test import Client

    from determinations.models import Case

    settings.DEBUG = False  # no query log in memory while timing
    if args.engine == "index":
        ensure_index(name, args.reindex)
    else:
        settings.SEARCH_ENGINE = "postgres"
    answers(QUERY_MIX)
    import imr_archive.wsgi  # noqa: F401 - the web server's process set-up (what it loaded, out of the collector's way)
    client = Client()
    if args.profile:
        profile(client, args.profile, args.runs)
        return
    if args.index_profile:
        index_profile(args.index_profile)
        return
    print(all_visible())
    results = time_urls(client, [f"/decisions/?{q}" if q else "/decisions/" for q in QUERY_MIX], args.runs)
    report(f"Results page, {len(QUERY_MIX)} queries x {args.runs} runs", results)
    if args.engine == "index":
        slowest = sorted(results, key=lambda url: percentile(results[url], 95), reverse=True)[:3]
        index_profile([url.split("?", 1)[1] if "?" in url else "" for url in slowest])
    ids = list(Case.objects.order_by("id").values_list("public_id", flat=True)[::2000][:50])  # the same 50
    report(f"Decision page, {len(ids)} decisions (every 2,000th) x {args.runs} runs",
           time_urls(client, [f"/decisions/{i}/" for i in ids], args.runs), per_url=False)
    print(f"\n{footprint()}")
    if not args.no_explain:
        explain(["q=pain", "q=%22epidural+steroid+injection%22", "q=acupuncture&sort=newest", "state=Texas",
                 "decision=upheld&item=facet+injection&guideline=mtus-acoem-ch12",
                 "q=opioids&category=pharmaceuticals&decision=upheld&decided_after=2014-01-01"])


if __name__ == "__main__":
    main()
