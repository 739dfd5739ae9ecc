"""`manage.py parse_letter PATH [--json]`: print what the reader makes of one letter. Needs no database."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from determinations.parsing.cli import main


class Command(BaseCommand):
    help = "Parse one IMR letter (.txt or .pdf) and print the record; --json prints the public JSON contract."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="Print exactly one JSON object.")

    def handle(self, *args, path: str, json: bool, **options) -> None:
        code = main([path, *(["--json"] if json else [])])
        sys.stdout.flush()
        if code:
            raise SystemExit(code)  # the reader already said why, on one line
