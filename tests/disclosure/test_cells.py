"""Small-cell suppression: "<5" cells cannot be recovered from the published cells and totals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from palermo.disclosure import crosstab, suppress_small_cells


def intruder_bounds(
    published: pd.DataFrame, rows: pd.Series, cols: pd.Series, threshold: int = 5
) -> dict[tuple[int, int], tuple[float, float]]:
    """What someone holding only the published table and its totals can infer (written apart from
    the engine's own audit): min and max of every hidden cell by linear programming."""
    cells = published.to_numpy()
    hidden = [
        (i, j)
        for i in range(cells.shape[0])
        for j in range(cells.shape[1])
        if isinstance(cells[i, j], str)
    ]
    if not hidden:
        return {}
    a_eq, b_eq = [], []
    for i in range(cells.shape[0]):
        a_eq.append([1.0 if h[0] == i else 0.0 for h in hidden])
        b_eq.append(rows.iloc[i] - sum(v for v in cells[i] if not isinstance(v, str)))
    for j in range(cells.shape[1]):
        a_eq.append([1.0 if h[1] == j else 0.0 for h in hidden])
        b_eq.append(cols.iloc[j] - sum(v for v in cells[:, j] if not isinstance(v, str)))
    bounds = [(1, threshold - 1) if cells[h] == "<5" else (0, None) for h in hidden]
    out = {}
    for n, h in enumerate(hidden):
        c = np.zeros(len(hidden))
        c[n] = 1
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        out[h] = (lo.fun, -hi.fun)
    return out


tables = st.tuples(st.integers(2, 5), st.integers(2, 5), st.integers(0, 10_000)).map(
    lambda t: pd.DataFrame(
        np.random.default_rng(t[2]).choice([0, 1, 2, 3, 4, 6, 9, 15, 40], (t[0], t[1]))
    )
)


@settings(max_examples=60, deadline=None)
@given(table=tables)
def test_no_small_cell_can_be_recovered_from_totals(table: pd.DataFrame) -> None:
    result = suppress_small_cells(table)
    published = result.published
    small = (table > 0) & (table < 5)
    assert ((published == "<5") == small).all().all()  # every small count, and only those, is "<5"
    cells, counts = published.to_numpy(), table.to_numpy()
    visible = np.array([[not isinstance(v, str) for v in row] for row in cells])
    assert (cells[visible] == counts[visible]).all()  # what shows is the true count
    if result.exposed:  # only when a line has nothing left to hide
        return
    for (i, j), (lo, hi) in intruder_bounds(
        published, result.row_totals, result.column_totals
    ).items():
        if published.iat[i, j] == "<5":
            assert hi - lo >= 1, (i, j, lo, hi, published)


def test_a_lone_small_cell_would_be_recovered_without_complementary_suppression() -> None:
    table = pd.DataFrame(
        [[20, 3, 15], [12, 30, 8], [7, 9, 40]], index=list("abc"), columns=list("XYZ")
    )
    naive = table.astype(object)
    naive.iat[0, 1] = "<5"
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    assert intruder_bounds(naive, rows, cols)[(0, 1)] == (3, 3)  # the test can see a leak
    result = suppress_small_cells(table)
    assert result.secondary.to_numpy().sum() >= 3  # at least a rectangle
    lo, hi = intruder_bounds(result.published, rows, cols)[(0, 1)]
    assert hi - lo >= 1
    assert result.grand_total == 144


def test_glotip_style_labels_and_one_dimensional_tables() -> None:
    result = suppress_small_cells(pd.Series([10, 3, 20, 7], index=["UA", "MD", "PH", "US"]))
    column = result.published.iloc[:, 0]
    assert column["MD"] == "<5"
    assert column["US"] == "x"  # the smallest other count hides beside it
    assert column["UA"] == 10
    assert result.suppressed == 2
    assert result.exposed == []
    assert result.row_totals is None


def test_a_table_of_one_cell_reports_what_it_cannot_protect() -> None:
    assert suppress_small_cells(pd.DataFrame([[3]])).exposed == [(0, 0)]


def test_counts_must_be_whole_and_non_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress_small_cells(pd.DataFrame([[1, -1]]))
    with pytest.raises(ValueError, match="whole"):
        suppress_small_cells(pd.DataFrame([[1.5, 2.0]]))


def test_crosstab_keeps_unknowns() -> None:
    data = pd.DataFrame({"sex": ["F", "M", None], "age": ["9--17", None, "9--17"]})
    assert crosstab(data, "sex", "age").loc["Unknown", "9--17"] == 1
