"""Reading person records from DataFrames, CSV or Parquet files, with errors that name file, row, column.

Rows are numbered as a spreadsheet shows them (the header is row 1, the first record row 2).
Every column but ``record_id`` may be absent; ``source`` defaults to the file's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from palermo.linkage.standardise import FIELDS, parse_partial_date


class RecordError(ValueError):
    """Bad input, located: file, row (spreadsheet numbering) and column."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        where = (
            file
            + (f", row {row}" if row is not None else "")
            + (f", column {column!r}" if column else "")
        )
        super().__init__(f"{where}: {message}")
        self.file, self.row, self.column = file, row, column


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise RecordError(str(path), None, None, "no such file")
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(path).astype(object)
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, OSError, ValueError) as exc:
        raise RecordError(str(path), None, None, f"cannot be read: {exc}") from exc


def check_records(frame: pd.DataFrame, name: str, source: str | None = None) -> pd.DataFrame:
    """The columns of `FIELDS` (absent ones empty), checked; ``name`` labels errors."""
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    if "record_id" not in frame.columns:
        raise RecordError(name, 1, "record_id", f"missing column; found {list(frame.columns)}")
    out = pd.DataFrame(index=frame.index)
    for column in FIELDS:
        out[column] = frame[column].astype(object) if column in frame.columns else None
    if source is not None and "source" not in frame.columns:
        out["source"] = source
    out = out.reset_index(drop=True)
    ids = out["record_id"].astype(str).str.strip()
    for i in ids.index[ids.isin(["", "nan", "None"])][:1]:
        raise RecordError(name, int(i) + 2, "record_id", "empty record_id")
    if out["source"].isna().any() or (out["source"].astype(str).str.strip() == "").any():
        row = int(
            out.index[out["source"].isna() | (out["source"].astype(str).str.strip() == "")][0]
        )
        raise RecordError(name, row + 2, "source", "empty source")
    dup = out.duplicated(["source", "record_id"], keep="first")
    if dup.any():
        row = int(dup.idxmax())
        raise RecordError(
            name, row + 2, "record_id", f"duplicate record_id {out['record_id'][row]!r}"
        )
    dates = out["date_of_birth"].dropna().astype(str).str.strip()
    for value in dates[dates != ""].unique():
        try:
            parse_partial_date(value)
        except ValueError as exc:
            row = int(dates.index[dates == value][0])
            raise RecordError(name, row + 2, "date_of_birth", str(exc)) from None
    return out


def load_records(inputs: pd.DataFrame | Sequence[str | Path] | str | Path) -> pd.DataFrame:
    """Person records stacked from a DataFrame or files; ``source`` defaults to each file's stem."""
    if isinstance(inputs, pd.DataFrame):
        return check_records(inputs, "<records>", source="records")
    paths = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    if not paths:
        raise ValueError("no input files")
    frames = [check_records(_read(Path(p)), str(p), source=Path(p).stem) for p in paths]
    stacked = pd.concat(frames, ignore_index=True)
    dup = stacked.duplicated(["source", "record_id"], keep="first")
    if dup.any():
        row = int(dup.idxmax())
        raise RecordError(
            "inputs",
            None,
            "record_id",
            f"record {stacked['record_id'][row]!r} of source {stacked['source'][row]!r} appears in two files",
        )
    return stacked
