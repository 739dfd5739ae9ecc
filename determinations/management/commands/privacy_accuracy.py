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
        parser.add_argument("--letters", help="Also: how many letters in this folder (.txt/.pdf) would be held.")

    def handle(self, *args, path: str, show_misses: bool, letters: str | None, **options) -> None:
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
        if letters:
            self._held_letters(Path(letters), show_misses)

    def _held_letters(self, folder: Path, show: bool) -> None:
        """Read and mask each letter as the pipeline does; count those it would hold and the masks it applies."""
        from collections import Counter

        from determinations.ingest import prepare

        counts: Counter[str] = Counter()
        held: list[str] = []
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".pdf")):
            prepared = prepare(path.read_bytes(), path.name, store=False)
            if not (prepared.record and prepared.record.get("is_imr_letter")):
                continue
            counts["letters"] += 1
            counts["masks"] += prepared.public_text.count("[") - prepared.text.count("[")
            if prepared.doubts:
                held.append(f"{path.name}: {'; '.join(prepared.doubts)}")
        self.stdout.write(f"{folder}: {len(held)}/{counts['letters']} letters would be held; "
                          f"{counts['masks']} masks applied in all")
        for line in held[:50] if show else []:
            self.stdout.write(f"  held: {line}")
