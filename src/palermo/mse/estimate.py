"""The engine's front door: one call from a capture table to an estimate, interval and diagnostics."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from scipy.stats import norm

from palermo.mse.bootstrap import BootstrapResult, Chooser, Progress, bootstrap
from palermo.mse.latent import LatentResult, latent_class
from palermo.mse.model import OK, STATUS_TEXT, Model, check_model, normalise
from palermo.mse.select import METHODS, ModelNotEstimable, select
from palermo.mse.table import CaptureTable, MSEInputError

CI_METHODS = ("conditional", "percentile", "bca")
SENSITIVITY_THRESHOLDS = (0.001, 0.02, 0.05)


def parse_terms(table: CaptureTable, text: str) -> Model:
    """'A:B,C:D' (list names as in the file; 'A:B:C' for a three-list term) -> a model."""
    terms = []
    for chunk in (c.strip() for c in text.split(",")):
        if not chunk:
            continue
        names = [n.strip() for n in chunk.split(":")]
        if len(names) < 2 or len(set(names)) != len(names):
            raise MSEInputError(f"term {chunk!r} must join two or three distinct lists with ':'")
        terms.append(tuple(table.list_index(n) for n in names))
    return normalise(terms)


def term_names(table: CaptureTable, model: Model) -> list[str]:
    return [":".join(table.lists[i] for i in term) for term in model]


def conditional_interval(
    observed: int, log_dark: float, se: float, level: float
) -> tuple[float, float]:
    """SparseMSE's model-conditional interval: observed + exp(a0 +/- z se(a0)) (log-normal)."""
    z = float(norm.ppf(0.5 + level / 2))
    return observed + _exp(log_dark - z * se), observed + _exp(log_dark + z * se)


def _exp(x: float) -> float:
    """exp, but infinity (not OverflowError) for a near-unidentified model's huge standard error."""
    return math.exp(x) if x < 709.0 else math.inf


@dataclass
class Estimate:
    """What `estimate` returns; ``as_dict`` is the JSON of `palermo mse estimate --json`."""

    lists: tuple[str, ...]
    observed: int
    method: str
    threshold: float
    model: list[str]
    exists: bool
    identifiable: bool
    status: str
    estimate: float | None = None
    dark_figure: float | None = None
    ci: tuple[float, float] | None = None
    ci_method: str = "conditional"
    level: float = 0.95
    conditional_ci: tuple[float, float] | None = None
    se_log_dark: float | None = None
    deviance: float | None = None
    aic: float | None = None
    bic: float | None = None
    empty_overlaps: list[str] = field(default_factory=list)
    patterns: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    sensitivity: list[dict[str, Any]] = field(default_factory=list)
    bootstrap: BootstrapResult | None = None
    second: LatentResult | None = None

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k not in ("bootstrap", "second")}
        data["lists"] = list(self.lists)
        data["ci"] = None if self.ci is None else list(self.ci)
        if self.conditional_ci is not None:
            data["conditional_ci"] = list(self.conditional_ci)
        data["bootstrap"] = None if self.bootstrap is None else self.bootstrap.as_dict()
        data["second_estimator"] = None if self.second is None else self._second_dict()
        return data

    def _second_dict(self) -> dict[str, Any]:
        assert self.second is not None
        data = self.second.as_dict()
        # "disagrees" when the independent estimate falls outside the reported interval
        data["disagrees"] = bool(self.ci and not self.ci[0] <= self.second.estimate <= self.ci[1])
        return data


def estimate(
    table: CaptureTable,
    method: str = "stepwise",
    *,
    threshold: float = 0.02,
    terms: Model = (),
    level: float = 0.95,
    ci: str = "conditional",
    nboot: int = 0,
    seed: int | None = None,
    parametric: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
    diagnostics: bool = True,
    second_estimator: bool = False,
) -> Estimate:
    """Estimate the population and the dark figure of ``table``.

    ``ci`` chooses the reported interval: SparseMSE's model-conditional one, or a bootstrap
    percentile/BCa interval from ``nboot`` replicates (each repeating the model choice). A fixed
    model whose estimate does not exist or is not identifiable is refused: the result has
    ``estimate`` None and the reason in ``status``.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    if ci not in CI_METHODS:
        raise ValueError(f"unknown interval {ci!r}; choose from {', '.join(CI_METHODS)}")
    if ci != "conditional" and nboot < 1:
        raise ValueError(f"a {ci} interval needs bootstrap replicates (nboot >= 1)")
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    base = Estimate(
        table.lists, table.observed, method, threshold, [], True, True, "ok", level=level
    )
    try:
        selection = select(table, method, threshold=threshold, terms=terms, trace=diagnostics)
    except ModelNotEstimable as exc:
        base.model = term_names(table, exc.model)
        base.exists = exc.code & 1 == 0
        base.identifiable = exc.code & 2 == 0
        base.status = str(exc)
        return base
    fit = selection.fit
    code = check_model(table, fit.model)
    base.model = term_names(table, fit.model)
    base.exists, base.identifiable = code & 1 == 0, code & 2 == 0
    base.status = "ok" if code == OK else STATUS_TEXT[code]
    base.dark_figure = fit.dark_figure
    base.estimate = table.observed + fit.dark_figure
    base.se_log_dark = fit.se_log_dark
    base.conditional_ci = conditional_interval(
        table.observed, float(fit.coef[0]), fit.se_log_dark, level
    )
    base.ci, base.ci_method = base.conditional_ci, "conditional"
    base.deviance, base.aic, base.bic = fit.deviance, fit.aic, fit.bic
    base.empty_overlaps = term_names(table, fit.design.empty_terms)
    if diagnostics:
        base.patterns = [
            {
                "pattern": table.pattern_label(c + 1),
                "observed": int(table.counts[c]),
                "fitted": float(fit.fitted[c]),
            }
            for c in range(len(table.counts))
            if table.counts[c] > 0 or fit.fitted[c] > 0
        ]
        base.steps = [
            {
                "model": term_names(table, s.model),
                "scores": {":".join(table.lists[i] for i in t): v for t, v in s.scores.items()},
                "added": None if s.added is None else ":".join(table.lists[i] for i in s.added),
            }
            for s in selection.steps
        ]
        base.sensitivity = sensitivity(table)
    if nboot > 0:
        chooser = Chooser(method, threshold, fit.model if method == "fixed" else ())
        result = bootstrap(
            table,
            base.estimate,
            chooser,
            nboot,
            level=level,
            seed=seed,
            parametric=parametric,
            fitted=fit.fitted,
            bca=ci == "bca" or ci == "conditional",
            workers=workers,
            progress=progress,
        )
        base.bootstrap = result
        if ci == "percentile":
            base.ci, base.ci_method = result.percentile, "percentile"
        elif ci == "bca" and result.bca is not None:
            base.ci, base.ci_method = result.bca, "bca"
    if second_estimator:
        base.second = latent_class(table, seed=0 if seed is None else seed)
    return base


def sensitivity(table: CaptureTable) -> list[dict[str, Any]]:
    """Estimates across stepwise thresholds and the other methods (they are not monotone)."""
    rows: list[dict[str, Any]] = []
    runs: list[tuple[str, float]] = [("stepwise", p) for p in SENSITIVITY_THRESHOLDS]
    runs += [("main", 0.0), ("aic", 0.0), ("bic", 0.0)]
    for method, p in runs:
        fit = select(table, method, threshold=p).fit
        low, high = conditional_interval(table.observed, float(fit.coef[0]), fit.se_log_dark, 0.95)
        rows.append(
            {
                "method": method,
                "threshold": p if method == "stepwise" else None,
                "estimate": table.observed + fit.dark_figure,
                "ci": [low, high],
                "model": term_names(table, fit.model),
            }
        )
    return rows
