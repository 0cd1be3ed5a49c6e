"""The map projection and TopoJSON decoding, chart geometry, and the table's URL state."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from palermo.graphics import charts, maps
from palermo.ui.tables import Column, Table


def test_projection_is_centred_and_symmetric() -> None:
    assert maps.natural_earth(0, 0) == (0.0, 0.0)
    x, y = maps.natural_earth(180, 45)
    assert maps.natural_earth(-180, -45) == pytest.approx((-x, -y))
    left, top = maps.to_svg(-180, 90)
    assert left == pytest.approx(maps.natural_earth(-180, 90)[0] * maps.SCALE + maps.WIDTH / 2)
    assert top == pytest.approx(0.0, abs=1e-9)


def test_topojson_arcs_are_decoded_and_reversed() -> None:
    topology = {
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [10, 0], [0, 10]], [[10, 10], [-10, 0], [0, -10]]],
        "objects": {
            "countries": {
                "geometries": [
                    {"type": "Polygon", "id": "123", "arcs": [[0, 1]], "properties": {"name": "A"}},
                    {"type": "Polygon", "arcs": [[~1, ~0]], "properties": {"name": "no id"}},
                ]
            }
        },
    }
    arcs = maps.decode_arcs(topology)
    assert arcs[0] == [(0, 0), (10, 0), (10, 10)]
    assert maps.ring_points([0, 1], arcs) == [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert maps.ring_points([~0], arcs) == [(10, 10), (10, 0), (0, 0)]
    shapes = maps.shapes_from_topology(topology)
    assert [s.m49 for s in shapes] == ["123"]
    assert shapes[0].path.startswith("M")
    assert shapes[0].path.endswith("Z")


def test_rings_across_the_antimeridian_are_split() -> None:
    ring = [(170.0, 0.0), (-170.0, 0.0), (-170.0, 10.0), (170.0, 10.0), (170.0, 0.0)]
    parts = maps.split_at_antimeridian(ring)
    assert len(parts) == 2
    for part in parts:
        lons = [p[0] for p in part]
        assert min(lons) >= -180
        assert max(lons) <= 180
    assert {round(p[0]) for p in parts[0]} == {170, 180}
    assert {round(p[0]) for p in parts[1]} == {-180, -170}


def test_vendored_world_has_the_seed_report_countries() -> None:
    codes = {s.m49 for s in maps.world_shapes()}
    assert {"242", "392", "250", "840"} <= codes  # Fiji, Japan, France, United States
    assert "010" not in codes  # Antarctica is left out
    width = float(maps.view_box().split()[2])
    assert width == maps.WIDTH


def test_nice_ticks() -> None:
    assert charts.nice_ticks(163) == [0, 50, 100, 150, 200]
    assert charts.nice_ticks(15) == [0, 5, 10, 15]
    assert charts.nice_ticks(0) == [0.0, 1.0]


def test_bar_chart_geometry() -> None:
    chart = charts.bar_chart([("2001", 0), ("2002", 50), ("2003", 100)], width=300, height=200)
    assert next(b.height for b in chart.bars) == 0
    tallest = chart.bars[2]
    assert tallest.y + tallest.height == pytest.approx(chart.baseline)
    assert chart.bars[1].height == pytest.approx(tallest.height / 2)
    assert chart.bars[-1].show_label
    assert charts.bar_chart([]).empty


def test_line_chart_geometry() -> None:
    chart = charts.line_chart([(2000, 1.0), (2010, 3.0)], y_min=0, y_max=4)
    (x0, y0, _, _), (x1, y1, _, _) = chart.dots
    assert x0 == pytest.approx(chart.left)
    assert x1 == pytest.approx(chart.right)
    assert y1 < y0
    assert chart.line.count(",") == 2


def make_table(query: str) -> Table:
    request = RequestFactory().get("/x/" + query)
    rows = [
        {"name": "b", "n": 2, "kind": "x"},
        {"name": "A", "n": None, "kind": "y"},
        {"name": "c", "n": 1, "kind": "x"},
    ]
    columns = [
        Column("name", "Name"),
        Column("n", "N", numeric=True),
        Column("kind", "Kind", choices=[("x", "X"), ("y", "Y")]),
    ]
    return Table(request=request, columns=columns, rows=rows, name="t", default_sort="name")


def test_table_sorts_filters_and_keeps_state_in_urls() -> None:
    assert [r["name"] for r in make_table("").rows] == ["A", "b", "c"]  # case-insensitive
    assert [r["name"] for r in make_table("?sort=-n").rows] == ["b", "c", "A"]  # empty last
    assert [r["name"] for r in make_table("?sort=n").rows] == ["c", "b", "A"]
    assert [r["name"] for r in make_table("?kind=x&q=C").rows] == ["c"]
    assert [r["name"] for r in make_table("?sort=__class__&kind=zzz").rows] == ["A", "b", "c"]
    table = make_table("?kind=x&sort=-n&q=c")
    assert table.headers[1].aria_sort == "descending"
    assert "sort=n" in table.headers[1].sort_url
    assert "kind=x" in table.headers[1].sort_url
    assert table.hidden_params == [("sort", "-n")]
    assert "kind" not in table.clear_url
    assert "q=" not in table.clear_url
    assert dict(table.export_links)["CSV"].endswith("export=csv")
