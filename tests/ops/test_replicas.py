"""Read replicas: anonymous public reads from a real streaming replica, everything else from the primary.

The replica is a hot standby of the embedded server made with its own binaries (pg_basebackup -R). While
it lags (replay paused here), a visitor does not yet see a new letter; staff (a session cookie) and the
admin read the primary and do. Once replay resumes, the visitor sees it too.
"""

from __future__ import annotations

import os
import time

import psycopg
import pytest
from django.db import connection

from imr_archive.replicas import ReplicaRouter, end_public_reads, public_reads
from tests.factories import archive, item, letter_record
from tests.ops.ops_helpers import Replica, WebServer, database_env, embedded_data_dir, get


def test_router_sends_only_public_reads_to_replicas(monkeypatch):
    monkeypatch.setattr("imr_archive.replicas.replica_aliases", lambda: ["replica1"])
    router = ReplicaRouter()
    assert router.db_for_read(None) == "default"  # the worker, commands, staff
    token = public_reads(True)
    try:
        assert router.db_for_read(None) == "replica1"
        assert router.db_for_write(None) == "default"
    finally:
        end_public_reads(token)
    assert router.allow_migrate("replica1", "determinations") is False


MAX_CLUSTER_BYTES = float(os.environ.get("IMR_TEST_REPLICA_MAX_GB", 3)) * 1e9


def wait_until(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_public_reads_come_from_a_streaming_replica_and_lag_behind_it(settings):
    primary_dir = embedded_data_dir(settings)
    with connection.cursor() as cursor:  # pg_basebackup copies the whole cluster, benchmark databases too
        cursor.execute("SELECT sum(pg_database_size(datname)) FROM pg_database")
        size = float(cursor.fetchone()[0])  # a Decimal: sum() of bigints
    if size > MAX_CLUSTER_BYTES:
        pytest.skip(f"the embedded cluster holds {size / 1e9:.1f} GB (benchmark databases?): too much to copy into "
                    "a test replica; drop them (DROP DATABASE imr_bench_...) or raise IMR_TEST_REPLICA_MAX_GB")
    archive(letter_record(case_number="CM16-0000001", items=[item("MRI knee", "upheld", "imaging")]))
    replica = Replica(primary_dir, settings.VAR_DIR)
    server = None
    try:
        replica.start()
        dbname = settings.DATABASES["default"]["NAME"]
        with psycopg.connect(replica.url(dbname), autocommit=True) as standby:
            assert standby.execute("SELECT pg_is_in_recovery()").fetchone()[0]
            server = WebServer(database_env(settings, DATABASE_REPLICA_URLS=replica.url(dbname)), workers=1)
            assert get(server.url + "/decisions/CM16-0000001/")[0] == 200

            standby.execute("SELECT pg_wal_replay_pause()")  # the replica lags from here on
            archive(letter_record(case_number="CM16-0000002", items=[item("Norco", "overturned", "pharmaceuticals")]))
            new = server.url + "/decisions/CM16-0000002/"
            assert get(new)[0] == 404, "a visitor reads the lagging replica: the new letter is not there yet"
            assert get(new, cookie="sessionid=anything")[0] == 200, "a signed-in user reads the primary"
            assert get(server.url + "/healthz")[0] == 200  # health is the primary's

            standby.execute("SELECT pg_wal_replay_resume()")
            assert wait_until(lambda: get(new)[0] == 200), "once the replica catches up, the visitor sees it"
    finally:
        if server:
            server.stop()
        replica.stop()
