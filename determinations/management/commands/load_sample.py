"""`manage.py load_sample`: on a fresh archive, load the real letters and a deterministic generated sample.

`make run` calls it every time; it does nothing once the archive holds documents, so it costs nothing after
the first run.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from determinations.models import SourceDocument

REAL_LETTERS = Path(settings.BASE_DIR) / "tests" / "fixtures" / "letters"


class Command(BaseCommand):
    help = "Load the bundled real letters and a deterministic sample of generated letters, once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--generated", type=int, default=2000, help="How many generated letters (default 2000).")
        parser.add_argument("--seed", type=int, default=2013)
        parser.add_argument("--force", action="store_true", help="Load even if the archive is not empty.")

    def handle(self, *args, generated: int, seed: int, force: bool, **options) -> None:
        if SourceDocument.objects.exists() and not force:
            self.stdout.write("The archive already holds letters; sample not loaded again.")
            return
        self.stdout.write(f"Loading the real letters from {REAL_LETTERS} ...")
        call_command("ingest", str(REAL_LETTERS), no_progress=True, stdout=self.stdout)
        if generated:
            out = Path(settings.VAR_DIR) / "sample" / f"seed-{seed}-n-{generated}"
            if not out.exists():
                self.stdout.write(f"Generating {generated} sample letters into {out} ...")
                pdfs = generated // 4
                call_command("make_letters", generated - pdfs, out=str(out / "text"), seed=seed, stdout=self.stdout)
                call_command("make_letters", pdfs, out=str(out / "pdf"), seed=seed + 1, pdf=True, stdout=self.stdout)
            self.stdout.write("Ingesting the generated sample ...")
            try:
                call_command("ingest", str(out), stdout=self.stdout)
            except CommandError as exc:
                # The sample holds a few deliberately bad files (empty, no text layer), as real uploads do;
                # they are kept with their error in the admin's source documents list.
                self.stdout.write(f"As intended, the sample's deliberately bad files were refused: {exc}")
