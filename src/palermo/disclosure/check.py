"""An independent second opinion on k-anonymity: pycanon (Sáinz-Pardo Díaz and López García 2022).

A public export should not be trusted to the code that made it: this asks pycanon, written apart,
for the k of the data about to be written. pycanon pins exact numpy/pandas/scipy versions, so it is
installed beside Palermo with ``pip install --no-deps pycanon`` (its anonymity module needs only
numpy and pandas).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from palermo.disclosure.kanon import as_text


class IndependentCheckUnavailable(RuntimeError):
    """pycanon is not installed."""


def pycanon_k(data: pd.DataFrame, quasi_identifiers: Sequence[str]) -> int:
    """pycanon's k for ``data`` over ``quasi_identifiers`` (values compared as text, blank = "")."""
    try:
        from pycanon import anonymity
    except ImportError as exc:
        raise IndependentCheckUnavailable(
            "install pycanon (pip install --no-deps pycanon) for the independent k-anonymity check"
        ) from exc
    if not len(data):
        return 0
    text = pd.DataFrame({q: as_text(data[q]) for q in quasi_identifiers})
    return int(anonymity.k_anonymity(text, list(quasi_identifiers)))


def assert_k_anonymous(data: pd.DataFrame, quasi_identifiers: Sequence[str], k: int) -> int:
    """Raise ``ValueError`` unless pycanon finds ``data`` at least k-anonymous; return its k."""
    found = pycanon_k(data, quasi_identifiers)
    if len(data) and found < k:
        raise ValueError(f"independent check (pycanon): k = {found} < {k}; not publishing")
    return found
