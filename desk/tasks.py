"""The alert run as a background task (django-tasks, run by `manage.py db_worker`)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from desk import alerts


@task()
def send_alerts(frequency: str) -> dict[str, int]:
    """Compose and send one frequency's alerts. Safe to run twice or to re-run after a crash (see alerts.py)."""
    return asdict(alerts.run(frequency))
