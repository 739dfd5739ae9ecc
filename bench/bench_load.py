"""Load: N concurrent anonymous visitors on a realistic mix of pages, through a real production server.

    .venv/bin/python bench/bench_load.py --letters 100000 [--users 50] [--duration 300] [--restart-db-at 150]
    .venv/bin/python bench/bench_load.py --url http://127.0.0.1:8000 [--restart-command "..."]

With --letters it serves the benchmark database `imr_bench_<N>` on the embedded server (built by
`bench/bench_search.py --letters N`) with gunicorn itself (`--web-workers`, port --port), as `make serve`
would; with --url it loads a server you started. Locust (headless, as a library) runs the visitors: each
waits 1-3 s between pages (--wait) like a reader and picks from the mix below. It reports requests, errors,
throughput and p50/p95/max latency; with --restart-db-at it restarts the database at that second (the
embedded one through pg_ctl, else --restart-command) and reports the errors inside and outside the outage
window and the recovery time. It reports; it never asserts. Exit code 1 when an error fell outside the
outage window.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from gevent import monkey

monkey.patch_all()

import gevent  # noqa: E402
from locust import HttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCHES = (
    "q=facet+injection", "q=mri", "q=norco", "q=physical+therapy", "q=pain", "q=lumbar+OR+cervical",
    "decision=upheld", "category=pharmaceuticals", "guideline=odg", "opioid=true&decision=overturned",
    "specialty=orthopedic-surgery&decided_after=2016-01-01", "state=Texas", "q=acupuncture&sort=newest",
    "age_min=50&age_max=60&sex=female", "q=tramadol&page=3",
)
DECISION_IDS: list[str] = []
# (started, ended, ok) of every request, for the outage window
LOG: list[tuple[float, float, bool]] = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, start_time=None, **kwargs):
    ended = time.time()
    LOG.append((start_time or ended - response_time / 1000, ended, exception is None))


class Visitor(HttpUser):
    """An anonymous reader: searches most, opens decisions, now and then statistics, a feed, an export."""

    wait_time = between(1, 3)

    @task(10)
    def search(self) -> None:
        query = SEARCHES[int(time.time() * 1000) % len(SEARCHES)]
        self.client.get(f"/decisions/?{query}", name="/decisions/?<search>")

    @task(8)
    def decision(self) -> None:
        if DECISION_IDS:
            pick = DECISION_IDS[int(time.time() * 1000) % len(DECISION_IDS)]
            self.client.get(f"/decisions/{pick}/", name="/decisions/<id>/")

    @task(3)
    def home(self) -> None:
        self.client.get("/")

    @task(2)
    def stats(self) -> None:
        self.client.get("/stats/")

    @task(1)
    def guidelines(self) -> None:
        self.client.get("/guidelines/")

    @task(1)
    def reviewers(self) -> None:
        self.client.get("/reviewers/")

    @task(1)
    def feed(self) -> None:
        self.client.get("/decisions/feed/?category=imaging")

    @task(1)
    def export(self) -> None:
        self.client.get("/decisions.json?q=mri&limit=50", name="/decisions.json?<search>&limit=50")


# --- the server and the database --------------------------------------------------------------------------

def pg_data_dir() -> Path:
    return Path(os.environ.get("IMR_VAR_DIR", ROOT / "var")) / "pgdata"


def embedded_database_url(name: str) -> str:
    """Start (or reuse) the embedded server, check the benchmark database exists, and give its URL."""
    from imr_archive.embedded_db import ensure_started

    data_dir = pg_data_dir()
    ensure_started(data_dir)
    import psycopg

    with psycopg.connect(f"postgresql://postgres@/postgres?host={data_dir}") as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            sys.exit(f"No database {name}: build it first with `.venv/bin/python bench/bench_search.py "
                     f"--letters {name.rsplit('_', 1)[-1]}` (it takes minutes).")
    return f"postgresql://postgres@/{name}?host={data_dir}"


def start_gunicorn(database_url: str, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    # as `make serve` does: the pages name hashed static files from the collected manifest
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "imr_archive.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--timeout", "60"], cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit("gunicorn did not answer /healthz within 60 s")


def restart_embedded() -> None:
    """pg_ctl restart -m fast of the embedded server, as the user that owns its data (never root)."""
    from pgserver._commands import POSTGRES_BIN_PATH

    data_dir = pg_data_dir()
    user = pwd.getpwuid(data_dir.stat().st_uid).pw_name if os.geteuid() == 0 else None
    subprocess.run([str(Path(POSTGRES_BIN_PATH) / "pg_ctl"), "-D", str(data_dir), "restart", "-m", "fast", "-w"],
                   check=True, user=user, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def decision_ids(url: str) -> list[str]:
    with urllib.request.urlopen(f"{url}/decisions.json?limit=200&sort=newest", timeout=120) as response:
        return [d["id"] for d in json.load(response)["results"]]


# --- the run ------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server; else gunicorn is started on the benchmark database")
    parser.add_argument("--letters", type=int, default=100_000, help="which imr_bench_<N> database to serve")
    parser.add_argument("--port", type=int, default=8013)
    parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 4)))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=float, default=300, help="seconds")
    parser.add_argument("--wait", type=float, nargs=2, default=(1, 3), metavar=("MIN", "MAX"),
                        help="seconds each visitor waits between pages")
    parser.add_argument("--restart-db-at", type=float, help="restart the database at this second of the run")
    parser.add_argument("--restart-command", help="how to restart the database with --url (else the embedded one)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    server = None
    url = args.url
    if not url:
        name = os.environ.get("IMR_BENCH_DB") or f"imr_bench_{args.letters}"
        server = start_gunicorn(embedded_database_url(name), args.port, args.web_workers)
        url = f"http://127.0.0.1:{args.port}"
    try:
        DECISION_IDS.extend(decision_ids(url))
        Visitor.wait_time = between(*args.wait)
        env = Environment(user_classes=[Visitor], host=url, events=events)
        runner = env.create_local_runner()
        print(f"{args.users} visitors for {args.duration:.0f} s on {url} ...", flush=True)
        LOG.clear()
        started = time.time()
        runner.start(args.users, spawn_rate=args.spawn_rate)
        outage = None
        if args.restart_db_at is not None:
            gevent.sleep(args.restart_db_at)
            outage_start = time.time()
            if args.restart_command:
                subprocess.run(shlex.split(args.restart_command), check=True)
            else:
                restart_embedded()
            outage = (outage_start, time.time())
            print(f"database restarted at {outage_start - started:.1f} s in {outage[1] - outage[0]:.1f} s", flush=True)
        gevent.sleep(max(0.0, started + args.duration - time.time()))
        runner.quit()
        elapsed = time.time() - started
        results = report(env, elapsed, outage)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    sys.exit(1 if results["errors_outside_outage"] else 0)


def report(env: Environment, elapsed: float, outage: tuple[float, float] | None) -> dict:
    total = env.stats.total
    results = {
        "requests": total.num_requests,
        "errors": total.num_failures,
        "seconds": round(elapsed, 1),
        "throughput_rps": round(total.num_requests / elapsed, 1),
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "max_ms": round(total.max_response_time),
        "errors_outside_outage": total.num_failures,
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),  # the machine may be shared: say how busy
    }
    print(f"{results['requests']:,} requests in {elapsed:.0f} s: {results['throughput_rps']} req/s, "
          f"{results['errors']} errors; p50 {results['p50_ms']} ms, p95 {results['p95_ms']} ms, "
          f"max {results['max_ms']} ms; load average {results['load_average_1min_at_end']} on "
          f"{os.cpu_count()} CPUs (server, database and visitors share them)")
    for name, entry in sorted(env.stats.entries.items()):
        p50, p95 = entry.get_response_time_percentile(0.5), entry.get_response_time_percentile(0.95)
        print(f"  {name[1]:>4} {name[0]:<42} {entry.num_requests:>6} req  p50 {p50:>6} ms  p95 {p95:>6} ms  "
              f"max {round(entry.max_response_time):>6} ms  {entry.num_failures} errors")
    if outage is not None:
        start, end = outage
        failed = [(s, e) for s, e, ok in LOG if not ok]
        inside = [(s, e) for s, e in failed if e >= start and s <= end + 1]  # begun before it was back, 1 s grace
        last_error = max((e for _, e in inside), default=start)
        recovered = min((s for s, e, ok in LOG if ok and s > last_error), default=None)
        results.update({
            "outage_seconds": round(end - start, 2),
            "errors_inside_outage": len(inside),
            "errors_outside_outage": len(failed) - len(inside),
            "recovery_seconds": None if recovered is None else round(recovered - start, 2),
        })
        print(f"database restart: outage {results['outage_seconds']} s; {len(inside)} errors inside its window, "
              f"{results['errors_outside_outage']} outside; service recovered "
              f"{results['recovery_seconds']} s after the restart began")
    return results


if __name__ == "__main__":
    main()
