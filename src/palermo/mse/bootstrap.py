"""Bootstrap intervals with the model choice repeated in every replicate: percentile and BCa.

As SparseMSE's `estimatepopulation` and `bcaconfvalues` (Chan, Silverman and Vincent 2021, section
3.3): non-parametric replicates are multinomial resamples of the observed total over the observed
patterns; the acceleration comes from a jackknife removing one person from each observed pattern;
the BCa limits are R's `quantile(type = 8)` of the replicates at the adjusted levels. Resamples are
all drawn first from one seeded generator, so the result does not depend on the number of workers.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from palermo.mse.model import Model
from palermo.mse.select import ModelNotEstimable, select
from palermo.mse.table import CaptureTable, FloatArray, IntArray

Progress = Callable[[int], None]
# Fewer replicates than this are not worth starting processes for.
PARALLEL_MINIMUM = 64
CHUNK = 25


@dataclass(frozen=True)
class Chooser:
    """How a replicate chooses its model: the same settings as the point estimate."""

    method: str = "stepwise"
    threshold: float = 0.02
    terms: Model = ()

    def estimate(self, table: CaptureTable) -> float:
        """Population estimate of ``table``; NaN where a fixed model cannot be estimated."""
        if table.observed == 0:
            return math.nan
        try:
            fit = select(table, self.method, threshold=self.threshold, terms=self.terms).fit
        except ModelNotEstimable:
            return math.nan
        return table.observed + fit.dark_figure


def _estimate_rows(lists: tuple[str, ...], rows: IntArray, chooser: Chooser) -> FloatArray:
    base = CaptureTable(lists, np.zeros(2 ** len(lists) - 1, dtype=np.int64))
    return np.array([chooser.estimate(base.with_counts(r)) for r in rows], dtype=np.float64)


def estimate_many(
    table: CaptureTable,
    rows: IntArray,
    chooser: Chooser,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> FloatArray:
    """The chooser's estimate for each row of counts, on all cores, in row order."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(rows) < PARALLEL_MINIMUM:
        out = np.empty(len(rows))
        for i, row in enumerate(rows):
            out[i] = chooser.estimate(table.with_counts(row))
            if progress and (i + 1) % CHUNK == 0:
                progress(CHUNK)
        if progress and len(rows) % CHUNK:
            progress(len(rows) % CHUNK)
        return out
    out = np.empty(len(rows))
    starts = list(range(0, len(rows), CHUNK))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(_estimate_rows, table.lists, rows[s : s + CHUNK], chooser): s
            for s in starts
        }
        for future in as_completed(futures):
            s = futures[future]
            chunk = future.result()
            out[s : s + len(chunk)] = chunk
            if progress:
                progress(len(chunk))
    return out


def resample(
    table: CaptureTable,
    nboot: int,
    rng: np.random.Generator,
    *,
    fitted: FloatArray | None = None,
    estimate: float | None = None,
) -> IntArray:
    """``nboot`` tables of counts: multinomial over observed patterns, or parametric from a fit.

    Parametric replicates follow SparseMSE's `BICandbootstrapsim`: the number observed is
    Binomial(round(N), observable share of N), spread over the patterns by the fitted means.
    """
    if fitted is None or estimate is None:
        probs = table.counts / table.observed
        return np.asarray(rng.multinomial(table.observed, probs, size=nboot), dtype=np.int64)
    share = float(fitted.sum()) / estimate
    nobs = rng.binomial(round(estimate), min(share, 1.0), size=nboot)
    probs = fitted / fitted.sum()
    return np.asarray([rng.multinomial(n, probs) for n in nobs], dtype=np.int64)


def jackknife(
    table: CaptureTable, chooser: Chooser, *, workers: int | None = None
) -> tuple[IntArray, FloatArray]:
    """(cells with n_j > 0, estimate with one person removed from each of them)."""
    cells = np.flatnonzero(table.counts > 0)
    rows = np.repeat(table.counts[None, :], len(cells), axis=0)
    rows[np.arange(len(cells)), cells] -= 1
    return cells, estimate_many(table, rows, chooser, workers=workers)


def acceleration(counts: FloatArray | IntArray, jack: FloatArray) -> float:
    """a = sum n_j r_j^3 / (6 (sum n_j r_j^2)^1.5), r_j = weighted mean - theta_j (SparseMSE)."""
    n = np.asarray(counts, dtype=np.float64)
    r = float(np.sum(n * jack)) / float(np.sum(n)) - jack
    denom = 6 * float(np.sum(n * r**2)) ** 1.5
    return float(np.sum(n * r**3)) / denom if denom > 0 else 0.0


def quantile_type8(values: FloatArray, probs: Sequence[float] | FloatArray) -> FloatArray:
    """R's ``quantile(x, probs, type = 8)`` (median-unbiased; Hyndman and Fan 1996)."""
    x = np.sort(np.asarray(values, dtype=np.float64))
    n = len(x)
    p = np.asarray(probs, dtype=np.float64)
    pos = 1 / 3 + p * (n + 1 / 3)  # 1-based position, as R computes nppm
    fuzz = 4 * np.finfo(float).eps
    j = np.floor(pos + fuzz).astype(int)
    h = pos - j
    h = np.where(np.abs(h) < fuzz, 0.0, h)
    padded = np.concatenate([[x[0], x[0]], x, [x[-1], x[-1]]])
    lo = padded[np.clip(j + 1, 0, n + 3)]
    hi = padded[np.clip(j + 2, 0, n + 3)]
    return np.asarray(np.where(h == 0, lo, (1 - h) * lo + h * hi), dtype=np.float64)


def bca_limits(
    boot: FloatArray, estimate: float, ahat: float, alpha: Sequence[float]
) -> tuple[float, FloatArray]:
    """(z0, limits at ``alpha``): SparseMSE's `bcaconfvalues`."""
    z0 = float(norm.ppf(np.mean(boot < estimate)))
    za = norm.ppf(np.asarray(alpha)) + z0
    levels = norm.cdf(z0 + za / (1 - ahat * za))
    return z0, quantile_type8(boot, levels)


@dataclass(frozen=True)
class BootstrapResult:
    replicates: FloatArray
    failed: int
    kind: str  # "nonparametric" or "parametric"
    percentile: tuple[float, float]
    bca: tuple[float, float] | None
    ahat: float | None
    z0: float | None
    seed: int | None

    def as_dict(self) -> dict[str, object]:
        return {
            "replicates": len(self.replicates),
            "failed": self.failed,
            "kind": self.kind,
            "percentile": list(self.percentile),
            "bca": None if self.bca is None else list(self.bca),
            "acceleration": self.ahat,
            "bias_z0": self.z0,
            "seed": self.seed,
        }


def bootstrap(
    table: CaptureTable,
    estimate: float,
    chooser: Chooser,
    nboot: int,
    *,
    level: float = 0.95,
    seed: int | None = None,
    parametric: bool = False,
    fitted: FloatArray | None = None,
    bca: bool = True,
    workers: int | None = None,
    progress: Progress | None = None,
) -> BootstrapResult:
    rng = np.random.default_rng(seed)
    jack = None
    if bca:
        # The jackknife first, in this process: few rows, and forked workers inherit the warm
        # existence-check cache it leaves behind.
        jack = jackknife(table, chooser, workers=1)
    rows = resample(
        table,
        nboot,
        rng,
        fitted=fitted if parametric else None,
        estimate=estimate if parametric else None,
    )
    reps = estimate_many(table, rows, chooser, workers=workers, progress=progress)
    good = reps[np.isfinite(reps)]
    if len(good) == 0:
        raise ValueError("no bootstrap replicate could be estimated")
    tail = (1 - level) / 2
    lo, hi = quantile_type8(good, [tail, 1 - tail])
    limits: tuple[float, float] | None = None
    ahat = z0 = None
    if jack is not None:
        cells, values = jack
        ahat = acceleration(table.counts[cells], values)
        z0, q = bca_limits(good, estimate, ahat, [tail, 1 - tail])
        limits = (float(q[0]), float(q[1]))
    return BootstrapResult(
        replicates=reps,
        failed=int(len(reps) - len(good)),
        kind="parametric" if parametric else "nonparametric",
        percentile=(float(lo), float(hi)),
        bca=limits,
        ahat=ahat,
        z0=z0,
        seed=seed,
    )
