"""Capture-history tables: reading, validating and holding the counts of every observable pattern."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

MIN_LISTS = 2
MAX_LISTS = 12
COUNT_COLUMN = "count"


class MSEInputError(ValueError):
    """Bad capture-history input; the message names the file, row and column at fault."""

    def __init__(
        self, message: str, *, source: str = "", row: int | None = None, column: str | None = None
    ) -> None:
        self.source, self.row, self.column = source, row, column
        where = [part for part in (source, f"row {row}" if row else "", column or "") if part]
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message)


def all_patterns(nlists: int) -> IntArray:
    """Every observable pattern (2^t - 1 rows, the all-zero one excluded), ordered by bit code.

    Row ``c - 1`` is the pattern whose bit ``i`` (list ``i``) is set in ``c``; the order of cells
    does not change any fitted value, so a simple code order is used rather than SparseMSE's.
    """
    codes = np.arange(1, 2**nlists, dtype=np.int64)
    return ((codes[:, None] >> np.arange(nlists, dtype=np.int64)[None, :]) & 1).astype(np.int64)


@dataclass(frozen=True)
class CaptureTable:
    """Counts of the 2^t - 1 observable capture patterns of t named lists."""

    lists: tuple[str, ...]
    counts: IntArray  # indexed by pattern code - 1, see all_patterns()

    def __post_init__(self) -> None:
        if len(self.counts) != 2 ** len(self.lists) - 1:
            raise ValueError("counts must cover every observable pattern")

    @property
    def nlists(self) -> int:
        return len(self.lists)

    @property
    def patterns(self) -> IntArray:
        return all_patterns(self.nlists)

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    def with_counts(self, counts: IntArray) -> CaptureTable:
        return CaptureTable(self.lists, np.asarray(counts, dtype=np.int64))

    def pattern_label(self, code: int) -> str:
        return "".join(str((code >> i) & 1) for i in range(self.nlists))

    def list_index(self, name: str) -> int:
        try:
            return self.lists.index(name)
        except ValueError:
            raise MSEInputError(
                f"unknown list {name!r}; lists are {', '.join(self.lists)}"
            ) from None

    def rows(self) -> list[tuple[str, int]]:
        """(pattern string as in the file, count) for every pattern with a positive count."""
        return [(self.pattern_label(c + 1), int(n)) for c, n in enumerate(self.counts) if n > 0]

    def permuted(self, order: Sequence[int]) -> CaptureTable:
        """The same table with its lists reordered (``order[k]`` is the old index of new list k)."""
        old = self.patterns
        new_codes = (old[:, list(order)] << np.arange(self.nlists)).sum(axis=1)
        counts = np.zeros_like(self.counts)
        counts[new_codes - 1] = self.counts
        return CaptureTable(tuple(self.lists[i] for i in order), counts)


def from_rows(
    lists: Sequence[str], rows: Iterable[tuple[Sequence[int], int]], *, source: str = ""
) -> CaptureTable:
    """Build a table from (0/1 pattern, count) rows, checking what read_csv checks (1-based rows)."""
    names = tuple(str(name).strip() for name in lists)
    if len(names) < MIN_LISTS:
        raise MSEInputError(f"needs at least {MIN_LISTS} lists, found {len(names)}", source=source)
    if len(names) > MAX_LISTS:
        raise MSEInputError(f"at most {MAX_LISTS} lists are supported", source=source)
    if len(set(names)) != len(names) or any(not n for n in names):
        raise MSEInputError("list names must be distinct and non-empty", source=source)
    counts = np.zeros(2 ** len(names) - 1, dtype=np.int64)
    seen: dict[int, int] = {}
    for rowno, (pattern, count) in enumerate(rows, start=1):
        if len(pattern) != len(names):
            raise MSEInputError("wrong number of columns", source=source, row=rowno)
        code = 0
        for i, bit in enumerate(pattern):
            if bit not in (0, 1):
                raise MSEInputError(
                    f"must be 0 or 1, got {bit!r}", source=source, row=rowno, column=names[i]
                )
            code |= int(bit) << i
        if count < 0:
            raise MSEInputError(
                f"count must be >= 0, got {count}", source=source, row=rowno, column=COUNT_COLUMN
            )
        if code == 0:
            raise MSEInputError(
                "the all-zero pattern (seen by no list) cannot be observed",
                source=source,
                row=rowno,
            )
        if code in seen:
            raise MSEInputError(
                f"duplicate pattern (first given in row {seen[code]})", source=source, row=rowno
            )
        seen[code] = rowno
        counts[code - 1] = count
    if counts.sum() == 0:
        raise MSEInputError("no one observed: every count is 0", source=source)
    return CaptureTable(names, counts)


def _parse_int(text: str, *, what: str, source: str, row: int, column: str) -> int:
    value = text.strip()
    try:
        number = float(value)
    except ValueError:
        raise MSEInputError(
            f"{what} must be a whole number, got {value!r}", source=source, row=row, column=column
        ) from None
    if not number.is_integer():
        raise MSEInputError(
            f"{what} must be a whole number, got {value!r}", source=source, row=row, column=column
        )
    return int(number)


def parse_csv(text: str, *, source: str = "<csv>") -> CaptureTable:
    """Parse CSV text: a 0/1 column per list then ``count``; row numbers count data rows from 1."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise MSEInputError("empty file", source=source) from None
    lowered = [h.lower() for h in header]
    if COUNT_COLUMN not in lowered:
        raise MSEInputError(f"no {COUNT_COLUMN!r} column in the header", source=source)
    count_at = lowered.index(COUNT_COLUMN)
    names = [h for i, h in enumerate(header) if i != count_at]
    rows: list[tuple[list[int], int]] = []
    for rowno, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise MSEInputError(
                f"expected {len(header)} columns, found {len(cells)}", source=source, row=rowno
            )
        bits = []
        for i, cell in enumerate(cells):
            if i == count_at:
                continue
            value = cell.strip()
            if value not in ("0", "1"):
                raise MSEInputError(
                    f"must be 0 or 1, got {value!r}", source=source, row=rowno, column=header[i]
                )
            bits.append(int(value))
        count = _parse_int(
            cells[count_at], what="count", source=source, row=rowno, column=header[count_at]
        )
        rows.append((bits, count))
    return from_rows(names, rows, source=source)


def read_csv(path: str | Path) -> CaptureTable:
    """Read a capture-history CSV file (see parse_csv)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MSEInputError(f"cannot read: {exc}", source=str(path)) from None
    return parse_csv(text, source=str(path))
