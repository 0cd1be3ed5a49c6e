"""Differentially private counts through OpenDP (skipped where OpenDP is not installed)."""

from __future__ import annotations

import pytest

from palermo.disclosure import dp_counts, opendp_available

pytestmark = pytest.mark.skipif(not opendp_available(), reason="opendp not installed")


def test_counts_cover_the_declared_categories_only() -> None:
    values = ["Female"] * 500 + ["Male"] * 300 + ["Other"] * 7
    result = dp_counts(values, ["Female", "Male"], epsilon=1.0)
    assert list(result.counts.index) == ["Female", "Male"]
    assert (result.counts >= 0).all()
    assert result.epsilon == pytest.approx(1.0)
    assert abs(result.counts["Female"] - 500) < 60  # scale 1: 60 is far in the tail


def test_a_larger_epsilon_means_less_noise() -> None:
    values = ["a"] * 1000
    assert dp_counts(values, ["a"], epsilon=100.0).counts["a"] in range(990, 1011)


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="epsilon"):
        dp_counts(["a"], ["a"], epsilon=0)
    with pytest.raises(ValueError, match="distinct"):
        dp_counts(["a"], ["a", "a"], epsilon=1)
