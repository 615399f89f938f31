"""Geometry of a horizontal bar chart, drawn as inline SVG by macros/model_chart.j2.

Each row is a name and its value's text on one line, with the bar below them, so the chart stays
legible when a phone shrinks it to 330 pixels. On right-to-left pages the chart is mirrored: names
and bars start at the right edge. Values without a number (not disclosed) get no bar.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 400  # viewBox units; the SVG scales to the column's width
PADDING = 4
ROW_HEIGHT = 46
TEXT_BASELINE = 17  # from the row's top
BAR_TOP = 24
BAR_HEIGHT = 14
MIN_BAR = 2  # a tiny but non-zero value stays visible


@dataclass(frozen=True)
class ChartRow:
    name: str
    value: float | None  # what the bar's length shows
    text: str  # the value as the reader reads it, formatted for the page's language


@dataclass(frozen=True)
class PlacedRow:
    name: str
    text: str
    name_x: float
    name_anchor: str  # "start" or "end"
    text_x: float
    text_anchor: str
    baseline: float
    bar_x: float
    bar_y: float
    bar_width: float  # 0: no bar
    bar_height: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    rows: list[PlacedRow]


def bar_chart(rows: list[ChartRow], rtl: bool = False) -> BarChart:
    """Place names, value texts and bars; bars are proportional to the largest value."""
    largest = max((row.value for row in rows if row.value), default=0)
    span = WIDTH - 2 * PADDING
    start, end = (WIDTH - PADDING, PADDING) if rtl else (PADDING, WIDTH - PADDING)
    placed = []
    for index, row in enumerate(rows):
        top = index * ROW_HEIGHT
        length = max(MIN_BAR, span * row.value / largest) if row.value and largest else 0
        placed.append(
            PlacedRow(
                name=row.name,
                text=row.text,
                name_x=start,
                name_anchor="end" if rtl else "start",
                text_x=end,
                text_anchor="start" if rtl else "end",
                baseline=top + TEXT_BASELINE,
                bar_x=round(start - length if rtl else start, 2),
                bar_y=top + BAR_TOP,
                bar_width=round(length, 2),
                bar_height=BAR_HEIGHT,
            )
        )
    return BarChart(WIDTH, max(1, len(rows)) * ROW_HEIGHT, placed)
