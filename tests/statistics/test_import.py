"""`palermo glotip import`: both releases complete, idempotent, versioned; bad files named cell by cell."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from palermo.statistics.models import Observation, Release
from palermo.statistics.queries import frame
from palermo.statistics.services import valid_at

HEADER = (
    "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,"
    "Unit of measurement,txtVALUE,Source\n"
)
LINE = "FRA,France,Europe,Western Europe,Detected trafficking victims,Total,Total,{sex},{age},{year},Counts,{value},GLOTIP\n"


def _run(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def _write(path: Path, lines: list[str], preamble: str = "") -> Path:
    path.write_text(preamble + HEADER + "".join(lines), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_small_release_versions(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.csv", [
        LINE.format(sex="Total", age="Total", year=2020, value='"1,234"'),
        LINE.format(sex="Female", age="18 years or over", year=2020, value="<5"),
        LINE.format(sex="Male", age="18 years or over", year=2020, value="7"),
    ], preamble="Source: UNODC\nRelease date: 30/05/2023\n")  # fmt: skip
    report = _run("glotip", "import", str(first))
    assert report == {"file": "a.csv", "release": "2023-05-30", "read": 3, "inserted": 3,
                      "updated": 0, "unchanged": 0, "removed": 0}  # fmt: skip
    assert _run("glotip", "import", str(first))["unchanged"] == 3  # idempotent
    total = Observation.objects.get(sex="Total")
    assert (total.value, total.under5, total.text) == (1234.0, False, "1,234")
    small = Observation.objects.get(sex="Female")
    assert small.value is None
    assert small.under5
    second = _write(tmp_path / "data_glotip_release_2025-04-14.csv", [
        LINE.format(sex="Total", age="Total", year=2020, value="1300"),
        LINE.format(sex="Female", age="18 years or over", year=2020, value="<5"),
        LINE.format(sex="Total", age="Total", year=2021, value="10"),
    ])  # fmt: skip
    report = _run("glotip", "import", str(second))
    assert report["release"] == "2025-04-14"
    assert (report["inserted"], report["updated"], report["unchanged"], report["removed"]) == (
        1,
        1,
        1,
        1,
    )
    assert (
        Observation.objects.filter(valid_at(Release.objects.get(date="2023-05-30").date)).count()
        == 3
    )
    assert Observation.objects.filter(valid_to__isnull=True).count() == 3
    # each release stays queryable as it was published
    assert frame("2023-05-30").data.query("sex == 'Total'")["value"].tolist() == [1234.0]
    assert sorted(frame().data.query("sex == 'Total'")["value"].tolist()) == [10.0, 1300.0]
    with pytest.raises(CommandError, match="older than"):
        _run("glotip", "import", str(first))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "column", "row"),
    [("lots", "txtVALUE", 3), ("", "txtVALUE", 3)],
)
def test_bad_cell_is_named_and_nothing_saved(
    tmp_path: Path, value: str, column: str, row: int
) -> None:
    bad = _write(tmp_path / "data_glotip_release_2023-05-30.csv", [
        LINE.format(sex="Total", age="Total", year=2020, value="5"),
        LINE.format(sex="Male", age="Total", year=2020, value=value),
    ])  # fmt: skip
    with pytest.raises(CommandError) as info:
        _run("glotip", "import", str(bad))
    assert f"data_glotip_release_2023-05-30.csv, row {row}, column {column}" in str(info.value)
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_bad_year_and_missing_date(tmp_path: Path) -> None:
    bad = _write(
        tmp_path / "x_2023-05-30.csv", [LINE.format(sex="Total", age="Total", year=1850, value="5")]
    )
    with pytest.raises(CommandError, match="row 2, column Year"):
        _run("glotip", "import", str(bad))
    nodate = _write(
        tmp_path / "nodate.csv", [LINE.format(sex="Total", age="Total", year=2020, value="5")]
    )
    with pytest.raises(CommandError, match="release date"):
        _run("glotip", "import", str(nodate))


@pytest.mark.slow
@pytest.mark.django_db
def test_both_releases_import_completely(shared_data: Path) -> None:
    folder = shared_data / "glotip"
    first = _run("glotip", "import", str(folder / "data_glotip_release_2023-05-30.xlsx"))
    assert (first["read"], first["inserted"], first["release"]) == (46556, 46556, "2023-05-30")
    second = _run("glotip", "import", str(folder / "data_glotip_release_2025-04-14.xlsx"))
    assert second["read"] == 58769
    assert second["release"] == "2025-04-14"
    assert second["inserted"] + second["updated"] + second["unchanged"] == 58769
    again = _run("glotip", "import", str(folder / "data_glotip_release_2025-04-14.xlsx"))
    assert again["unchanged"] == 58769
    assert Observation.objects.filter(valid_to__isnull=True).count() == 58769
    old = Release.objects.get(date="2023-05-30").date
    assert Observation.objects.filter(valid_at(old)).count() == 46556
    out = _run("stats", "victims", "--year", "2020", "--by", "sex-age", "--release", "2023-05-30")
    assert set(out["shares"]) == {"women", "girls", "men", "boys"}
    assert out["release"] == "2023-05-30"
    assert out["countries"] > 100
    assert out["method"]
    form = _run("stats", "victims", "--year", "2022", "--by", "form")
    assert set(form["shares"]) == {"sexual_exploitation", "forced_labour", "other"}
    assert form["release"] == "2025-04-14"
