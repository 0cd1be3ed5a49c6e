"""Writing tables to CSV and XLSX safely: every export goes through here (pure, no Django).

Cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or carriage return)
are written as text by prefixing a single quote, as OWASP's "CSV Injection" guidance recommends and
as Primero's csv_sanitizer does. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["safe_cell", "to_csv", "to_xlsx"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would evaluate turned into inert text."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents right), every cell guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str = "data") -> bytes:
    """An XLSX workbook with one sheet; text cells are stored as strings, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    workbook = Workbook(write_only=False)
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append([safe_cell(h) for h in header])
    for row in rows:
        worksheet.append([safe_cell(v) for v in row])
    for line in worksheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never "f" (formula), whatever the text looks like
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
