"""SDG 16.2.2 SDMX-CSV (validated against its declared structure) and the open-data package."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from palermo.publishing import sdmx


def run(pk: int, **kw: object) -> SimpleNamespace:
    base = {"pk": pk, "name": f"run {pk}", "status": "ok", "observed": 120, "country_iso3": "NLD", "year": 2016,
                "sex": "female", "age_group": "children", "exploitation": "sexual_exploitation",
                "sdg": {"available": True, "observed_per_100k": 3.5, "population_source": "WPP 2024"}}  # fmt: skip
    base.update(kw)
    return SimpleNamespace(**base)


def test_rows_use_sdg_codes_and_validate() -> None:
    rows, skipped = sdmx.rows_from_runs(
        [
            run(1),
            run(2, age_group="18-24"),
            run(3, exploitation="all", sex="total", age_group="total"),
        ],
        {"NLD": "528"},
    )
    assert skipped == ["run 2 (run 2): age group '18-24' has no SDG code"]
    series = {(r["SERIES"], r["SEX"], r["AGE"], r["UNIT_MEASURE"]) for r in rows}
    assert ("VC_HTF_DETVSX", "F", "Y0T17", "NUMBER") in series
    assert ("VC_HTF_DETVSXR", "F", "Y0T17", "PER_100000_POP") in series
    assert ("VC_HTF_DETV", "_T", "_T", "NUMBER") in series
    text = sdmx.to_csv(rows)
    assert text.splitlines()[0].startswith("DATAFLOW,FREQ,REPORTING_TYPE,SERIES,REF_AREA,SEX,AGE")
    assert text.splitlines()[1].startswith(
        "IAEG-SDGs:DF_SDG_GLH(1.12),A,N,VC_HTF_DETVSX,528,F,Y0T17"
    )
    assert sdmx.validate(text) == []


def test_validation_names_row_and_column() -> None:
    rows, _ = sdmx.rows_from_runs([run(1)], {"NLD": "528"})
    rows[0]["SEX"] = "X"
    rows[1]["TIME_PERIOD"] = "16"
    problems = [str(p) for p in sdmx.validate(sdmx.to_csv(rows))]
    assert "row 2, column SEX: code 'X' not in the codelist" in problems
    assert "row 3, column TIME_PERIOD: '16' is not a year" in problems
    assert (
        next(str(p) for p in sdmx.validate("A,B\n1,2\n"))
        == "row 1, column DATAFLOW: missing column"
    )


def test_duplicate_keys_are_caught() -> None:
    rows, _ = sdmx.rows_from_runs([run(1)], {"NLD": "528"})
    problems = sdmx.validate(sdmx.to_csv([rows[0], rows[0]]))
    assert any("duplicate" in str(p) for p in problems)


@pytest.mark.django_db
def test_datapackage_is_valid(reference_db: None, tmp_path: Path) -> None:
    from palermo.publishing import exports

    result = exports.write_datapackage(tmp_path / "dp")
    assert result["valid"], result["problems"]
    descriptor = json.loads((tmp_path / "dp" / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["name"] for r in descriptor["resources"]} >= {"tip-protocol-parties", "sdg-16-2-2"}
    assert result["resources"]["tip-protocol-parties"] > 100
