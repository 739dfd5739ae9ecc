"""Charts: months on a true time axis, labels whole."""

from __future__ import annotations

import re

from determinations import charts
from determinations.stats import Row, Table


def test_missing_months_leave_gaps_on_the_time_axis():
    rows = [Row("2015-01", "Jan 2015", 3), Row("2015-06", "Jun 2015", 1), Row("2016-01", "Jan 2016", 2)]
    table = Table("month", "Decisions per month", "Month", rows, kind="count", unit="decisions")
    svg = str(charts.chart(table))
    bar = r'<rect x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="url'
    xs = [float(x) for x in re.findall(bar, svg)]
    step = (xs[1] - xs[0]) / 5  # June is five months after January
    assert abs((xs[2] - xs[0]) - 12 * step) < 0.01  # and the next January twelve
    assert ">2015</text>" in svg and ">2016</text>" in svg


def test_long_labels_are_wrapped_not_cut():
    label = "MTUS ACOEM Chapter 12: Low Back Complaints (a long guideline name)"
    svg = str(charts.chart(Table("guideline", "Rates", "Guideline", [Row("x", label, 10, 4)])))
    assert "…" not in svg
    assert "".join(re.findall(r"<tspan x=\"[\d.]+\" dy=\"\d+\">([^<]*)</tspan>", svg)).replace(" ", "") == \
        label.replace(" ", "")
