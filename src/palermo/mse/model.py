"""Log-linear Poisson models of capture tables: design, extended-MLE fitting and the LP check.

Follows SparseMSE 2.0.1 (`buildmodel`, `modelfit`, `checkident` in R/routines.R; Chan, Silverman
and Vincent 2021, JASA): a term whose lists share nobody has its parameter at minus infinity, so
its column is dropped and every cell containing it is removed before an ordinary IRLS fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog
from scipy.special import gammaln

from palermo.mse.table import CaptureTable, FloatArray, IntArray, all_patterns

Term = tuple[int, ...]  # sorted list indices of an interaction (two lists, or three)
Model = tuple[Term, ...]  # sorted interaction terms; main effects are always in

OK, NO_MLE, NOT_IDENTIFIABLE, BOTH = 0, 1, 2, 3
STATUS_TEXT = {
    OK: "ok",
    NO_MLE: "the maximum likelihood estimate does not exist",
    NOT_IDENTIFIABLE: "the model is not identifiable",
    BOTH: "the estimate does not exist and the model is not identifiable",
}
# The LP optimum is exactly 0 when the MLE does not exist; solvers return ~1e-12 noise.
LP_TOLERANCE = 1e-8


def normalise(terms: object) -> Model:
    """A canonical, hashable model: each term sorted, terms unique and sorted."""
    if not isinstance(terms, (list, tuple, set, frozenset)):
        raise TypeError("terms must be a collection of index tuples")
    out = set()
    for term in terms:
        idx = tuple(sorted({int(i) for i in term}))
        if len(idx) < 2:
            raise ValueError(f"an interaction needs at least two lists: {term!r}")
        out.add(idx)
    return tuple(sorted(out, key=lambda t: (len(t), t)))


def term_mask(patterns: IntArray, term: Term) -> IntArray:
    """1 for the cells containing every list of ``term``."""
    return np.asarray(patterns[:, list(term)].all(axis=1), dtype=np.int64)


@dataclass(frozen=True)
class Design:
    """The cells kept and the columns fitted for a model on particular data."""

    keep: IntArray  # 0/1 per observable cell
    matrix: FloatArray  # kept cells x (intercept, main effects, non-empty terms)
    fitted_terms: Model
    empty_terms: Model  # parameters at minus infinity (extended MLE)
    dropped_lists: tuple[int, ...]  # lists nobody is on: main effect at minus infinity


def build_design(table: CaptureTable, model: Model, *, drop_empty_lists: bool = True) -> Design:
    pats = table.patterns
    counts = table.counts
    keep = np.ones(len(counts), dtype=bool)
    fitted: list[Term] = []
    empty: list[Term] = []
    for term in model:
        mask = cell_mask(table.nlists, term)
        if not counts[mask].any():
            empty.append(term)
            keep &= ~mask
        else:
            fitted.append(term)
    dropped: list[int] = []
    if drop_empty_lists:
        # An empty list's main effect is also at minus infinity; dropping it exactly is what R's
        # glm approaches numerically (its coefficient runs off to about -25).
        for i in range(table.nlists):
            mask = cell_mask(table.nlists, (i,))
            if not counts[mask].any():
                dropped.append(i)
                keep &= ~mask
    mains = [i for i in range(table.nlists) if i not in dropped]
    kp = pats[keep]
    cols = [
        np.ones(len(kp)),
        *(kp[:, i] for i in mains),
        *(cell_mask(table.nlists, t)[keep] for t in fitted),
    ]
    matrix = np.column_stack(cols).astype(np.float64)
    return Design(keep.astype(np.int64), matrix, tuple(fitted), tuple(empty), tuple(dropped))


@dataclass(frozen=True)
class Fit:
    """A fitted model. ``fitted`` covers every observable cell (0 where the model removes it)."""

    model: Model
    design: Design
    coef: FloatArray
    cov: FloatArray  # unscaled (X'WX)^-1, no dispersion, as summary.glm's cov.unscaled
    fitted: FloatArray
    deviance: float
    loglik: float
    aic: float
    bic: float
    iterations: int

    @property
    def dark_figure(self) -> float:
        return math.exp(float(self.coef[0]))

    @property
    def se_log_dark(self) -> float:
        return math.sqrt(float(self.cov[0, 0]))


def fit_model(
    table: CaptureTable,
    model: Model,
    *,
    start: FloatArray | None = None,
    tol: float = 1e-10,
    maxit: int = 100,
) -> Fit:
    """Fit by IRLS (Newton for the canonical Poisson link), started as R's glm starts it.

    ``start`` (fitted means of a nearby model, per cell) saves iterations in stepwise searches;
    the convergence test is R's, 100 times tighter, so the answer does not depend on the start.
    """
    design = build_design(table, model)
    x = design.matrix
    keep = design.keep == 1
    y = table.counts[keep].astype(np.float64)
    mu = y + 0.1
    if start is not None:
        mu = np.where(start[keep] > 1e-3, start[keep], mu)
    eta = np.log(mu)
    ylogy = float(np.sum(y[y > 0] * np.log(y[y > 0])))
    ysum = float(y.sum())
    dev_old = math.inf
    coef = np.zeros(x.shape[1])
    iterations = 0
    for iterations in range(1, maxit + 1):  # noqa: B007 - the count is reported
        z = eta + (y - mu) / mu
        xtw = x.T * mu
        info = xtw @ x
        try:
            coef = np.linalg.solve(info, xtw @ z)
        except np.linalg.LinAlgError:
            coef = np.linalg.lstsq(info, xtw @ z, rcond=None)[0]
        eta = x @ coef
        mu = np.exp(eta)
        dev = 2 * (ylogy - float(y @ eta) - ysum + float(mu.sum()))
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            break
        dev_old = dev
    info = (x.T * mu) @ x
    try:
        cov = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        cov = np.linalg.pinv(info)
    fitted = np.zeros(len(table.counts))
    fitted[design.keep == 1] = mu
    loglik = float(np.sum(y * eta - mu - gammaln(y + 1)))
    extra = len(design.empty_terms) + len(design.dropped_lists)
    k = x.shape[1] + extra
    nobs = max(table.observed, 1)
    return Fit(
        model=model,
        design=design,
        coef=coef,
        cov=cov,
        fitted=fitted,
        deviance=_deviance(y, mu),
        loglik=loglik,
        aic=-2 * loglik + 2 * k,
        bic=-2 * loglik + k * math.log(nobs),
        iterations=iterations,
    )


def _deviance(y: FloatArray, mu: FloatArray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    return float(2 * np.sum(term - (y - mu)))


def check_model(table: CaptureTable, model: Model) -> int:
    """SparseMSE's `checkident` code: 0 ok, 1 no (extended) MLE, 2 not identifiable, 3 both.

    Both tests depend on the data only through which cells are non-zero (existence) and the
    sufficient statistics' zero pattern, so results are cached by support: bootstrap replicates
    then re-solve almost no linear programmes.
    """
    # Existence depends only on which cells are non-zero (Fienberg and Rinaldo 2012): t = A y lies
    # in the relative interior of the face spanned by the support, so the 0/1 support vector can
    # stand in for the counts, and bootstrap replicates hit the cache.
    return _check_support(table.nlists, (table.counts > 0).tobytes(), model)


@lru_cache(maxsize=65536)
def _check_support(nlists: int, support: bytes, model: Model) -> int:
    counts = np.frombuffer(support, dtype=bool).astype(np.int64)
    keep = np.ones(len(counts), dtype=bool)
    empty = []
    for term in model:
        mask = cell_mask(nlists, term)
        if not counts[mask].any():
            empty.append(term)
            keep &= ~mask
    rank_deficient = _rank_deficient(nlists, model, tuple(empty))
    if counts[keep].all():
        return 2 * int(rank_deficient)  # y itself is a strictly positive table with its margins
    table = CaptureTable(tuple(str(i) for i in range(nlists)), counts)
    return int(not _exists(table, support, model, tuple(empty))) + 2 * int(rank_deficient)


@lru_cache(maxsize=4096)
def _rank_deficient(nlists: int, model: Model, empty: Model) -> bool:
    """The design depends only on the model and which of its terms are empty, so cache by those."""
    fitted = [t for t in model if t not in empty]
    keep = np.ones(2**nlists - 1, dtype=bool)
    for term in empty:
        keep &= ~cell_mask(nlists, term)
    pats = all_patterns(nlists)[keep]
    matrix = np.column_stack(
        [
            np.ones(len(pats)),
            *(pats[:, i] for i in range(nlists)),
            *(term_mask(pats, t) for t in fitted),
        ]
    )
    return bool(np.linalg.matrix_rank(matrix) < matrix.shape[1])


@lru_cache(maxsize=4096)
def cell_mask(nlists: int, term: Term) -> NDArray[np.bool_]:
    """Boolean mask of the cells containing every list of ``term`` (cached per list count)."""
    mask = np.asarray(all_patterns(nlists)[:, list(term)].all(axis=1), dtype=np.bool_)
    mask.flags.writeable = False
    return mask


def _exists(table: CaptureTable, support: bytes, model: Model, empty: Model) -> bool:
    if all(len(term) == 2 for term in model):
        # The top-level model (the same minus-infinity terms plus every overlapping pair) has the
        # same cells and more margins; if its estimate exists, so does this one's (SparseMSE's
        # `checkallmodels` uses the same inheritance). Few top-level models, so few LPs.
        overlapping = [
            p for p in pairs(table.nlists) if table.counts[cell_mask(table.nlists, p)].any()
        ]
        top = normalise([*empty, *overlapping])
        if top != model and _lp_exists(table.nlists, support, top):
            return True
    return _lp_exists(table.nlists, support, model)


@lru_cache(maxsize=65536)
def _lp_exists(nlists: int, support: bytes, model: Model) -> bool:
    """Fienberg and Rinaldo's LP: max s subject to A x = A y, x_c >= s, x >= 0; exists iff s > 0."""
    counts = np.frombuffer(support, dtype=bool).astype(np.int64)
    table = CaptureTable(tuple(str(i) for i in range(nlists)), counts)
    design = build_design(table, model, drop_empty_lists=False)
    amat = design.matrix.T  # parameters x remaining cells
    y = counts[design.keep == 1].astype(np.float64)
    npar, ncell = amat.shape
    # variables: x (one per remaining cell) then s; maximise s <=> minimise -s
    c = np.zeros(ncell + 1)
    c[-1] = -1.0
    a_eq = np.hstack([amat, np.zeros((npar, 1))])
    a_ub = np.hstack([-np.eye(ncell), np.ones((ncell, 1))])  # s - x_c <= 0
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(ncell), A_eq=a_eq, b_eq=amat @ y, method="highs")
    return bool(res.success) and -float(res.fun) > LP_TOLERANCE


def pairs(nlists: int) -> list[Term]:
    """Candidate two-list terms in SparseMSE's order: (1,2), (1,3), ..., (t-1,t)."""
    return [(i, j) for i in range(nlists - 1) for j in range(i + 1, nlists)]


def overlap(table: CaptureTable, term: Term) -> int:
    """People seen on every list of ``term`` (whatever other lists they are on)."""
    return int(table.counts[term_mask(all_patterns(table.nlists), term) == 1].sum())
