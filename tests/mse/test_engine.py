"""Engine tests: fits cross-checked with statsmodels' GLM, intervals, bootstrap, inputs, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from palermo.mse import (
    CaptureTable,
    MSEInputError,
    estimate,
    fit_model,
    latent_class,
    parse_csv,
    parse_terms,
    select,
    stepwise,
)
from palermo.mse.bootstrap import Chooser, estimate_many, quantile_type8, resample

from .conftest import load


def test_fits_agree_with_statsmodels_glm(dataset: tuple[str, CaptureTable]) -> None:
    """An independent implementation: statsmodels' Poisson GLM on the same design and cells."""
    _, table = dataset
    for method in ("stepwise", "main"):
        fit = select(table, method).fit
        y = table.counts[fit.design.keep == 1]
        glm = sm.GLM(y, fit.design.matrix, family=sm.families.Poisson()).fit(tol=1e-12)
        assert fit.coef[0] == pytest.approx(glm.params[0], abs=1e-6)
        assert fit.se_log_dark == pytest.approx(glm.bse[0], rel=1e-6)
        assert fit.deviance == pytest.approx(glm.deviance, abs=1e-6)


def test_conditional_interval_is_lognormal_on_the_dark_figure() -> None:
    table = load("Western")
    result = estimate(table, diagnostics=False)
    fit = stepwise(table).fit
    z = norm.ppf(0.975)
    a0, se = float(fit.coef[0]), fit.se_log_dark
    assert result.ci == pytest.approx(
        (table.observed + math.exp(a0 - z * se), table.observed + math.exp(a0 + z * se))
    )
    assert result.estimate is not None
    assert result.ci is not None
    assert result.ci[0] < result.estimate < result.ci[1]


def test_empty_overlap_is_removed_and_costs_aic() -> None:
    table = load("Artificial_3")
    fit = fit_model(table, ((0, 2), (1, 2)))
    assert fit.design.empty_terms == ((0, 2), (1, 2))
    assert fit.fitted[[4, 5, 6]].sum() == 0  # cells AC, BC, ABC are removed (codes 5, 6, 7)
    assert fit.aic == pytest.approx(-2 * fit.loglik + 2 * (fit.design.matrix.shape[1] + 2))


def test_fixed_model_that_does_not_exist_is_refused() -> None:
    result = estimate(load("Artificial_3"), "fixed", terms=((0, 1),))
    assert result.estimate is None
    assert not result.exists
    assert result.identifiable
    result = estimate(load("Artificial_3"), "fixed", terms=((0, 1), (0, 2), (1, 2)))
    assert result.estimate is None
    assert not result.identifiable


def test_resample_that_empties_a_list_still_fits() -> None:
    table = load("Korea")
    counts = table.counts.copy()
    counts[[0, 2, 4, 6]] = 0  # nobody left on list b (bit 0)
    t = table.with_counts(counts)
    est = Chooser().estimate(t)
    assert math.isfinite(est)
    assert est >= t.observed


def test_bootstrap_is_reproducible_whatever_the_workers() -> None:
    table = load("NewOrl_5")
    rows = resample(table, 80, np.random.default_rng(7))
    again = resample(table, 80, np.random.default_rng(7))
    assert (rows == again).all()
    one = estimate_many(table, rows, Chooser(), workers=1)
    two = estimate_many(table, rows, Chooser(), workers=2)
    np.testing.assert_array_equal(one, two)


def test_bootstrap_intervals_bracket_the_estimate() -> None:
    result = estimate(load("Western"), ci="bca", nboot=100, seed=1, workers=1, diagnostics=False)
    assert result.bootstrap is not None
    assert result.ci is not None
    assert result.ci_method == "bca"
    assert result.ci[0] < result.ci[1]
    assert result.bootstrap.percentile[0] < result.bootstrap.percentile[1]
    parametric = estimate(load("Western"), ci="percentile", nboot=50, seed=1, parametric=True)
    assert parametric.bootstrap is not None
    assert parametric.bootstrap.kind == "parametric"


def test_quantile_type8_matches_r() -> None:
    # R: quantile(1:10, c(0, .1, .5, .9, 1), type = 8) -> 1, 1.366667, 5.5, 9.633333, 10
    q = quantile_type8(np.arange(1.0, 11.0), [0, 0.1, 0.5, 0.9, 1])
    np.testing.assert_allclose(q, [1, 1 + 11 / 30, 5.5, 10 - 11 / 30, 10])


def test_latent_class_with_one_class_is_the_main_effects_model() -> None:
    table = load("Western")
    main = table.observed + fit_model(table, ()).dark_figure
    assert latent_class(table, classes=1).estimate == pytest.approx(main, rel=1e-5)


def test_terms_parse_with_list_names() -> None:
    table = load("UKdat_5")
    assert parse_terms(table, "NG:LA, GO:GP") == ((0, 1), (3, 4))
    with pytest.raises(MSEInputError, match="unknown list"):
        parse_terms(table, "LA:XX")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("A,B,count\n1,0,3\n0,2,1\n", "row 2, B: must be 0 or 1"),
        ("A,B,count\n1,0,-3\n", "row 1, count: count must be >= 0"),
        ("A,B,count\n1,0,2.5\n", "row 1, count: count must be a whole number"),
        ("A,B,count\n1,0,2\n1,0,4\n", "row 2: duplicate pattern"),
        ("A,count\n1,3\n", "at least 2 lists"),
        ("A,B,count\n0,0,3\n", "row 1: the all-zero pattern"),
        ("A,B\n1,0\n", "no 'count' column"),
        ("A,B,count\n1,0\n", "row 1: expected 3 columns"),
    ],
)
def test_bad_input_names_row_and_column(text: str, match: str) -> None:
    with pytest.raises(MSEInputError, match=match):
        parse_csv(text, source="t.csv")


counts_strategy = st.integers(min_value=3, max_value=5).flatmap(
    lambda t: st.tuples(
        st.just(t),
        st.lists(
            st.integers(min_value=0, max_value=60), min_size=2**t - 1, max_size=2**t - 1
        ).filter(lambda c: sum(c) > 0),
    )
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts_strategy, st.sampled_from(["stepwise", "main", "bic"]))
def test_random_tables_never_crash_and_estimate_at_least_observed(
    case: tuple[int, list[int]], method: str
) -> None:
    t, counts = case
    table = CaptureTable(tuple("ABCDE"[:t]), np.array(counts, dtype=np.int64))
    result = estimate(table, method, diagnostics=False)
    if result.estimate is not None and math.isfinite(result.estimate):
        assert result.estimate >= table.observed - 1e-9


@settings(max_examples=40, deadline=None)
@given(counts_strategy, st.randoms(use_true_random=False))
def test_permuting_lists_does_not_change_the_estimate(case: tuple[int, list[int]], rnd) -> None:  # type: ignore[no-untyped-def]
    t, counts = case
    table = CaptureTable(tuple("ABCDE"[:t]), np.array(counts, dtype=np.int64))
    order = list(range(t))
    rnd.shuffle(order)
    other = table.permuted(order)
    for method in ("main", "stepwise"):
        a = select(table, method).fit
        b = select(other, method).fit
        assert a.dark_figure == pytest.approx(b.dark_figure, rel=1e-6)
