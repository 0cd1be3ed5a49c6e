"""Generalisation hierarchies: for each published variable, ever coarser versions of its values.

Level 0 is the value as recorded; each next level is coarser; the last level is always "*" (the
value suppressed). Missing values ("") stay missing at every level but the last: a blank says
nothing about a person. Built-ins follow CTDC's publishing practice (nine age bands, year only,
first citizenship, UN region instead of country) and Sweeney's (2002) domain generalisation.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

SUPPRESSED = "*"
Step = Callable[[str], str]
NINE_BANDS = ("0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+")
_BAND_LOWER = (0, 9, 18, 21, 24, 27, 30, 39, 48)
# coarser bands CTDC-style tables use once the nine are too fine
_BROAD = {
    "0--8": "0--17",
    "9--17": "0--17",
    "18--20": "18--29",
    "21--23": "18--29",
    "24--26": "18--29",
    "27--29": "18--29",
    "30--38": "30--47",
    "39--47": "30--47",
    "48+": "48+",
}
_MAJORITY = {"0--17": "Minor", "18--29": "Adult", "30--47": "Adult", "48+": "Adult"}


@dataclass(frozen=True)
class Hierarchy:
    """A named list of steps; step i maps level-i values to level-(i+1) values."""

    name: str
    steps: tuple[Step, ...]

    @property
    def top(self) -> int:
        """The highest level, where every value is "*"."""
        return len(self.steps) + 1

    def at(self, values: pd.Series, level: int) -> pd.Series:
        """``values`` (str, "" = missing) generalised to ``level`` (0 = as is)."""
        if not 0 <= level <= self.top:
            raise ValueError(f"{self.name}: level {level} outside 0..{self.top}")
        if level == self.top:
            return pd.Series(SUPPRESSED, index=values.index, dtype=object)
        codes, uniques = pd.factorize(values.to_numpy(dtype=object))
        current = [str(u) for u in uniques]
        for step in self.steps[:level]:
            current = [step(v) if v else "" for v in current]
        return pd.Series(np.array(current, dtype=object)[codes], index=values.index, dtype=object)


def _age_to_band(v: str) -> str:
    try:
        age = float(v)
    except ValueError:
        return v if v in NINE_BANDS else ""
    if age < 0:
        return ""
    return NINE_BANDS[sum(age >= lo for lo in _BAND_LOWER) - 1]


def age_hierarchy(exact: bool = False) -> Hierarchy:
    """Age: [exact years ->] CTDC's nine bands -> 0-17/18-29/30-47/48+ -> Minor/Adult -> *."""
    steps: list[Step] = [_age_to_band] if exact else []
    steps += [lambda v: _BROAD.get(v, ""), lambda v: _MAJORITY.get(v, "")]
    return Hierarchy("age", tuple(steps))


def _period(width: int) -> Step:
    def step(v: str) -> str:
        year = int(v[:4])
        start = year - year % width
        return f"{start}-{start + width - 1}"

    return step


def year_hierarchy(date: bool = False, widths: tuple[int, ...] = (5, 10)) -> Hierarchy:
    """Time: [date YYYY-MM-DD -> year ->] 5-year -> 10-year period -> *."""
    steps: list[Step] = [lambda v: v[:4]] if date else []
    steps += [_period(w) for w in widths]
    return Hierarchy("year", tuple(steps))


@cache
def _regions() -> dict[str, tuple[str, str]]:
    text = resources.files("palermo.disclosure").joinpath("data/country-regions.csv").read_text()
    out: dict[str, tuple[str, str]] = {}
    for row in csv.DictReader(text.splitlines()):
        region, sub = row["UNRegion"].strip(), row["UNSubRegion"].strip()
        if region in {"Africa", "Americas", "Asia", "Europe", "Oceania"}:
            out[row["ISO2"].strip()] = out[row["ISO3"].strip()] = (sub, region)
    return out


def sub_region(code: str) -> str:
    """UN sub-region of an ISO2/ISO3 code ("Unknown region" if the lookup lacks it)."""
    return _regions().get(code, ("Unknown region", "Unknown region"))[0]


def region(code: str) -> str:
    return _regions().get(code, ("Unknown region", "Unknown region"))[1]


def _region_of_sub() -> dict[str, str]:
    return dict(_regions().values())


def country_hierarchy(multi: bool = False, sep: str = ";") -> Hierarchy:
    """Country (ISO2/ISO3): [first citizenship ->] UN sub-region -> UN region -> *."""
    steps: list[Step] = [lambda v: v.split(sep)[0].strip()] if multi else []
    subs = _region_of_sub()
    steps += [sub_region, lambda v: subs.get(v, "Unknown region")]
    return Hierarchy("country", tuple(steps))


def suppression_only(name: str = "value") -> Hierarchy:
    """No coarser values: either as recorded or "*"."""
    return Hierarchy(name, ())


def mapping_hierarchy(name: str, *levels: dict[str, str]) -> Hierarchy:
    """A hierarchy from dictionaries (value -> coarser value); unknown values go to "Other"."""
    steps = tuple((lambda table: lambda v: table.get(v, "Other"))(t) for t in levels)
    return Hierarchy(name, steps)
