"""A world map drawn on the server: TopoJSON country shapes projected to SVG path data.

The shapes are Natural Earth 1:110m countries from the npm package ``world-atlas`` (ISC licence,
vendored in ``palermo/graphics/data/``); their ids are ISO 3166-1 numeric codes, which are
the UN M49 country codes, so a shape joins a ``Country`` on ``m49``. No internet is needed at run
time and no script is needed to see the map: the browser script only restyles the paths per year.

The projection is Natural Earth I (Šavrič, Patterson and Jenny, "The Natural Earth projection",
2011/2015), a compromise projection meant for world maps, evaluated from its published polynomial.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

TOPOJSON = Path(__file__).parent / "data" / "countries-110m.json"

# The SVG user space: the projected world scaled to this width; the height follows from the ratio.
WIDTH = 960.0
# Antarctica is left out, as on most thematic world maps: it cannot be a party and takes a fifth.
EXCLUDED = frozenset({"010"})

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    """One country's outline as SVG path data, with its M49 code and Natural Earth name."""

    m49: str
    name: str
    path: str


def natural_earth(lon: float, lat: float) -> Point:
    """Project degrees to Natural Earth I plane coordinates (radians-based, unscaled)."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


# Extent of the projection: x at the equator's ends, y at the poles.
_X_MAX = natural_earth(180.0, 0.0)[0]
_Y_MAX = natural_earth(0.0, 90.0)[1]
SCALE = WIDTH / (2 * _X_MAX)
HEIGHT = round(2 * _Y_MAX * SCALE, 1)


def to_svg(lon: float, lat: float) -> Point:
    """Degrees to SVG user units (origin top-left, y down)."""
    x, y = natural_earth(lon, lat)
    return (x + _X_MAX) * SCALE, (_Y_MAX - y) * SCALE


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The topology's arcs as lists of (lon, lat): undo delta encoding and quantisation."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        qx = qy = 0
        points = []
        for p in arc:
            qx, qy = qx + p[0], qy + p[1]
            points.append((qx * sx + tx, qy * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[Point]]) -> list[Point]:
    """Join a ring's arcs; ``~i`` (a negative index) means arc ``i`` walked backwards."""
    points: list[Point] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point: keep it once.
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(points: list[Point]) -> list[Point]:
    """Make longitudes continuous where a ring crosses the antimeridian (e.g. Russia, Fiji)."""
    out: list[Point] = []
    shift = 0.0
    for i, (lon, lat) in enumerate(points):
        if i:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def clip(points: list[Point], limit: float, keep_below: bool) -> list[Point]:
    """Sutherland-Hodgman clip of a ring to lon <= limit (or >= limit): one half-plane only."""

    def inside(p: Point) -> bool:
        return p[0] <= limit if keep_below else p[0] >= limit

    out: list[Point] = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current) != inside(previous):
            t = (limit - previous[0]) / (current[0] - previous[0])
            out.append((limit, previous[1] + t * (current[1] - previous[1])))
        if inside(current):
            out.append(current)
    return out


def split_at_antimeridian(points: list[Point]) -> list[list[Point]]:
    """A ring as one or two rings inside [-180, 180]: the part past the edge moves to the other side."""
    points = unwrap(points)
    lons = [p[0] for p in points]
    if min(lons) >= -180 and max(lons) <= 180:
        return [points]
    edge = 180.0 if max(lons) > 180 else -180.0
    inner = clip(points, edge, keep_below=edge > 0)
    outer = clip(points, edge, keep_below=edge < 0)
    moved = [(lon - 2 * edge, lat) for lon, lat in outer]
    return [ring for ring in (inner, moved) if len(ring) >= 3]


def ring_path(points: list[Point]) -> str:
    """SVG path data for one ring (split at the antimeridian if it crosses it)."""
    return "".join(_ring_path(part) for part in split_at_antimeridian(points))


def _ring_path(points: list[Point]) -> str:
    """SVG path data for one closed ring, at 0.1 unit precision, skipping repeated points."""
    out: list[str] = []
    last = None
    for lon, lat in points:
        x, y = to_svg(lon, lat)
        here = f"{x:.1f},{y:.1f}"
        if here != last:
            out.append(here)
            last = here
    if len(out) < 3:
        return ""
    return "M" + "L".join(out) + "Z"


def geometry_path(geometry: dict[str, Any], arcs: list[list[Point]]) -> str:
    """SVG path data for a TopoJSON Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return ""
    return "".join(ring_path(ring_points(ring, arcs)) for polygon in polygons for ring in polygon)


def shapes_from_topology(topology: dict[str, Any], object_name: str = "countries") -> list[Shape]:
    """Every country with an id in the topology, projected, sorted by M49 code."""
    arcs = decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"][object_name]["geometries"]:
        m49 = geometry.get("id")
        if not m49 or m49 in EXCLUDED:  # e.g. N. Cyprus, Somaliland and Kosovo have no ISO id
            continue
        path = geometry_path(geometry, arcs)
        if path:
            name = (geometry.get("properties") or {}).get("name", m49)
            shapes.append(Shape(m49=str(m49).zfill(3), name=name, path=path))
    return sorted(shapes, key=lambda s: s.m49)


@lru_cache(maxsize=1)
def world_shapes() -> tuple[Shape, ...]:
    """The vendored world's shapes, read and projected once per process."""
    with TOPOJSON.open(encoding="utf-8") as fh:
        return tuple(shapes_from_topology(json.load(fh)))


def view_box() -> str:
    """The SVG viewBox that fits the projected world, Antarctica excluded (south cut at 60°S)."""
    bottom = to_svg(0.0, -60.0)[1]
    return f"0 0 {WIDTH:.0f} {bottom:.0f}"
