"""Server-drawn SVG figures of the dashboard: share bars, trend line, choropleth and flow map."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from typing import Any

from palermo.graphics import charts, maps
from palermo.statistics.citizenship import regions
from palermo.ui.formatting import percent

PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
# The same rules as static/statistics/figures.css: a downloaded SVG carries them inline, the page
# strips them (its Content Security Policy forbids inline styles) and links the stylesheet.
CSS = (
    ".bar{fill:#3182bd}.lbl{font:11px sans-serif;fill:#333}.country{fill:#e5e5e5;stroke:#fff;"
    "stroke-width:.4}.flow{fill:none;stroke:#c0392b;stroke-opacity:.6}"
    ".line{fill:none;stroke:#3182bd;stroke-width:2}"
    + "".join(f".shade-{i}{{fill:{c}}}" for i, c in enumerate(PALETTE))
)
_STYLE = re.compile(r"<style>.*?</style>", re.S)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _svg(width: float, height: float, title: str, body: str, cls: str = "chart-svg") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'class="{cls}" role="img"><title>{escape(title)}</title>'
        f"<style>{CSS}</style>{body}</svg>"
    )


def for_page(svg: str) -> str:
    """The SVG to embed in a page: without its inline stylesheet (the page links figures.css)."""
    return _STYLE.sub("", svg, count=1)


def bars(points: list[tuple[str, float]], title: str) -> str:
    """Bars of shares (0-1), labelled in per cent in the active language ("58%" / "58 %")."""
    chart = charts.bar_chart([(label, value * 100) for label, value in points])
    body = []
    for bar in chart.bars:
        shown = escape(percent(bar.value / 100))
        body.append(
            f'<rect class="bar" x="{bar.x:.1f}" y="{bar.y:.1f}" width="{bar.width:.1f}" '
            f'height="{bar.height:.1f}"><title>{escape(bar.label)}: {shown}</title></rect>'
            f'<text class="lbl" x="{bar.label_x:.1f}" y="{chart.baseline + 14:.1f}" '
            f'text-anchor="middle">{escape(bar.label)}</text>'
            f'<text class="lbl" x="{bar.label_x:.1f}" y="{bar.y - 4:.1f}" '
            f'text-anchor="middle">{shown}</text>'
        )
    return _svg(chart.width, chart.height, title, "".join(body))


def trend(points: list[tuple[int, float]], title: str) -> str:
    chart = charts.line_chart(points, width=720, height=260)
    body = [f'<polyline class="line" points="{chart.line}"></polyline>']
    for x, label in chart.x_labels:
        body.append(
            f'<text class="lbl" x="{x:.1f}" y="{chart.baseline + 14:.1f}" '
            f'text-anchor="middle">{escape(str(label))}</text>'
        )
    for tick in chart.y_ticks:
        body.append(
            f'<text class="lbl" x="{chart.left - 6:.1f}" y="{tick.pos:.1f}" '
            f'text-anchor="end">{tick.value:,.0f}</text>'
        )
    return _svg(chart.width, chart.height, title, "".join(body))


def _view() -> tuple[float, float]:
    parts = maps.view_box().split()
    return float(parts[2]), float(parts[3])


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """M49 -> the mean of a shape's path points: rough, but enough to anchor a flow line."""
    out = {}
    for shape in maps.world_shapes():
        nums = [float(n) for n in _NUMBER.findall(shape.path)]
        xs, ys = nums[0::2], nums[1::2]
        if xs and ys:
            out[shape.m49] = (sum(xs) / len(xs), sum(ys) / len(ys))
    return out


def choropleth(values: dict[str, Any], title: str) -> str:
    """Countries shaded by five classes of detected victims; '<5' in the lightest class."""
    iso3_of = {code: iso3 for iso3, (code, _r, _s) in regions().items() if code}
    breaks = (5, 50, 250, 1000)
    body = []
    for shape in maps.world_shapes():
        iso3 = iso3_of.get(shape.m49)
        value = values.get(iso3) if iso3 else None
        shade = ""
        label = escape(shape.name)
        if value is not None:
            number = 0 if value == "<5" else float(value)
            shade = f" shade-{sum(number >= b for b in breaks)}"
            label += f": {escape(str(value))}"
        body.append(
            f'<path class="country{shade}" data-m49="{shape.m49}" d="{shape.path}">'
            f"<title>{label}</title></path>"
        )
    width, height = _view()
    return _svg(width, height, title, "".join(body), cls="map-svg")


def flow_map(pairs: list[tuple[str, str, int]], title: str, top: int = 40) -> str:
    """Curved lines from citizenship to detecting country, width by victims (top flows only)."""
    m49 = {iso3: code for iso3, (code, _r, _s) in regions().items()}
    where = centroids()
    body = [f'<path class="country" d="{s.path}"></path>' for s in maps.world_shapes()]
    shown = [p for p in pairs if p[2] >= 5][:top]  # a flow under 5 victims is never drawn
    biggest = max((n for _o, _d, n in shown), default=1)
    for origin, dest, n in shown:
        a, b = where.get(m49.get(origin, "")), where.get(m49.get(dest, ""))
        if not a or not b:
            continue
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2 - abs(b[0] - a[0]) / 5
        body.append(
            f'<path class="flow" d="M{a[0]:.1f},{a[1]:.1f} Q{mx:.1f},{my:.1f} {b[0]:.1f},{b[1]:.1f}"'
            f' stroke-width="{0.5 + 5 * n / biggest:.2f}"><title>{escape(origin)} → '
            f"{escape(dest)}: {n}</title></path>"
        )
    width, height = _view()
    return _svg(width, height, title, "".join(body), cls="map-svg")
