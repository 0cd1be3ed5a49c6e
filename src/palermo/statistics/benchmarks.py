"""`palermo bench` figures of the statistics app: each dashboard statistic against a pandas group-by.

Two stores: the full GLOTIP 2025 release as shipped (goal < 100 ms per statistic) and a synthetic
store of case-level rows (10 million, 1 million with --quick; goal < 1 s), each statistic timed on
the DuckDB engine beside one plain pandas group-by of the same data in the same run.
"""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from palermo.bench import BenchResult, benchmark, timed
from palermo.statistics import engine
from palermo.statistics.glotip import read_export

SHIPPED = Path(__file__).parent / "data" / "glotip_2025-04-14.csv.gz"


@lru_cache(maxsize=1)
def _glotip() -> engine.Frame:
    export = read_export(SHIPPED)
    data = pd.DataFrame([r.__dict__ for r in export.records]).drop(columns=["row"])
    data["iso3"] = data["iso3"].where(data["iso3"] != "", data["country"])
    data["value"] = data["value"].astype("float64")
    return engine.frame_from(data, export.release.isoformat())


def _pandas_sex_age(data: pd.DataFrame) -> pd.Series:
    sel = data[(data["indicator"] == engine.VICTIMS) & (data["dimension"] == "Total")
               & (data["year"] == 2022) & (data["seq"] == 0)
               & data["sex"].isin(["Female", "Male"]) & data["age"].isin(["0 to 17 years", "18 years or over"])]  # fmt: skip
    return sel.groupby(["sex", "age"])["n"].sum()


GLOTIP_STATS = {
    "victims-sex-age": lambda f: engine.victims_sex_age(f, 2022),
    "victims-form": lambda f: engine.victims_form(f, 2022),
    "flows": lambda f: engine.flows(f, 2022),
    "victims-by-subregion": lambda f: engine.by_area(f, 2022, "subregion"),
    "victims-map": lambda f: engine.by_country(f, 2022),
    "victims-trend": lambda f: engine.totals_by_year(f),
    "conviction-bands": lambda f: engine.conviction_bands(f),
    "countries-reporting": lambda f: engine.countries_reporting(f),
}


def _glotip_bench(name: str) -> None:
    def run(quick: bool) -> BenchResult:
        f = _glotip()
        stat = GLOTIP_STATS[name]
        figure = timed(lambda: stat(f), repeat=5)
        baseline = timed(lambda: _pandas_sex_age(f.data), repeat=5)
        return BenchResult(
            name=f"statistics.glotip.{name}", figure=figure * 1000, unit="ms",
            baseline=baseline * 1000, baseline_label="pandas filter + group-by (sex x age)",
            details={"rows": len(f.data), "goal_ms": 100},
        )  # fmt: skip

    benchmark(f"statistics.glotip.{name}")(run)


for _name in GLOTIP_STATS:
    _glotip_bench(_name)


def synthetic_cases(n: int, seed: int = 0) -> pd.DataFrame:
    """Case-level rows: one detected victim each, with country, year, sex, age, form, citizenship."""
    rng = np.random.default_rng(seed)
    iso = np.array([f"C{i:02d}" for i in range(150)])
    return pd.DataFrame({
        "iso3": pd.Categorical(rng.choice(iso, n)),
        "subregion": pd.Categorical(rng.choice([f"S{i}" for i in range(17)], n)),
        "year": rng.integers(2003, 2023, n).astype(np.int16),
        "sex": pd.Categorical(rng.choice(["Female", "Male", "Unknown"], n, p=[0.6, 0.38, 0.02])),
        "age": pd.Categorical(rng.choice(["child", "adult", "unknown"], n, p=[0.35, 0.6, 0.05])),
        "form": pd.Categorical(rng.choice(["sexual", "labour", "other", "unknown"], n)),
        "citizenship": pd.Categorical(rng.choice(iso, n)),
    })  # fmt: skip


CASE_SQL = {
    "sex-age": "SELECT sex, age, count(*) FROM cases WHERE year = 2022 AND sex <> 'Unknown' "
    "AND age <> 'unknown' GROUP BY ALL",
    "form": "SELECT form, count(*) FROM cases WHERE year = 2022 AND form <> 'unknown' GROUP BY ALL",
    "subregion": "SELECT subregion, count(*) FROM cases WHERE year = 2022 GROUP BY ALL",
    "trend": "SELECT year, count(*), count(DISTINCT iso3) FROM cases GROUP BY ALL",
    "domestic": "SELECT iso3 = citizenship AS domestic, count(*) FROM cases WHERE year = 2022 "
    "GROUP BY ALL",
    "map": "SELECT iso3, count(*) FROM cases WHERE year = 2022 GROUP BY ALL",
}


@lru_cache(maxsize=2)
def _cases(n: int) -> tuple[pd.DataFrame, duckdb.DuckDBPyConnection]:
    data = synthetic_cases(n)
    con = duckdb.connect()
    con.register("frame", data)
    con.execute("CREATE TABLE cases AS SELECT * FROM frame")
    return data, con


def _cases_bench(name: str) -> None:
    def run(quick: bool) -> BenchResult:
        n = 1_000_000 if quick else 10_000_000
        start = time.perf_counter()
        data, con = _cases(n)
        built = time.perf_counter() - start
        figure = timed(lambda: con.execute(CASE_SQL[name]).fetchall(), repeat=3)
        sel = data[data["year"] == 2022]
        baseline = timed(
            lambda: data[data["year"] == 2022].groupby(["sex", "age"], observed=True).size(),
            repeat=3,
        )
        return BenchResult(
            name=f"statistics.cases.{name}", figure=figure, unit="s", baseline=baseline,
            baseline_label="pandas filter + group-by (sex x age)",
            details={"rows": n, "goal_s": 1, "build_s": round(built, 2), "year_rows": len(sel)},
        )  # fmt: skip

    benchmark(f"statistics.cases.{name}")(run)


for _name in CASE_SQL:
    _cases_bench(_name)
