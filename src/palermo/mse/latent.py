"""A second, independent estimator: a latent-class model of capture fitted by EM, classes by BIC.

The population is a mixture of K classes; within a class, lists capture independently (the model
behind LCMCR, Manrique-Vallier 2016, Biometrics 72:1246). LCMCR fits it in a Bayesian way with a
Dirichlet-process prior on the classes; this is the documented frequentist alternative: maximum
likelihood by EM with the unseen count as missing data (Dempster, Laird and Rubin 1977), several
seeded starts, K from 1 up to what the table can identify, chosen by BIC. With K = 1 it is the
independence model, so it equals the log-linear main-effects estimate (a test checks this).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from palermo.mse.table import CaptureTable, FloatArray

MAX_CLASSES = 3
STARTS = 5
# Ratio N / observed above which an estimate is reported as unbounded (EM drifting to infinity).
UNBOUNDED = 1000.0


@dataclass(frozen=True)
class LatentFit:
    classes: int
    estimate: float
    loglik: float
    bic: float
    weights: tuple[float, ...]
    capture: tuple[tuple[float, ...], ...]  # class x list capture probabilities
    bounded: bool


@dataclass(frozen=True)
class LatentResult:
    chosen: LatentFit
    fits: tuple[LatentFit, ...]

    @property
    def estimate(self) -> float:
        return self.chosen.estimate

    def as_dict(self) -> dict[str, object]:
        return {
            "method": "latent-class (EM, classes by BIC)",
            "classes": self.chosen.classes,
            "estimate": self.chosen.estimate,
            "bounded": self.chosen.bounded,
            "by_classes": {str(f.classes): f.estimate for f in self.fits},
        }


def max_classes(nlists: int) -> int:
    """The most classes whose K(t + 1) - 1 parameters fewer cells (2^t - 1) can still identify."""
    return int(max(1, min(MAX_CLASSES, (2**nlists - 1) // (nlists + 1))))


def _fit(table: CaptureTable, k: int, rng: np.random.Generator, *, iters: int = 4000) -> LatentFit:
    t = table.nlists
    full = np.vstack([np.zeros((1, t), dtype=np.int64), table.patterns]).astype(np.float64)
    y = table.counts.astype(np.float64)
    n = float(y.sum())
    weights = np.full(k, 1.0 / k) if k == 1 else rng.dirichlet(np.ones(k))
    # start from the observed capture rates, jittered per class
    rates = np.clip((table.patterns.T @ y) / n, 0.02, 0.98)
    lam = np.clip(rates[None, :] * rng.uniform(0.5, 1.5, size=(k, t)), 0.01, 0.99)
    if k == 1:
        lam = rates[None, :] * 0.5
    big_n = n
    for _ in range(iters):
        logp = full @ np.log(lam).T + (1 - full) @ np.log1p(-lam).T  # cells x classes
        joint = np.exp(logp) * weights[None, :]
        cell = joint.sum(axis=1)
        p0 = float(cell[0])
        if p0 >= 1 - 1e-12:
            break
        n0 = n * p0 / (1 - p0)
        counts = np.concatenate([[n0], y])
        resp = joint / cell[:, None]
        mass = counts @ resp  # expected people per class
        new_weights = mass / mass.sum()
        lam = np.clip((resp * counts[:, None]).T @ full / mass[:, None], 1e-10, 1 - 1e-10)
        new_n = n + n0
        converged = abs(new_n - big_n) < 1e-10 * new_n and np.allclose(
            new_weights, weights, 0, 1e-9
        )
        weights, big_n = new_weights, new_n
        if converged or big_n > UNBOUNDED * n:
            break
    logp = full @ np.log(lam).T + (1 - full) @ np.log1p(-lam).T
    cell = np.exp(logp) @ weights
    dark = big_n - n
    loglik = float(
        gammaln(big_n + 1) - gammaln(dark + 1) + y @ np.log(cell[1:]) + dark * math.log(cell[0])
    )
    npar = (k - 1) + k * t + 1
    return LatentFit(
        classes=k,
        estimate=big_n,
        loglik=loglik,
        bic=-2 * loglik + npar * math.log(n),
        weights=tuple(float(w) for w in weights),
        capture=tuple(tuple(float(v) for v in row) for row in lam),
        bounded=big_n <= UNBOUNDED * n,
    )


def latent_class(table: CaptureTable, *, seed: int = 0, classes: int | None = None) -> LatentResult:
    """Fit K = 1..max classes (or only ``classes``), best of several starts each; pick by BIC."""
    rng = np.random.default_rng(seed)
    ks = [classes] if classes else list(range(1, max_classes(table.nlists) + 1))
    fits = []
    for k in ks:
        tries = [_fit(table, k, rng) for _ in range(1 if k == 1 else STARTS)]
        fits.append(max(tries, key=lambda f: f.loglik))
    bounded = [f for f in fits if f.bounded] or fits
    return LatentResult(chosen=min(bounded, key=lambda f: f.bic), fits=tuple(fits))


def independence_estimate(table: CaptureTable) -> float:
    return latent_class(table, classes=1).estimate


def cells_probability(fit: LatentFit, nlists: int) -> FloatArray:
    """Model probability of every pattern including the unseen one (row 0)."""
    from palermo.mse.table import all_patterns

    full = np.vstack([np.zeros((1, nlists), dtype=np.int64), all_patterns(nlists)])
    lam = np.asarray(fit.capture)
    logp = full @ np.log(lam).T + (1 - full) @ np.log1p(-lam).T
    return np.asarray(np.exp(logp) @ np.asarray(fit.weights), dtype=np.float64)
