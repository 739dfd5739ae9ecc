"""Header fields: label/value pairs in every arrangement the extractors produce.

The 2016-17 header is a two-column table. pypdfium2 reads it as lines with two pairs each (and breaks
`Application Received:` over two lines); other extractors give blocks of labels followed by blocks of
values. Collapsing the header to one string and pairing labels with values by order and by type reads
both.
"""

from __future__ import annotations

import re

from .dates import DATE_RE, parse_date
from .record import Header
from .text import collapse

CASE_NUMBER_RE = re.compile(r"\bCM\s?(\d\d)\s?[-\u2010-\u2014]\s?(\d{7})\b", re.IGNORECASE)
PRIORITY_RE = re.compile(r"\b(standard|expedited|regular|urgent)\b", re.IGNORECASE)

# (field, label pattern). Fields starting with "_" are read and ignored (redacted labels).
LABELS: tuple[tuple[str, str], ...] = (
    ("case_number", r"(?:IMR\s+|MAXIMUS\s+)?Case\s*(?:Number|No\.?|#)"),
    ("assigned_date", r"Date\s+Assigned|Assigned\s+Date|Assignment\s+Date"),
    ("injury_date", r"Date\s+of\s+Injury|Injury\s+Date|DOI"),
    ("ur_denial_date", r"UR\s+Denial\s+Date|Date\s+of\s+UR\s+(?:Decision|Denial)|UR\s+Decision\s+Date"),
    (
        "application_received_date",
        r"(?:Date\s+)?(?:IMR\s+)?Application\s+Received(?:\s+Date)?|(?:IMR\s+)?Application\s+Date",
    ),
    ("decision_date", r"(?:IMR\s+)?Decision\s+Date|Date\s+of\s+(?:IMR\s+)?(?:Final\s+)?Determination|Dated"),
    ("priority", r"Priority"),
    ("_employee", r"Employee|Injured\s+Worker|Patient"),
    ("_claim", r"Claim\s*(?:Number|No\.?|#)"),
    ("_determination", r"Final\s+Determination"),
)
_LABEL_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<{name.lstrip('_') or 'x'}>{pattern})" for name, pattern in LABELS)
    + r")\s*:",
    re.IGNORECASE,
)
_GROUP_TO_FIELD = {name.lstrip("_"): name for name, _ in LABELS}
_MAX_VALUE_CHARS = 160


def normalise_case_number(text: str) -> str | None:
    m = CASE_NUMBER_RE.search(text)
    return f"CM{m.group(1)}-{m.group(2)}" if m else None


def parse_header(region: str) -> Header:
    """Read the label/value pairs of `region` (the text before the first section heading)."""
    header = Header()
    text = collapse(region)
    matches = list(_LABEL_RE.finditer(text))
    pending: list[str] = []
    for index, m in enumerate(matches):
        field = _GROUP_TO_FIELD[m.lastgroup or ""]
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[m.end():end].strip()
        if not value:
            pending.append(field)
            continue
        _assign(header, pending + [field], value[:_MAX_VALUE_CHARS * (len(pending) + 1)])
        pending = []
    return header


def _assign(header: Header, fields: list[str], value: str) -> None:
    """Pair labels with the values that follow them, by order within each value type."""
    dates = [d for d in (parse_date(m.group(0)) for m in DATE_RE.finditer(value)) if d is not None]
    for field in fields:
        if field.startswith("_"):
            continue
        if field == "case_number":
            if header.case_number is None:
                header.case_number = normalise_case_number(value)
        elif field == "priority":
            m = PRIORITY_RE.search(value)
            if m and header.priority is None:
                header.priority = m.group(1).title()
        elif dates:
            date = dates.pop(0)
            if getattr(header, field) is None:
                setattr(header, field, date)
