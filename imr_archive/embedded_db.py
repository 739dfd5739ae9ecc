"""The embedded PostgreSQL that the archive runs on when no DATABASE_URL is given.

The pgserver wheel ships PostgreSQL binaries, so a fresh clone needs no system database; this module owns the
server's life cycle around them (pgserver's own bookkeeping did not survive unclean stops). The server keeps
its data under var/pgdata and listens on a Unix socket there, never on TCP.

Every state a crash can leave is repaired before a start rather than trusted: a server is running only if
its postmaster is alive (not a zombie) and answers on the socket; initdb runs in a side directory renamed
into place when complete; orphaned backends of a killed postmaster are waited for; lock files whose process
is gone or is someone else are removed only once no process of this data directory is left.

Who stops the server: a process that starts it on demand (first database connection) marks it "auto stop",
and the last process using it stops it at exit; `manage.py serve` (make run/serve/dev) stops it when it exits
unless others still use it; `manage.py embedded_db start` leaves it running for `make stop`. Processes
using the server hold a shared lock on var/pgdata.users, which the kernel drops even on SIGKILL, so no
list of process ids can go stale (a POSIX lock, not flock: forked children such as a pool's workers do not
inherit it, so they never count as users). Starting and stopping happen under an exclusive flock on var/pgdata.lock.
"""

from __future__ import annotations

import atexit
import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path

# Server settings the archive relies on, passed on the server's command line at every start (README, "Search
# performance"): the default 128 MB of shared buffers cannot hold the case table and its indexes at 100,000
# letters, so broad searches re-read pages from the OS cache on every request.
SERVER_SETTINGS = {"shared_buffers": "512MB"}

# When run as root, PostgreSQL (which refuses root) runs as this user: the one pgserver created, so data
# directories it made keep working.
SERVER_USER = "pgserver"
PORT = 5432
START_TIMEOUT = 60  # seconds: crash recovery of a large archive can take a while

_users: dict[Path, int] = {}  # data dir -> fd holding the shared "in use" lock for this process
_thread_lock = threading.Lock()


class EmbeddedDatabaseError(RuntimeError):
    """The embedded server cannot start; the message says why and what to do (shown without a traceback)."""


def bin_dir() -> Path:
    spec = find_spec("pgserver")  # located, not imported: importing it sets up its own lock files
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedDatabaseError("The pgserver package is missing: run `make migrate` to install requirements.")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def socket_dir(data_dir: Path) -> Path:
    """The data directory itself, unless its path is too long for a Unix socket name (about 100 bytes)."""
    if len(str(data_dir / f".s.PGSQL.{PORT}").encode()) <= 100:
        return data_dir
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"imr-pg-{digest}"


def embedded_settings(data_dir: Path) -> dict:
    """Django's settings for the embedded server's `postgres` database; the server starts on first connect."""
    return {
        "ENGINE": "imr_archive.embedded_postgres",
        "NAME": "postgres",
        "USER": "postgres",
        "HOST": str(socket_dir(data_dir)),  # a directory: the Unix socket lives there
        "EMBEDDED_DATA_DIR": str(data_dir),
        "CONN_MAX_AGE": 60,
    }


# --- who the server runs as ---------------------------------------------------------------------------


def _run_as() -> tuple[int, int] | None:
    """(uid, gid) of the server user when we are root (created if missing), else None: run as ourselves."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", SERVER_USER],
                       check=True, capture_output=True)
        entry = pwd.getpwnam(SERVER_USER)
    return entry.pw_uid, entry.pw_gid


def _allow_traverse(path: Path) -> None:
    """Let the server user reach path: add search (x) permission for others on every parent directory."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if mode & 0o011 != 0o011:
            parent.chmod(mode | 0o011)


def _pg(args: list[str], run_as: tuple[int, int] | None, timeout: float = START_TIMEOUT) -> subprocess.CompletedProcess:
    """Run a bundled PostgreSQL program (as the server user when root); output captured in temporary files
    because pg_ctl's daemon would keep a pipe open."""
    ids = {"user": run_as[0], "group": run_as[1], "extra_groups": []} if run_as else {}
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.run([str(bin_dir() / args[0]), *args[1:]], stdout=out, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True, timeout=timeout, cwd="/", **ids)
        out.seek(0)
        proc.stdout = out.read()
    return proc


@functools.cache
def bundled_major() -> str:
    out = subprocess.run([str(bin_dir() / "postgres"), "-V"], capture_output=True, text=True, check=True).stdout
    return re.search(r"(\d+)", out).group(1)


# --- locks and state ----------------------------------------------------------------------------------


def _lock_path(data_dir: Path, suffix: str) -> Path:
    return data_dir.parent / f"{data_dir.name}.{suffix}"


@contextmanager
def _exclusive(data_dir: Path) -> Iterator[None]:
    """The start/stop lock: one process at a time decides whether to start, repair or stop the server."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(_lock_path(data_dir, "lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _others_use(data_dir: Path) -> bool:
    """True while another process holds the shared 'in use' lock (call after dropping our own)."""
    fd = os.open(_lock_path(data_dir, "users"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EAGAIN):
            return True
        raise
    finally:
        os.close(fd)


def _read_state(data_dir: Path) -> dict:
    try:
        return json.loads(_lock_path(data_dir, "state.json").read_text())
    except (OSError, ValueError):
        return {}  # missing, empty or truncated: treated as "started on demand"


def _write_state(data_dir: Path, **state) -> None:
    """Write the state file atomically: a temporary file, fsync, rename."""
    path = _lock_path(data_dir, "state.json")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w") as f:
        json.dump(state, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# --- is it running? -----------------------------------------------------------------------------------


def _server_processes(data_dir: Path) -> list:
    """Live (non-zombie) postgres processes working in data_dir: the postmaster, its children, or orphans
    of a killed postmaster (postgres runs with the data directory as its working directory)."""
    import psutil

    real = os.path.realpath(data_dir)
    found = []
    for proc in psutil.process_iter(["name"]):
        try:
            if proc.info["name"] != "postgres" or proc.status() == psutil.STATUS_ZOMBIE:
                continue
            if os.path.realpath(proc.cwd()) == real:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def _pid_file_pid(path: Path) -> int | None:
    try:
        first = path.read_text().split("\n", 1)[0].strip()
        return abs(int(first))
    except (OSError, ValueError):
        return None


def postmaster_pid(data_dir: Path) -> int | None:
    """The pid of a live postmaster of data_dir (checked against the process table, not trusted), else None."""
    pid = _pid_file_pid(data_dir / "postmaster.pid")
    if pid is None:
        return None
    return pid if any(p.pid == pid for p in _server_processes(data_dir)) else None


def _accepts(data_dir: Path) -> bool:
    """pg_isready: accepting connections (not starting up, recovering or shutting down)."""
    command = [str(bin_dir() / "pg_isready"), "-q", "-h", str(socket_dir(data_dir)), "-p", str(PORT), "-t", "3"]
    return subprocess.run(command, stdin=subprocess.DEVNULL, timeout=10).returncode == 0


def _wait_ready(data_dir: Path, pid: int) -> bool:
    """Wait while a live postmaster starts up or recovers; False if it dies or never answers."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if _accepts(data_dir):
            return True
        if postmaster_pid(data_dir) != pid:
            return False
        time.sleep(0.1)
    return False


# --- repair, initdb, start, stop ----------------------------------------------------------------------


INITDB_DONE = ".imr-initdb-complete"  # written by a complete initdb, before the directory is renamed into place


def _kill_processes_in(path: Path) -> None:
    """Kill what still works in path (an initdb whose parent was killed, its bootstrap postgres): the
    directory is about to be removed and made anew."""
    import psutil

    real, found = os.path.realpath(path), []
    for proc in psutil.process_iter(["name", "cmdline"]):
        try:
            if proc.info["name"] not in ("initdb", "postgres"):
                continue
            if real in (proc.info["cmdline"] or []) or os.path.realpath(proc.cwd()) == real:
                proc.kill()
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    _wait_gone(found)


def _wait_gone(procs: list, timeout: float = 5) -> list:
    """Wait until procs have exited (a zombie has: only its parent's reaping is left); returns those alive."""
    import psutil

    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for proc in procs:
            try:
                if proc.status() != psutil.STATUS_ZOMBIE:
                    alive.append(proc)
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.02)


def _initdb(data_dir: Path, run_as: tuple[int, int] | None) -> None:
    """initdb into a side directory, renamed into place only when complete: an interrupted initdb leaves
    nothing a start could mistake for a cluster."""
    work = _lock_path(data_dir, "initdb")
    work.mkdir(mode=0o700)
    if run_as:
        os.chown(work, *run_as)
    proc = _pg(["initdb", "-D", str(work), "--auth=trust", "--auth-local=trust", "--encoding=utf8",
                "-U", "postgres"], run_as, timeout=300)
    if proc.returncode:
        shutil.rmtree(work, ignore_errors=True)
        raise EmbeddedDatabaseError(_explain(data_dir, proc.stdout, action="create"))
    (work / INITDB_DONE).touch()
    os.rename(work, data_dir)


def _user_name(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _prepare(data_dir: Path, run_as: tuple[int, int] | None) -> None:
    """Make data_dir startable: create it, redo an interrupted initdb, refuse what we must not touch."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    if run_as:
        _allow_traverse(data_dir.parent)
        _allow_traverse(bin_dir())
    work = _lock_path(data_dir, "initdb")
    if work.exists():  # an initdb interrupted in the side directory
        _kill_processes_in(work)
        shutil.rmtree(work)
    if data_dir.is_dir() and not any(data_dir.iterdir()):
        data_dir.rmdir()
    if data_dir.exists():
        owner, expected = data_dir.stat().st_uid, run_as[0] if run_as else os.geteuid()
        if owner != expected:
            raise EmbeddedDatabaseError(
                f"{data_dir} belongs to user {_user_name(owner)}, but the embedded server runs as "
                f"{_user_name(expected)}. Run the archive as {_user_name(owner)}, or give the directory over: "
                f"chown -R {_user_name(expected)} {data_dir}")
        if not (data_dir / "postmaster.opts").exists() and not (data_dir / INITDB_DONE).exists():
            # never started and not ours: an initdb interrupted in place (as pgserver ran it); it holds no data
            _kill_processes_in(data_dir)
            shutil.rmtree(data_dir)
        elif not (data_dir / "global" / "pg_control").exists():
            raise EmbeddedDatabaseError(
                f"{data_dir} is a damaged PostgreSQL data directory (global/pg_control is missing). Restore it "
                f"from a backup, or move it aside to start an empty archive.")
    if not data_dir.exists():
        _initdb(data_dir, run_as)
    version = (data_dir / "PG_VERSION").read_text().strip() if (data_dir / "PG_VERSION").exists() else "?"
    if version != bundled_major():
        raise EmbeddedDatabaseError(
            f"{data_dir} was created by PostgreSQL {version}, but the embedded server is PostgreSQL "
            f"{bundled_major()}. Dump it with PostgreSQL {version}'s pg_dump and load the dump into a new data "
            f"directory, or move {data_dir} aside (make clean-db deletes it) for an empty archive.")
    if data_dir.stat().st_mode & 0o077 & ~0o050:
        data_dir.chmod(0o700)  # PostgreSQL refuses a data directory others can read


def _clear_stale_files(data_dir: Path) -> None:
    """With no process of data_dir left, remove lock files that name a live process that is not ours (a
    zombie postmaster or a reused pid): PostgreSQL would take them for another running server."""
    import psutil

    real = os.path.realpath(data_dir)

    def someone_else(pid: int) -> bool:
        try:
            proc = psutil.Process(pid)
            return proc.status() == psutil.STATUS_ZOMBIE or os.path.realpath(proc.cwd()) != real
        except psutil.ZombieProcess:
            return True
        except psutil.NoSuchProcess:
            return False  # a dead pid is left for PostgreSQL: it also frees the old shared memory
        except psutil.AccessDenied:
            return False  # cannot tell: leave it to PostgreSQL

    sock = socket_dir(data_dir)
    for path in (data_dir / "postmaster.pid", sock / f".s.PGSQL.{PORT}.lock"):
        pid = _pid_file_pid(path)
        if path.exists() and (pid is None or someone_else(pid)):
            path.unlink(missing_ok=True)
    if not (sock / f".s.PGSQL.{PORT}.lock").exists():
        (sock / f".s.PGSQL.{PORT}").unlink(missing_ok=True)
    (data_dir / ".handle_pids.json").unlink(missing_ok=True)  # pgserver's bookkeeping, no longer used


def _orphans(data_dir: Path) -> list:
    """Processes of data_dir but for a live postmaster and its children (one started by hand, pg_ctl restart)."""
    import psutil

    live, found = postmaster_pid(data_dir), []
    for proc in _server_processes(data_dir):
        try:
            if live is None or (proc.pid != live and proc.ppid() != live):
                found.append(proc)
        except psutil.NoSuchProcess:
            continue
    return found


def _wait_for_orphans(data_dir: Path) -> None:
    """Backends of a killed postmaster exit on their own within moments; kill any that linger, since a new
    postmaster cannot start while they hold the old shared memory (crash recovery then replays the WAL)."""
    import psutil

    if _wait_gone(_orphans(data_dir)):
        for proc in _orphans(data_dir):  # looked at again: never a postmaster that started meanwhile
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        _wait_gone(_orphans(data_dir))


def _start(data_dir: Path) -> None:
    run_as = _run_as()
    _prepare(data_dir, run_as)
    sock = socket_dir(data_dir)
    if sock != data_dir:
        sock.mkdir(mode=0o700, exist_ok=True)
        if run_as:
            os.chown(sock, *run_as)
    log = data_dir / "log"
    if log.exists() and log.stat().st_size > 10 * 1024 * 1024:
        log.write_text("")  # keep the log from growing without bound; the last run's messages are enough
    options = f"-h '' -k '{sock}' -p {PORT} " + " ".join(f"-c {k}={v}" for k, v in SERVER_SETTINGS.items())
    for attempt in range(3):
        pid = postmaster_pid(data_dir)  # started outside our lock meanwhile (by hand, pg_ctl restart)?
        if pid and _wait_ready(data_dir, pid):
            return
        _wait_for_orphans(data_dir)
        _clear_stale_files(data_dir)
        proc = _pg(["pg_ctl", "-D", str(data_dir), "-l", str(log), "-o", options, "-w", "-t", str(START_TIMEOUT),
                    "start"], run_as, timeout=START_TIMEOUT + 10)
        pid = postmaster_pid(data_dir)
        if pid and _wait_ready(data_dir, pid):
            return
        time.sleep(0.5 * (attempt + 1))
    raise EmbeddedDatabaseError(_explain(data_dir, proc.stdout + _log_tail(log), action="start"))


def _log_tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _explain(data_dir: Path, output: str, action: str) -> str:
    """A message that says what to do, from what PostgreSQL printed."""
    if "No space left on device" in output or "could not extend file" in output:
        hint = f"The disk holding {data_dir} is full. Free some space (df -h {data_dir.parent}), then try again."
    elif "Permission denied" in output or "wrong ownership" in output or "invalid permissions" in output:
        hint = (f"The server may not use {data_dir} (ownership or permissions). Give it to the user the server "
                f"runs as ({SERVER_USER if os.geteuid() == 0 else 'you'}) with chown -R, and chmod 700 it.")
    elif "incompatible with server" in output or "database files are incompatible" in output:
        hint = f"{data_dir} was made by another PostgreSQL version: dump it with that version, or move it aside."
    else:
        hint = f"See the server log {data_dir / 'log'}."
    return f"The embedded PostgreSQL could not {action} under {data_dir}. {hint}\n--- PostgreSQL said:\n{output}"


def _stop(data_dir: Path) -> bool:
    """Fast shutdown (open transactions roll back, everything committed stays); False if none was running."""
    pid = postmaster_pid(data_dir)
    if pid is None:
        return False
    proc = _pg(["pg_ctl", "-D", str(data_dir), "-m", "fast", "-w", "-t", "30", "stop"], _run_as(), timeout=40)
    if proc.returncode and postmaster_pid(data_dir) == pid:
        os.kill(pid, signal.SIGQUIT)  # immediate shutdown: the next start recovers from the WAL
    _wait_for_orphans(data_dir)
    return True


# --- the public life cycle ----------------------------------------------------------------------------


def ensure_started(data_dir: Path, *, claim: bool = False, recheck: bool = False) -> bool:
    """Start (or reuse) the server under data_dir and mark this process as using it until it exits.

    claim=True (make run/serve/dev, `embedded_db start`) marks the server as deliberately running, so
    processes that merely used it do not stop it. recheck=True looks again in a process that already uses
    it (a connection failed: the server may have died). Returns True if this call started the server.
    """
    data_dir = Path(data_dir)
    with _thread_lock:
        if data_dir in _users and not (claim or recheck):
            return False
        started = False
        with _exclusive(data_dir):
            pid = postmaster_pid(data_dir)
            if pid is None or not _wait_ready(data_dir, pid):
                if pid is not None:  # alive but never answered: stop it before starting anew
                    _stop(data_dir)
                _start(data_dir)
                started = True
            if started or claim:
                _write_state(data_dir, auto_stop=not claim, postmaster_pid=postmaster_pid(data_dir))
            if data_dir not in _users:
                fd = os.open(_lock_path(data_dir, "users"), os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.lockf(fd, fcntl.LOCK_SH)
                _users[data_dir] = fd
                atexit.register(release, data_dir)
        return started


def release(data_dir: Path, *, stop: bool = False) -> bool:
    """This process stops using the server. It stops the server if no other process uses it and either
    stop=True (make run/serve/dev) or the server was started on demand. If others still use it, stop=True
    hands the server over to them: the last of them stops it. Returns True if the server was stopped."""
    data_dir = Path(data_dir)
    with _thread_lock:
        fd = _users.pop(data_dir, None)
        if fd is None:
            return False
        os.close(fd)
        with _exclusive(data_dir):
            if _others_use(data_dir):
                if stop:
                    _write_state(data_dir, auto_stop=True, postmaster_pid=postmaster_pid(data_dir))
                return False
            if stop or _read_state(data_dir).get("auto_stop", True):
                return _stop(data_dir)
            return False


def stop(data_dir: Path) -> bool:
    """Stop the server whoever uses it (make stop). Returns True if one was running."""
    data_dir = Path(data_dir)
    with _exclusive(data_dir):
        return _stop(data_dir)


def status(data_dir: Path) -> dict:
    """The running postmaster's pid (or None) and whether it stops when its last user exits."""
    return {"pid": postmaster_pid(Path(data_dir)), "auto_stop": _read_state(Path(data_dir)).get("auto_stop", True)}
