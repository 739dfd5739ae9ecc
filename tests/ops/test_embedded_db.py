"""The embedded PostgreSQL starts again after every state a crash can leave, and loses no committed row.

Each state is made on a real embedded server in a private directory (copied from one initdb'd template) by
killing real processes, then a separate process runs a query: ten times per state, and the rows written
before each crash are all still there.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from imr_archive import embedded_db

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the embedded server is not in use")

ROOT = Path(__file__).resolve().parents[2]
REPEAT = 10

# A process that uses the embedded server the way any manage.py command does: first connection starts it.
CLIENT = """
import subprocess, sys
from pathlib import Path
from imr_archive import embedded_db
data_dir, action = Path(sys.argv[1]), sys.argv[2]
try:
    embedded_db.ensure_started(data_dir)
except embedded_db.EmbeddedDatabaseError as error:
    sys.exit(str(error))
sql = {"write": "CREATE TABLE IF NOT EXISTS crash_rows (n int); INSERT INTO crash_rows VALUES (%s)" % sys.argv[-1],
       "count": "SELECT count(*) FROM crash_rows", "select": "SELECT 1"}[action]
psql = [str(embedded_db.bin_dir() / "psql"), "-X", "-qtA", "-v", "ON_ERROR_STOP=1", "-U", "postgres",
        "-h", str(embedded_db.socket_dir(data_dir)), "-d", "postgres"]
result = subprocess.run(psql + ["-c", sql], capture_output=True, text=True)
if result.returncode:
    sys.exit(result.stderr)
print(result.stdout.strip() or "written", flush=True)
if action == "write":
    sys.stdin.readline()  # uses the server until the test kills us or closes stdin
"""


def client(data_dir: Path, action: str, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CLIENT, str(data_dir), action, *args], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def query(data_dir: Path, action: str = "count") -> str:
    proc = client(data_dir, action)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out.strip()


def python_holder(data_dir: Path, n: int) -> subprocess.Popen:
    """A Python client that started the server if needed, committed row n and is still connected."""
    proc = client(data_dir, "write", str(n))
    assert proc.stdout.readline().strip() == "written", proc.stderr.read()
    return proc


def write_and_hold(data_dir: Path, n: int) -> subprocess.Popen:
    """A psql client that committed row n and is still connected (psql: cheaper than starting Python). This
    process starts the server if needed and uses it too, so only crashes stop it."""
    embedded_db.ensure_started(data_dir, recheck=True)
    proc = subprocess.Popen([str(embedded_db.bin_dir() / "psql"), "-X", "-v", "ON_ERROR_STOP=1", "-U", "postgres",
                             "-h", str(embedded_db.socket_dir(data_dir)), "-d", "postgres"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write(f"CREATE TABLE IF NOT EXISTS crash_rows (n int); INSERT INTO crash_rows VALUES ({n});\n")
    proc.stdin.flush()
    while (line := proc.stdout.readline()) and not line.startswith("INSERT 0 1"):
        pass
    assert line.startswith("INSERT 0 1"), proc.stderr.read()
    return proc


def sigkill(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.wait()


def kill_postmaster(data_dir: Path) -> int:
    pid = embedded_db.postmaster_pid(data_dir)
    assert pid
    os.kill(pid, signal.SIGKILL)
    return pid


def no_server_left(data_dir: Path) -> bool:
    deadline = time.monotonic() + 10
    while embedded_db._server_processes(data_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not embedded_db._server_processes(data_dir)


def private_dir() -> Path:
    """Not under pytest's tmp_path: as root the server runs as another user, and every pytest session
    (another engineer's too) makes /tmp/pytest-of-root private again, which would lock that user out."""
    return Path(tempfile.mkdtemp(prefix="imr-embedded-test-"))


@pytest.fixture(scope="session")
def template() -> Path:
    """One initdb'd data directory, copied for each test (initdb is the slow part of a first start)."""
    root = private_dir()
    data_dir = root / "pgdata"
    embedded_db._prepare(data_dir, embedded_db._run_as())
    yield data_dir
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def tmp_path() -> Path:
    path = private_dir()
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def data_dir(template, tmp_path) -> Path:
    target = tmp_path / "var" / "pgdata"
    target.parent.mkdir()
    subprocess.run(["cp", "-a", str(template), str(target)], check=True)  # -a keeps the server user's ownership
    yield target
    embedded_db.release(target)
    embedded_db.stop(target)
    assert no_server_left(target)


def test_client_killed(data_dir):
    for n in range(1, REPEAT + 1):
        sigkill(write_and_hold(data_dir, n))
        assert query(data_dir) == str(n)


def test_empty_or_truncated_handle_and_state_files(data_dir):
    """pgserver's handle file and our own state file, emptied or cut by a kill while written."""
    for n in range(1, REPEAT + 1):
        holder = write_and_hold(data_dir, n)
        content = "" if n % 2 else "[12"
        (data_dir / ".handle_pids.json").write_text(content)
        (data_dir.parent / "pgdata.state.json").write_text(content)
        sigkill(holder)
        assert query(data_dir) == str(n)


def test_postmaster_killed(data_dir):
    """A stale postmaster.pid; every other time its pid is taken by a live process (pid reuse)."""
    for n in range(1, REPEAT + 1):
        holder = write_and_hold(data_dir, n)
        kill_postmaster(data_dir)
        if n % 2 == 0:
            pid_file = data_dir / "postmaster.pid"
            lines = pid_file.read_text().split("\n")
            pid_file.write_text("\n".join([str(os.getpid()), *lines[1:]]))
        assert query(data_dir) == str(n)
        sigkill(holder)


def test_stale_socket_lock(data_dir):
    """The socket and its lock file left by a killed server, the lock naming a live process."""
    for n in range(1, REPEAT + 1):
        holder = write_and_hold(data_dir, n)
        kill_postmaster(data_dir)
        sigkill(holder)
        assert no_server_left(data_dir)
        lock = embedded_db.socket_dir(data_dir) / f".s.PGSQL.{embedded_db.PORT}.lock"
        assert lock.exists()
        lines = lock.read_text().split("\n")
        lock.write_text("\n".join([str(os.getppid()), *lines[1:]]))
        assert query(data_dir) == str(n)


def test_interrupted_initdb(tmp_path):
    """A first start killed while initdb runs: only the client, its whole process group, or (as pgserver
    ran it) an initdb in place in the data directory."""
    for n in range(REPEAT):
        data_dir = tmp_path / f"run{n}" / "var" / "pgdata"
        data_dir.parent.mkdir(parents=True)
        if n % 3 == 2:
            data_dir.mkdir()
            run_as = embedded_db._run_as()
            if run_as:
                os.chown(data_dir, *run_as)
            ids = {"user": run_as[0], "group": run_as[1]} if run_as else {}
            proc = subprocess.Popen([str(embedded_db.bin_dir() / "initdb"), "-D", str(data_dir), "-U", "postgres"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/", **ids)
        else:
            proc = client(data_dir, "select", start_new_session=True)
        side = data_dir.parent / "pgdata.initdb"
        deadline = time.monotonic() + 10
        while not any(p.exists() and any(p.iterdir()) for p in (side, data_dir)) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05 * n)  # interrupted at a different point each time
        if n % 3 == 1:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.wait()
        try:
            assert query(data_dir, "select") == "1"
        finally:
            embedded_db.stop(data_dir)
        assert no_server_left(data_dir)


def test_last_on_demand_user_stops_the_server_and_a_claimed_one_is_left_alone(data_dir):
    first = python_holder(data_dir, 1)
    assert query(data_dir) == "1"  # found it running: leaves it to the process still using it
    assert embedded_db.postmaster_pid(data_dir)
    first.communicate("\n")  # a normal exit: the last user of an on-demand server stops it
    assert no_server_left(data_dir)

    assert embedded_db.ensure_started(data_dir, claim=True)  # make run / embedded_db start
    pid = embedded_db.postmaster_pid(data_dir)
    assert query(data_dir) == "1"
    assert embedded_db.postmaster_pid(data_dir) == pid  # migrate, ingest, shell leave it running
    assert embedded_db.release(data_dir, stop=True)
    assert no_server_left(data_dir)


def test_wrong_owner_is_a_clear_message(data_dir):
    os.chown(data_dir, 65534, 65534) if os.geteuid() == 0 else pytest.skip("needs root to give the directory away")
    proc = client(data_dir, "select")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "belongs to user" in err and "chown -R" in err and "Traceback" not in err


def test_other_postgres_version_is_a_clear_message(data_dir):
    (data_dir / "PG_VERSION").write_text("15\n")
    proc = client(data_dir, "select")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "created by PostgreSQL 15" in err and "pg_dump" in err and "Traceback" not in err
    assert (data_dir / "base").is_dir()  # nothing removed


def test_full_disk_is_a_clear_message(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                                           capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        proc = client(mount / "var" / "pgdata", "select")
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 1
        assert "disk holding" in err and "is full" in err and "Traceback" not in err
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_embedded_db_start_leaves_it_running_until_make_stop(data_dir):
    env = {**os.environ, "IMR_VAR_DIR": str(data_dir.parent)}
    env.pop("DATABASE_URL", None)
    started = subprocess.run([sys.executable, "manage.py", "embedded_db", "start"], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True)
    assert "Started the embedded PostgreSQL" in started.stdout
    assert embedded_db.postmaster_pid(data_dir)  # still running after the command exited
    assert query(data_dir, "select") == "1" and embedded_db.postmaster_pid(data_dir)  # a user leaves it alone
    stopped = subprocess.run(["make", "-s", "stop"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "Stopped the embedded PostgreSQL" in stopped.stdout
    assert no_server_left(data_dir)


def test_a_running_process_starts_the_server_again_after_it_died(data_dir):
    """A web worker whose server was killed under it reconnects to a restarted one, rows intact."""
    sigkill(write_and_hold(data_dir, 1))
    code = """
import os, signal, time
from pathlib import Path
import django
django.setup()
from django.db import connection
from imr_archive import embedded_db
data_dir = Path(connection.settings_dict["EMBEDDED_DATA_DIR"])
for _ in range(3):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM crash_rows")
        print(cursor.fetchone()[0])
    os.kill(embedded_db.postmaster_pid(data_dir), signal.SIGKILL)
    while embedded_db.postmaster_pid(data_dir):
        time.sleep(0.05)
    connection.close()
"""
    env = {**os.environ, "IMR_VAR_DIR": str(data_dir.parent), "DJANGO_SETTINGS_MODULE": "imr_archive.settings"}
    env.pop("DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["1", "1", "1"]


def test_forked_children_do_not_count_as_users(data_dir):
    """A pool forked by a process using the server (the sample ingest's) must not keep it running."""
    assert embedded_db.ensure_started(data_dir)
    child = os.fork()
    if child == 0:
        time.sleep(30)
        os._exit(0)
    try:
        assert embedded_db.release(data_dir)  # this process was the last user: stopped, child or not
        assert no_server_left(data_dir)
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
