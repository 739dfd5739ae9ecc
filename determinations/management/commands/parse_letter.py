"""`manage.py parse_letter PATH [--json]`: print what the reader makes of one letter. Needs no database."""

from __future__ import annotations

import io

from django.core.management.base import BaseCommand, CommandError

from determinations.parsing.cli import main

PREFIX = "parse_letter: error: "


class Command(BaseCommand):
    help = "Parse one IMR letter (.txt or .pdf) and print the record; --json prints the public JSON contract."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="Print exactly one JSON object.")

    def handle(self, *args, path: str, json: bool, **options) -> None:
        output, errors = io.StringIO(), io.StringIO()
        code = main([path, *(["--json"] if json else [])], stdout=output, stderr=errors)
        self.stdout.write(output.getvalue(), ending="")
        if code:  # the reader said why, on one line
            raise CommandError(errors.getvalue().strip().removeprefix(PREFIX), returncode=code)
