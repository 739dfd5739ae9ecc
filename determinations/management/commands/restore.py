"""`manage.py restore FILE.tar`: a backup's database and stored files, into this site's database and MEDIA_ROOT.

Meant for an empty database (a new server, or after `dropdb`/`createdb`); into a used one it replaces every
object the backup holds (pg_restore --clean). Each restored letter file is checked against the SHA-256 its
name carries; a damaged one is reported.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from determinations.management.commands.backup import DUMP_NAME, FILES_PREFIX, connection_args, pg_tool
from determinations.storage import write_atomic


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into this site's database and MEDIA_ROOT."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="The tar file `manage.py backup` wrote.")

    def handle(self, *, backup: str, **options) -> None:
        media = Path(settings.MEDIA_ROOT)
        damaged, files = [], 0
        try:
            archive = tarfile.open(backup, "r")
        except (OSError, tarfile.TarError) as exc:
            raise CommandError(f"{backup}: not a readable backup ({exc}).") from exc
        with archive, tempfile.TemporaryDirectory() as tmp:
            try:
                dump = archive.extractfile(DUMP_NAME)
            except KeyError as exc:
                raise CommandError(f"{backup}: no {DUMP_NAME} inside; not a backup of this archive.") from exc
            dump_path = Path(tmp) / DUMP_NAME
            with open(dump_path, "wb") as out:
                shutil.copyfileobj(dump, out, 1024 * 1024)
            args, env = connection_args()
            result = subprocess.run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                                     "--single-transaction", *args, str(dump_path)],
                                    env=env, capture_output=True, text=True)
            if result.returncode:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
            for member in archive:
                relative = member.name.removeprefix(FILES_PREFIX + "/")
                unsafe = ".." in relative.split("/") or relative.startswith("/")
                if not member.isfile() or not member.name.startswith(FILES_PREFIX + "/") or unsafe:
                    continue
                source = archive.extractfile(member)
                digest = hashlib.sha256()
                write_atomic(relative, _hashing(source, digest), root=media)
                files += 1
                name = Path(relative).name
                if relative.startswith("letters/") and digest.hexdigest() != name:
                    damaged.append(relative)
        self.stdout.write(f"Restored the database and {files:,} stored file(s) into {media}.")
        if damaged:
            raise CommandError(f"{len(damaged)} restored file(s) do not match their SHA-256: {', '.join(damaged[:10])}")


def _hashing(source, digest):
    while chunk := source.read(1024 * 1024):
        digest.update(chunk)
        yield chunk
