"""The real letters as the guideline pages and the reader see them: every citation topic (with any flaw that
would spoil a "topics cited most" list) and every word a line-end hyphen mark broke (joined or kept).

    python bench/real_letters_report.py [DIR]

Reads the .pdf/.txt letters of DIR (default: tests/fixtures/letters). Reports only.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from determinations.parsing import decode_text, extract_pdf_text, parse_text  # noqa: E402
from determinations.parsing.citations import topic_problems  # noqa: E402
from determinations.parsing.hyphens import line_end_breaks  # noqa: E402

DEFAULT_DIR = ROOT / "tests" / "fixtures" / "letters"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    files = sorted(args.directory.glob("*.pdf")) + sorted(args.directory.glob("*.txt"))
    topics: Counter[tuple[str, str]] = Counter()
    breaks: Counter[tuple[str, bool]] = Counter()
    for file in files:
        text = extract_pdf_text(file.read_bytes()) if file.suffix == ".pdf" else decode_text(file.read_bytes())
        for head, tail, kept in line_end_breaks(text):
            breaks[(f"{head}-{tail}" if kept else f"{head}{tail}", kept)] += 1
        for item in parse_text(text).items:
            for citation in item.guidelines:
                if citation.topic:
                    topics[(citation.slug, citation.topic)] += 1

    print(f"{len(files)} letters from {args.directory}\n")
    print("| slug | topic | citations | flaws |")
    print("| --- | --- | ---: | --- |")
    flawed = 0
    for (slug, topic), n in sorted(topics.items(), key=lambda kv: (-kv[1], kv[0])):
        problems = topic_problems(topic)
        flawed += bool(problems)
        print(f"| {slug} | {topic} | {n} | {', '.join(problems) or '-'} |")
    print(f"\n{len(topics)} distinct topics, {sum(topics.values())} citations with a topic; "
          f"{flawed} with unbalanced brackets, doubled commas, a trailing fragment or stray punctuation\n")

    print("| word broken at a line end | read as | times |")
    print("| --- | --- | ---: |")
    for (word, kept), n in sorted(breaks.items()):
        print(f"| {word} | {'hyphen kept' if kept else 'joined'} | {n} |")
    kept_n = sum(n for (_, kept), n in breaks.items() if kept)
    joined_n = sum(n for (_, kept), n in breaks.items() if not kept)
    print(f"\nline-end hyphen marks: {kept_n + joined_n}; hyphen kept (a compound): {kept_n}; joined (one word): "
          f"{joined_n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
