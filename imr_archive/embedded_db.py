"""The embedded PostgreSQL that the archive runs on when no DATABASE_URL is given.

pgserver ships PostgreSQL binaries inside a wheel, so a fresh clone needs no system database. The server
keeps its data under var/pgdata and listens on a Unix socket there. Starting is idempotent: a second
process reuses the running server, and the server stops when the last process using it exits.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

_handles: list = []  # keep the server handle for the life of the process; atexit stops it if we are last


def start_embedded_postgres(data_dir: Path) -> dict:
    """Start (or reuse) the embedded server; return Django's settings for its `postgres` database."""
    runtime_dir = data_dir.parent / "run"
    runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))  # quiets platformdirs inside pgserver
    import pgserver

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _handles.append(pgserver.get_server(data_dir, cleanup_mode="stop"))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "HOST": str(data_dir),  # a directory: the Unix socket lives there
        "CONN_MAX_AGE": 60,
    }
