"""The project package as an app: its management commands (serve, embedded_db) and one worker fix."""

from __future__ import annotations

import logging
import signal
import sys

from django.apps import AppConfig

logger = logging.getLogger("django_tasks")


def _graceful_shutdown(self, signum: int, frame) -> None:
    """django-tasks-db's worker calls sys.exit() from its signal handler, which can land inside the COMMIT
    of its polling transaction and print a chained traceback when make run/serve/dev stops it. Here the
    first signal ends the loop at its next turn (within the poll interval, or after the running task); a
    second one still ends a running task at once."""
    if not self.running:
        logger.warning("Received %s - terminating current task.", signal.strsignal(signum))
        self.reset_signals()
        sys.exit(1)
    logger.warning("Received %s - stopping after the current poll or task.", signal.strsignal(signum))
    self.running = False


class ImrArchiveConfig(AppConfig):
    name = "imr_archive"
    verbose_name = "IMR Archive"

    def ready(self) -> None:
        from django_tasks_db.management.commands import db_worker

        db_worker.Worker.shutdown = _graceful_shutdown
