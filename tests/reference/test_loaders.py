"""Loaders: idempotent, transactional, and precise about bad input."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from palermo.accounts.models import AuditLog
from palermo.reference.loaders import DATA_DIR, LoadError, load
from palermo.reference.loaders.population import WPP_AGE_SEX_FILE, load_population_age_sex
from palermo.reference.models import Country, Population, Region, TreatyAction

from .conftest import SESSION_LOADERS


def test_countries_loaded(ref: None) -> None:
    assert Country.objects.filter(is_un_member=True).count() == 193
    assert set(Country.objects.filter(is_observer_state=True).values_list("iso3", flat=True)) == {
        "PSE",
        "VAT",
    }
    fra = Country.objects.get(iso3="FRA")
    assert fra.m49 == "250"
    assert fra.region.m49 == "150"
    assert fra.subregion.m49 == "155"
    assert set(fra.names) == {"ar", "zh", "en", "fr", "ru", "es"}
    bol = Country.objects.get(iso3="BOL")
    assert bol.name("fr") == "Bolivie (État plurinational de)"
    assert bol.formal_name("en") == "the Plurinational State of Bolivia"
    assert Country.objects.get(iso3="NER").ldc
    assert Country.objects.get(iso3="FJI").sids
    assert Region.objects.get(m49="202").parent.m49 == "002"  # Sub-Saharan Africa in Africa


def test_second_load_changes_nothing(ref: None) -> None:
    audits = AuditLog.objects.filter(action="reference.load").count()
    reports = load(SESSION_LOADERS)
    for report in reports:
        assert (report.inserted, report.updated, report.deleted) == (0, 0, 0), report.as_dict()
        assert report.unchanged > 0
    assert AuditLog.objects.filter(action="reference.load").count() == audits + len(reports)


def test_unmatched_rows_are_reported(ref: None) -> None:
    (population,) = load(["population"])
    assert any("XKX Kosovo" in k for k in population.unmatched)  # not in M49: reported, not dropped
    assert any("WLD World" in k for k in population.unmatched)


def _subset_age_sex(tmp_path: Path, rows: int) -> Path:
    target = tmp_path / WPP_AGE_SEX_FILE
    target.parent.mkdir(parents=True)
    with gzip.open(DATA_DIR / WPP_AGE_SEX_FILE, "rt", encoding="utf-8") as src:
        lines = [next(src) for _ in range(rows + 1)]
    with gzip.open(target, "wt", encoding="utf-8") as out:
        out.writelines(lines)
    return tmp_path


def test_age_sex_subset_idempotent(ref: None, tmp_path: Path) -> None:
    data_dir = _subset_age_sex(tmp_path, 420)  # Afghanistan 1950-1960, both sexes, 21 age groups
    first = load_population_age_sex(data_dir)
    assert (first.read, first.inserted) == (420, 420)
    again = load_population_age_sex(data_dir)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 420)
    row = Population.objects.get(country__iso3="AFG", year=1950, sex="male", age_group="0-4")
    assert row.value == 644135
    assert row.source == "WPP 2024"


def _edit_csv(path: Path, row_number: int, column: str, value: str) -> None:
    """Set ``column`` of the file's line ``row_number`` (header = 1)."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[row_number - 1][rows[0].index(column)] = value
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def test_bad_row_rolls_everything_back(ref: None, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    tip = data_dir / "treaty" / "untc_zmjones_asof2014-01_XVIII-12-a.csv"
    _edit_csv(tip, 2, "Signature", "13 Dec 2000")  # Albania: a change the treaties loader writes
    crim = data_dir / "legislation" / "kelley_heiss_criminalization_map.csv"
    _edit_csv(crim, 5, "crim_level", "Somewhat criminalized")  # then a bad row in a later loader
    before = sorted(
        TreatyAction.objects.values_list("treaty__code", "country__iso3", "action", "date")
    )
    audits = AuditLog.objects.count()

    with pytest.raises(LoadError) as err:
        load(["treaties", "legislation"], data_dir=data_dir)

    assert err.value.file.endswith("kelley_heiss_criminalization_map.csv")
    assert (err.value.row, err.value.column) == (5, "crim_level")
    assert "kelley_heiss_criminalization_map.csv, row 5, column 'crim_level'" in str(err.value)
    after = sorted(
        TreatyAction.objects.values_list("treaty__code", "country__iso3", "action", "date")
    )
    assert after == before
    assert AuditLog.objects.count() == audits
    albania = TreatyAction.objects.get(treaty__code="tip", country__iso3="ALB", action="signature")
    assert albania.date == dt.date(2000, 12, 12)


def test_bad_date_names_file_row_column(ref: None, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    untoc = data_dir / "treaty" / "untc_zmjones_asof2014-01_XVIII-12.csv"
    _edit_csv(untoc, 3, "Signature", "31 Feb 2000")
    with pytest.raises(CommandError, match=r"XVIII-12\.csv, row 3, column 'Signature'"):
        call_command("reference", "load", "--only", "treaties", "--data-dir", str(data_dir))


def test_curated_rows_must_cite_a_source(ref: None, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    _edit_csv(data_dir / "treaty_actions_curated.csv", 2, "source", "")
    with pytest.raises(LoadError, match="row 2, column 'source'"):
        load(["treaties"], data_dir=data_dir)
