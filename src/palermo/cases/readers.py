"""Read case files (CSV, XLSX, JSON) as chunks of text, within explicit limits.

CSV files come as Arrow tables of string columns (``palermo.htcds.read_table_chunks``: no Python
object per cell, so validating costs about what reading does); XLSX and JSON as DataFrames whose
cells are all ``str`` (blank = ""). ``palermo.htcds`` validates and maps both shapes with the same
rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings

from palermo.htcds import prefetch, read_table_chunks
from palermo.htcds.validation import Chunk

FORMATS = (".csv", ".xlsx", ".json")
# CSV files are read (and validated) in Arrow chunks of at least this many rows: about 200 bytes a
# row and no Python object per cell, so a larger read costs little memory and saves per-chunk
# overhead. The import still converts and inserts PALERMO_IMPORT_CHUNK_ROWS rows at a time.
READ_ROWS = 100_000
ChunkFactory = Callable[[], Iterator[Chunk]]


class FileRejected(ValueError):
    """A file refused before any row is read: format, size or row limit, unreadable content."""


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_bytes() -> int:
    return limit("PALERMO_IMPORT_MAX_BYTES", 200 * 1024 * 1024)


def max_rows() -> int:
    return limit("PALERMO_IMPORT_MAX_ROWS", 2_000_000)


def chunk_rows() -> int:
    return limit("PALERMO_IMPORT_CHUNK_ROWS", 20_000)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path) -> None:
    """Refuse an unknown format or a file over PALERMO_IMPORT_MAX_BYTES, naming the file."""
    if not path.is_file():
        raise FileRejected(f"{path}: no such file")
    if path.suffix.lower() not in FORMATS:
        raise FileRejected(f"{path}: unsupported format {path.suffix!r} (use CSV, XLSX or JSON)")
    size = path.stat().st_size
    if size > max_bytes():
        raise FileRejected(
            f"{path}: {size:,} bytes is over the limit of {max_bytes():,} "
            "(PALERMO_IMPORT_MAX_BYTES)"
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_chunks(path: Path, size: int) -> Iterator[pd.DataFrame]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRejected(f"{path}: not a readable XLSX workbook ({exc})") from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [_text(v) for v in next(rows, ())]
        while header and header[-1] == "":
            header.pop()
        if not header:
            raise FileRejected(f"{path}: the first sheet has no header row")
        buffer: list[list[str]] = []
        for row in rows:
            cells = [_text(v) for v in row[: len(header)]]
            if not any(cells):
                continue  # spreadsheets end with formatted but empty rows
            buffer.append(cells + [""] * (len(header) - len(cells)))
            if len(buffer) >= size:
                yield pd.DataFrame(buffer, columns=header, dtype=object)
                buffer = []
        if buffer or not header:
            yield pd.DataFrame(buffer, columns=header, dtype=object)
    finally:
        book.close()


def _json_chunks(path: Path, size: int) -> Iterator[pd.DataFrame]:
    # The byte limit bounds this read; JSON has no streaming reader in the standard library.
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileRejected(f"{path}: not a JSON document ({exc})") from exc
    records = data.get("records") if isinstance(data, dict) else data
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise FileRejected(f'{path}: expected a list of objects, or {{"records": [...]}}')
    columns: list[str] = []
    for record in records:
        columns.extend(k for k in record if k not in columns)
    for start in range(0, max(len(records), 1), size):
        part = records[start : start + size]
        yield pd.DataFrame(
            [[_text(r.get(c)) for c in columns] for r in part], columns=columns, dtype=object
        )


def chunk_factory(path: Path, size: int | None = None) -> ChunkFactory:
    """A function that opens ``path`` afresh and yields its text chunks."""
    size = size or chunk_rows()
    suffix = path.suffix.lower()

    def chunks() -> Iterator[Chunk]:
        if suffix == ".xlsx":
            yield from _xlsx_chunks(path, size)
        elif suffix == ".json":
            yield from _json_chunks(path, size)
        else:
            try:
                yield from prefetch(read_table_chunks(path, max(size, READ_ROWS)))
            except ValueError as exc:
                raise FileRejected(str(exc)) from exc

    return chunks
