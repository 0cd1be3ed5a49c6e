"""Dashboard, downloads and read API: every statistic served with its definition, no count under 5."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.test import Client

from palermo.statistics.registry import STATISTICS
from palermo.statistics.services import import_glotip
from palermo.statistics.views import FIGURES

HEADER = (
    "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,"
    "Unit of measurement,txtVALUE,Source\n"
)
ROWS = [
    ("FRA", "France", "Europe", "Western Europe", "Total", "Total", "Total", "Total", "40"),
    ("FRA", "France", "Europe", "Western Europe", "Total", "Total", "Female", "18 years or over", "20"),
    ("FRA", "France", "Europe", "Western Europe", "Total", "Total", "Female", "0 to 17 years", "<5"),
    ("FRA", "France", "Europe", "Western Europe", "Total", "Total", "Male", "18 years or over", "16"),
    ("FRA", "France", "Europe", "Western Europe", "by citizenship", "Romanian", "Total", "Total", "12"),
    ("FRA", "France", "Europe", "Western Europe", "by citizenship", "Nationals", "Total", "Total", "9"),
    ("FRA", "France", "Europe", "Western Europe", "by form of exploitation", "Sexual exploitation", "Total", "Total", "30"),
    ("FRA", "France", "Europe", "Western Europe", "by form of exploitation", "Forced labour", "Total", "Total", "<5"),
    ("NGA", "Nigeria", "Africa", "Sub-Saharan Africa", "Total", "Total", "Total", "Total", "<5"),
]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path, db: None) -> None:
    lines = [
        f"{r[0]},{r[1]},{r[2]},{r[3]},Detected trafficking victims,{r[4]},{r[5]},{r[6]},{r[7]},2022,Counts,{r[8]},GLOTIP\n"
        for r in ROWS
    ] + [
        "FRA,France,Europe,Western Europe,Persons convicted,Total,Total,Total,Total,2022,Counts,12,GLOTIP\n"
    ]
    path = tmp_path / "data_glotip_release_2025-04-14.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    import_glotip(path)


def test_dashboard_shows_every_figure(client: Client, store: None) -> None:
    page = client.get("/statistics/?year=2022")
    assert page.status_code == 200
    html = page.content.decode()
    for slug in FIGURES:
        assert f'data-figure="{slug}"' in html
    assert 'class="map-svg"' in html
    assert "Source: UNODC" in html


@pytest.mark.parametrize("slug", FIGURES)
def test_figure_svg(client: Client, store: None, slug: str) -> None:
    response = client.get(f"/statistics/figure/{slug}.svg?year=2022")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


@pytest.mark.parametrize("slug", list(STATISTICS))
def test_data_and_api_never_show_a_count_under_5(client: Client, store: None, slug: str) -> None:
    response = client.get(f"/statistics/data/{slug}.csv?year=2022")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    for row in rows:
        for column in ("count", "victims", "prosecuted", "convicted"):
            value = row.get(column, "")
            if value not in ("", "<5", "x"):
                assert float(value) >= 5 or float(value) == 0, (slug, row)
    assert client.get(f"/statistics/data/{slug}.xlsx?year=2022").status_code == 200
    api = client.get(f"/statistics/api/{slug}/?year=2022").json()
    assert api["definition"]
    assert api["release"] == "2025-04-14"
    assert api["columns"]


def test_small_shares_table_hides_partner(client: Client, store: None) -> None:
    api = client.get("/statistics/api/victims-sex-age/?year=2022").json()
    counts = {row[0]: row[2] for row in api["rows"]}
    assert counts["girls"] == "<5"  # the '<5' cell stays hidden, never 2 or 4


def test_api_list_and_unknowns(client: Client, store: None) -> None:
    listing = client.get("/statistics/api/").json()
    assert {s["slug"] for s in listing["statistics"]} == set(STATISTICS)
    assert client.get("/statistics/api/nope/").status_code == 404
    assert client.get("/statistics/data/victims-map.exe").status_code == 404
    assert client.get("/statistics/?release=1999-01-01").status_code == 404


@pytest.mark.django_db
def test_dashboard_without_data_is_404(client: Client) -> None:
    assert client.get("/statistics/").status_code == 404
