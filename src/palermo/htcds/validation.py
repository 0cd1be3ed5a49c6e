"""Validate case files against HTCDS: every bad cell reported, streamed chunk by chunk.

A file is read as text (no type inference, nothing turned into NaN) in chunks; each column of a
chunk is factorised once and the rules run on its distinct values (see ``checks``), so the cost is
close to reading the file. Problems carry the spreadsheet row number (the header is row 1, the
first record row 2), the source column, the HTCDS field, the value, the rule and a message.
"""

from __future__ import annotations

import csv
import queue
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from typing import Any, NamedTuple, TypeAlias, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from palermo.htcds.columns import ColumnPlan, ColumnSpec, plan_columns
from palermo.htcds.standard import Standard

DEFAULT_CHUNK = 200_000
Chunk: TypeAlias = pd.DataFrame | pa.Table
T = TypeVar("T")
Source: TypeAlias = str | PathLike[str] | pd.DataFrame | Iterable[Chunk]


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


def read_table_chunks(
    path: str | PathLike[str], chunksize: int = DEFAULT_CHUNK
) -> Iterator[pa.Table]:
    """A CSV as Arrow tables of ``chunksize`` rows, every column a non-null string ("" = blank).

    Arrow's reader builds no Python object per cell, so reading and checking cost about what
    ``pandas.read_csv`` costs; ``table_to_frame`` gives the text DataFrame when one is needed.
    The header is read with ``csv`` (verbatim names, a UTF-8 BOM dropped).
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), None)
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV"
        ) from exc
    if not header:
        raise ValueError(f"{path}: no header row (the file is empty)")
    types = {name: pa.string() for name in header}
    try:
        reader = pa_csv.open_csv(
            path,
            read_options=pa_csv.ReadOptions(column_names=header, skip_rows=1),
            convert_options=pa_csv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
        pending: list[pa.RecordBatch] = []
        count, sent = 0, False
        for batch in reader:
            pending.append(batch)
            count += batch.num_rows
            while count >= chunksize:
                table = pa.Table.from_batches(pending, reader.schema)
                yield table.slice(0, chunksize)
                sent = True
                rest = table.slice(chunksize)
                pending, count = rest.to_batches(), rest.num_rows
        if count or not sent:
            yield pa.Table.from_batches(pending, reader.schema)
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc):
            raise ValueError(f"{path}: not UTF-8 text ({exc}); save it as UTF-8 CSV") from exc
        raise ValueError(f"{path}: {_ragged(path, len(header)) or exc}") from exc


def _ragged(path: str | PathLike[str], width: int) -> str:
    """Where Arrow's parse error is: the first record whose number of fields is wrong."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        for record in reader:
            if record and len(record) != width:
                return f"line {reader.line_num}: expected {width} fields, saw {len(record)}"
    return ""


def prefetch(chunks: Iterator[T]) -> Iterator[T]:
    """``chunks``, with the next one read in a background thread while this one is used.

    Arrow's CSV reader releases the GIL, so on two cores reading chunk n+1 overlaps checking (or
    inserting) chunk n, as pandas.read_csv itself uses a second core. One chunk in flight: memory
    stays bounded. Errors of the reader are raised here, in the consumer.
    """
    box: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for chunk in chunks:
                if not put(("chunk", chunk)):
                    return
            put(("end", None))
        except BaseException as exc:  # handed to the consumer, raised there
            put(("error", exc))

    threading.Thread(target=work, name="palermo-csv-prefetch", daemon=True).start()
    try:
        while True:
            kind, value = box.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()


def table_to_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow chunk as the text DataFrame ``read_chunks`` would give (object str cells)."""
    frame = pd.DataFrame({i: col.to_numpy() for i, col in enumerate(table.columns)}, dtype=object)
    frame.columns = pd.Index(table.column_names, dtype=object)
    return frame


def _chunks(source: Source, chunksize: int) -> Iterator[Chunk]:
    if isinstance(source, pd.DataFrame):
        for start in range(0, max(len(source), 1), chunksize):
            yield source.iloc[start : start + chunksize]
    elif isinstance(source, (str, PathLike)):
        yield from read_chunks(source, chunksize)
    else:
        yield from source


def column_names(chunk: Chunk) -> list[str]:
    names = chunk.column_names if isinstance(chunk, pa.Table) else chunk.columns
    return [str(c) for c in names]


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
    yield from _emit(spec, verdict, codes, uniques, first_row)


def _emit(
    spec: ColumnSpec,
    verdict: np.ndarray[Any, Any],
    codes: np.ndarray[Any, Any],
    uniques: Any,
    first_row: int,
) -> Iterator[Problem]:
    """The problems of the rows whose value failed a check (``verdict``: the check's index)."""
    if (verdict < 0).all():
        return
    for r in np.flatnonzero(verdict[codes] >= 0):
        check = spec.checks[verdict[codes[r]]]
        value = str(uniques[int(codes[r])])
        yield Problem(
            first_row + int(r),
            spec.column,
            spec.field,
            value,
            check.rule,
            f"{value!r} in {spec.column}: {check.message}",
        )


def arrow_column_problems(
    spec: ColumnSpec, column: pa.ChunkedArray, first_row: int
) -> Iterator[Problem]:
    """``column_problems`` on an Arrow string column: dictionary-encoded in C, each check's fast
    pass on the distinct values, the exact Python check only on the values it did not clear."""
    array = column.combine_chunks()
    if all(check.fast is not None for check in spec.checks):
        yield from _direct(spec, array, first_row)
        return
    encoded = pc.dictionary_encode(array)
    uniques, codes = encoded.dictionary, encoded.indices.to_numpy()
    missing = pa.array(sorted(spec.missing), type=pa.string())
    present = ~np.asarray(pc.is_in(uniques, value_set=missing).to_numpy(zero_copy_only=False))
    verdict = np.full(len(uniques), -1, dtype=np.int16)
    candidates = np.flatnonzero(present)
    for i, check in enumerate(spec.checks):
        if not len(candidates):
            break
        unsure = np.arange(len(candidates))
        if check.fast is not None:
            unsure = np.flatnonzero(~_bools(check.fast(uniques.take(pa.array(candidates)))))
        if not len(unsure):
            continue
        values = uniques.take(pa.array(candidates[unsure])).to_numpy(zero_copy_only=False)
        failed = np.zeros(len(candidates), dtype=np.bool_)
        failed[unsure[check.bad(np.asarray(values, dtype=object))]] = True
        verdict[candidates[failed]] = i
        candidates = candidates[~failed]
    yield from _emit(spec, verdict, codes, _Lazy(uniques), first_row)


def _direct(spec: ColumnSpec, array: pa.Array, first_row: int) -> Iterator[Problem]:
    """Columns whose every check has a fast pass (lengths, code lists): run on the rows as they
    are, cheaper than hashing them; the few rows not cleared get the exact checks."""
    passed: pa.Array | None = None
    for check in spec.checks:
        assert check.fast is not None
        ok = check.fast(array)
        passed = ok if passed is None else pc.and_(passed, ok)
    if passed is None or pc.all(passed).as_py():
        return  # the common case: one reduction, no array leaves Arrow
    missing = pa.array(sorted(spec.missing), type=pa.string())
    cleared = pc.or_(passed, pc.is_in(array, value_set=missing))
    unsure = np.flatnonzero(~_bools(cleared))
    if not len(unsure):
        return
    values = pd.Series(array.take(pa.array(unsure)).to_numpy(zero_copy_only=False), dtype=object)
    for problem in column_problems(spec, values, 0, trusted=True):
        yield problem._replace(row=first_row + int(unsure[problem.row]))


def _bools(array: pa.Array) -> np.ndarray[Any, Any]:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.bool_)


class _Lazy:
    """Index an Arrow array as Python values, only for the (few) bad cells."""

    def __init__(self, array: pa.Array) -> None:
        self.array = array

    def __getitem__(self, i: int) -> Any:
        return self.array[i].as_py()


def chunk_problems(
    chunk: Chunk, plan: ColumnPlan, first_row: int, trusted: bool = False
) -> Iterator[Problem]:
    """Every bad cell of one chunk read with ``plan``; ``first_row`` is its first row's number.

    ``chunk`` is an Arrow table (``read_table_chunks``) or a DataFrame; for a DataFrame,
    ``trusted`` says every cell is already a ``str`` (``read_chunks``, the cases readers), so the
    per-cell check for numbers and NaN is skipped.
    """
    if isinstance(chunk, pa.Table):
        by_name = {str(c): i for i, c in enumerate(chunk.column_names)}
        for spec in plan.columns:
            yield from arrow_column_problems(spec, chunk.column(by_name[spec.column]), first_row)
        return
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
    # A path is read by Arrow: no Python object per cell (see read_table_chunks).
    chunks = (
        prefetch(read_table_chunks(source, chunksize))
        if isinstance(source, (str, PathLike))
        else _chunks(source, chunksize)
    )
    for chunk in chunks:
        if plan is None:
            plan = plan_columns(column_names(chunk), saved_mapping, standard)
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
