"""`manage.py send_alerts daily|weekly [--enqueue]`: what cron calls once a day and once a week."""

from __future__ import annotations

from dataclasses import asdict

from django.core.management.base import BaseCommand

from desk import alerts
from desk.models import Frequency
from desk.tasks import send_alerts


class Command(BaseCommand):
    help = "Send saved-search alerts of one frequency, here or (--enqueue) on the background worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("frequency", choices=Frequency.values)
        parser.add_argument("--enqueue", action="store_true", help="Hand the run to `manage.py db_worker`.")

    def handle(self, *args, frequency: str, enqueue: bool, **options) -> None:
        if enqueue:
            result = send_alerts.enqueue(frequency)
            self.stdout.write(f"enqueued {result.id}")
        else:
            self.stdout.write(str(asdict(alerts.run(frequency))))
