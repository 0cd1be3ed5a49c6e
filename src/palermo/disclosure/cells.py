"""Small-cell suppression of count tables, with complementary suppression checked by linear programs.

Primary suppression hides counts from 1 to ``threshold - 1`` (shown "<5", as UNODC's GLOTIP does).
Row and column totals stay published, so a lone hidden cell in a line could be recovered by
subtraction: complementary (secondary) suppression hides further cells (shown "x") until no hidden
cell can be pinned down. "Pinned down" is decided the way an intruder would (Hundepool et al.,
Statistical Disclosure Control, 2012, ch. 5 "cell suppression" and its audit): for every hidden cell
two linear programs find the smallest and largest value consistent with the published cells, the
totals and what the labels give away (a "<5" cell is 1..threshold-1, an "x" cell 0 or at least
threshold). A cell whose minimum equals its maximum is exposed and gets a partner hidden.
The constraint matrix of a two-way table is totally unimodular, so those bounds are integers and
both are attained: a gap means at least two integer tables fit the publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import linprog

SMALL = "<5"
HIDDEN = "x"
Mask = npt.NDArray[np.bool_]
Counts = npt.NDArray[np.int64]


@dataclass
class SuppressedTable:
    """A table ready to publish, the masks that produced it and the intruder's view of hidden cells."""

    published: pd.DataFrame  # object cells: counts as int, "<5" or "x"
    counts: pd.DataFrame
    primary: pd.DataFrame  # bool
    secondary: pd.DataFrame  # bool
    row_totals: pd.Series | None  # None for a one-way table (a Series): its rows are its cells
    column_totals: pd.Series
    grand_total: int
    exposed: list[
        tuple[Any, Any]
    ]  # hidden cells still recoverable (only when nothing is left to hide)

    @property
    def suppressed(self) -> int:
        return int(self.primary.to_numpy().sum() + self.secondary.to_numpy().sum())


def feasible_ranges(
    counts: Counts,
    hidden: Mask,
    primary: Mask,
    threshold: int = 5,
    only: Mask | None = None,
    row_totals: bool = True,
) -> dict[tuple[int, int], tuple[float, float]]:
    """For each hidden cell (i, j) (or each in ``only``), the (min, max) an intruder can derive."""
    rows, cols = counts.shape
    cells = [(i, j) for i in range(rows) for j in range(cols) if hidden[i, j]]
    if not cells:
        return {}
    targets = [c for c in cells if only is None or only[c]]
    index = {c: n for n, c in enumerate(cells)}
    a_eq: list[list[float]] = []
    b_eq: list[float] = []
    for i in range(rows if row_totals else 0):  # hidden cells sum to row total minus shown cells
        line = [0.0] * len(cells)
        for j in range(cols):
            if hidden[i, j]:
                line[index[(i, j)]] = 1.0
        a_eq.append(line)
        b_eq.append(float(counts[i, ~hidden[i]].sum() * -1 + counts[i].sum()))
    for j in range(cols):
        line = [0.0] * len(cells)
        for i in range(rows):
            if hidden[i, j]:
                line[index[(i, j)]] = 1.0
        a_eq.append(line)
        b_eq.append(float(counts[:, j].sum() - counts[~hidden[:, j], j].sum()))
    bounds = [((1.0, float(threshold - 1)) if primary[c] else (0.0, None)) for c in cells]
    out = {}
    for c in targets:
        n = index[c]
        objective = np.zeros(len(cells))
        objective[n] = 1.0
        lo = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        hi = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if lo.status != 0 or hi.status != 0:
            raise RuntimeError(
                f"cell audit: linear program failed for cell {c}: {lo.message} / {hi.message}"
            )
        out[c] = (round(float(lo.fun), 6), round(float(-hi.fun), 6))
    return out


def _partner(
    counts: Counts, hidden: Mask, i: int, j: int, rows: bool = True, cols: bool = True
) -> tuple[int, int] | None:
    """The cheapest visible cell to hide beside (i, j), in its row and/or column.

    Preference: a cell whose crossing line already hides something (it closes a rectangle, the
    smallest pattern an intruder cannot solve), then a non-zero count, then the smallest count.
    """
    options = []
    if rows:
        options += [
            (-int(hidden[:, b].any()), int(counts[i, b] == 0), int(counts[i, b]), i, b)
            for b in range(counts.shape[1])
            if not hidden[i, b]
        ]
    if cols:
        options += [
            (-int(hidden[a].any()), int(counts[a, j] == 0), int(counts[a, j]), a, j)
            for a in range(counts.shape[0])
            if not hidden[a, j]
        ]
    if not options:
        return None
    *_, a, b = min(options)
    return int(a), int(b)


def _line_partners(counts: Counts, hidden: Mask) -> None:
    """Cheap first pass: no row or column may hide exactly one cell (it would equal total - rest)."""
    rows, cols = counts.shape
    changed = True
    while changed:
        changed = False
        for i in range(rows):
            if hidden[i].sum() == 1 and cols > 1:
                p = _partner(counts, hidden, i, int(np.flatnonzero(hidden[i])[0]), cols=False)
                if p:
                    hidden[p], changed = True, True
        for j in range(cols):
            if hidden[:, j].sum() == 1 and rows > 1:
                p = _partner(counts, hidden, int(np.flatnonzero(hidden[:, j])[0]), j, rows=False)
                if p:
                    hidden[p], changed = True, True


def suppress_small_cells(
    table: pd.DataFrame | pd.Series,
    threshold: int = 5,
    small_label: str = SMALL,
    hidden_label: str = HIDDEN,
) -> SuppressedTable:
    """Hide counts below ``threshold`` and enough others that none can be recovered from totals."""
    one_way = isinstance(table, pd.Series)
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    counts = frame.to_numpy()
    if counts.size and (
        not np.issubdtype(counts.dtype, np.integer) and not np.all(np.mod(counts, 1) == 0)
    ):
        raise ValueError("suppress_small_cells: counts must be whole numbers")
    counts = counts.astype(np.int64)
    if (counts < 0).any():
        raise ValueError("suppress_small_cells: counts must not be negative")
    primary = (counts > 0) & (counts < threshold)
    hidden = primary.copy()
    exposed: list[tuple[int, int]] = []
    _line_partners(counts, hidden)
    # Only "<5" cells need protecting (pinning an "x" cell reveals a large count). Hiding more
    # cells only loosens the intruder's constraints, so a cell found protected stays protected.
    pending = primary.copy()
    while True:
        ranges = feasible_ranges(counts, hidden, primary, threshold, pending, not one_way)
        for c, (lo, hi) in ranges.items():
            if hi - lo >= 0.5:
                pending[c] = False
        pinned = [c for c, (lo, hi) in sorted(ranges.items()) if hi - lo < 0.5 and c not in exposed]
        if not pinned:
            break
        partner = _partner(counts, hidden, *pinned[0])
        if partner is None:
            exposed.append(pinned[0])  # nothing left to hide in its row or column
            continue
        hidden[partner] = True
        _line_partners(counts, hidden)
    secondary = hidden & ~primary
    values = frame.astype(object).to_numpy(copy=True)
    values[primary] = small_label
    values[secondary] = hidden_label
    published = pd.DataFrame(values, index=frame.index, columns=frame.columns)
    return SuppressedTable(
        published=published,
        counts=pd.DataFrame(counts, index=frame.index, columns=frame.columns),
        primary=pd.DataFrame(primary, index=frame.index, columns=frame.columns),
        secondary=pd.DataFrame(secondary, index=frame.index, columns=frame.columns),
        row_totals=None if one_way else pd.Series(counts.sum(axis=1), index=frame.index),
        column_totals=pd.Series(counts.sum(axis=0), index=frame.columns),
        grand_total=int(counts.sum()),
        exposed=[(frame.index[i], frame.columns[j]) for i, j in exposed],
    )


def crosstab(data: pd.DataFrame, rows: str, columns: str) -> pd.DataFrame:
    """Counts of ``rows`` x ``columns`` (missing shown as "Unknown"), ready for suppression."""
    return pd.crosstab(data[rows].fillna("Unknown"), data[columns].fillna("Unknown"))
