"""`palermo bench` figure for disclosure control: k-anonymising CTDC-shaped records.

Baseline: one pandas groupby-size over the same published variables, the single pass a plain
k-anonymity check costs; the figure is the whole lattice search with suppression.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from palermo.bench import BenchResult, benchmark, timed
from palermo.disclosure.kanon import k_anonymise
from palermo.disclosure.presets import ctdc_hierarchies


def _records(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    bands = ["0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", ""]
    return pd.DataFrame(
        {
            "yearOfRegistration": rng.integers(2002, 2019, n),
            "gender": rng.choice(["Female", "Male"], n, p=[0.72, 0.28]),
            "ageBroad": rng.choice(bands, n),
            "citizenship": rng.choice(
                ["PH", "UA", "MD", "US", "KH", "ID", "BY", "MM", "RO", "NG", ""], n
            ),
            "isForcedLabour": rng.choice(["0", "1", ""], n),
            "isSexualExploit": rng.choice(["0", "1", ""], n),
            "CountryOfExploitation": rng.choice(["US", "UA", "MD", "RU", "TH", "MY", "AE", ""], n),
        }
    )


@benchmark("disclosure.k_anonymise")
def k_anonymise_records(quick: bool) -> BenchResult:
    n = 50_000 if quick else 500_000
    data = _records(n)
    qi = list(data.columns)
    baseline = timed(lambda: data.groupby(qi).size().min(), repeat=3)
    start = time.perf_counter()
    result = k_anonymise(data, ctdc_hierarchies(qi), k=10)
    figure = time.perf_counter() - start
    return BenchResult(
        name="disclosure.k_anonymise",
        figure=round(figure, 3),
        unit="s",
        baseline=round(baseline, 3),
        baseline_label="one groupby-size over the same variables",
        details={"rows": n, **result.as_dict()},
    )
