"""Imports: CTDC files unchanged, every bad cell reported and nothing imported, no duplicates,
XLSX/JSON/saved mappings, explicit limits."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from openpyxl import Workbook

from palermo.cases.importer import import_file
from palermo.cases.models import CaseRecord, ImportBatch
from palermo.cases.readers import FileRejected
from palermo.htcds import agency_mapping, generate_case_files
from tests.cases.conftest import GOOD_ROWS, HTCDS_HEADER, World, write_htcds

CTDC_FILES = {
    "ctdc/ctdc_global_2020-04-14_subset_dados_app.csv": 48_773,
    "ctdc/CTDC_VPsynthetic_condensed.csv": 21_195,
}


@pytest.mark.parametrize(("name", "rows"), CTDC_FILES.items())
def test_each_ctdc_file_imports_unchanged_with_its_row_count(
    world: World, shared_data: Path, name: str, rows: int
) -> None:
    out = StringIO()
    call_command(
        "cases", "import", str(shared_data / name), "--source", "police-a", "--json", stdout=out
    )
    report = json.loads(out.getvalue())
    assert (report["status"], report["scheme"], report["rows"]) == ("done", "ctdc", rows)
    assert report["created"] == rows == CaseRecord.objects.count()
    # the same file again: nothing new
    out = StringIO()
    call_command(
        "cases", "import", str(shared_data / name), "--source", "police-a", "--json", stdout=out
    )
    again = json.loads(out.getvalue())
    assert (again["status"], again["created"]) == ("duplicate", 0)
    assert CaseRecord.objects.count() == rows


def test_a_file_with_errors_imports_nothing_and_names_each_bad_cell(
    world: World, tmp_path: Path
) -> None:
    rows = [
        *GOOD_ROWS,
        "R4,Ana,Lopez,2090-01-01,Female,XX,30--38,2019,SexualExploitation,PL",
        "R5,Ivan,Petrov,1990-13-01,Masculine,UA,40--50,20x9,Fishing,PL",
    ]
    path = write_htcds(tmp_path / "bad.csv", rows)
    out = StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("cases", "import", str(path), "--source", "police-a", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert CaseRecord.objects.count() == 0
    cells = {(p["row"], p["column"]) for p in report["problems"]}
    assert cells == {
        (5, "prs_Birthdate"),  # in the future
        (5, "prs_Gender"),
        (5, "prs_Citizenship"),
        (6, "prs_Birthdate"),  # month 13
        (6, "ext_AgeBand"),
        (6, "ext_YearOfRegistration"),
        (6, "vic_TypeOfExploitation"),
    }
    assert report["problem_count"] == 7
    assert ImportBatch.objects.get().status == "invalid"


def test_reimport_with_new_rows_adds_only_them(world: World, tmp_path: Path) -> None:
    import_file(write_htcds(tmp_path / "a.csv", GOOD_ROWS[:2]), world.source_a)
    outcome = import_file(write_htcds(tmp_path / "b.csv", GOOD_ROWS), world.source_a)
    assert (outcome.batch.created, outcome.batch.unchanged) == (1, 2)
    assert CaseRecord.objects.count() == 3


def test_dry_run_writes_no_case(world: World, tmp_path: Path) -> None:
    out = StringIO()
    path = write_htcds(tmp_path / "a.csv", GOOD_ROWS)
    call_command(
        "cases", "import", str(path), "--source", "police-a", "--dry-run", "--json", stdout=out
    )
    assert json.loads(out.getvalue())["rows"] == 3
    assert CaseRecord.objects.count() == 0


def test_xlsx_and_json_files_import_like_csv(world: World, tmp_path: Path) -> None:
    header = HTCDS_HEADER.strip().split(",")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in GOOD_ROWS:
        sheet.append(row.split(","))
    book.save(tmp_path / "cases.xlsx")
    assert import_file(tmp_path / "cases.xlsx", world.source_a).batch.created == 3
    records = [dict(zip(header, row.split(","), strict=True)) for row in GOOD_ROWS]
    (tmp_path / "cases.json").write_text(json.dumps({"records": records}), encoding="utf-8")
    assert import_file(tmp_path / "cases.json", world.source_b).batch.created == 3


def test_saved_mapping_reads_an_agency_layout(world: World, tmp_path: Path) -> None:
    files = generate_case_files(60, seed=3)
    police = files.agencies["police"]
    police.to_csv(tmp_path / "police.csv", index=False)
    world.source_a.mapping = agency_mapping()
    world.source_a.save()
    outcome = import_file(tmp_path / "police.csv", world.source_a)
    assert outcome.batch.status == "done", outcome.as_dict()["problems"][:3]
    assert outcome.batch.created == len(police)
    # the natural key is the agency's record id: the same records in another file add nothing
    police.iloc[::-1].to_csv(tmp_path / "police-reordered.csv", index=False)
    assert import_file(tmp_path / "police-reordered.csv", world.source_a).batch.created == 0


def test_limits_on_size_and_rows_are_explicit(world: World, tmp_path: Path) -> None:
    path = write_htcds(tmp_path / "a.csv", GOOD_ROWS)
    with (
        override_settings(PALERMO_IMPORT_MAX_BYTES=100),
        pytest.raises(FileRejected, match="PALERMO_IMPORT_MAX_BYTES"),
    ):
        import_file(path, world.source_a)
    with override_settings(PALERMO_IMPORT_MAX_ROWS=2):
        outcome = import_file(path, world.source_a)
    assert outcome.batch.status == "invalid"
    assert "PALERMO_IMPORT_MAX_ROWS" in outcome.batch.message
    assert CaseRecord.objects.count() == 0
    with pytest.raises(FileRejected, match="unsupported format"):
        import_file(path.rename(tmp_path / "a.txt"), world.source_a)


def test_streams_in_chunks(world: World, tmp_path: Path) -> None:
    rows = [
        f"R{i},Name{i},Surname,1990-01-01,Feminine,UA,30--38,2019,ForcedLabour,PL"
        for i in range(250)
    ]
    with override_settings(PALERMO_IMPORT_CHUNK_ROWS=40):
        outcome = import_file(write_htcds(tmp_path / "a.csv", rows), world.source_a)
    assert outcome.batch.created == 250
