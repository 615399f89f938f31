"""A horizontal bar chart of one fact across models, drawn in HTML by macros/model_chart.j2.

Each row is the model's name and its value's text on one line, with the bar below them. The chart
is text of the page, so it takes the page's font size and direction (on a right-to-left page the
bars start at the right) and scales with the column; only the bar's length is computed here.
Values without a number (not disclosed) get no bar.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_SHARE = 0.5  # percent: a tiny but non-zero value stays visible


@dataclass(frozen=True)
class ChartRow:
    name: str
    value: float | None  # what the bar's length shows
    text: str  # the value as the reader reads it, formatted for the page's language


@dataclass(frozen=True)
class ChartBar:
    name: str
    text: str
    share: float  # the bar's length, in percent of the longest bar; 0: no bar


def bar_chart(rows: list[ChartRow]) -> list[ChartBar]:
    """Bars proportional to the largest value."""
    largest = max((row.value for row in rows if row.value), default=0)
    return [
        ChartBar(row.name, row.text, round(max(MIN_SHARE, 100 * row.value / largest), 2) if row.value and largest else 0) for row in rows
    ]
