"""The engine against figures printed in published sources: the papers and the packages' documentation.

Every number below was read in the source cited next to it (see docs/mse.md, "Published reference
values", for the table of what is checked against what). Abbreviations of the sources:

[V21]  B. W. Silverman, vignette "Reproducing Chan, Silverman and Vincent (2021)", R package
       MultipleSystemsEstimation (successor of SparseMSE), github.com/bernardsilverman/
       MultipleSystemsEstimation, docs/articles/reproduce-2021.md at commit 4f09409d684d. It prints
       the R output of `estimate_population_stepwise` (popest, glm coefficients, the R factor of the
       glm's QR, deviance, AIC, BIC, model) and quotes the paper's figures (JASA 116(535), 1297-1306):
       Section 4.1 (New Orleans), "Five-list New Orleans data", Section 4.2 (Western site).
[STEP] same repository, docs/reference/estimate_population_stepwise.md (commit 4f09409d684d),
       example `estimate_population_stepwise(Korea)`.
[FIX]  docs/reference/estimate_population_fixed.md (commit 628201f7726a), examples
       `estimate_population_fixed(Korea)` and `(Korea, model = "[23,1]")`.
[POP]  docs/reference/estimate_population.md (commit 4f09409d684d): the BIC table of every
       admissible Korea model (abundance, BIC) and the `hiermod = "[12,23]"` fit.
[TMS]  tests/testthat/test-model-selection.R (commit 05d0e970c250) and
       tests/testthat/test-published-point-estimates.R (commit 3cf48f4cd86d): the package's own
       regression tests of the JASA point estimates and of Korea's main-effects estimate.
[HO14] Home Office (29 November 2014), "Modern Slavery: an application of multiple systems
       estimation", gov.uk/government/publications/modern-slavery-an-application-of-multiple-
       systems-estimation: "an estimate of between 10 thousand and 13 thousand" (UK, 2013).

Data revisions: MultipleSystemsEstimation ships a later New Orleans revision (pattern C&D counts 2,
186 observed): our NewOrl_v2 / NewOrl_5_v2. The JASA paper and SparseMSE use the first (185): our
NewOrl / NewOrl_5. Each figure is checked against the revision it was computed on.

Model-conditional intervals: SparseMSE's `estimatepopulation.0` (R/routines.R of cran/SparseMSE)
returns observed + exp(qnorm(q, a0, sqrt(cov.unscaled[1, 1]))), cov.unscaled = (R'R)^-1 with R the
glm's QR factor. The sources print a0 and R, so the published interval follows exactly from them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.stats import norm

from palermo.mse import CaptureTable, Estimate, check_model, estimate, parse_terms
from palermo.mse.bootstrap import Chooser, acceleration, bca_limits, estimate_many, jackknife

from .conftest import load
from .test_reference import _boot_rows

REL = 1e-3  # the 0.1%


def _fit(name: str, method: str, terms: str = "") -> tuple[CaptureTable, Estimate]:
    table = load(name)
    model = parse_terms(table, terms) if terms else ()
    return table, estimate(table, method, threshold=0.02, terms=model, diagnostics=False)


def _published_interval(observed: int, a0: float, r_upper: list[list[float]]) -> np.ndarray:
    """SparseMSE's conditional 95% interval from a printed intercept and QR factor R (rows)."""
    r = np.array([[0.0] * (len(r_upper) - len(row)) + row for row in r_upper])
    var0 = float(np.linalg.inv(r.T @ r)[0, 0])
    return observed + np.exp(norm.ppf([0.025, 0.975], a0, np.sqrt(var0)))


# --- Point estimates, models, deviance/AIC/BIC printed by the package documentation -------------
# (name, method, fixed terms, popest, model terms, deviance, AIC, BIC, source)
PRINTED = [
    ("Korea", "stepwise", "", 268.7778, ["b:c"], 8.566946, 44.90767, 58.9686, "[STEP], [V21]"),
    ("Korea", "main", "", 141.9926, [], 138.5548, 172.8956, 184.1443, "[FIX] first example"),
    ("Korea", "fixed", "c:d", 126.1944, ["c:d"], 87.66203, 124.0028, 138.0637, "[FIX] [23,1]"),
    ("Korea", "fixed", "b:c,c:d", 157.1667, ["b:c", "c:d"], 1.926975, 40.2677, 57.14081, "[POP]"),
    # [V21] "New Orleans: Section 4.1": sum(NewOrl[, ncol(NewOrl)]) is 186, so NewOrl_v2 here;
    # hiermod "[45,1,2,3,6,7,8]" is D:E.
    ("NewOrl_v2", "stepwise", "", 1110.488, ["D:E"], 33.15516, 112.831, 145.0885, "[V21] 4.1"),
    # [V21] "Five-list New Orleans data": hiermod "[1,2,3,4,5]", main effects (186 observed).
    ("NewOrl_5_v2", "stepwise", "", 981.4314, [], 18.05614, 76.91578, 96.27026, "[V21] NewOrl_5"),
    # [V21] "Western site data: Section 4.2": hiermod "[15,2,3,4]" is A:E.
    ("Western", "stepwise", "", 2483.384, ["A:E"], 26.58423, 91.8395, 118.7443, "[V21] 4.2"),
]


@pytest.mark.parametrize(
    ("name", "method", "terms", "popest", "model", "dev", "aic", "bic", "source"), PRINTED
)
def test_printed_fit(
    name: str,
    method: str,
    terms: str,
    popest: float,
    model: list[str],
    dev: float,
    aic: float,
    bic: float,
    source: str,
) -> None:
    """Printed to 7 significant digits, so 1e-6 would do; the issue asks for 0.1%."""
    _, fit = _fit(name, method, terms)
    assert fit.exists, source
    assert fit.identifiable, source
    assert fit.model == model, source
    assert fit.estimate == pytest.approx(popest, rel=1e-6), source
    assert fit.deviance == pytest.approx(dev, rel=1e-6), source
    assert fit.aic == pytest.approx(aic, rel=1e-6), source
    assert fit.bic == pytest.approx(bic, rel=1e-6), source


def test_korea_main_effects_to_full_precision() -> None:
    """[TMS] test-model-selection.R: `expect_equal(point_est, 141.99264735066032, 1e-8)`."""
    _, fit = _fit("Korea", "main")
    assert fit.estimate == pytest.approx(141.99264735066032, rel=1e-8)


# [POP] the BIC table of every admissible two-list Korea model: abundance and BIC.
KOREA_BIC_TABLE = [
    ("b:c,c:d", 157.1667, 57.14081),
    ("b:c", 268.7778, 58.96860),
    ("b:d,c:d", 123.4630, 91.89711),
    ("c:d", 126.1944, 138.06368),
    ("b:d", 126.9394, 155.16018),
]


@pytest.mark.parametrize(("terms", "abundance", "bic"), KOREA_BIC_TABLE)
def test_korea_bic_table(terms: str, abundance: float, bic: float) -> None:
    _, fit = _fit("Korea", "fixed", terms)
    assert fit.estimate == pytest.approx(abundance, rel=1e-6)
    assert fit.bic == pytest.approx(bic, rel=1e-6)


@pytest.mark.parametrize("terms", ["b:c,b:d", "b:c,b:d,c:d"])
def test_korea_models_left_out_of_the_bic_table_do_not_exist(terms: str) -> None:
    """[TMS] `expect_false("[12,13]" %in% ...)`, same for "[12,13,23]": removed by the existence check
    (`removeFRfail = TRUE`); the other six models of [POP]'s table pass it."""
    table = load("Korea")
    assert check_model(table, parse_terms(table, terms)) == 1


# --- Model-conditional intervals from the printed intercept and R factor ------------------------
# (name, method, fixed terms, observed, intercept, upper-triangular R by rows, source)
PRINTED_R = [
    (
        "Korea", "stepwise", "", 123, 4.982083,
        [[-11.09053653, -6.94285621, -6.4018544, -5.95101958, -5.3198508],
         [5.36626016, 4.0163624, 4.59965154, -3.7330505],
         [-3.7262707, -2.53029702, 0.9334429],
         [-1.73958866, -1.3577277],
         [-3.7481703]],
        "[STEP] $fit$qr",
    ),
    (
        "Korea", "main", "", 123, 2.9440519227,
        [[-11.0905544, -6.9428466, -6.4018740, -5.3198569],
         [5.3662742, -1.1078817, -0.9206323],
         [-5.3655325, 1.0391091],
         [-5.3639513]],
        "[FIX] first example $qr",
    ),
    (
        "Korea", "fixed", "c:d", 123, 1.1614132,
        [[-11.0906228, -6.9428230, -6.4019296, -5.3199281, -1.08206617],
         [5.3663246, -0.2096683, -0.1742319, -0.03543852],
         [-5.4747350, 4.0355466, -0.92534999],
         [-3.7925833, -2.62944577],
         [1.74883017]],
        "[FIX] [23,1] $qr",
    ),
    (
        "Korea", "fixed", "b:c,c:d", 123, 3.5312505,
        [[-11.09054482, -6.9428521, -6.4018662, -5.95101620, -5.3198514, -1.082007],
         [5.3662666, 4.0163494, 4.59965721, -3.6859875, 0.6788207],
         [-3.7262891, -2.53028453, 1.9463634, -0.6297963],
         [-1.73960681, -0.7907304, 0.0],
         [-3.5635856, -2.798269],
         [-1.463408]],
        "[POP] hiermod [12,23] $qr",
    ),
    (
        "NewOrl_v2", "stepwise", "", 186, 6.829240,
        [[-13.6382, -2.273038, -0.4399434, -5.5726024, -2.9329507, -0.8798852, -0.21997134,
          -0.51326718, -0.5865909, -1.6131242],
         [5.082660, -0.1637938, -2.0747166, -1.0919569, -0.3275871, -0.08189678, -0.19109275,
          -0.2183917, -0.6005767],
         [-2.4040914, 0.9903165, 0.5212196, 0.1563659, 0.03909148, 0.09121357, 0.1042441,
          0.2866710],
         [-6.2977112, 2.6022502, 0.7806751, 0.19516879, 0.45539449, 0.5204507, 1.4312387],
         [-4.8127132, 0.4262402, -0.36095355, 0.55987029, 0.6398516, 1.7595910],
         [-3.2098210, -0.86453765, 0.32618261, 0.3727800, 1.0251446],
         [1.42393320, 0.19804100, 0.2263325, 0.6224141],
         [2.45464950, -0.4332803, -1.1915200],
         [-2.5571837, 1.5090229],
         [-2.9453802]],
        "[V21] 4.1 $fit$R",
    ),
    (
        "NewOrl_5_v2", "stepwise", "", 186, 6.678885,
        [[-13.63818, -2.273030305, -2.346353863, -5.572590405, -2.9329423266, -1.613118282],
         [5.082650256, -0.850454889, -2.019830355, -1.0630686108, -0.584687737],
         [-5.076549067, 2.425866458, 1.2767718236, 0.702224504],
         [-5.914532452, 3.1263782408, 1.719508035],
         [-4.3431955646, 2.470187963],
         [-3.082910028]],
        "[V21] NewOrl_5 $fit$qr",
    ),
    (
        "Western", "stepwise", "", 345, 7.667806,
        [[-18.57418, -3.445644176, -5.276142645, -6.783611971, -2.799585894, -1.61514571,
          -0.3230291],
         [7.219940186, -2.168179183, -2.787658949, -1.150462424, 0.06021970, 0.6768694],
         [-8.090816889, 4.556177855, 1.880327370, 0.89080048, 0.0],
         [-7.173061389, 3.921222767, 1.85766966, 0.0],
         [-4.891537192, 2.61341498, 0.0],
         [-4.03896992, -1.346259],
         [1.903966]],
        "[V21] 4.2 $fit$qr",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "method", "terms", "observed", "a0", "r", "source"), PRINTED_R)
def test_conditional_interval_from_printed_fit(
    name: str,
    method: str,
    terms: str,
    observed: int,
    a0: float,
    r: list[list[float]],
    source: str,
) -> None:
    """The R factors are printed to 7 significant digits (NewOrl's corner to 6): 1e-4 is ample."""
    table, fit = _fit(name, method, terms)
    assert table.observed == observed, source
    assert fit.conditional_ci is not None
    published = _published_interval(observed, a0, r)
    np.testing.assert_allclose(fit.conditional_ci, published, rtol=1e-4, err_msg=source)


# --- The JASA paper's own figures (quoted in [V21] and asserted in [TMS]), SparseMSE data ----------
@pytest.mark.parametrize(
    ("name", "popest", "model", "source"),
    [
        ("NewOrl", 1184, ["D:E"], "JASA Sect. 4.1 via [V21], [TMS] tolerance 1"),
        ("NewOrl_5", 1034, [], "JASA 'Five-list New Orleans' via [V21], [TMS]"),
        ("Western", 2483, ["A:E"], "JASA Sect. 4.2 via [V21], [TMS]"),
    ],
)
def test_paper_stepwise_estimates(name: str, popest: int, model: list[str], source: str) -> None:
    """Rounded to integers in the paper: within the rounding (0.5)."""
    _, fit = _fit(name, "stepwise")
    assert fit.model == model, source
    assert fit.estimate == pytest.approx(popest, abs=0.5), source


def test_paper_new_orleans_main_effects() -> None:
    """JASA Sect. 4.1 via [V21]: main effects (thresholds <= 0.01), 997 and 95% interval (644, 1618).

    Our conditional interval is (644.88, 1617.54): the upper limit rounds to 1618, the lower one
    truncates (not rounds) to 644, 0.14% from it. The interval is checked to one unit of the printed
    figure; the paper's text was not available to us to tell whether it truncates or is a BCa limit.
    """
    _, fit = _fit("NewOrl", "main")
    assert fit.estimate == pytest.approx(997, abs=0.5)
    assert fit.conditional_ci is not None
    np.testing.assert_allclose(fit.conditional_ci, [644, 1618], atol=1.0)


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [("NewOrl_5", 589, 1703), ("Western", 1293, 3670)],
)
def test_paper_bca_intervals_from_sparsemse_resamples(
    shared_data: Path, name: str, low: float, high: float
) -> None:
    """JASA BCa 95% intervals (quoted in [V21]): NewOrl_5 (589, 1703), Western (1293, 3670).

    A bootstrap interval depends on R's random numbers, so the whole BCa computation is redone by
    our engine on the resamples SparseMSE 2.0.1 drew with the package's default seed 1234
    (../shared/data/mse/boot/): our stepwise choice on each resample, our jackknife, acceleration
    and BCa limits. Within 0.1% of the printed limits (the paper used 1000 replicates, as here).
    """
    table, counts, _ = _boot_rows(shared_data, name)
    chooser = Chooser("stepwise", 0.02)
    boot = estimate_many(table, counts, chooser, workers=1)
    cells, jack = jackknife(table, chooser, workers=1)
    ahat = acceleration(table.counts[cells], jack)
    popest = chooser.estimate(table)
    _, limits = bca_limits(boot, popest, ahat, [0.025, 0.975])
    np.testing.assert_allclose(limits, [low, high], rtol=REL)


def test_home_office_uk_range() -> None:
    """[HO14]: "between 10 thousand and 13 thousand" potential victims, from a stepwise fit to the
    six UK lists (Silverman 2020, JRSS A 183, abstract). Only the rounding to thousands can be
    checked: our six-list stepwise(0.02) conditional interval is (9977, 13146)."""
    _, fit = _fit("UKdat", "stepwise")
    assert fit.conditional_ci is not None
    assert [round(x, -3) for x in fit.conditional_ci] == [10_000, 13_000]
