"""Ingestion throughput, end to end into PostgreSQL: `python bench/bench_ingest.py [--letters 10000]`.

Generates the letters once (cached under var/bench/), then for text and for PDF: drops and re-creates a
scratch database, migrates it, and times `manage.py ingest DIR` (every core, batches, progress off).
`--search-index yes` registers a search index on the empty database first, so every batch is also caught up
into it (`both` runs without, then with, and prints what keeping it current costs a letter).
Reports letters/s, and the CPU seconds the run took in Python (the command and its workers) and in the
database server (its backends) where the server runs on this machine: on a busy machine the wall clock
varies with the neighbours' load, CPU seconds much less. It never asserts. The figures in
docs/performance.md come from this script.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")


def server_url(database: str) -> str:
    """A URL for `database` on the configured server (DATABASE_URL, or the embedded one, started here)."""
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "imr_archive.embedded_postgres":
        from imr_archive.embedded_db import ensure_started

        ensure_started(Path(db["HOST"]))
        return f"postgresql://{db['USER']}@/{database}?host={db['HOST']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    socket = db["HOST"] or db.get("OPTIONS", {}).get("host", "")
    if str(socket).startswith("/"):  # a Unix socket's directory (DATABASE_URL's ?host=)
        return f"postgresql://{auth}@/{database}?host={socket}"
    return f"postgresql://{auth}@{db['HOST']}:{db.get('PORT') or 5432}/{database}"


def fresh_database(name: str) -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": server_url(name),
           "MEDIA_ROOT": str(ROOT / "var" / "bench" / f"media-{name}")}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    return env


def server_cpu_seconds() -> float | None:
    """CPU seconds of the database server and every backend that has exited (the postmaster reaps them), when
    the server is a local process this script can read; else None."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT setting FROM pg_settings WHERE name = 'data_directory'")
            pid = int((Path(cursor.fetchone()[0]) / "postmaster.pid").read_text().split()[0])
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError, IndexError, TypeError):
        return None
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime, stime, cutime, cstime


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def letters(count: int, pdf: bool, seed: int) -> Path:
    out = ROOT / "var" / "bench" / f"letters-{'pdf' if pdf else 'text'}-{count}-seed{seed}"
    if not (out / ".complete").exists():
        command = [sys.executable, "manage.py", "make_letters", str(count), "--out", str(out), "--seed", str(seed)]
        subprocess.run(command + (["--pdf"] if pdf else []), cwd=ROOT, check=True)
        (out / ".complete").touch()
    return out


def search_index(env: dict[str, str], name: str) -> dict[str, str]:
    """Register (and build, empty) a search index for the scratch database: ingestion then keeps it current."""
    import shutil

    folder = ROOT / "var" / "bench" / f"search-index-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    env = {**env, "SEARCH_INDEX_DIR": str(folder)}
    subprocess.run([sys.executable, "manage.py", "rebuild_search_index"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return env


def index_state(env: dict[str, str]) -> str:
    """The index's documents against the database's cases and queue, read by a fresh process."""
    code = ("import tantivy; from django.db import connection; c = connection.cursor(); "
            "c.execute('SELECT directory FROM determinations_searchindex'); d = c.fetchone()[0]; "
            "c.execute('SELECT (SELECT count(*) FROM determinations_case), "
            "(SELECT count(*) FROM determinations_searchindexqueue)'); cases, queued = c.fetchone(); "
            "print(f'index {tantivy.Index.open(d).searcher().num_docs} documents, {cases} cases, {queued} queued')")
    run = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    return run.stdout.strip() or run.stderr[-300:]


def pace_line(output: str) -> str:
    """The command's own account of its writer's and its index follower's busy time (its "Pace:" line)."""
    return next((line for line in output.splitlines() if line.startswith("Pace:")), "Pace: not reported")


HOUR_RATE = 1_000_000 / 3600  # the goal: a million letters in an hour


def cores_needed(python_cpu: float, server_before: float | None, server_after: float | None, letters: int) -> str:
    """The cores a million letters an hour would keep busy at the CPU this run spent a letter (Python and the
    database's backends): what the measured work needs, whatever this machine has."""
    if server_before is None or server_after is None:
        return f"{python_cpu / letters * 1000:.2f} ms Python CPU a letter (database CPU not readable here)"
    database_cpu = server_after - server_before
    per_letter = (python_cpu + database_cpu) / letters
    return (f"{per_letter * 1000:.2f} ms CPU a letter ({python_cpu / letters * 1000:.2f} Python + "
            f"{database_cpu / letters * 1000:.2f} database): a million letters an hour ({HOUR_RATE:.0f}/s) needs "
            f"{per_letter * HOUR_RATE:.1f} cores busy; this machine has {os.cpu_count()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=4610)
    parser.add_argument("--kinds", default="text,pdf")
    parser.add_argument("--workers", type=int, default=None, help="the ingest command's (default: every core)")
    parser.add_argument("--search-index", choices=("no", "yes", "both"), default="no",
                        help="keep a search index current while ingesting (both: without, then with)")
    parser.add_argument("--into", metavar="DATABASE",
                        help="ingest into this existing archive instead (not dropped; its registered search index "
                             "kept current): the rate at that archive's size")
    args = parser.parse_args()
    if args.into:
        into(args)
        return
    server_url("postgres")
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    indexed = {"no": [False], "yes": [True], "both": [False, True]}[args.search_index]
    per_letter: dict[tuple[str, bool], tuple[float, ...]] = {}  # ms a letter: wall clock, Python, database CPU
    for kind, with_index in ((kind, i) for kind in args.kinds.split(",") for i in indexed):
        folder = letters(args.letters, kind == "pdf", args.seed)
        name = f"imr_bench_ingest_{kind}" + ("_indexed" if with_index else "")
        env = fresh_database(name)
        if with_index:
            env = search_index(env, name)
        workers = ["--workers", str(args.workers)] if args.workers else []
        time.sleep(2)  # the migration's backends exit and are reaped first: their CPU is not the ingestion's
        started, python_cpu, server_cpu = time.monotonic(), children_cpu_seconds(), server_cpu_seconds()
        run = subprocess.run([sys.executable, "manage.py", "ingest", str(folder), "--no-progress", *workers],
                             cwd=ROOT, env=env, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        python_cpu = children_cpu_seconds() - python_cpu
        time.sleep(1)  # the ingest command's backend exits and is reaped
        after = server_cpu_seconds()
        cpu = f"CPU {python_cpu:.1f} s Python"
        if after is not None and server_cpu is not None:
            cpu += f", {after - server_cpu:.1f} s database"
        summary = run.stdout.strip().splitlines()[0] if run.stdout.strip() else run.stderr[-500:]
        total = int(re.match(r"(\d+) file", summary).group(1)) if re.match(r"(\d+) file", summary) else args.letters
        label = f"{kind}{' + search index' if with_index else ''}"
        print(f"{label}: {total} letters in {elapsed:.1f} s wall clock = {total / elapsed:.0f} letters/s = "
              f"{elapsed / total * 1000:.2f} ms/letter (exit {run.returncode}); {cpu} "
              f"= {python_cpu / total * 1000:.2f} ms/letter Python | {summary}")
        if with_index:
            print(f"  {index_state(env)}")
        print(f"  {cores_needed(python_cpu, server_cpu, after, total)}")
        print(f"  {pace_line(run.stdout)}")
        database_cpu = after - server_cpu if after is not None and server_cpu is not None else 0.0
        per_letter[kind, with_index] = tuple(x / total * 1000 for x in (elapsed, python_cpu, database_cpu))
        if with_index and (kind, False) in per_letter:
            print("  keeping the search index current costs a letter: " + ", ".join(
                f"{now - before:+.2f} ms {what} ({(now - before) / before:+.0%})"
                for what, now, before in zip(("wall clock", "Python CPU", "database CPU"), per_letter[kind, True],
                                             per_letter[kind, False], strict=True) if before))


def into(args) -> None:
    """The letters ingested into an existing (large) archive, its registered search index kept current."""
    server_url("postgres")
    env = {**os.environ, "DATABASE_URL": server_url(args.into),
           "MEDIA_ROOT": str(ROOT / "var" / "bench" / f"media-{args.into}")}
    before = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", "from determinations.models "
                             "import Case; print(Case.objects.count())"], cwd=ROOT, env=env, capture_output=True,
                            text=True).stdout.strip()
    for kind in args.kinds.split(","):
        folder = letters(args.letters, kind == "pdf", args.seed)
        workers = ["--workers", str(args.workers)] if args.workers else []
        started, python_cpu, server_cpu = time.monotonic(), children_cpu_seconds(), server_cpu_seconds()
        run = subprocess.run([sys.executable, "manage.py", "ingest", str(folder), "--no-progress", *workers],
                             cwd=ROOT, env=env, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        python_cpu = children_cpu_seconds() - python_cpu
        time.sleep(1)  # the ingest command's backend exits and is reaped
        after = server_cpu_seconds()
        summary = run.stdout.strip().splitlines()[0] if run.stdout.strip() else run.stderr[-500:]
        total = int(re.match(r"(\d+) file", summary).group(1)) if re.match(r"(\d+) file", summary) else args.letters
        print(f"{kind} into {args.into} ({before} letters before): {total} letters in {elapsed:.1f} s wall clock = "
              f"{total / elapsed:.0f} letters/s = {elapsed / total * 1000:.2f} ms/letter (exit {run.returncode}); "
              f"CPU {python_cpu:.1f} s Python | {summary}")
        print(f"  {index_state(env)}")
        print(f"  {cores_needed(python_cpu, server_cpu, after, total)}")
        print(f"  {pace_line(run.stdout)}")


if __name__ == "__main__":
    main()
