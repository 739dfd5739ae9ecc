"""`manage.py serve`: everything `make serve`, `make run` and `make dev` start, and stop again.

One process owns the life cycle: it starts (or reuses, and says so) the embedded PostgreSQL, applies
migrations, optionally loads the sample (and builds the search index, or catches it up), collects static
files, then runs gunicorn (or the autoreloading development server) and optionally the task worker as child
processes. Ctrl-C, SIGTERM or SIGHUP (the terminal closing) stop the children, then the database server,
without a traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from determinations.engine import keep
from imr_archive import embedded_db
from imr_archive.management.commands.embedded_db import embedded_data_dir

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _Stop(Exception):
    pass


_stopping = False
_owner = os.getpid()


def _raise_stop(signum, frame) -> None:
    """The first stop signal interrupts whatever runs; later ones (make forwards SIGTERM too) are ignored.
    A forked child (the sample ingest's pool) takes the signal's default action instead: it just ends."""
    global _stopping
    if os.getpid() != _owner:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    if not _stopping:
        _stopping = True
        raise _Stop(signum)


def _die_with_parent() -> None:
    """Children get SIGTERM if this process dies without cleaning up (SIGKILL): no orphaned server."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG, Linux only
    except (OSError, AttributeError):
        pass


class Command(BaseCommand):
    help = "Run the production server (gunicorn) in the foreground; stop it with Ctrl-C."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--worker", action="store_true", help="Also run the task worker (uploads).")
        parser.add_argument("--sample", action="store_true", help="Load the sample letters on a fresh archive.")
        parser.add_argument("--dev", action="store_true", help="Django's autoreloading server with DEBUG on.")

    def handle(self, *args, host: str, port: str, worker: bool, sample: bool, dev: bool, **options) -> None:
        global _owner
        _owner = os.getpid()
        for sig in STOP_SIGNALS:
            signal.signal(sig, _raise_stop)
        data_dir = embedded_data_dir()
        children: list[subprocess.Popen] = []
        failed = ""
        try:
            if data_dir is not None:
                self._start_database(data_dir)
            call_command("migrate", interactive=False, verbosity=0)
            if sample:
                call_command("load_sample")
                self.stdout.write(keep.ensure_index())  # built once here; ingestion keeps it current
            if not dev:
                call_command("collectstatic", interactive=False, verbosity=0)
            connections.close_all()
            children = self._spawn(host, port, worker, dev)
            self.stdout.write(f"IMR Archive: http://{host}:{port}/  (admin: http://{host}:{port}/admin/, "
                              "create an account with 'make superuser'). Stop with Ctrl-C.")
            while not failed:
                time.sleep(0.5)
                for child in children:
                    if child.poll() is not None:
                        failed = f"{child.args[2]} exited with status {child.returncode}"
        except _Stop:
            self.stdout.write("Stopping ...")
        except embedded_db.EmbeddedDatabaseError as error:
            raise CommandError(str(error)) from None
        finally:
            for sig in STOP_SIGNALS:
                signal.signal(sig, signal.SIG_IGN)  # finish stopping whatever else arrives
            self._stop_children(children)
            connections.close_all()
            if data_dir is not None and embedded_db.release(data_dir, stop=True):
                self.stdout.write(f"Stopped the embedded PostgreSQL under {data_dir}.")
        if failed:
            raise CommandError(f"Stopped because {failed}.")

    def _start_database(self, data_dir: Path) -> None:
        started = embedded_db.ensure_started(data_dir, claim=True)
        pid = embedded_db.postmaster_pid(data_dir)
        if started:
            self.stdout.write(f"Started the embedded PostgreSQL under {data_dir} (pid {pid}).")
        else:
            self.stdout.write(f"Reusing the embedded PostgreSQL already running under {data_dir} (pid {pid}); "
                              "it stops when this command exits.")

    def _spawn(self, host: str, port: str, worker: bool, dev: bool) -> list[subprocess.Popen]:
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        if dev:
            web = [*manage, "runserver", f"{host}:{port}"]
            env = {**os.environ, "DEBUG": "true"}
        else:
            workers = os.environ.get("WEB_CONCURRENCY") or str(2 * (os.cpu_count() or 1) + 1)
            web = [sys.executable, "-m", "gunicorn", "imr_archive.wsgi:application", "--bind", f"{host}:{port}",
                   "--workers", workers, "--graceful-timeout", "10", "--chdir", str(settings.BASE_DIR),
                   "--no-control-socket"]  # one fixed path in $HOME, shared by every gunicorn on the machine
            env = dict(os.environ)
        commands = [web] + ([[*manage, "db_worker", "--queue-name", "*", "--no-reload"]] if worker else [])
        # Own process groups: a Ctrl-C reaches only this process, which stops each child exactly once.
        return [subprocess.Popen(cmd, env=env, process_group=0, preexec_fn=_die_with_parent) for cmd in commands]

    def _stop_children(self, children: list[subprocess.Popen]) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
