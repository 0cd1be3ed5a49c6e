"""Validate case files against HTCDS: every bad cell reported, streamed chunk by chunk.

A file is read as text (no type inference, nothing turned into NaN) in chunks; each column of a
chunk is factorised once and the rules run on its distinct values (see ``checks``), so the cost is
close to reading the file. Problems carry the spreadsheet row number (the header is row 1, the
first record row 2), the source column, the HTCDS field, the value, the rule and a message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from typing import Any, NamedTuple, TypeAlias

import numpy as np
import pandas as pd

from palermo.htcds.columns import ColumnPlan, ColumnSpec, plan_columns
from palermo.htcds.standard import Standard

DEFAULT_CHUNK = 200_000
Source: TypeAlias = str | PathLike[str] | pd.DataFrame | Iterable[pd.DataFrame]


class Problem(NamedTuple):
    """One bad cell (or, with row 1, a bad header column)."""

    row: int
    column: str
    field: str
    value: str
    rule: str
    message: str


@dataclass
class ValidationReport:
    """What validation found: the header reading, the row count and every problem."""

    plan: ColumnPlan
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        """Problems per rule, for a summary line."""
        return dict(Counter(p.rule for p in self.problems))

    def as_dict(self) -> dict[str, Any]:
        return {
            "scheme": self.plan.scheme,
            "rows": self.rows,
            "ok": self.ok,
            "columns": self.plan.fields,
            "ignored": list(self.plan.ignored),
            "unknown": list(self.plan.unknown),
            "problem_count": len(self.problems),
            "truncated": self.truncated,
            "counts": self.counts(),
            "problems": [p._asdict() for p in self.problems],
        }


def read_chunks(
    path: str | PathLike[str], chunksize: int = DEFAULT_CHUNK
) -> Iterator[pd.DataFrame]:
    """A CSV as text chunks: every cell a str, blanks as "" (never NaN), header kept verbatim."""
    # object dtype, na_filter off: "-99", "NA" and "" stay what the agency wrote.
    try:
        reader = pd.read_csv(
            path,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            chunksize=chunksize,
            encoding="utf-8-sig",
        )
        with reader:
            yield from reader
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV"
        ) from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        # pandas names the line ("Expected 2 fields in line 3, saw 3"): keep its words
        raise ValueError(f"{path}: {exc}") from exc


def _chunks(source: Source, chunksize: int) -> Iterator[pd.DataFrame]:
    if isinstance(source, pd.DataFrame):
        for start in range(0, max(len(source), 1), chunksize):
            yield source.iloc[start : start + chunksize]
    elif isinstance(source, (str, PathLike)):
        yield from read_chunks(source, chunksize)
    else:
        yield from source


def header_problems(plan: ColumnPlan) -> list[Problem]:
    out = [
        Problem(
            1,
            c,
            "",
            c,
            "unknown_column",
            "not an HTCDS or CTDC column, and not in the saved mapping",
        )
        for c in plan.unknown
    ]
    out += [
        Problem(1, c, "", c, "duplicate_column", "column appears more than once")
        for c in plan.duplicates
    ]
    return out


def _as_text(series: pd.Series[Any], trusted: bool = False) -> np.ndarray[Any, Any]:
    """The column as an object array of str; ``trusted`` when it comes from ``read_chunks``."""
    values = series.to_numpy(dtype=object)
    if not trusted and (series.dtype != object or series.isna().any()):
        # A DataFrame built in memory may hold numbers or NaN; compare them as the text they'd be.
        values = np.array(["" if pd.isna(v) else str(v) for v in values], dtype=object)
    return np.asarray(values, dtype=object)


def column_problems(
    spec: ColumnSpec, series: pd.Series[Any], first_row: int, trusted: bool = False
) -> Iterator[Problem]:
    """Every bad cell of one column of one chunk; ``first_row`` is the row number of its first cell.

    Values are checked verbatim: a picklist code with stray spaces is reported, not silently fixed.
    """
    codes, uniques = pd.factorize(_as_text(series, trusted))
    uniques = np.asarray(uniques, dtype=object)
    present = ~pd.Series(uniques, dtype=object).isin(spec.missing).to_numpy()
    verdict = np.full(len(uniques), -1, dtype=np.int16)  # index of the first failed check
    candidates = np.flatnonzero(present)
    for i, check in enumerate(spec.checks):
        if not len(candidates):
            break
        bad = check.bad(uniques[candidates])
        verdict[candidates[bad]] = i
        candidates = candidates[~bad]
    if (verdict < 0).all():
        return
    rows = np.flatnonzero(verdict[codes] >= 0)
    for r in rows:
        check = spec.checks[verdict[codes[r]]]
        value = str(uniques[codes[r]])
        yield Problem(
            first_row + int(r),
            spec.column,
            spec.field,
            value,
            check.rule,
            f"{value!r} in {spec.column}: {check.message}",
        )


def chunk_problems(
    chunk: pd.DataFrame, plan: ColumnPlan, first_row: int, trusted: bool = False
) -> Iterator[Problem]:
    """Every bad cell of one chunk read with ``plan``; ``first_row`` is its first row's number.

    ``trusted``: every cell is already a ``str`` (``read_chunks`` and the cases readers), so the
    per-cell check for numbers and NaN is skipped.
    """
    by_position = {str(c): i for i, c in enumerate(chunk.columns)}
    for spec in plan.columns:
        yield from column_problems(
            spec, chunk.iloc[:, by_position[spec.column]], first_row, trusted
        )


def iter_problems(
    source: Source,
    saved_mapping: dict[str, str] | None = None,
    chunksize: int = DEFAULT_CHUNK,
    standard: Standard | None = None,
    report: ValidationReport | None = None,
    trusted: bool | None = None,
) -> Iterator[Problem]:
    """Stream the problems of ``source`` (a CSV path, a DataFrame or an iterable of chunks).

    ``trusted`` (default: only when ``source`` is a path) says the chunks hold only ``str``.
    """
    plan: ColumnPlan | None = None
    next_row = 2
    if trusted is None:
        trusted = isinstance(source, (str, PathLike))
    for chunk in _chunks(source, chunksize):
        if plan is None:
            plan = plan_columns([str(c) for c in chunk.columns], saved_mapping, standard)
            if report is not None:
                report.plan = plan
            yield from header_problems(plan)
        yield from chunk_problems(chunk, plan, next_row, trusted)
        next_row += len(chunk)
        if report is not None:
            report.rows = next_row - 2


def validate(
    source: Source,
    saved_mapping: dict[str, str] | None = None,
    chunksize: int = DEFAULT_CHUNK,
    max_problems: int | None = None,
    standard: Standard | None = None,
) -> ValidationReport:
    """Validate every row of ``source``; keep every problem (or the first ``max_problems``).

    Problems come column by column within each chunk; ``sorted(report.problems)`` orders them by
    row. With ``max_problems`` the report says ``truncated`` but rows are still all counted.
    """
    report = ValidationReport(plan=ColumnPlan("htcds", (), (), (), ()))
    for problem in iter_problems(source, saved_mapping, chunksize, standard, report):
        if max_problems is not None and len(report.problems) >= max_problems:
            report.truncated = True
            continue
        report.problems.append(problem)
    return report
