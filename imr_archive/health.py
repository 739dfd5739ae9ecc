"""Health endpoints for a load balancer and a monitor: JSON, never cached, always from the primary.

/healthz: the database answers and every migration is applied (200, else 503).
/readyz: the same, plus the worker's heartbeat age and the task queue's length, for a monitor to alert on
a worker that stopped or a queue that grows; a silent worker does not take a web node out of service.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

_migrated = False  # once true it stays true for this process: the plan is read from disk only until then


def _database() -> dict:
    global _migrated
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrated:
            from django.db.migrations.executor import MigrationExecutor

            executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
            _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return {"database": "unavailable", "error": str(exc).strip().splitlines()[0][:200]}
    return {"database": "ok", "migrations": "applied" if _migrated else "pending"}


def _ok(status: dict) -> bool:
    return status.get("database") == "ok" and status.get("migrations") == "applied"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    status = _database()
    return JsonResponse(status, status=200 if _ok(status) else 503)


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    status = _database()
    if status["database"] == "ok":
        from django_tasks_db.models import DBTaskResult

        from determinations.models import WorkerHeartbeat

        try:
            last = WorkerHeartbeat.objects.using(DEFAULT_DB_ALIAS).order_by("-seen_at").first()
            age = (timezone.now() - last.seen_at).total_seconds() if last else None
            queued = DBTaskResult.objects.using(DEFAULT_DB_ALIAS).ready().count()
            running = DBTaskResult.objects.using(DEFAULT_DB_ALIAS).running().count()
        except DatabaseError as exc:
            status = {"database": "unavailable", "error": str(exc).strip().splitlines()[0][:200]}
        else:
            status["worker"] = {
                "heartbeat_age_seconds": None if age is None else round(age, 1),
                "alive": age is not None and age < settings.IMR_WORKER_LEASE_SECONDS,
            }
            status["queue"] = {"ready": queued, "running": running}
    return JsonResponse(status, status=200 if _ok(status) else 503)
