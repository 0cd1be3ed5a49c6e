"""Load population: World Bank annual totals and UN WPP 2024 (totals; by sex and 5-year age group)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from palermo.reference.loaders.base import (
    DATA_DIR,
    LoadError,
    LoadReport,
    Progress,
    read_rows,
    sync,
)
from palermo.reference.models import Country, Population, PopulationSex

WB_FILE = "population/worldbank_population_1960_2024_datasets-population.csv.gz"
WPP_TOTAL_FILE = "population/wpp2024_total_population_5yr_by_locid.csv.gz"
WPP_AGE_SEX_FILE = "population/wpp2024_pop_by_age_sex_5yr_bokeh_sampledata.csv.gz"
WB_SOURCE = "World Bank SP.POP.TOTL"
WPP_SOURCE = "WPP 2024"
SEXES = {"Male": PopulationSex.MALE, "Female": PopulationSex.FEMALE}


def _int(value: str, path: Path, line: int, column: str) -> int:
    try:
        number = float(value)
    except ValueError:
        raise LoadError(path, line, column, f"not a number: {value!r}") from None
    if number < 0 or number != int(number):
        raise LoadError(path, line, column, f"not a whole non-negative number: {value!r}")
    return int(number)


def load_population(data_dir: Path = DATA_DIR, progress: Progress | None = None) -> LoadReport:
    """World Bank totals by ISO3 and WPP totals by M49 location; aggregates are reported unmatched."""
    report = LoadReport("population")
    by_iso3 = dict(Country.objects.values_list("iso3", "id"))
    by_m49 = dict(Country.objects.exclude(m49="").values_list("m49", "id"))

    path = data_dir / WB_FILE
    wb: dict[tuple[Any, ...], dict[str, Any]] = {}
    for line, row in read_rows(path, required=("Country Code", "Year", "Value")):
        report.read += 1
        cid = by_iso3.get(row["Country Code"])
        if cid is None:  # regional and income aggregates (WLD, EUU...), Kosovo, Channel Islands
            report.unmatched[f"{path.name}: {row['Country Code']} {row['Country Name']}"] += 1
            continue
        if not row["Value"]:
            report.skipped += 1
            continue
        year = _int(row["Year"], path, line, "Year")
        wb[(cid, year, PopulationSex.TOTAL, "total", WB_SOURCE)] = {
            "value": _int(row["Value"], path, line, "Value")
        }
    keys = ("country_id", "year", "sex", "age_group", "source")
    sync(Population, keys, wb, Population.objects.filter(source=WB_SOURCE), report)
    if progress:
        progress(1)

    path = data_dir / WPP_TOTAL_FILE
    wpp: dict[tuple[Any, ...], dict[str, Any]] = {}
    for line, row in read_rows(path, required=("LocID", "Year", "total_population")):
        report.read += 1
        cid = by_m49.get(row["LocID"].zfill(3))
        if cid is None:
            report.unmatched[f"{path.name}: LocID {row['LocID']} {row['Location']}"] += 1
            continue
        year = _int(row["Year"], path, line, "Year")
        wpp[(cid, year, PopulationSex.TOTAL, "total", WPP_SOURCE)] = {
            "value": _int(row["total_population"], path, line, "total_population")
        }
    scope = Population.objects.filter(source=WPP_SOURCE, sex=PopulationSex.TOTAL)
    sync(Population, keys, wpp, scope, report)
    return report


def load_population_age_sex(
    data_dir: Path = DATA_DIR, progress: Progress | None = None
) -> LoadReport:
    """WPP 2024 by sex and 5-year age group ('0-4' ... '100+'), every fifth year 1950-2100."""
    report = LoadReport("population_age_sex")
    by_m49 = dict(Country.objects.exclude(m49="").values_list("m49", "id"))
    path = data_dir / WPP_AGE_SEX_FILE
    desired: dict[tuple[Any, ...], dict[str, Any]] = {}
    required = ("LocID", "Location", "Year", "Sex", "AgeGrp", "Value")
    for line, row in read_rows(path, required=required):
        report.read += 1
        if progress and report.read % 50000 == 0:
            progress(50000)
        cid = by_m49.get(row["LocID"].zfill(3))
        if cid is None:
            report.unmatched[f"{path.name}: LocID {row['LocID']} {row['Location']}"] += 1
            continue
        sex = SEXES.get(row["Sex"])
        if sex is None:
            raise LoadError(path, line, "Sex", f"expected Male or Female, got {row['Sex']!r}")
        if not row["AgeGrp"]:
            raise LoadError(path, line, "AgeGrp", "empty age group")
        year = _int(row["Year"], path, line, "Year")
        desired[(cid, year, sex, row["AgeGrp"], WPP_SOURCE)] = {
            "value": _int(row["Value"], path, line, "Value")
        }
    scope = Population.objects.filter(source=WPP_SOURCE).exclude(sex=PopulationSex.TOTAL)
    sync(Population, ("country_id", "year", "sex", "age_group", "source"), desired, scope, report)
    return report
