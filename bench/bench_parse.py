"""Letter reader throughput: text parsing (letters/s) and PDF text extraction (letters/s). Reports only.

    python bench/bench_parse.py [DIR] [--seconds N]

Uses the real letters in tests/fixtures/letters, or the .pdf/.txt files of DIR.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
