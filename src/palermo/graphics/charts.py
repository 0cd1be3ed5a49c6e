"""Small charts computed on the server: the geometry of bar and line charts for SVG templates.

Functions here return numbers and coordinates only; the templates in ``web/charts/`` draw them and
format every number for the reader's language, and each chart comes with a data table so that the
figures are there for screen readers and for copying (WAI "Complex images" tutorial).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

# Room for axis labels inside the SVG's user space.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48.0, 20.0, 12.0, 28.0


@dataclass(frozen=True)
class Tick:
    value: float
    pos: float


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    label_x: float
    show_label: bool


@dataclass
class Chart:
    """What a template needs to draw a chart: the frame, the axes and the marks."""

    width: float
    height: float
    y_ticks: list[Tick] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    line: str = ""  # SVG polyline points
    dots: list[tuple[float, float, str, float]] = field(default_factory=list)  # x, y, label, value
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    baseline: float = 0.0
    left: float = MARGIN_LEFT
    right: float = 0.0
    show_dots: bool = True

    @property
    def empty(self) -> bool:
        return not self.bars and not self.dots


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``maximum`` (steps of 1, 2 or 5 times a power of 10)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    top = math.ceil(maximum / step) * step
    return [i * step for i in range(round(top / step) + 1)]


def left_margin(ticks: Sequence[float], char_width: float = 7.0) -> float:
    """Room for the widest y-axis label (digits with group separators) left of the plot.

    A fixed margin cut "1,500,000" to "500,000" on money charts: the plot now moves right instead.
    """
    widest = max((len(f"{t:,.0f}") for t in ticks), default=1)
    return max(MARGIN_LEFT, widest * char_width + 12.0)


def _label_every(n: int, room: float, per_label: float = 34.0) -> int:
    """Show every k-th category label so that labels never overlap."""
    return max(1, math.ceil(n * per_label / room)) if n else 1


def bar_chart(
    points: Sequence[tuple[str, float]], width: float = 720.0, height: float = 260.0
) -> Chart:
    """Vertical bars, one per (label, value), on a zero-based axis."""
    chart = Chart(width=width, height=height)
    chart.right = width - MARGIN_RIGHT
    chart.baseline = height - MARGIN_BOTTOM
    if not points:
        return chart
    plot_h = chart.baseline - MARGIN_TOP
    ticks = nice_ticks(max(v for _, v in points))
    top = ticks[-1]
    chart.left = left_margin(ticks)
    plot_w = chart.right - chart.left
    chart.y_ticks = [Tick(t, chart.baseline - plot_h * t / top) for t in ticks]
    slot = plot_w / len(points)
    every = _label_every(len(points), plot_w)
    for i, (label, value) in enumerate(points):
        h = plot_h * value / top
        x = chart.left + i * slot
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                x=round(x + slot * 0.1, 2),
                y=round(chart.baseline - h, 2),
                width=round(slot * 0.8, 2),
                height=round(h, 2),
                label_x=round(x + slot / 2, 2),
                show_label=(len(points) - 1 - i) % every == 0,  # always label the latest bar
            )
        )
    return chart


def line_chart(
    points: Sequence[tuple[int, float]],
    width: float = 360.0,
    height: float = 160.0,
    y_min: float | None = None,
    y_max: float | None = None,
) -> Chart:
    """A line through (year, value) points; the y axis starts at 0 unless ``y_min`` is given."""
    chart = Chart(width=width, height=height)
    chart.right = width - MARGIN_RIGHT
    chart.baseline = height - MARGIN_BOTTOM
    if not points:
        return chart
    plot_h = chart.baseline - MARGIN_TOP
    low = 0.0 if y_min is None else y_min
    ticks = nice_ticks(max(v for _, v in points) - low if y_max is None else y_max - low)
    top = low + ticks[-1]
    chart.left = left_margin([low + t for t in ticks])
    plot_w = chart.right - chart.left
    chart.y_ticks = [Tick(low + t, chart.baseline - plot_h * t / (top - low)) for t in ticks]
    years = [x for x, _ in points]
    first, last = min(years), max(years)
    span = max(last - first, 1)

    def xpos(year: int) -> float:
        return (
            chart.left + plot_w * (year - first) / span if last > first else chart.left + plot_w / 2
        )

    coords = []
    for year, value in points:
        x = round(xpos(year), 2)
        y = round(chart.baseline - plot_h * (value - low) / (top - low), 2)
        coords.append(f"{x},{y}")
        chart.dots.append((x, y, str(year), value))
    chart.show_dots = len(points) <= 30  # past that, dots only thicken the line
    chart.line = " ".join(coords)
    every = _label_every(span + 1, plot_w)
    chart.x_labels = [
        (round(xpos(year), 2), str(year))
        for year in range(first, last + 1)
        if (last - year) % every == 0
    ]
    return chart
