"""The analytic engine: one release's observations in DuckDB, and the Global Report's statistics on them.

Method (UNODC Global Report practice, as far as the data let us verify it; docs/statistics.md):
shares pool counts over the countries that report the breakdown in question; unknown sex, age or
form is left out of numerator and denominator; a ``<5`` cell (0 to 4) counts as 2, the middle of
its range, and the result carries how many such cells went in; regional pseudo-countries count in
totals, never in the number of countries.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from palermo.statistics import citizenship

# ISO3-like codes GLOTIP gives groups of countries that did not publish separately (2017 on):
# their victims count in totals, never in the number of countries.
PSEUDO_COUNTRIES = frozenset({"CAR", "CAS", "EEU", "MCA", "MCN", "SAF", "SAM"})
UNDER5_POINT = 2.0
VICTIMS = "Detected trafficking victims"
SEX_AGE = {("Female", "18 years or over"): "women", ("Female", "0 to 17 years"): "girls",
           ("Male", "18 years or over"): "men", ("Male", "0 to 17 years"): "boys"}  # fmt: skip
FORMS = {"Sexual exploitation": "sexual_exploitation", "Forced labour": "forced_labour",
         "Other forms of exploitation": "other"}  # fmt: skip
METHOD = (
    "pooled counts over the countries reporting the breakdown, each on the year asked or else its "
    "most recent year in the window (shares); unknown left out of numerator and "
    "denominator; '<5' counted as 2 (range 0-4); regional pseudo-countries in totals, not in "
    "the number of countries"
)
_PSEUDO = ", ".join(f"'{code}'" for code in sorted(PSEUDO_COUNTRIES))


@dataclass
class Frame:
    """One release's observations, as a DuckDB connection over a pandas frame."""

    release: str
    data: pd.DataFrame
    con: duckdb.DuckDBPyConnection
    lock: threading.Lock
    names_added: bool = False

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        with self.lock:  # a DuckDB connection is not for concurrent threads
            return self.con.execute(query, params or []).df()


def frame_from(data: pd.DataFrame, release: str) -> Frame:
    """Prepare a frame: ``n`` is the value used in sums (``<5`` -> 2), ``real`` marks countries."""
    data = data.copy()
    data["n"] = data["value"].where(~data["under5"], UNDER5_POINT).astype("float64")
    data["real"] = ~data["iso3"].isin(PSEUDO_COUNTRIES) & (data["iso3"].str.len() == 3)
    con = duckdb.connect()
    con.register("obs", data)
    # Materialise once: DuckDB then scans its own columnar copy, not the pandas frame.
    con.execute("CREATE TABLE o AS SELECT * FROM obs")
    con.unregister("obs")
    return Frame(release=release, data=data, con=con, lock=threading.Lock())


def _where(region: str | None, subregion: str | None) -> tuple[str, list[Any]]:
    parts, params = [], []
    if region:
        parts.append("region = ?")
        params.append(region)
    if subregion:
        parts.append("subregion = ?")
        params.append(subregion)
    return "".join(f" AND {p}" for p in parts), params


def _shares(counts: dict[str, float], keys: list[str]) -> dict[str, float | None]:
    total = sum(counts.get(k, 0.0) for k in keys)
    return {k: (round(counts.get(k, 0.0) / total, 4) if total else None) for k in keys}


# The Global Report's shares use each country's figures for the year or, where a country has none
# for it, its most recent earlier year within the window ("2022 or most recent"): that reproduces
# the published 2018, 2020 and 2022 sex-age shares best (docs/statistics.md, comparison table).
WINDOW = 1
_SEX_AGE_CELLS = (
    f"indicator = '{VICTIMS}' AND dimension = 'Total' AND seq = 0 AND sex IN ('Female', 'Male') "
    "AND age IN ('0 to 17 years', '18 years or over')"
)
_FORM_CELLS = (
    f"indicator = '{VICTIMS}' AND dimension = 'by form of exploitation' AND sex = 'Total' "
    "AND age = 'Total' AND category IN ('Sexual exploitation', 'Forced labour', "
    "'Other forms of exploitation')"
)


def _latest_per_country(
    f: Frame, cells: str, key: str, year: int, window: int, extra: str, params: list[Any]
) -> pd.DataFrame:
    """Per category ``key``: the pooled count, '<5' cells, countries and countries on an earlier year.

    Each country (or regional group) contributes the cells of its most recent year in
    ``[year - window, year]`` that has any cell of the breakdown.
    """
    if window < 0:
        raise ValueError("the window is a number of years back, 0 or more")
    return f.sql(
        f"""WITH c AS (SELECT * FROM o WHERE {cells} AND year BETWEEN ? AND ? {extra}),
                 l AS (SELECT iso3, max(year) AS y FROM c GROUP BY iso3)
            SELECT {key} AS k, sum(n) AS n, sum(CASE WHEN under5 THEN 1 ELSE 0 END) AS u,
                   count(DISTINCT CASE WHEN real THEN c.iso3 END) AS c,
                   count(DISTINCT CASE WHEN real AND c.year < ? THEN c.iso3 END) AS earlier
            FROM c JOIN l ON c.iso3 = l.iso3 AND c.year = l.y GROUP BY GROUPING SETS ((k), ())""",  # noqa: S608 (constants and allow-listed names; values bound)
        [year - window, year, *params, year],
    )


def _shares_result(
    rows: pd.DataFrame, names: dict[Any, str], keys: list[str], year: int, window: int
) -> dict[str, Any]:
    overall = rows[rows["k"].isna()]
    per = rows[rows["k"].notna()]
    counts = {names[k]: float(n) for k, n in zip(per["k"], per["n"], strict=True) if k in names}
    return {
        "shares": _shares(counts, keys),
        "counts": {k: round(v) for k, v in counts.items()},
        "countries": int(overall["c"].iat[0]) if len(overall) else 0,
        "countries_earlier_year": int(overall["earlier"].iat[0]) if len(overall) else 0,
        "years": [year - window, year],
        "under5_cells": int(overall["u"].iat[0]) if len(overall) and overall["u"].iat[0] else 0,
    }


def victims_sex_age(
    f: Frame,
    year: int,
    region: str | None = None,
    subregion: str | None = None,
    window: int = WINDOW,
) -> dict[str, Any]:
    """Shares of women, girls, men and boys among detected victims whose sex and age are known."""
    extra, params = _where(region, subregion)
    rows = _latest_per_country(f, _SEX_AGE_CELLS, "sex || '|' || age", year, window, extra, params)
    names = {f"{s}|{a}": v for (s, a), v in SEX_AGE.items()}
    return _shares_result(rows, names, ["women", "girls", "men", "boys"], year, window)


def victims_form(
    f: Frame,
    year: int,
    region: str | None = None,
    subregion: str | None = None,
    window: int = WINDOW,
) -> dict[str, Any]:
    """Shares of sexual exploitation, forced labour and other forms among victims of known form."""
    extra, params = _where(region, subregion)
    # Every seq of "Other forms" adds up (GLOTIP lists unnamed sub-forms on separate lines).
    rows = _latest_per_country(f, _FORM_CELLS, "category", year, window, extra, params)
    keys = ["sexual_exploitation", "forced_labour", "other"]
    return _shares_result(rows, FORMS, keys, year, window)


def totals_by_year(f: Frame, indicator: str = VICTIMS) -> list[dict[str, Any]]:
    """Trend: the indicator's total per year and the number of countries reporting it."""
    rows = f.sql(
        """SELECT year, sum(n) AS total, count(DISTINCT CASE WHEN real THEN iso3 END) AS countries,
                  sum(CASE WHEN under5 THEN 1 ELSE 0 END) AS under5_cells
           FROM o WHERE indicator = ? AND dimension = 'Total' AND sex = 'Total' AND age = 'Total'
             AND seq = 0 GROUP BY year ORDER BY year""",
        [indicator],
    )
    return [
        {
            "year": int(r.year),
            "total": round(r.total),
            "countries": int(r.countries),
            "under5_cells": int(r.under5_cells),
        }
        for r in rows.itertuples()
    ]


def by_area(
    f: Frame, year: int, level: str = "region", indicator: str = VICTIMS
) -> list[dict[str, Any]]:
    """The indicator's total per region or sub-region for a year (countries reporting beside it)."""
    column = "subregion" if level == "subregion" else "region"
    rows = f.sql(
        f"""SELECT {column} AS area, sum(n) AS total,
                   count(DISTINCT CASE WHEN real THEN iso3 END) AS countries
            FROM o WHERE indicator = ? AND dimension = 'Total' AND sex = 'Total'
              AND age = 'Total' AND seq = 0 AND year = ? AND {column} <> ''
            GROUP BY ALL ORDER BY area""",  # noqa: S608 (constants and allow-listed names; values bound)
        [indicator, year],
    )
    return [
        {"area": r.area, "total": round(r.total), "countries": int(r.countries)}
        for r in rows.itertuples()
    ]


def by_country(f: Frame, year: int, indicator: str = VICTIMS) -> pd.DataFrame:
    """One row per country: value (None for '<5'), under5, text (as published), region."""
    return f.sql(
        """SELECT iso3, country, region, subregion, value, under5, text FROM o
           WHERE indicator = ? AND dimension = 'Total' AND sex = 'Total' AND age = 'Total'
             AND seq = 0 AND year = ? AND real ORDER BY iso3""",
        [indicator, year],
    )


CONVICTION_BANDS = ("0", "1-10", "11-50", ">50")


def conviction_bands(f: Frame) -> list[dict[str, Any]]:
    """Per year, the share of countries by persons convicted: 0, 1-10, 11-50, more than 50.

    A '<5' country (0 to 4) cannot be placed in "0" or "1-10": it is counted in "1-10" (GLOTIP
    prints no zero cells, so most '<5' are true small counts) and also reported as ``under5``.
    """
    rows = f.sql(
        """SELECT year,
             sum(CASE WHEN NOT under5 AND value = 0 THEN 1 ELSE 0 END) AS b0,
             sum(CASE WHEN under5 OR (value >= 1 AND value <= 10) THEN 1 ELSE 0 END) AS b1,
             sum(CASE WHEN NOT under5 AND value > 10 AND value <= 50 THEN 1 ELSE 0 END) AS b2,
             sum(CASE WHEN NOT under5 AND value > 50 THEN 1 ELSE 0 END) AS b3,
             sum(CASE WHEN under5 THEN 1 ELSE 0 END) AS u, count(*) AS c
           FROM o WHERE indicator = 'Persons convicted' AND dimension = 'Total' AND sex = 'Total'
             AND age = 'Total' AND seq = 0 AND real GROUP BY year ORDER BY year"""
    )
    out = []
    for r in rows.itertuples():
        bands = [r.b0, r.b1, r.b2, r.b3]
        out.append({
            "year": int(r.year), "countries": int(r.c), "under5": int(r.u),
            "shares": {b: round(v / r.c, 4) for b, v in zip(CONVICTION_BANDS, bands, strict=True)},
        })  # fmt: skip
    for before, after in itertools.pairwise(out):
        after["change"] = {
            b: round(after["shares"][b] - before["shares"][b], 4) for b in CONVICTION_BANDS
        }
    return out


def flows(f: Frame, year: int) -> dict[str, Any]:
    """Detected victims by geographical reach, from their citizenship (cleaning table applied)."""
    rows = f.sql(
        f"""SELECT iso3, category, sum(n) AS n FROM o
            WHERE indicator = '{VICTIMS}' AND dimension = 'by citizenship' AND year = ?
              AND sex = 'Total' AND age = 'Total' GROUP BY ALL""",  # noqa: S608 (constants and allow-listed names; values bound)
        [year],
    )
    if not f.names_added:  # the release's own country names, once per frame
        names = f.data[["country", "iso3"]].drop_duplicates()
        citizenship.add_country_names(dict(zip(names["country"], names["iso3"], strict=True)))
        f.names_added = True
    counts = dict.fromkeys(citizenship.REACHES, 0.0)
    pairs: dict[tuple[str, str], float] = {}
    unknown = unmapped = 0.0
    # Plain tuples: iterating pandas' Arrow strings row by row costs more than the query.
    records = list(
        zip(rows["iso3"].tolist(), rows["category"].tolist(), rows["n"].tolist(), strict=True)
    )
    labels = {label: citizenship.clean(label) for label in set(rows["category"].tolist())}
    for iso3, category, n in records:
        origin = labels[category]
        if origin == citizenship.UNKNOWN:
            unknown += n
            continue
        reach = citizenship.reach(iso3, origin) if origin else None
        if reach is None:
            unmapped += n
            continue
        counts[reach] += n
        if reach != "domestic" and origin:
            pairs[(origin, iso3)] = pairs.get((origin, iso3), 0.0) + n
    return {
        "shares": _shares(counts, list(citizenship.REACHES)),
        "counts": {k: round(v) for k, v in counts.items()},
        "countries": len({i for i, _c, _n in records if len(i) == 3} - PSEUDO_COUNTRIES),
        "unknown": round(unknown),
        "unmapped": round(unmapped),
        "pairs": sorted(((o, d, round(n)) for (o, d), n in pairs.items()), key=lambda p: -p[2]),
    }


def countries_reporting(f: Frame) -> list[dict[str, Any]]:
    """Per year and indicator, the number of countries (pseudo-countries excluded) with any figure."""
    rows = f.sql(
        """SELECT year, indicator, count(DISTINCT iso3) AS countries FROM o WHERE real
           GROUP BY ALL ORDER BY year, indicator"""
    )
    return [
        {"year": int(r.year), "indicator": r.indicator, "countries": int(r.countries)}
        for r in rows.itertuples()
    ]
