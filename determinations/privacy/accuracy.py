"""Precision and recall of the scanner on a labelled set of snippets (`labelled.jsonl` beside this file).

Personal snippets carry a `secret`: the scanner finds it when the masked text no longer contains it (a true
positive), and a letter with it would still be held when the scanner leaves a doubt instead (a hold).
Look-alikes are public (drug names, guideline titles, anatomical terms, dates of injury, IMR case numbers):
any mask in one is a false positive. Pure Python.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from determinations.privacy import scan

LABELLED = Path(__file__).with_name("labelled.jsonl")


@dataclass
class Report:
    personal: int = 0
    public: int = 0
    found: int = 0  # personal snippets whose secret was masked
    held: int = 0  # personal snippets missed by the masks but left as a doubt (their letter is held)
    false_masks: int = 0  # look-alikes with a mask
    false_holds: int = 0  # look-alikes left with a doubt
    missed_by_kind: Counter = field(default_factory=Counter)
    total_by_kind: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.false_masks) if self.found + self.false_masks else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.personal if self.personal else 1.0

    @property
    def closed_recall(self) -> float:
        """Personal snippets that never reach a public page: masked, or their letter held."""
        return (self.found + self.held) / self.personal if self.personal else 1.0


def evaluate(path: Path = LABELLED) -> Report:
    report = Report()
    for line in path.read_text().splitlines():
        row = json.loads(line)
        result = scan(row["text"])
        if row["label"] == "personal":
            report.personal += 1
            report.total_by_kind[row["kind"]] += 1
            if row["secret"] not in result.text:
                report.found += 1
                continue
            report.missed_by_kind[row["kind"]] += 1
            if result.doubts:
                report.held += 1
            else:
                report.misses.append(f"missed ({row['kind']}): {row['text']!r}")
        else:
            report.public += 1
            if result.masks:
                report.false_masks += 1
                report.misses.append(f"masked public ({row['kind']}): {row['text']!r} -> {result.text!r}")
            elif result.doubts:
                report.false_holds += 1
                report.misses.append(f"doubt on public ({row['kind']}): {row['text']!r}")
    return report
