"""A CSV read by Arrow (fast passes, then the exact checks) reports exactly what the pandas path
reports on the same text: the fast passes may only clear values, never judge them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from palermo.htcds import read_chunks, read_table_chunks, table_to_frame, validate

HEADER = [
    "prs_FirstName",
    "prs_Gender",
    "prs_MobilePhone",
    "prs_Citizenship",
    "prs_Birthdate",
    "vic_AgeWhenTrafficked",
    "con_Consent",
    "ext_YearOfRegistration",
]
ROWS = [
    ["Ana", "Feminine", "+380501234567", "UA", "1990-01-02", "17", "true", "2019"],
    ["", "", "", "", "", "", "", ""],
    ["x" * 300, "Female", "+44 20 7946 0958", "UA;XX", "1990-13-01", "17.5", "maybe", "20x9"],
    ["Zoë", " Feminine", "+٣٨٠٥٠١٢٣٤٥٦٧", "ua", "2999-01-01", "-3", "YES", "2018-2016"],
    ["Luz", "Masculine", "0044123", "MD;RO", "1990-1-2", "abc", "0", "1949"],
    ["Ivan", "NonSpecifiedUnknown", "+0123", "RO", "1985-05-05", "40", "no", "2020-2021"],
]  # fmt: skip


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    path = tmp_path / "messy.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(ROWS * 3)
    return path


def test_arrow_and_pandas_paths_report_the_same_problems(messy: Path) -> None:
    by_arrow = validate(messy, chunksize=4)  # a path: read by Arrow, chunks across the rows
    by_pandas = validate(list(read_chunks(messy, 5)))
    assert by_arrow.rows == by_pandas.rows == len(ROWS) * 3
    assert sorted(by_arrow.problems) == sorted(by_pandas.problems)
    rules = {(p.column, p.rule) for p in by_arrow.problems}
    assert ("prs_FirstName", "max_length") in rules
    assert ("prs_Gender", "picklist") in rules  # "Female" and " Feminine" (verbatim)


def test_arrow_chunks_have_the_asked_size_and_the_same_text(messy: Path) -> None:
    tables = list(read_table_chunks(messy, 4))
    assert [t.num_rows for t in tables] == [4, 4, 4, 4, 2]
    frame = table_to_frame(tables[0])
    pandas_first = next(read_chunks(messy, 4))
    assert frame.values.tolist() == pandas_first.values.tolist()
    assert list(frame.columns) == HEADER


def test_a_header_only_file_is_one_empty_chunk(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    report = validate(path)
    assert (report.rows, report.problems, len(report.plan.columns)) == (0, [], len(HEADER))
