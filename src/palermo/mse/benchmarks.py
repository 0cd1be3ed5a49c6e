"""Benchmarks of the MSE engine for `palermo bench`: our bootstrap against a naive one, same run.

The subject is the issue's workload: 1000 bootstrap replicates of UKdat_5 with the stepwise choice
repeated in each, plus the jackknife for BCa. The baseline is the obvious Python port of
SparseMSE's loop, measured on the same machine in the same run: statsmodels' GLM for every fit and
a fresh linear programme for every existence check, one core. It runs on a sample of replicates
and is scaled to the same count (the per-replicate cost is flat). SparseMSE itself takes about six
minutes for this job on these machines (issue 3); that figure is reported beside, not measured.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from palermo.bench import BenchResult, benchmark
from palermo.mse.bootstrap import Chooser, bootstrap, resample
from palermo.mse.model import (
    OK,
    Model,
    _lp_exists,
    build_design,
    normalise,
    pairs,
    term_mask,
)
from palermo.mse.select import poisson_p
from palermo.mse.table import CaptureTable, parse_csv

SPARSEMSE_SECONDS = 360.0  # R SparseMSE 2.0.1, 1000 replicates of UKdat_5 on 2 cores (issue 3)

# UKdat_5 (SparseMSE 2.0.1 data, see tests/mse/data/SOURCE.md), inlined so the bench needs no file.
UKDAT_5 = """LA,NG,PFNCA,GO,GP,count
1,0,0,0,0,54
0,1,0,0,0,463
0,0,1,0,0,995
0,0,0,1,0,695
0,0,0,0,1,316
1,1,0,0,0,15
1,0,1,0,0,19
1,0,0,1,0,3
0,1,1,0,0,62
0,1,0,1,0,19
0,1,0,0,1,1
0,0,1,1,0,76
0,0,1,0,1,11
0,0,0,1,1,8
1,1,1,0,0,1
1,1,0,1,0,1
0,1,1,1,0,4
1,1,1,1,0,1
"""


def _naive_check(table: CaptureTable, model: Model) -> int:
    support = (table.counts > 0).tobytes()
    design = build_design(table, model, drop_empty_lists=False)
    exists = _lp_exists.__wrapped__(table.nlists, support, model)
    rank_def = np.linalg.matrix_rank(design.matrix) < design.matrix.shape[1]
    return int(not exists) + 2 * int(rank_def)


def _naive_fit(table: CaptureTable, model: Model) -> tuple[float, np.ndarray]:
    import statsmodels.api as sm

    design = build_design(table, model)
    y = table.counts[design.keep == 1]
    glm = sm.GLM(y, design.matrix, family=sm.families.Poisson()).fit()
    fitted = np.zeros(len(table.counts))
    fitted[design.keep == 1] = glm.fittedvalues
    return float(np.exp(glm.params[0])), fitted


def naive_stepwise_estimate(table: CaptureTable, threshold: float = 0.02) -> float:
    """SparseMSE's stepwise loop written the obvious way (the baseline)."""
    all_pairs = pairs(table.nlists)
    masks = np.stack([term_mask(table.patterns, p) for p in all_pairs])
    nstar = masks @ table.counts
    model: list[tuple[int, ...]] = []
    dark, fitted = _naive_fit(table, ())
    while len(model) < len(all_pairs):
        pvals = poisson_p(nstar, masks @ fitted)
        for j, pair in enumerate(all_pairs):
            if pair in model or _naive_check(table, normalise([*model, pair])) != OK:
                pvals[j] = 1.0
        best = int(np.argmin(pvals))
        if not pvals[best] < threshold:
            break
        model.append(all_pairs[best])
        dark, fitted = _naive_fit(table, normalise(model))
    return table.observed + dark


@benchmark("mse.bootstrap_ukdat5_stepwise")
def bench_bootstrap(quick: bool) -> BenchResult:
    table = parse_csv(UKDAT_5, source="UKdat_5")
    nboot = 200 if quick else 1000
    estimate = table.observed + 8568.99028943484  # SparseMSE's stepwise dark figure
    start = time.perf_counter()
    result = bootstrap(table, estimate, Chooser("stepwise", 0.02), nboot, seed=1234)
    ours = time.perf_counter() - start
    sample = 10 if quick else 40
    rows = resample(table, sample, np.random.default_rng(1234))
    start = time.perf_counter()
    naive = [naive_stepwise_estimate(table.with_counts(r)) for r in rows]
    per_rep = (time.perf_counter() - start) / sample
    njack = int((table.counts > 0).sum())
    baseline = per_rep * (nboot + njack)
    ours_same = [Chooser().estimate(table.with_counts(r)) for r in rows]
    return BenchResult(
        name="mse.bootstrap_ukdat5_stepwise",
        figure=ours,
        unit="s",
        baseline=baseline,
        baseline_label=(
            f"naive Python port (statsmodels GLM + fresh LP per check, 1 core), "
            f"{sample} replicates timed and scaled to {nboot + njack}"
        ),
        details={
            "replicates": nboot,
            "jackknife": njack,
            "bca": None if result.bca is None else list(result.bca),
            "sparsemse_reference_seconds": SPARSEMSE_SECONDS if not quick else None,
            "speedup_vs_sparsemse": round(SPARSEMSE_SECONDS / ours, 1) if not quick else None,
            "baseline_agrees": bool(np.allclose(naive, ours_same, rtol=1e-6)),
            "source": str(Path(__file__).name),
        },
    )
