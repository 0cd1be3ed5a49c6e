"""The citizenship cleaning table: free-text labels of GLOTIP (2017 on) to countries, and reach."""

from __future__ import annotations

import csv

import pytest

from palermo.statistics import citizenship
from palermo.statistics.citizenship import DATA, clean, normalise, reach


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Romanian", "ROU"), ("Nigerians", "NGA"), ("TÃ¼rkiye", "TUR"), ("Türkiye", "TUR"),
        ("C\ufffdte d'Ivoire", "CIV"), ("Congolese (DRC)", "COD"), ("RDC", "COD"),
        ("Ciudadanos de su pa\ufffds", citizenship.NATIONALS), ("Nationals", citizenship.NATIONALS),
        ("Sin determinar", citizenship.UNKNOWN), ("", citizenship.UNKNOWN),
        ("Viet Nam", "VNM"), ("Kosovo under UNSCR 1244", "XKX"), ("Martian", None),
    ],
)  # fmt: skip
def test_labels(label: str, expected: str | None) -> None:
    assert clean(label) == expected


def test_every_alias_targets_a_known_country() -> None:
    known = set(citizenship.regions()) | {citizenship.NATIONALS, citizenship.UNKNOWN}
    with (DATA / "aliases.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    assert all(r["target"] in known for r in rows), [r for r in rows if r["target"] not in known]
    assert len({normalise(r["label"]) for r in rows}) == len(rows)  # no label twice


def test_reach() -> None:
    assert reach("FRA", citizenship.NATIONALS) == "domestic"
    assert reach("FRA", "DEU") == "subregional"  # Western Europe
    assert reach("FRA", "ROU") == "regional"  # Eastern Europe, same region
    assert reach("FRA", "NGA") == "transregional"
    assert reach("FRA", "ZZZ") is None
