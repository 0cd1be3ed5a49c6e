"""Model choice: SparseMSE's stepwise Poisson p-value method, fixed and main-effects models, AIC/BIC.

The stepwise rule is `stepwisefit` of SparseMSE 2.0.1 (R/routines.R): start from main effects; for
each pair not yet in, n* = people on both lists, lambda* = the current fit's expected count over the
remaining cells with both lists, p = min(P(X <= n*), P(X >= n*)) for X ~ Poisson(lambda*); a pair
whose model fails `checkident` gets p = 1; add the smallest p (first in order on ties) while it is
below the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import pdtr, pdtrc

from palermo.mse.model import (
    OK,
    Fit,
    Model,
    Term,
    check_model,
    fit_model,
    normalise,
    overlap,
    pairs,
    term_mask,
)
from palermo.mse.table import CaptureTable

METHODS = ("stepwise", "fixed", "main", "aic", "bic")


@dataclass(frozen=True)
class Step:
    """One stage of a search: the candidates' p-values (or criteria) and what was added."""

    model: Model
    scores: dict[Term, float]
    added: Term | None


@dataclass
class Selection:
    fit: Fit
    steps: list[Step] = field(default_factory=list)


def poisson_p(nstar: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """min(P(X <= n*), P(X >= n*)), X ~ Poisson(lambda*), one-sided and not doubled."""
    lam = np.asarray(lam, dtype=np.float64)
    nstar = np.asarray(nstar, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        lower = np.where(lam > 0, pdtr(nstar, lam), 1.0)
        upper = np.where(nstar <= 0, 1.0, np.where(lam > 0, pdtrc(nstar - 1, lam), 0.0))
    return np.asarray(np.minimum(lower, upper), dtype=np.float64)


def stepwise(table: CaptureTable, threshold: float = 0.02, *, trace: bool = False) -> Selection:
    """SparseMSE's stepwise choice; ``trace`` records every stage (diagnostics)."""
    all_pairs = pairs(table.nlists)
    if threshold >= 1 and check_model(table, tuple(all_pairs)) == OK:
        return Selection(fit_model(table, tuple(all_pairs)))
    fit = fit_model(table, ())
    if threshold <= 0:
        return Selection(fit)
    pats = table.patterns
    masks = np.stack([term_mask(pats, p) for p in all_pairs])  # pairs x cells
    nstar = masks @ table.counts
    model: list[Term] = []
    steps: list[Step] = []
    included = np.zeros(len(all_pairs), dtype=bool)
    for _ in range(len(all_pairs)):
        lam = masks @ fit.fitted
        pvals = poisson_p(nstar, lam)
        pvals[included] = 1.0
        for j in np.flatnonzero(~included):
            if check_model(table, normalise([*model, all_pairs[j]])) != OK:
                pvals[j] = 1.0
        best = int(np.argmin(pvals))  # argmin returns the first of equal minima, as R's min(which)
        stop = not pvals[best] < threshold
        if trace:
            scores = {all_pairs[j]: float(pvals[j]) for j in np.flatnonzero(~included)}
            steps.append(Step(tuple(model), scores, None if stop else all_pairs[best]))
        if stop:
            break
        model.append(all_pairs[best])
        included[best] = True
        fit = fit_model(table, normalise(model), start=fit.fitted)
    return Selection(fit, steps)


def information_search(table: CaptureTable, criterion: str = "bic") -> Selection:
    """Greedy forward search over two-list terms by AIC or BIC, skipping models that fail the check.

    BIC counts the minus-infinity terms in K and uses log(observed total), as in Silverman, Chan and
    Vincent (Statistics and Computing 2024); the exhaustive search over all 2^(t(t-1)/2) models
    is replaced by forward selection, which is what scales to 12 lists.
    """
    if criterion not in ("aic", "bic"):
        raise ValueError("criterion must be 'aic' or 'bic'")
    fit = fit_model(table, ())
    steps: list[Step] = []
    model: list[Term] = []
    while True:
        current = getattr(fit, criterion)
        scores: dict[Term, float] = {}
        best: tuple[float, Term, Fit] | None = None
        for pair in pairs(table.nlists):
            if pair in model:
                continue
            candidate = normalise([*model, pair])
            if check_model(table, candidate) != OK:
                continue
            cfit = fit_model(table, candidate)
            scores[pair] = float(getattr(cfit, criterion))
            if best is None or scores[pair] < best[0]:
                best = (scores[pair], pair, cfit)
        added = best[1] if best is not None and best[0] < current - 1e-9 else None
        steps.append(Step(tuple(model), scores, added))
        if best is None or added is None:
            return Selection(fit, steps)
        model.append(best[1])
        fit = best[2]


def select(
    table: CaptureTable,
    method: str = "stepwise",
    *,
    threshold: float = 0.02,
    terms: Model = (),
    trace: bool = False,
) -> Selection:
    """Choose and fit a model. A fixed model failing the LP check raises ModelNotEstimable."""
    if method == "stepwise":
        return stepwise(table, threshold, trace=trace)
    if method == "main":
        return Selection(fit_model(table, ()))
    if method == "fixed":
        model = normalise(terms)
        code = check_model(table, model)
        if code != OK:
            raise ModelNotEstimable(table, model, code)
        return Selection(fit_model(table, model))
    if method in ("aic", "bic"):
        return information_search(table, method)
    raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")


class ModelNotEstimable(ValueError):
    """The dark figure's estimate does not exist or is not identifiable for this model."""

    def __init__(self, table: CaptureTable, model: Model, code: int) -> None:
        from palermo.mse.model import STATUS_TEXT

        self.model, self.code = model, code
        names = ", ".join(":".join(table.lists[i] for i in t) for t in model) or "main effects"
        super().__init__(f"model [{names}]: {STATUS_TEXT[code]} (checkident code {code})")


def overlaps(table: CaptureTable) -> dict[Term, int]:
    return {p: overlap(table, p) for p in pairs(table.nlists)}
