"""Input checks: errors name the file, the row (spreadsheet numbering) and the column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from palermo.linkage import RecordError, load_records


def test_files_stack_with_the_file_name_as_source(tmp_path: Path) -> None:
    (tmp_path / "police.csv").write_text("record_id,first_name\n1,Ana\n2,Ion\n")
    (tmp_path / "ngo.csv").write_text("record_id,last_name\n1,Popa\n")
    records = load_records([tmp_path / "police.csv", tmp_path / "ngo.csv"])
    assert records["source"].tolist() == ["police", "police", "ngo"]
    assert records["city"].isna().all()


def test_bad_date_names_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("record_id,date_of_birth\n1,1990-01-02\n2,soon\n")
    with pytest.raises(RecordError, match=r"a\.csv, row 3, column 'date_of_birth'"):
        load_records([path])


def test_missing_record_id_column(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("id,first_name\n1,Ana\n")
    with pytest.raises(RecordError, match="column 'record_id'"):
        load_records([path])


def test_duplicate_record_id(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("record_id\n1\n2\n1\n")
    with pytest.raises(RecordError, match=r"row 4, column 'record_id': duplicate"):
        load_records([path])


def test_parquet_and_dataframe(tmp_path: Path) -> None:
    frame = pd.DataFrame({"record_id": ["1"], "source": ["x"], "first_name": ["Ana"]})
    frame.to_parquet(tmp_path / "d.parquet")
    assert load_records([tmp_path / "d.parquet"])["source"][0] == "x"
    assert load_records(frame)["first_name"][0] == "Ana"
