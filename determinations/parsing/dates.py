"""Dates in every form the letters write them: 10/21/08, 10-13-16, 2/14/2012, July 28, 2014, 2016-12-09."""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

# One pattern for "a date somewhere in this text"; the groups say which form matched.
DATE_PATTERN = (
    r"(?:(?P<m>\d{1,2})\s?[/\-.]\s?(?P<d>\d{1,2})\s?[/\-.]\s?(?P<y>\d{4}|\d{2})(?!\d)"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
    rf"|(?P<mon>{_MONTH_NAMES})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})"
    rf"|(?P<dd>\d{{1,2}})\s+(?P<dmon>{_MONTH_NAMES})\.?,?\s+(?P<dy>\d{{4}}))"
)
DATE_RE = re.compile(r"(?<![\d/])" + DATE_PATTERN, re.IGNORECASE)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _from_match(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("m"):
            return dt.date(_year(m.group("y")), int(m.group("m")), int(m.group("d")))
        if m.group("iy"):
            return dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        if m.group("mon"):
            return dt.date(int(m.group("my")), MONTHS[m.group("mon").lower()], int(m.group("md")))
        if m.group("dmon"):
            return dt.date(int(m.group("dy")), MONTHS[m.group("dmon").lower()], int(m.group("dd")))
    except ValueError:
        return None
    return None


def parse_date(text: str | None) -> dt.date | None:
    """The first valid date in `text`, or None. Two-digit years: 00-69 -> 20xx, 70-99 -> 19xx."""
    if not text:
        return None
    for m in DATE_RE.finditer(text):
        value = _from_match(m)
        if value is not None:
            return value
    return None
