"""`parse_letter PATH [--json]`: print one letter's record. No database; a Django command wraps `main`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from . import parse_file
from .errors import LetterError
from .record import ParsedLetter


def _human(letter: ParsedLetter) -> str:
    data = letter.to_json()
    out = [
        f"IMR letter: {'yes' if data['is_imr_letter'] else 'no'} (layout {data['layout'] or '-'})",
    ]
    for key in ("case_number", "decision_date", "injury_date", "ur_denial_date", "assigned_date",
                "application_received_date", "priority", "patient_age", "patient_sex", "outcome"):
        out.append(f"{key.replace('_', ' ').capitalize()}: {data[key] if data[key] is not None else '-'}")
    reviewer = data["reviewer"]
    if reviewer:
        specialty = reviewer["specialty"] or "-"
        if reviewer["subspecialty"]:
            specialty += f" ({reviewer['subspecialty']})"
        out.append(f"Reviewer: {specialty}; licensed in {', '.join(reviewer['licensed_states']) or '-'}; "
                   f"experience {reviewer['experience'] or '-'}")
    for number, item in enumerate(data["items"], start=1):
        opioid = ", opioid" if item["is_opioid"] else ""
        out.append(f"Item {number}: {item['description']} -> {item['decision']} [{item['category']}{opioid}]")
        for citation in item["guidelines"]:
            out.append(f"    {citation['cited_by']}: {citation['slug']}: {citation['text']}")
    if data["sections"]:
        out.append("Sections: " + ", ".join(data["sections"]))
    for warning in data["warnings"]:
        out.append(f"Warning: {warning}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Exit 0 with the record printed; exit 2 with a one-line error for an unreadable file."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = argparse.ArgumentParser(prog="parse_letter", description="Parse one IMR determination letter.")
    parser.add_argument("path", help="a .pdf or text file")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON object")
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        letter = parse_file(args.path)
    except LetterError as exc:
        print(f"parse_letter: error: {exc}", file=stderr)
        return 2
    if args.json:
        print(json.dumps(letter.to_json(), ensure_ascii=False), file=stdout)
    else:
        print(_human(letter), file=stdout)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
