"""A small server-rendered SVG chart of estimates and intervals across thresholds and methods.

Written here because the estimation app may not import palermo.web (a higher floor); the
dashboard's chart helpers in palermo/web/charts.py should move below both (see docs/mse.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Point:
    label: str
    estimate: float
    low: float | None
    high: float | None
    chosen: bool


def points(sensitivity: list[dict[str, Any]], method: str, threshold: float) -> list[Point]:
    out = []
    for row in sensitivity:
        if row.get("estimate") is None:
            continue
        is_step = row["method"] == "stepwise"
        label = f"stepwise p={row['threshold']:g}" if is_step else row["method"].upper()
        chosen = row["method"] == method and (not is_step or row["threshold"] == threshold)
        low, high = row.get("ci") or (None, None)
        out.append(Point(label, float(row["estimate"]), low, high, chosen))
    return out


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low or abs(high) or 1.0
    raw = span / count
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    first = (low // step) * step
    return [first + i * step for i in range(count + 3) if first + i * step <= high + step]


def estimate_chart(data: list[Point], title: str, observed: int | None = None) -> SafeString:
    """Dot-and-whisker chart, one row per model choice; the chosen one is drawn darker."""
    if not data:
        return SafeString("")
    width, row_h, left, right, top = 640, 28, 150, 20, 30
    height = top + row_h * len(data) + 30
    values = [v for p in data for v in (p.estimate, p.low, p.high) if v is not None]
    if observed is not None:
        values.append(observed)
    ticks = _ticks(min(values), max(values))
    lo, hi = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo or 1) * (width - left - right)

    axis = format_html_join(
        "",
        '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" class="grid"/>'
        '<text x="{0}" y="{3}" text-anchor="middle" class="tick">{4}</text>',
        ((f"{x(t):.1f}", top - 6, height - 24, height - 8, f"{t:,.0f}") for t in ticks),
    )
    rows = []
    for i, p in enumerate(data):
        y = top + row_h * i + row_h / 2
        whisker = ""
        if p.low is not None and p.high is not None:
            whisker = format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="ci"/>',
                f"{x(p.low):.1f}",
                f"{x(p.high):.1f}",
                f"{y:.1f}",
                f"{y:.1f}",
            )
        rows.append(
            format_html(
                '<g class="{}"><text x="{}" y="{}" text-anchor="end" class="label">{}</text>'
                '{}<circle cx="{}" cy="{}" r="5"/></g>',
                "chosen" if p.chosen else "other",
                left - 8,
                f"{y + 4:.1f}",
                p.label,
                whisker,
                f"{x(p.estimate):.1f}",
                f"{y:.1f}",
            )
        )
    floor = ""
    if observed is not None:
        floor = format_html(
            '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" class="observed"/>',
            f"{x(observed):.1f}",
            top - 6,
            height - 24,
        )
    return format_html(
        '<svg class="estimate-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title">'
        '<title id="chart-title">{}</title>'
        "<style>.grid{{stroke:#ddd}}.tick,.label{{font-size:12px;fill:#333}}"
        ".ci{{stroke:#555;stroke-width:2}}.chosen circle{{fill:#1d4f91}}"
        ".other circle{{fill:#fff;stroke:#1d4f91;stroke-width:2}}"
        ".observed{{stroke:#b00;stroke-dasharray:4 3}}</style>{}{}{}</svg>",
        width,
        height,
        title,
        axis,
        floor,
        # each row was built by format_html, which escaped its text
        mark_safe("".join(rows)),  # noqa: S308
    )
