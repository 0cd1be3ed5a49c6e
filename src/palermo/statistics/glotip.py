"""Reading the UNODC GLOTIP data portal export (xlsx or CSV) into checked records: no database here."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

COLUMNS = [
    "Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category",
    "Sex", "Age", "Year", "Unit of measurement", "txtVALUE", "Source",
]  # fmt: skip
KEY = ("iso3", "indicator", "dimension", "category", "sex", "age", "year")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_TEXT_DATE = re.compile(r"(\d{1,2})[ /.-]([A-Za-z]+|\d{1,2})[ /.-](\d{4})")


class GlotipError(ValueError):
    """A bad file: the message names the file, the row (1-based, as a spreadsheet shows it), the column."""

    def __init__(self, file: str, row: int | None, column: str | None, problem: str) -> None:
        self.file, self.row, self.column, self.problem = file, row, column, problem
        where = file + (f", row {row}" if row else "") + (f", column {column}" if column else "")
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Record:
    """One line of the export, value parsed: ``value`` is None when the text is ``<5`` (0 to 4)."""

    iso3: str
    country: str
    region: str
    subregion: str
    indicator: str
    dimension: str
    category: str
    sex: str
    age: str
    year: int
    seq: int  # 0, 1, ... for lines sharing a key (e.g. unnamed sub-forms of "other" exploitation)
    value: float | None
    under5: bool
    text: str
    row: int


@dataclass
class Export:
    release: dt.date
    records: list[Record]


def parse_value(text: str) -> tuple[float | None, bool]:
    """'1,234' -> (1234, False); '<5' -> (None, True). Raises ValueError on anything else."""
    clean = text.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    if clean == "<5":
        return None, True
    number = float(clean)
    if number < 0 or number != number:
        raise ValueError(text)
    return number, False


def _date_from(text: str) -> dt.date | None:
    found = _DATE.search(text)
    if found:
        return dt.date.fromisoformat(found.group(1))
    found = _TEXT_DATE.search(text)
    if found:
        day, month, year = found.groups()
        for fmt in ("%d %B %Y", "%d %b %Y", "%d %m %Y"):
            try:
                return dt.datetime.strptime(f"{day} {month} {year}", fmt).date()
            except ValueError:
                continue
    return None


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    # The 2025 export declares a one-row sheet dimension; read-only mode trusts it unless reset.
    sheet.reset_dimensions()
    for values in sheet.iter_rows(values_only=True):
        yield ["" if v is None else str(v) for v in values]


def _csv_rows(path: Path) -> Iterator[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        raw = fh.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    yield from csv.reader(io.StringIO(text))


def read_export(path: Path | str, release: dt.date | None = None) -> Export:
    """Read and check every line; the release date comes from the lines above the header, or the name."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise GlotipError(name, None, None, "file not found")
    is_xlsx = path.suffix.lower() in {".xlsx", ".xlsm"}
    rows = _xlsx_rows(path) if is_xlsx else _csv_rows(path)
    preamble: list[str] = []
    header: list[str] | None = None
    records: list[Record] = []
    seen: dict[tuple[object, ...], int] = {}
    for number, row in enumerate(rows, start=1):
        if header is None:
            if row and row[0].strip() == COLUMNS[0]:
                header = [c.strip() for c in row]
                missing = [c for c in COLUMNS if c not in header]
                if missing:
                    raise GlotipError(name, number, missing[0], "column missing from the header")
                index = {c: header.index(c) for c in COLUMNS}
            else:
                preamble.append(" ".join(row))
                if number > 10:
                    raise GlotipError(name, number, None, "no header line starting with Iso3_code")
            continue
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in index.items()}
        try:
            year = int(float(cells["Year"]))
        except ValueError:
            raise GlotipError(name, number, "Year", f"not a year: {cells['Year']!r}") from None
        if not 1990 <= year <= 2100:
            raise GlotipError(name, number, "Year", f"impossible year {year}")
        try:
            value, under5 = parse_value(cells["txtVALUE"])
        except ValueError:
            raise GlotipError(
                name, number, "txtVALUE", f"not a count or '<5': {cells['txtVALUE']!r}"
            ) from None
        if not cells["Iso3_code"] and not cells["Country"]:
            raise GlotipError(name, number, "Iso3_code", "empty, and no Country either")
        for column in ("Indicator", "Dimension", "Sex", "Age"):
            if not cells[column]:
                raise GlotipError(name, number, column, "empty")
        key = (cells["Iso3_code"], cells["Indicator"], cells["Dimension"], cells["Category"],
               cells["Sex"], cells["Age"], year)  # fmt: skip
        seq = seen.get(key, 0)
        seen[key] = seq + 1
        records.append(
            Record(
                iso3=cells["Iso3_code"],
                country=cells["Country"],
                region=cells["Region"],
                subregion=cells["Subregion"],
                indicator=cells["Indicator"],
                dimension=cells["Dimension"],
                category=cells["Category"],
                sex=cells["Sex"],
                age=cells["Age"],
                year=year,
                seq=seq,
                value=value,
                under5=under5,
                text=cells["txtVALUE"],
                row=number,
            )
        )
    if header is None:
        raise GlotipError(name, None, None, "no header line starting with Iso3_code")
    found = release or _date_from(" ".join(preamble)) or _date_from(name)
    if found is None:
        raise GlotipError(name, 1, None, "release date not found above the header nor in the name")
    return Export(release=found, records=records)
