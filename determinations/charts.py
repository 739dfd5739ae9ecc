"""Charts drawn on the server as inline SVG: no JavaScript, no network, legible when printed.

Every chart carries a <title> and a <desc> (read by screen readers) and prints in black and white: bars are
outlined and hatched, and each bar has its value written beside it, so no colour carries meaning. The data
table beside each chart holds the same numbers.
"""

from __future__ import annotations

import itertools
import textwrap
from html import escape

from django.utils.safestring import SafeString, mark_safe

from determinations.stats import Row, Table

_ids = itertools.count(1)
FONT = "font-family=\"system-ui, sans-serif\""
BAR = "#1f4e79"


def _defs(uid: str) -> str:
    return (
        f'<defs><pattern id="hatch-{uid}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{BAR}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="1.5"/></pattern></defs>'
    )


def _open(uid: str, width: int, height: int, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-{uid}-title chart-{uid}-desc" {FONT}>'
        f'<title id="chart-{uid}-title">{escape(title)}</title><desc id="chart-{uid}-desc">{escape(desc)}</desc>'
        + _defs(uid)
    )


def _lines(text: str, width: int = 30, most: int = 3) -> list[str]:
    """A label wrapped to fit the label column: whole, never cut (a very long one on `most` lines)."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > most:
        lines = lines[: most - 1] + [" ".join(lines[most - 1:])]
    return lines


def _month_index(key: str) -> int | None:
    """Months since year 0 of a "YYYY-MM" key (None if the key is not a month)."""
    try:
        year, month = key.split("-")
        return int(year) * 12 + int(month) - 1
    except ValueError:
        return None


def describe(table: Table) -> str:
    """One sentence a screen reader can read instead of the picture."""
    rows = [r for r in table.rows if r.items]
    if not rows:
        return f"{table.title}: no data."
    if table.kind == "count":
        top = max(rows, key=lambda r: r.items)
        return (f"{table.title}: {len(rows)} values, {table.total:,} {table.unit} in all; "
                f"most in {top.label} ({top.items:,}). The table beside the chart lists every value.")
    rated = [r for r in rows if r.rate is not None]
    high, low = max(rated, key=lambda r: r.rate), min(rated, key=lambda r: r.rate)
    ref = f" The archive's overall rate is {table.reference:.1%}." if table.reference is not None else ""
    return (f"{table.title}: {len(rows)} values. Highest {high.label} at {high.percent} of {high.items:,} items; "
            f"lowest {low.label} at {low.percent} of {low.items:,} items.{ref} The table beside the chart lists "
            "every value.")


def rate_bars(table: Table) -> SafeString:
    """Horizontal bars of the overturn rate, one per row, labelled with the rate and the number of items."""
    uid = str(next(_ids))
    rows: list[Row] = [r for r in table.rows if r.items]
    label_w, bar_w, value_w, line_h, top = 230, 270, 130, 15, 28
    labels = [_lines(r.label) for r in rows]
    heights = [max(22, 7 + line_h * len(lines)) for lines in labels]
    width, height = label_w + bar_w + value_w, top + sum(heights or [22]) + 24
    peak = max([r.rate or 0 for r in rows] + [table.reference or 0, 0.01])
    scale = next(s for s in (0.05, 0.1, 0.2, 0.25, 0.5, 1.0) if s >= peak - 1e-9)  # round axis, 5 ticks
    parts = [_open(uid, width, height, table.title, describe(table))]
    for tick in range(0, 6):
        x = label_w + bar_w * tick / 5
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 22}" stroke="#c8cdd2" '
                     'stroke-width="1"/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 10}" font-size="11" text-anchor="middle" fill="#333">'
                     f'{scale * tick / 5:.0%}</text>')
    y = top
    for row, lines, row_h in zip(rows, labels, heights, strict=True):
        w = bar_w * (row.rate or 0) / scale
        spans = "".join(f'<tspan x="{label_w - 8}" dy="{0 if n == 0 else line_h}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        parts.append(f'<text y="{y + 15}" font-size="12.5" text-anchor="end" fill="#111">{spans}</text>')
        mid = y + (row_h - 15) / 2
        parts.append(f'<rect x="{label_w}" y="{mid + 3:.1f}" width="{w:.1f}" height="15" '
                     f'fill="url(#hatch-{uid})" stroke="#000" stroke-width="1"><title>{escape(row.label)}: '
                     f'{row.percent} of {row.items:,} items</title></rect>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{mid + 15:.1f}" font-size="13" fill="#111">{row.percent} '
                     f'<tspan fill="#444">of {row.items:,}</tspan></text>')
        y += row_h
    if table.reference is not None:
        x = label_w + bar_w * table.reference / scale
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 20}" stroke="#000" '
                     'stroke-width="1.5" stroke-dasharray="5 3"/>')
        parts.append(f'<text x="{x + 4:.1f}" y="{height - 6}" font-size="11" fill="#000">'
                     f'archive: {table.reference:.1%}</text>')
    if not rows:
        parts.append(f'<text x="{label_w}" y="{top + 15}" font-size="13">No data.</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def count_columns(table: Table) -> SafeString:
    """Vertical columns of a count (decisions per month), a label under every year's first column."""
    uid = str(next(_ids))
    rows = table.rows
    left, top, plot_h, bottom = 56, 16, 200, 40
    plot_w = 640
    # A true time axis: months are placed by date, so a month without decisions is a gap, not skipped.
    months = [_month_index(r.key) for r in rows]
    timed = bool(rows) and None not in months
    first = min(months) if timed else 0
    slots = (max(months) - first + 1) if timed else max(len(rows), 1)
    col = min(40.0, plot_w / slots)
    width = left + plot_w + 16
    height = top + plot_h + bottom
    peak = max([r.items for r in rows] + [1])
    step = _nice_step(peak)
    axis_top = step * (-(-peak // step))
    parts = [_open(uid, width, height, table.title, describe(table))]
    tick = 0
    while tick <= axis_top:
        y = top + plot_h - plot_h * tick / axis_top
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="#c8cdd2"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#333">'
                     f'{tick:,}</text>')
        tick += step
    if timed:  # a tick at every January in range, labelled when there is room
        label_every = max(1, -(-40 // int(col * 12 or 1)))
        for year in range(first // 12, (first + slots - 1) // 12 + 1):
            x = left + max(0, year * 12 - first) * col
            parts.append(f'<line x1="{x:.1f}" y1="{top + plot_h}" x2="{x:.1f}" y2="{top + plot_h + 6}" stroke="#000"/>')
            if (year - first // 12) % label_every == 0 and x < left + plot_w - 24:
                parts.append(f'<text x="{x + 2:.1f}" y="{top + plot_h + 20}" font-size="11" fill="#111">{year}</text>')
    previous_year = None
    for n, row in enumerate(rows):
        h = plot_h * row.items / axis_top
        x = left + ((months[n] - first) if timed else n) * col
        parts.append(f'<rect x="{x + 0.5:.1f}" y="{top + plot_h - h:.1f}" width="{max(col - 1, 1):.1f}" '
                     f'height="{h:.1f}" fill="url(#hatch-{uid})" stroke="#000" stroke-width="0.6">'
                     f'<title>{escape(row.label)}: {row.items:,} {escape(table.unit)}</title></rect>')
        year = row.key[:4]
        if not timed and year != previous_year:
            parts.append(f'<text x="{x + 2:.1f}" y="{top + plot_h + 20}" font-size="11" fill="#111">'
                         f'{escape(year)}</text>')
            previous_year = year
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#000"/>')
    if not rows:
        parts.append(f'<text x="{left + 8}" y="{top + 20}" font-size="13">No data.</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _nice_step(peak: int) -> int:
    """A round gridline step giving about four to eight lines."""
    step = 1
    while peak / step > 8:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if peak / step <= 8:
                break
    return max(step, 1)


def chart(table: Table) -> SafeString:
    return count_columns(table) if table.kind == "count" else rate_bars(table)
