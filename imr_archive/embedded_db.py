"""The embedded PostgreSQL that the archive runs on when no DATABASE_URL is given.

pgserver ships PostgreSQL binaries inside a wheel, so a fresh clone needs no system database. The server
keeps its data under var/pgdata and listens on a Unix socket there. Starting is idempotent: a second
process reuses the running server, and the server stops when the last process using it exits.
"""

from __future__ import annotations

import os
import threading
import warnings
from pathlib import Path

_handles: dict[Path, object] = {}  # one handle per process; atexit stops the server if we are the last user
_lock = threading.Lock()

# Server settings the archive relies on, set with ALTER SYSTEM (README, "Search performance"): the default
# 128 MB of shared buffers cannot hold the case table and its indexes at 100,000 letters, so broad searches
# re-read pages from the OS cache on every request. A changed value takes effect at the server's next start
# (it stops when the last process using it exits).
SERVER_SETTINGS = {"shared_buffers": "512MB"}


def embedded_settings(data_dir: Path) -> dict:
    """Django's settings for the embedded server's `postgres` database; the server starts on first connect."""
    return {
        "ENGINE": "imr_archive.embedded_postgres",
        "NAME": "postgres",
        "USER": "postgres",
        "HOST": str(data_dir),  # a directory: the Unix socket lives there
        "CONN_MAX_AGE": 60,
    }


def ensure_started(data_dir: Path) -> None:
    """Start (or reuse) the server under data_dir, once per process."""
    with _lock:
        if data_dir in _handles:
            return
        runtime_dir = data_dir.parent / "run"
        runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))  # quiets platformdirs inside pgserver
        import pgserver

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _handles[data_dir] = pgserver.get_server(data_dir, cleanup_mode="stop")
        _apply_settings(data_dir, _handles[data_dir])


def _apply_settings(data_dir: Path, server) -> None:
    """ALTER SYSTEM for any of SERVER_SETTINGS not yet in postgresql.auto.conf (read first: no psql per start)."""
    auto_conf = data_dir / "postgresql.auto.conf"
    current = auto_conf.read_text() if auto_conf.exists() else ""
    for name, value in SERVER_SETTINGS.items():
        if f"{name} = '{value}'" not in current:
            server.psql(f"ALTER SYSTEM SET {name} = '{value}';")
