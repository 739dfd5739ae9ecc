"""`manage.py backup FILE.tar`: the database (pg_dump, custom format) and every stored file, in one tar.

The embedded server's own pg_dump is used when it is there (pgserver bundles it), else the one on PATH; it
must be at least the server's major version. Files are streamed into the tar, never read whole. Restore
with `manage.py restore FILE.tar` (docs/deployment.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

DUMP_NAME = "database.dump"
FILES_PREFIX = "files"


def pg_tool(name: str) -> str:
    """pgserver's bundled binary, else the one on PATH."""
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        bundled = Path(POSTGRES_BIN_PATH) / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise CommandError(f"{name} was not found (install PostgreSQL's client tools, or pgserver).")
    return found


def connection_args(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    """libpq arguments and environment for the database Django uses (started first when embedded)."""
    connection = connections[alias]
    connection.ensure_connection()
    params = connection.get_connection_params()  # NAME, HOST... merged with OPTIONS (a ?host= of a URL)
    args = ["--dbname", params.get("dbname") or "postgres", "--username", params.get("user") or "postgres"]
    if params.get("host"):
        args += ["--host", str(params["host"])]
    if params.get("port"):
        args += ["--port", str(params["port"])]
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = params["password"]
    return args, env


class Command(BaseCommand):
    help = "Back up the database and the stored files into one tar file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("output", help="The tar file to write (written beside, then renamed into place).")

    def handle(self, *, output: str, **options) -> None:
        target = Path(output).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        args, env = connection_args()
        media = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as tmp:
            dump = Path(tmp) / DUMP_NAME
            result = subprocess.run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), *args],
                                    env=env, capture_output=True, text=True)
            if result.returncode:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            partial = Path(tmp) / "backup.tar"
            files = 0
            with tarfile.open(partial, "w") as tar:
                tar.add(dump, arcname=DUMP_NAME)
                if media.is_dir():
                    for path in sorted(media.rglob("*")):
                        if path.is_file() and not path.name.startswith(".tmp-"):
                            tar.add(path, arcname=f"{FILES_PREFIX}/{path.relative_to(media)}")
                            files += 1
            os.replace(partial, target)
        self.stdout.write(f"Backed up the database and {files:,} stored file(s) to {target}.")
