"""k-anonymity (Sweeney 2002) by full-domain generalisation and record suppression, l-diversity option.

Every published variable (quasi-identifier) has a hierarchy; a "node" picks one level per variable.
Nodes are tried from the least generalised up; for each, records in equivalence classes smaller
than k (or, with l, with fewer than l distinct sensitive values: Machanavajjhala et al. 2007) are
suppressed, and the node is acceptable if at most ``max_suppression`` of the records go. Among
acceptable nodes the one losing least wins: mean generalisation height (level / top level) plus the
share of records suppressed. This is the scheme of Samarati's full-domain generalisation and of
ARX, which CTDC used (k = 11 in 2017, 10 since 2021, over all published variables).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from palermo.disclosure.hierarchies import Hierarchy

Codes = npt.NDArray[np.int64]


@dataclass
class KAnonymityResult:
    """The published rows and what it cost to make them k-anonymous."""

    data: pd.DataFrame
    k: int
    achieved_k: int
    levels: dict[str, int]
    records_in: int
    generalised: int
    suppressed: int
    classes: int
    l_div: int | None = None
    achieved_l: int | None = None
    nodes_evaluated: int = 0
    generalised_by_variable: dict[str, int] = field(default_factory=dict)
    within_suppression_limit: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "achieved_k": self.achieved_k,
            "l": self.l_div,
            "achieved_l": self.achieved_l,
            "levels": self.levels,
            "records_in": self.records_in,
            "records_out": len(self.data),
            "generalised": self.generalised,
            "suppressed": self.suppressed,
            "classes": self.classes,
            "generalised_by_variable": self.generalised_by_variable,
            "nodes_evaluated": self.nodes_evaluated,
            "within_suppression_limit": self.within_suppression_limit,
        }


def as_text(series: pd.Series) -> pd.Series:
    """Values as str for grouping: NaN/None -> "", 2002.0 -> "2002", everything else str()."""
    if pd.api.types.is_float_dtype(series.dtype):
        finite = series.dropna()
        if len(finite) and (finite % 1 == 0).all():
            return series.map(lambda v: "" if pd.isna(v) else str(int(v))).astype(object)
    return series.map(
        lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
    ).astype(object)


def _combine(columns: Sequence[Codes]) -> tuple[Codes, int]:
    """One class id per row from several code columns (kept small by re-factorising)."""
    key = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    size = 1
    for codes in columns:
        key, uniques = pd.factorize(key * (int(codes.max(initial=0)) + 1) + codes)
        size = len(uniques)
    return np.asarray(key, dtype=np.int64), size


def _failing(
    key: Codes, n_classes: int, k: int, sensitive: Sequence[Codes], l_div: int | None
) -> npt.NDArray[np.bool_]:
    counts = np.bincount(key, minlength=n_classes)
    bad = counts[key] < k
    if l_div is not None:
        for codes in sensitive:
            pairs = pd.unique(key * (int(codes.max(initial=0)) + 1) + codes)
            distinct = np.bincount(pairs // (int(codes.max(initial=0)) + 1), minlength=n_classes)
            bad |= distinct[key] < l_div
    return np.asarray(bad, dtype=np.bool_)


def k_anonymity(data: pd.DataFrame, quasi_identifiers: Sequence[str]) -> int:
    """The k of ``data``: size of its smallest equivalence class over ``quasi_identifiers``."""
    if not len(data):
        return 0
    return int(data.groupby([as_text(data[q]) for q in quasi_identifiers]).size().min())


def l_diversity(
    data: pd.DataFrame, quasi_identifiers: Sequence[str], sensitive: Sequence[str]
) -> int:
    """Distinct l-diversity: fewest distinct values of any sensitive variable in any class."""
    if not len(data):
        return 0
    groups = data.assign(**{s: as_text(data[s]) for s in sensitive}).groupby(
        [as_text(data[q]) for q in quasi_identifiers]
    )
    return int(min(groups[s].nunique().min() for s in sensitive))


def k_anonymise(
    data: pd.DataFrame,
    quasi_identifiers: Mapping[str, Hierarchy],
    k: int = 10,
    max_suppression: float = 0.05,
    sensitive: Sequence[str] = (),
    l_div: int | None = None,
    max_levels: Mapping[str, int] | None = None,
) -> KAnonymityResult:
    """Generalise and suppress ``data`` until every class over the quasi-identifiers has >= k rows.

    ``max_levels`` caps a variable's generalisation (e.g. ``{"ageBroad": 1}``: never coarser
    than 0-17/18-29/30-47/48+); more records are then suppressed instead.
    Columns not named as quasi-identifiers pass through unchanged (declare every published
    variable a intruder could link on). QI columns come out as str ("" = missing, "*" = hidden).
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not quasi_identifiers:
        raise ValueError("declare at least one published variable (quasi-identifier)")
    if not 0 <= max_suppression <= 1:
        raise ValueError("max_suppression is a share of records, between 0 and 1")
    missing = [c for c in [*quasi_identifiers, *sensitive] if c not in data.columns]
    if missing:
        raise ValueError(f"columns not in the data: {missing}")
    if l_div is not None and not sensitive:
        raise ValueError("l-diversity needs at least one sensitive column")
    names = list(quasi_identifiers)
    n = len(data)
    text = {q: as_text(data[q]) for q in names}
    generalised = {
        q: [quasi_identifiers[q].at(text[q], lvl) for lvl in range(quasi_identifiers[q].top + 1)]
        for q in names
    }
    codes = {
        q: [np.asarray(pd.factorize(v.to_numpy())[0], dtype=np.int64) for v in generalised[q]]
        for q in names
    }
    sens_codes = [
        np.asarray(pd.factorize(as_text(data[s]).to_numpy())[0], dtype=np.int64) for s in sensitive
    ]
    caps = dict(max_levels or {})
    unknown_caps = sorted(set(caps) - set(names))
    if unknown_caps:
        raise ValueError(f"max_levels names variables that are not declared: {unknown_caps}")
    tops = [quasi_identifiers[q].top for q in names]
    limits = [min(caps.get(q, t), t) for q, t in zip(names, tops, strict=True)]
    nodes = sorted(
        itertools.product(*(range(cap + 1) for cap in limits)),
        key=lambda node: (sum(lv / t for lv, t in zip(node, tops, strict=True)), node),
    )
    limit = int(np.floor(max_suppression * n))
    best: tuple[float, tuple[int, ...], npt.NDArray[np.bool_]] | None = None
    evaluated = 0
    for node in nodes:
        height = sum(lv / t for lv, t in zip(node, tops, strict=True)) / max(len(names), 1)
        if best is not None and height >= best[0]:
            break  # nodes are in height order: none further can lose less
        evaluated += 1
        key, n_classes = _combine([codes[q][lv] for q, lv in zip(names, node, strict=True)])
        bad = _failing(key, n_classes, k, sens_codes, l_div)
        suppressed = int(bad.sum())
        if suppressed > limit:
            continue
        loss = height + (suppressed / n if n else 0.0)
        if best is None or loss < best[0]:
            best = (loss, node, bad)
    within_limit = best is not None
    if best is None:
        # No node keeps suppression under the limit (caps too tight, or k > n): take the coarsest
        # allowed node and suppress what it takes. Still k-anonymous; the result says so.
        node = tuple(limits)
        key, n_classes = _combine([codes[q][lv] for q, lv in zip(names, node, strict=True)])
        bad = _failing(key, n_classes, k, sens_codes, l_div)
    else:
        _, node, bad = best
    out = data.copy()
    changed = np.zeros(n, dtype=bool)
    by_variable = {}
    for q, lv in zip(names, node, strict=True):
        out[q] = generalised[q][lv]
        diff = (generalised[q][lv] != text[q]).to_numpy() & ~bad
        by_variable[q] = int(diff.sum())
        changed |= diff
    out = out.loc[~bad]
    achieved_k = k_anonymity(out, names) if len(out) else 0
    achieved_l = l_diversity(out, names, sensitive) if l_div is not None and len(out) else None
    return KAnonymityResult(
        data=out,
        k=k,
        achieved_k=achieved_k,
        levels={q: int(lv) for q, lv in zip(names, node, strict=True)},
        records_in=n,
        generalised=int(changed.sum()),
        suppressed=int(bad.sum()),
        classes=int(out.groupby(names).ngroups) if len(out) else 0,
        l_div=l_div,
        achieved_l=achieved_l,
        nodes_evaluated=evaluated,
        generalised_by_variable=by_variable,
        within_suppression_limit=within_limit,
    )
