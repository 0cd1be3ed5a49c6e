"""k-anonymity and l-diversity: properties on random data, and pycanon's verdict on CTDC's release."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.disclosure import (
    age_hierarchy,
    country_hierarchy,
    ctdc_hierarchies,
    k_anonymise,
    k_anonymity,
    l_diversity,
    suppression_only,
    year_hierarchy,
)
from palermo.disclosure.hierarchies import NINE_BANDS, SUPPRESSED, region, sub_region

CTDC_2020 = ("ctdc", "ctdc_global_2020-04-14_subset_dados_app.csv")
PUBLISHED = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "isForcedLabour",
    "isSexualExploit",
    "CountryOfExploitation",
]


def frame(rng: np.random.Generator, n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": rng.integers(2002, 2019, n),
            "sex": rng.choice(["Female", "Male", ""], n, p=[0.6, 0.35, 0.05]),
            "age": rng.choice([*NINE_BANDS, ""], n),
            "country": rng.choice(["UA", "MD", "PH", "US", "KH", "RO", "TH", "NG", ""], n),
            "exploit": rng.choice(["L", "S", "LS"], n),
        }
    )


QI = {
    "year": year_hierarchy(),
    "sex": suppression_only(),
    "age": age_hierarchy(),
    "country": country_hierarchy(),
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 400),
    k=st.integers(2, 15),
    share=st.sampled_from([0.0, 0.02, 0.1, 0.5]),
)
def test_output_is_k_anonymous_and_accounts_for_every_record(
    seed: int, n: int, k: int, share: float
) -> None:
    data = frame(np.random.default_rng(seed), n)
    result = k_anonymise(data, QI, k=k, max_suppression=share)
    out = result.data
    assert len(out) + result.suppressed == n
    if len(out):
        assert k_anonymity(out, list(QI)) >= k
        assert result.achieved_k == k_anonymity(out, list(QI))
    if result.suppressed and result.levels != {q: h.top for q, h in QI.items()}:
        assert result.suppressed <= share * n
    # only values of the chosen level appear, and non-QI columns are untouched
    for q, h in QI.items():
        allowed = set(h.at(data[q].astype(str).replace("nan", ""), result.levels[q]))
        assert set(out[q]) <= allowed
    pd.testing.assert_series_equal(out["exploit"], data.loc[out.index, "exploit"])
    assert result.generalised <= len(out)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), l_div=st.integers(2, 3))
def test_l_diversity_option_holds(seed: int, l_div: int) -> None:
    data = frame(np.random.default_rng(seed), 300)
    result = k_anonymise(data, QI, k=3, sensitive=["exploit"], l_div=l_div, max_suppression=0.1)
    if len(result.data):
        assert l_diversity(result.data, list(QI), ["exploit"]) >= l_div
        assert result.achieved_l is not None


def test_hierarchies_generalise_as_ctdc_publishes() -> None:
    ages = pd.Series(["0--8", "21--23", "48+", ""])
    assert list(age_hierarchy().at(ages, 1)) == ["0--17", "18--29", "48+", ""]
    assert list(age_hierarchy().at(ages, 2)) == ["Minor", "Adult", "Adult", ""]
    assert list(age_hierarchy().at(ages, 3)) == [SUPPRESSED] * 4
    assert list(age_hierarchy(exact=True).at(pd.Series(["7", "30", "61"]), 1)) == [
        "0--8",
        "30--38",
        "48+",
    ]
    assert list(year_hierarchy(date=True).at(pd.Series(["2017-03-01"]), 2)) == ["2015-2019"]
    citizens = pd.Series(["UA;RU", "PHL", ""])
    assert list(country_hierarchy(multi=True).at(citizens, 1)) == ["UA", "PHL", ""]
    assert list(country_hierarchy(multi=True).at(citizens, 3)) == ["Europe", "Asia", ""]
    assert sub_region("UA") == "Eastern Europe"
    assert region("PH") == "Asia"
    with pytest.raises(ValueError, match="level"):
        age_hierarchy().at(ages, 9)


def test_declared_columns_must_exist() -> None:
    with pytest.raises(ValueError, match="nope"):
        k_anonymise(pd.DataFrame({"a": [1]}), {"nope": suppression_only()})
    with pytest.raises(ValueError, match="at least one"):
        k_anonymise(pd.DataFrame({"a": [1]}), {})


def test_ctdc_2020_release_against_pycanon(shared_data: Path) -> None:
    anonymity = pytest.importorskip("pycanon.anonymity")
    data = pd.read_csv(shared_data.joinpath(*CTDC_2020))[PUBLISHED]
    hierarchies = ctdc_hierarchies(data.columns)
    assert list(hierarchies) == PUBLISHED
    for k in (10, 25, 50):
        result = k_anonymise(data, hierarchies, k=k)
        published = result.data[PUBLISHED].fillna("").astype(str)
        assert anonymity.k_anonymity(published, PUBLISHED) >= k
        assert anonymity.k_anonymity(published, PUBLISHED) == result.achieved_k
        assert result.suppressed <= 0.05 * len(data)
    # CTDC already published this release at k = 11: at k = 10 nothing needs to change
    at_ten = k_anonymise(data, hierarchies, k=10)
    assert at_ten.generalised == 0
    assert at_ten.suppressed == 0
    assert at_ten.achieved_k == 11


def test_max_levels_caps_generalisation_and_suppresses_instead() -> None:
    data = frame(np.random.default_rng(3), 2_000)
    free = k_anonymise(data, QI, k=10)
    capped = k_anonymise(
        data, QI, k=10, max_levels={"age": 1, "year": 1, "country": 2}, max_suppression=0.5
    )
    assert capped.levels["age"] <= 1
    assert capped.levels["year"] <= 1
    assert capped.levels["country"] <= 2
    assert k_anonymity(capped.data, list(QI)) >= 10
    assert capped.suppressed >= free.suppressed
    with pytest.raises(ValueError, match="not declared"):
        k_anonymise(data, QI, max_levels={"nope": 1})


def test_when_no_node_fits_the_limit_the_result_says_so_and_stays_k_anonymous() -> None:
    data = frame(np.random.default_rng(4), 500)
    result = k_anonymise(data, QI, k=10, max_levels=dict.fromkeys(QI, 0), max_suppression=0.0)
    assert not result.within_suppression_limit
    assert result.suppressed > 0
    if len(result.data):
        assert k_anonymity(result.data, list(QI)) >= 10


def test_independent_check_agrees_and_refuses_a_leaky_file() -> None:
    pytest.importorskip("pycanon.anonymity")
    from palermo.disclosure import assert_k_anonymous, pycanon_k

    data = frame(np.random.default_rng(5), 1_000)
    result = k_anonymise(data, QI, k=10)
    assert pycanon_k(result.data, list(QI)) == result.achieved_k
    assert assert_k_anonymous(result.data, list(QI), 10) >= 10
    with pytest.raises(ValueError, match="pycanon"):
        assert_k_anonymous(data, list(QI), 10)  # the raw records are not 10-anonymous
