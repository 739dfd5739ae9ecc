"""`manage.py privacy_accuracy`: the privacy scanner's precision and recall on the labelled snippets."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from determinations.privacy.accuracy import LABELLED, evaluate


class Command(BaseCommand):
    help = "Print the privacy scanner's precision and recall on a labelled set (default: the bundled one)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", nargs="?", default=str(LABELLED), help="JSON lines: label, kind, text, secret")
        parser.add_argument("--show-misses", action="store_true")

    def handle(self, *args, path: str, show_misses: bool, **options) -> None:
        r = evaluate(Path(path))
        self.stdout.write(f"{r.personal} personal snippets, {r.public} look-alikes ({path})")
        self.stdout.write(f"precision (masks):            {r.found}/{r.found + r.false_masks} = {r.precision:.2%}")
        self.stdout.write(f"recall (masked):              {r.found}/{r.personal} = {r.recall:.2%}")
        self.stdout.write(f"recall (masked or held):      {r.found + r.held}/{r.personal} = {r.closed_recall:.2%}")
        self.stdout.write(f"look-alikes masked:           {r.false_masks}/{r.public}")
        self.stdout.write(f"look-alikes held as doubtful: {r.false_holds}/{r.public}")
        for kind, total in sorted(r.total_by_kind.items()):
            missed = r.missed_by_kind[kind]
            self.stdout.write(f"  {kind:<18} {total - missed}/{total} masked")
        if show_misses:
            for miss in r.misses:
                self.stdout.write(f"  {miss}")
