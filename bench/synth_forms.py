"""How many generated letters of a folder (`make_letters --out DIR`) show each form of synth/forms.py.

    python bench/synth_forms.py DIR

Reads each letter's truth (`*.json`) and, for text letters, its text. Reports only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from synth.forms import FORMS  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    counts: Counter[str] = Counter()
    truths = sorted(args.directory.glob("*.json"))
    for path in truths:
        truth = json.loads(path.read_text(encoding="utf-8"))
        letter = path.with_suffix(".txt")
        text = letter.read_text(encoding="utf-8") if letter.exists() else None
        counts.update(name for name, shows in FORMS.items() if shows(truth, text))
    print(f"{len(truths)} letters in {args.directory}")
    for name in FORMS:
        print(f"  {name:48} {counts[name]:6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
