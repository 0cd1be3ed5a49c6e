"""A file with errors: one problem per bad cell, with row and column, across chunks and mappings."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from palermo.htcds import iter_problems, load_saved_mapping, plan_columns, validate

DATA = Path(__file__).parent / "data"
EXPECTED = {
    (3, "prs_Birthdate", "date"),
    (4, "prs_Gender", "picklist"),
    (4, "vic_TypeOfExploitation", "multipicklist"),
    (4, "prs_NumberOfChildren", "number"),
    (4, "con_Consent", "checkbox"),
    (4, "prs_MobilePhone", "phone"),
    (4, "prs_Email", "email"),
    (5, "prs_Citizenship", "multipicklist"),
    (6, "prs_Birthdate", "date"),  # in the future
    (6, "prs_NumberOfChildren", "range"),
}


def test_every_bad_cell_is_reported_once_with_row_and_column() -> None:
    report = validate(DATA / "errors.csv")
    assert report.rows == 5
    assert {(p.row, p.column, p.rule) for p in report.problems} == EXPECTED
    assert len(report.problems) == len(EXPECTED)
    first = next(p for p in report.problems if p.column == "prs_Gender")
    assert first.value == "Female"
    assert "prs_Gender" in first.message
    assert report.as_dict()["counts"]["multipicklist"] == 2


@pytest.mark.parametrize("chunksize", [1, 2, 3, 100])
def test_chunking_changes_nothing(chunksize: int) -> None:
    problems = sorted(iter_problems(DATA / "errors.csv", chunksize=chunksize))
    assert problems == sorted(validate(DATA / "errors.csv").problems)


def test_chunks_from_an_iterator_are_numbered_continuously() -> None:
    frame = pd.read_csv(DATA / "errors.csv", dtype=str, keep_default_na=False)
    chunks = (frame.iloc[i : i + 2] for i in range(0, len(frame), 2))
    assert {(p.row, p.column, p.rule) for p in iter_problems(chunks)} == EXPECTED


def test_max_problems_truncates_but_counts_every_row() -> None:
    report = validate(DATA / "errors.csv", max_problems=3)
    assert len(report.problems) == 3
    assert report.truncated
    assert report.rows == 5


def test_unknown_and_duplicate_columns_are_header_problems() -> None:
    frame = pd.DataFrame([["a", "b", "c"]], columns=["prs_FirstName", "Mystery", "prs_FirstName"])
    rules = {(p.row, p.column, p.rule) for p in validate(frame).problems}
    assert rules == {(1, "Mystery", "unknown_column"), (1, "prs_FirstName", "duplicate_column")}


def test_saved_mapping_names_the_source_column() -> None:
    mapping = load_saved_mapping((DATA / "saved_mapping.json").read_text())
    frame = pd.DataFrame(
        {
            "Given name": ["Ana", "Luz"],
            "Born": ["2001-01-01", "01/02/2001"],
            "Nationality": ["CO", "COL"],
            "Internal ref": ["1", "2"],
            "prs_Gender": ["Feminine", "Feminine"],
        }
    )
    report = validate(frame, mapping)
    assert report.plan.scheme == "saved"
    assert report.plan.ignored == ("Internal ref",)
    assert {(p.row, p.column, p.field) for p in report.problems} == {
        (3, "Born", "prs_Birthdate"),
        (3, "Nationality", "prs_Citizenship"),
    }


def test_a_saved_mapping_to_a_non_field_is_refused() -> None:
    with pytest.raises(ValueError, match="prs_Nope"):
        load_saved_mapping(json.dumps({"version": 1, "columns": {"A": "prs_Nope"}}))
    with pytest.raises(ValueError, match="prs_Nope"):
        plan_columns(["A"], {"A": "prs_Nope"})


def test_frames_with_numbers_and_nan_are_read_as_text() -> None:
    frame = pd.DataFrame(
        {"prs_NumberOfChildren": [1.0, None, 2.5], "prs_Gender": [None, "Masculine", "X"]}
    )
    assert {(p.row, p.column, p.rule) for p in validate(frame).problems} == {
        (4, "prs_NumberOfChildren", "integer"),
        (4, "prs_Gender", "picklist"),
    }


def test_unreadable_files_name_the_file(tmp_path: Path) -> None:
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("prs_FirstName,prs_Gender\nAna,Feminine\nLuz,Feminine,extra\n")
    with pytest.raises(ValueError, match=r"ragged\.csv.*line 3"):
        validate(ragged)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("prs_FirstName\nJos\xe9\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin\.csv: not UTF-8"):
        validate(latin)
