"""`manage.py make_letters N --out DIR [--pdf] [--seed S]`: synthetic letters with ground truth."""

from __future__ import annotations

import json
import multiprocessing as mp
import random
import signal
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser


def _default_signals() -> None:
    """Pool workers die on SIGTERM (the pool's terminate) whatever handler the parent had installed."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _one(args: tuple[int, int, str, bool]) -> str:
    """Write letter i; a per-letter seed keeps output identical however the work is split."""
    i, seed, out, pdf = args
    from synth import generate_letter, generate_pdf

    rng = random.Random(f"{seed}:{i}")
    name = f"synth_{seed}_{i:06d}"
    base = Path(out) / name
    if pdf:
        data, truth = generate_pdf(rng)
        base.with_suffix(".pdf").write_bytes(data)
    else:
        text, truth = generate_letter(rng)
        base.with_suffix(".txt").write_bytes(text.encode("utf-8"))
    base.with_suffix(".json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return name


class Command(BaseCommand):
    help = "Write N synthetic IMR letters (.txt, or .pdf with --pdf), each with a .json ground truth."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("n", type=int)
        parser.add_argument("--out", required=True)
        parser.add_argument("--pdf", action="store_true", help="write PDFs instead of extracted text")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: CPU count)")

    def handle(self, *args, **opts) -> None:
        out = Path(opts["out"])
        out.mkdir(parents=True, exist_ok=True)
        n, seed, pdf = opts["n"], opts["seed"], opts["pdf"]
        work = [(i, seed, str(out), pdf) for i in range(n)]
        jobs = opts["jobs"] or mp.cpu_count()
        t0 = time.perf_counter()
        if jobs <= 1 or n < 50:
            for w in work:
                _one(w)
        else:
            with mp.get_context("fork").Pool(jobs, initializer=_default_signals) as pool:
                for _ in pool.imap_unordered(_one, work, chunksize=max(1, n // (jobs * 8))):
                    pass
        kind = "PDF" if pdf else "text"
        self.stdout.write(f"wrote {n} {kind} letters to {out} in {time.perf_counter() - t0:.1f}s")
