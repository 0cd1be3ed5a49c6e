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
    return nice_range(0.0, maximum, count)


def _step(span: float, count: int) -> float:
    """About ``span / count``, rounded up to 1, 2 or 5 times a power of 10."""
    raw = span / count
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def nice_range(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from at most ``low`` to at least ``high``, on a round step.

    The axis need not start at 0: intervals of estimates far from 0 would be squeezed into a
    corner. A single value gets a range around it.
    """
    low, high = min(low, high), max(low, high)
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = _step(high - low, count)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    digits = max(0, -math.floor(math.log10(step)))  # 0.1 * 3 is 0.30000000000000004
    return [round(first + i * step, digits) for i in range(round((last - first) / step) + 1)]


def decimals(ticks: Sequence[float]) -> int:
    """How many decimals tell the ticks apart (0 for steps of 1 or more)."""
    if len(ticks) < 2:
        return 0
    step = abs(ticks[1] - ticks[0])
    return max(0, -math.floor(math.log10(step))) if step else 0


def left_margin(ticks: Sequence[float], char_width: float = 7.0) -> float:
    """Room for the widest y-axis label (digits with group separators) left of the plot.

    A fixed margin cut "1,500,000" to "500,000" on money charts: the plot now moves right instead.
    """
    widest = max((len(f"{t:,.0f}") for t in ticks), default=1)
    return max(MARGIN_LEFT, widest * char_width + 12.0)


def _frame(width: float, height: float) -> Chart:
    """An empty chart: the plot's right edge and its baseline inside the margins."""
    return Chart(
        width=width, height=height, right=width - MARGIN_RIGHT, baseline=height - MARGIN_BOTTOM
    )


def _label_every(n: int, room: float, per_label: float = 34.0) -> int:
    """Show every k-th category label so that labels never overlap."""
    return max(1, math.ceil(n * per_label / room)) if n else 1


def bar_chart(
    points: Sequence[tuple[str, float]], width: float = 720.0, height: float = 260.0
) -> Chart:
    """Vertical bars, one per (label, value), on a zero-based axis."""
    chart = _frame(width, height)
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
    chart = _frame(width, height)
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


@dataclass(frozen=True)
class Interval:
    """A point estimate and its interval (either end may be unknown), one row of an interval chart."""

    label: str
    estimate: float
    low: float | None = None
    high: float | None = None
    highlight: bool = False  # drawn filled: the one the reader should compare the others with


@dataclass(frozen=True)
class IntervalRow:
    """Where one interval is drawn: its dot at ``x``, its whisker from ``x_low`` to ``x_high``."""

    interval: Interval
    y: float
    x: float
    x_low: float | None
    x_high: float | None

    @property
    def whisker(self) -> bool:
        return self.x_low is not None and self.x_high is not None


@dataclass
class IntervalChart:
    """Dot-and-whisker chart, one row per estimate, on a horizontal value axis (ticks below)."""

    width: float
    height: float
    left: float
    right: float
    top: float
    baseline: float
    x_ticks: list[Tick] = field(default_factory=list)
    rows: list[IntervalRow] = field(default_factory=list)
    decimals: int = 0  # of the tick labels
    reference: float | None = None  # a value drawn as a vertical line across the rows
    reference_x: float | None = None

    @property
    def empty(self) -> bool:
        return not self.rows


def _ends(interval: Interval) -> tuple[float | None, float | None]:
    """The interval's ends that can be placed on an axis (None for unknown or not finite)."""
    low, high = interval.low, interval.high
    return (
        low if low is not None and math.isfinite(low) else None,
        high if high is not None and math.isfinite(high) else None,
    )


def interval_chart(
    intervals: Sequence[Interval],
    reference: float | None = None,
    width: float = 640.0,
    row_height: float = 28.0,
    char_width: float = 7.0,
) -> IntervalChart:
    """Estimates with their intervals, one row each, labels on the left; the axis covers every
    estimate, every interval end and ``reference`` (e.g. the number observed, a floor).

    A row gets a whisker only when both ends are known; a number that is not finite cannot be
    placed, so such an end counts as unknown and such an estimate is left out.
    """
    intervals = [i for i in intervals if math.isfinite(i.estimate)]
    if reference is not None and not math.isfinite(reference):
        reference = None
    top = MARGIN_TOP + 12.0  # room above the first row for the reference line's overrun
    baseline = top + row_height * len(intervals)
    height = baseline + MARGIN_BOTTOM
    widest = max((len(i.label) for i in intervals), default=0)
    chart = IntervalChart(
        width=width,
        height=height,
        left=max(MARGIN_LEFT, widest * char_width + 16.0),
        right=width - MARGIN_RIGHT,
        top=top,
        baseline=baseline,
        reference=reference,
    )
    if not intervals:
        return chart
    values = [v for i in intervals for v in (i.estimate, *_ends(i)) if v is not None]
    if reference is not None:
        values.append(reference)
    # about one tick every 70 units: "15,000" fits between two
    count = max(2, round((chart.right - chart.left) / 70))
    ticks = nice_range(min(values), max(values), count)
    first, last = ticks[0], ticks[-1]
    chart.decimals = decimals(ticks)
    # the last tick label is centred on the right end of the axis: keep it inside the SVG
    chart.right = width - max(MARGIN_RIGHT, len(f"{last:,.{chart.decimals}f}") * char_width / 2 + 4)
    plot_w = chart.right - chart.left

    def xpos(value: float) -> float:
        return round(chart.left + plot_w * (value - first) / (last - first), 2)

    chart.x_ticks = [Tick(t, xpos(t)) for t in ticks]
    for n, interval in enumerate(intervals):
        low, high = _ends(interval)
        whisker = low is not None and high is not None
        chart.rows.append(
            IntervalRow(
                interval=interval,
                y=round(top + row_height * (n + 0.5), 2),
                x=xpos(interval.estimate),
                x_low=xpos(low) if whisker and low is not None else None,
                x_high=xpos(high) if whisker and high is not None else None,
            )
        )
    if reference is not None:
        chart.reference_x = xpos(reference)
    return chart
