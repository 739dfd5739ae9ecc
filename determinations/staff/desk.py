"""The admin index's summary of the background work: the task queue, the worker's last sign of life and the
last hour's throughput: the queue from django-tasks-db's own table, the heartbeat from the workers' own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from determinations.models import SourceDocument, WorkerHeartbeat


@dataclass
class Summary:
    pending: int
    running: int
    failed: int
    heartbeat: datetime | None
    last_hour: int

    @property
    def worker_quiet(self) -> bool:
        """Work is waiting and the worker has shown no sign of life for five minutes."""
        stale = self.heartbeat is None or timezone.now() - self.heartbeat > timedelta(minutes=5)
        return bool(self.pending) and stale


def worker_heartbeat() -> datetime | None:
    """The last beat of any worker (each beats while it runs, idle or busy: see the db_worker command)."""
    return WorkerHeartbeat.objects.aggregate(at=Max("seen_at"))["at"]


def summary() -> Summary:
    by_status = dict(DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL)
                     .values_list("status").annotate(n=Count("id")).order_by())
    last_hour = SourceDocument.objects.filter(processed_at__gte=timezone.now() - timedelta(hours=1)).count()
    return Summary(pending=by_status.get(TaskResultStatus.READY, 0), running=by_status.get(TaskResultStatus.RUNNING, 0),
                   failed=by_status.get(TaskResultStatus.FAILED, 0), heartbeat=worker_heartbeat(),
                   last_hour=last_hour)
