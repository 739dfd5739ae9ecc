"""Real processes for the fault and replica tests: a web server, a worker, the embedded PostgreSQL restarted,
a streaming replica. The embedded server's handling lives in these few functions only."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def database_env(settings, name: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a child process using this test's database (or `name` on the same server)."""
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    dbname = name or db["NAME"]
    if db["HOST"].startswith("/"):
        url = f"postgresql://{auth}@/{dbname}?host={db['HOST']}"
    else:
        url = f"postgresql://{auth}@{db['HOST']}:{db.get('PORT') or 5432}/{dbname}"
    return {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(settings.MEDIA_ROOT), "DEBUG": "false", **extra}


# --- the embedded server ---------------------------------------------------------------------------------

def embedded_data_dir(settings) -> Path:
    """The embedded server's data directory, or skip: with DATABASE_URL the server is not ours to restart."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "imr_archive.embedded_postgres":
        pytest.skip("the database is not the embedded server (DATABASE_URL is set): nothing of ours to restart")
    return Path(db["HOST"])


def pg_binary(name: str) -> str:
    try:
        from pgserver._commands import POSTGRES_BIN_PATH
    except ImportError:
        POSTGRES_BIN_PATH = None
    if POSTGRES_BIN_PATH and (Path(POSTGRES_BIN_PATH) / name).exists():
        return str(Path(POSTGRES_BIN_PATH) / name)
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not available (neither pgserver's bundled binaries nor PATH)")
    return found


def server_user(data_dir: Path) -> str | None:
    """PostgreSQL refuses to run as root; pgserver then runs it as the owner of the data directory."""
    return pwd.getpwuid(data_dir.stat().st_uid).pw_name if os.geteuid() == 0 else None


def pg_ctl(data_dir: Path, *args: str) -> None:
    subprocess.run([pg_binary("pg_ctl"), "-D", str(data_dir), *args], check=True, user=server_user(data_dir),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def restart_database(data_dir: Path) -> None:
    """Stop the embedded server (fast: connections are cut) and start it again with the same options."""
    pg_ctl(data_dir, "restart", "-m", "fast", "-w")


# --- a streaming replica ---------------------------------------------------------------------------------

class Replica:
    """A hot standby of the embedded server, from its own binaries: pg_basebackup -R, then postgres."""

    def __init__(self, primary_dir: Path, var_dir: Path) -> None:
        var_dir.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(dir=var_dir, prefix="replica-"))
        self.user = server_user(primary_dir)
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        self.primary_dir = primary_dir
        self.port = free_port()

    def start(self) -> None:
        data = self.dir / "data"
        subprocess.run([pg_binary("pg_basebackup"), "-h", str(self.primary_dir), "-U", "postgres", "-D", str(data),
                        "-R", "-X", "stream", "-c", "fast"], check=True, user=self.user, capture_output=True,
                       timeout=300)
        pg_ctl(data, "start", "-w", "-l", str(self.dir / "log"),
               "-o", f"-h '' -k {self.dir} -p {self.port} -c shared_buffers=32MB -c hot_standby=on")

    def stop(self) -> None:
        if (self.dir / "data" / "postmaster.pid").exists():
            pg_ctl(self.dir / "data", "stop", "-m", "immediate", "-w")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@/{dbname}?host={self.dir}&port={self.port}"


# --- a web server and HTTP ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WebServer:
    """gunicorn serving the archive, as in production, in its own process group."""

    def __init__(self, env: dict[str, str], workers: int = 2) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "imr_archive.wsgi", "-b", f"127.0.0.1:{self.port}",
             "-w", str(workers), "--timeout", "60"],
            cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited at start")
            try:
                if get(self.url + "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()


def get(url: str, cookie: str = "", timeout: float = 10) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
