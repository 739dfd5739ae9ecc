"""`manage.py privacy_accuracy`: the privacy scanner's precision and recall on the labelled snippets."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from determinations.privacy import MASK
from determinations.privacy.accuracy import LABELLED, evaluate
from determinations.privacy.vocabulary import known_words


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
        """Read and mask each letter as the pipeline does; count those it would hold, the masks, the time."""
        import time
        from collections import Counter

        from determinations.ingest import Prepared, mask_prepared
        from determinations.parsing import LetterError, parse_text
        from determinations.sources import SourceError, extract_text, sniff_media_type

        counts: Counter[str] = Counter()
        held: list[str] = []
        seconds = 0.0
        known_words()  # loaded once per process: not part of each letter's time
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".pdf")):
            data = path.read_bytes()
            try:
                text = extract_text(data, sniff_media_type(data, path.name))
                record = parse_text(text).to_json()
            except (SourceError, LetterError):  # not a letter: nothing to publish, nothing to mask
                continue
            if not record.get("is_imr_letter"):
                continue
            prepared = Prepared(sha256="", filename=path.name, size=len(data), text=text, record=record)
            started = time.perf_counter()
            mask_prepared(prepared)
            seconds += time.perf_counter() - started
            counts["letters"] += 1
            counts["masks"] += len(MASK.findall(prepared.public_text)) - len(MASK.findall(text))
            if prepared.doubts:
                held.append(f"{path.name}: {'; '.join(prepared.doubts)}")
        n = counts["letters"]
        self.stdout.write(f"{folder}: {len(held)}/{n} letters would be held; {counts['masks']} masks applied in all; "
                          f"masking {n / seconds if seconds else 0:.0f} letters/s on one core")
        for line in held[:50] if show else []:
            self.stdout.write(f"  held: {line}")
