"""The background worker's heartbeat: how /readyz knows a worker is alive, and how a lost task is found."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per `db_worker` process, touched every lease/3 seconds while it runs."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField(db_index=True)
    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} (seen {self.seen_at:%Y-%m-%d %H:%M:%S})"
