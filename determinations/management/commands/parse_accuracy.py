"""`manage.py parse_accuracy DIR [--worst N]`: the parser's field accuracy on letters with ground truth."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from synth.accuracy import FileResult, Report, compare, format_report


class Command(BaseCommand):
    help = "Parse every .txt/.pdf in DIR and score it against the .json ground truth beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir")
        parser.add_argument("--worst", type=int, default=20, help="how many misses to list")
        parser.add_argument("--limit", type=int, default=0, help="only the first N files (sorted)")

    def handle(self, *args, **opts) -> None:
        try:
            from determinations.parsing import parse_file
        except ImportError as e:  # the parser is another work stream
            raise CommandError(f"determinations.parsing.parse_file is not available: {e}") from e
        root = Path(opts["dir"])
        files = sorted(
            p
            for p in root.iterdir()
            if p.suffix.lower() in (".txt", ".pdf") and p.with_suffix(".json").exists()
        )
        if opts["limit"]:
            files = files[: opts["limit"]]
        if not files:
            raise CommandError(f"no .txt/.pdf files with a .json truth beside them in {root}")
        try:
            from tqdm import tqdm

            it = tqdm(files, file=sys.stderr, unit="letter")
        except ImportError:
            it = files
        results: list[FileResult] = []
        for path in it:
            truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            err = None
            try:
                got = parse_file(path).to_json()
            except Exception as e:  # a crash is a miss on every field, not the end of the run
                got, err = None, f"{type(e).__name__}: {e}"
            r = compare(truth, got, path.name)
            r.error = err
            results.append(r)
        self.stdout.write(format_report(Report(results), opts["worst"]))
