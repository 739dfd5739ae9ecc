"""`manage.py embedded_db start|stop|status`: the embedded PostgreSQL by hand (make stop)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from imr_archive import embedded_db


def embedded_data_dir() -> Path | None:
    """The embedded server's data directory, or None when DATABASE_URL points elsewhere."""
    db = settings.DATABASES["default"]
    return Path(db["EMBEDDED_DATA_DIR"]) if db["ENGINE"] == "imr_archive.embedded_postgres" else None


class Command(BaseCommand):
    help = "Start (left running until `make stop`), stop, or show the embedded PostgreSQL server."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["start", "stop", "status"])

    def handle(self, *args, action: str, **options) -> None:
        data_dir = embedded_data_dir()
        if data_dir is None:
            self.stdout.write("DATABASE_URL is set: there is no embedded PostgreSQL to manage.")
            return
        try:
            if action == "start":
                started = embedded_db.ensure_started(data_dir, claim=True)
                pid = embedded_db.postmaster_pid(data_dir)
                verb = "Started" if started else "Already running:"
                self.stdout.write(f"{verb} the embedded PostgreSQL under {data_dir} (pid {pid}); "
                                  "it runs until `make stop`.")
            elif action == "stop":
                stopped = embedded_db.stop(data_dir)
                self.stdout.write(f"Stopped the embedded PostgreSQL under {data_dir}." if stopped
                                  else f"No embedded PostgreSQL was running under {data_dir}.")
            else:
                state = embedded_db.status(data_dir)
                if state["pid"] is None:
                    self.stdout.write(f"Not running (data under {data_dir}).")
                else:
                    when = "when its last user exits" if state["auto_stop"] else "by `make stop` or make run/serve"
                    self.stdout.write(f"Running under {data_dir} (pid {state['pid']}); it stops {when}.")
        except embedded_db.EmbeddedDatabaseError as error:
            raise CommandError(str(error)) from None
