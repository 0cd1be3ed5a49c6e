"""Differentially private counts through OpenDP (optional: ``pip install opendp``).

A histogram over a public, declared list of categories (never categories read from the data, which
would leak), each person counted once, noised with OpenDP's discrete Laplace mechanism. With
add/remove-one-person neighbours a histogram has L1 sensitivity 1, so scale = 1/epsilon gives
epsilon-DP; the measurement's own privacy map is checked rather than trusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd


class DifferentialPrivacyUnavailable(RuntimeError):
    """OpenDP is not installed: install the ``opendp`` package for DP counts."""


def opendp_available() -> bool:
    try:
        import opendp.prelude  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class DPCounts:
    """Noisy counts per category (negative noise clipped at 0), with the budget they spent."""

    counts: pd.Series
    epsilon: float
    scale: float
    other: int  # noisy count of values outside the declared categories


def dp_counts(
    values: Sequence[Any] | pd.Series,
    categories: Sequence[str],
    epsilon: float,
) -> DPCounts:
    """epsilon-DP counts of ``values`` (one per person) over the public ``categories``."""
    if epsilon <= 0:
        raise ValueError("epsilon must be positive")
    if len(set(categories)) != len(categories):
        raise ValueError("categories must be distinct")
    try:
        import opendp.prelude as dp
    except ImportError as exc:
        raise DifferentialPrivacyUnavailable("install the 'opendp' package for DP counts") from exc
    dp.enable_features("contrib")
    data = ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values]
    scale = 1.0 / epsilon
    measurement = dp.t.make_count_by_categories(
        dp.vector_domain(dp.atom_domain(T=str)),
        dp.symmetric_distance(),
        categories=[str(c) for c in categories],
        null_category=True,
    ) >> dp.m.then_laplace(scale=scale)
    spent = float(measurement.map(1))
    if spent > epsilon * (1 + 1e-9):
        raise RuntimeError(f"OpenDP privacy map says {spent} > epsilon {epsilon}")
    noisy = [max(int(c), 0) for c in measurement(data)]
    return DPCounts(
        counts=pd.Series(noisy[:-1], index=list(categories), dtype="int64"),
        epsilon=spent,
        scale=scale,
        other=noisy[-1],
    )
