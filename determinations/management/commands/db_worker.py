"""django-tasks-db's `db_worker`, with a heartbeat, and a lease on the tasks it runs.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a worker killed
mid-task (SIGKILL, a crash, a lost machine) would leave it RUNNING, and its document pending, forever. Here
each worker touches its heartbeat row every lease/3 seconds from a thread, and on each beat any RUNNING
task whose worker has not been seen for a whole lease is made READY again, so the next free worker runs it.
Running a task twice loses and duplicates nothing: documents are keyed by their SHA-256 and every write is
one transaction per batch.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from determinations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now},
                                             create_defaults={"seen_at": now, "started_at": now})


def requeue_expired(lease_seconds: float) -> int:
    """Make RUNNING tasks whose worker missed its lease READY again; forget long-dead workers."""
    cutoff = timezone.now() - timedelta(seconds=lease_seconds)
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    requeued = 0
    with transaction.atomic():
        for result in DBTaskResult.objects.running().filter(started_at__lt=cutoff).select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            result.status = "READY"
            result.save(update_fields=["status"])
            requeued += 1
            logger.warning("task %s (%s) lost its worker %s: queued again", result.id, result.task_path,
                           (result.worker_ids or ["?"])[-1])
    WorkerHeartbeat.objects.filter(seen_at__lt=cutoff - timedelta(days=1)).delete()
    return requeued


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str, lease_seconds: float) -> None:
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id, self.lease_seconds = worker_id, lease_seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                beat(self.worker_id)
                requeue_expired(self.lease_seconds)
            except DatabaseError:  # the database is restarting: beat again next time
                logger.warning("worker heartbeat: database unavailable", exc_info=True)
                connection.close()
            self.stopped.wait(self.lease_seconds / 3)
        connection.close()


def requeue_own(worker_id: str) -> int:
    """After losing the database mid-task, this worker's RUNNING tasks are READY again (it runs none now)."""
    mine = [r.pk for r in DBTaskResult.objects.running() if r.worker_ids and r.worker_ids[-1] == worker_id]
    return DBTaskResult.objects.filter(pk__in=mine, status="RUNNING").update(status="READY")


class Command(db_worker.Command):
    help = db_worker.Command.help + ", with a heartbeat: tasks of a worker gone silent are run again."

    def handle(self, *args, **options) -> None:
        heartbeat = Heartbeat(options["worker_id"], settings.IMR_WORKER_LEASE_SECONDS)
        heartbeat.start()
        try:
            while True:
                try:
                    super().handle(*args, **options)
                    return
                except (OperationalError, InterfaceError):  # the database restarted: wait for it, go on
                    logger.warning("worker: database unavailable; retrying", exc_info=True)
                    self._wait_for_database(options["worker_id"])
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=10)
            WorkerHeartbeat.objects.filter(worker_id=options["worker_id"]).delete()

    def _wait_for_database(self, worker_id: str) -> None:
        while True:
            connection.close()
            time.sleep(1)
            try:
                requeue_own(worker_id)
                return
            except (OperationalError, InterfaceError):
                continue
