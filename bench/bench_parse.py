"""Letter reader throughput: text parsing, PDF text extraction and privacy masking (letters/s). Reports only.

    python bench/bench_parse.py [DIR] [--seconds N]

Uses the real letters in tests/fixtures/letters, or the .pdf/.txt files of DIR.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")  # the masking step lives in the app
import django  # noqa: E402

django.setup()  # settings and models only: nothing here opens a database connection

from determinations.parsing import LetterError, decode_text, extract_pdf_text, parse_text  # noqa: E402

DEFAULT_DIR = ROOT / "tests" / "fixtures" / "letters"


def _rate(work, items: list, seconds: float) -> tuple[float, float, int]:
    """Run `work` over `items` repeatedly for about `seconds`.

    Returns (items per wall-clock second, items per CPU second of this process, items done): the CPU
    rate is the one-core figure even when other processes share the machine.
    """
    done = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    while True:
        for item in items:
            work(item)
        done += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed, done / max(time.process_time() - cpu_start, 1e-9), done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args(argv)

    pdfs = sorted(args.directory.glob("*.pdf"))
    pdf_bytes = [p.read_bytes() for p in pdfs]
    texts = [decode_text(p.read_bytes()) for p in sorted(args.directory.glob("*.txt"))]
    readable = []
    for data in pdf_bytes:
        try:
            texts.append(extract_pdf_text(data))
            readable.append(data)
        except LetterError:  # a generated sample's deliberately empty PDF: not a letter to time
            pass
    pdf_bytes = readable
    if not texts:
        print(f"no .pdf or .txt letters in {args.directory}")
        return 1

    print(f"letters: {len(pdf_bytes)} PDFs, {len(texts) - len(pdf_bytes)} text files from {args.directory}")
    mean_chars = sum(len(t) for t in texts) / len(texts)
    print(f"mean letter text: {mean_chars:,.0f} characters")
    rate, cpu_rate, done = _rate(parse_text, texts, args.seconds)
    print(f"text parsing:       {rate:8,.0f} letters/s wall, {cpu_rate:8,.0f} letters/CPU-s  ({done:,} parsed)")
    if pdf_bytes:
        pages = 0
        for data in pdf_bytes:
            document = pdfium.PdfDocument(data)
            pages += len(document)
            document.close()
        rate, cpu_rate, done = _rate(extract_pdf_text, pdf_bytes, args.seconds)
        print(f"PDF extraction:     {rate:8,.0f} letters/s wall, {cpu_rate:8,.0f} letters/CPU-s  "
              f"({done:,} extracted, mean {pages / len(pdf_bytes):.1f} pages)")
        rate, cpu_rate, _done = _rate(lambda data: parse_text(extract_pdf_text(data)), pdf_bytes, args.seconds)
        print(f"PDF extract+parse:  {rate:8,.0f} letters/s wall, {cpu_rate:8,.0f} letters/CPU-s")
    rate, cpu_rate, done = _rate(_mask, _parsed(texts), args.seconds)
    print(f"privacy masking:    {rate:8,.0f} letters/s wall, {cpu_rate:8,.0f} letters/CPU-s  ({done:,} masked: "
          f"the whole text and every field a page shows, as ingestion does)")
    return 0


def _parsed(texts: list[str]) -> list[tuple[str, dict, list[str]]]:
    """(text, record, request notes) of each IMR letter, as the ingestion's workers have them before masking."""
    parsed = []
    for text in texts:
        try:
            letter = parse_text(text)
        except LetterError:
            continue
        record = letter.to_json()
        if record.get("is_imr_letter"):
            parsed.append((text, record, [getattr(i, "request_note", "") or "" for i in letter.items]))
    return parsed


def _mask(letter: tuple[str, dict, list[str]]) -> None:
    """The ingestion's own masking step (`mask_prepared`), on a fresh copy each time (it is idempotent)."""
    from determinations.ingest.prepare import Prepared, mask_prepared

    text, record, notes = letter
    mask_prepared(Prepared(sha256="", filename="", size=len(text), text=text, record=record, request_notes=notes))


if __name__ == "__main__":
    raise SystemExit(main())
