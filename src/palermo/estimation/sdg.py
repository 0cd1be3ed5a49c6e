"""SDG indicator 16.2.2: victims per 100,000 population, with the reference population.

The population matching a run's tags (country, year, sex, age group) comes from
``palermo.reference.models.Population``:

- both sexes, all ages: the World Bank annual total (SP.POP.TOTL) of that year, else WPP 2024's;
- by sex and/or age: WPP 2024 by sex and 5-year age group, summed over the groups the run's age
  range covers. WPP gives these every fifth year, so other years are interpolated linearly between
  the two surrounding ones (and never extrapolated). An age range that cuts a 5-year group (18 cuts
  15-19) takes a share of it in proportion to the years covered, i.e. people are assumed evenly
  spread within a group; '100+' is treated as 100-104.

Every figure says its source and how it was obtained, so a published rate can be traced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from palermo.reference.models import Population, PopulationSex

WB_SOURCE = "World Bank SP.POP.TOTL"
WPP_SOURCE = "WPP 2024"
PER = 100_000
# Named age groups of the Global Report (children are under 18).
NAMED_AGES: dict[str, tuple[int, int | None]] = {"children": (0, 17), "adults": (18, None)}
_RANGE = re.compile(r"^(\d{1,3})(?:-(\d{1,3})|\+)$")


def parse_age_group(text: str) -> tuple[int, int | None] | None:
    """'total' -> None (all ages); 'children', 'adults', '18-24', '60+' -> (first, last or None)."""
    value = text.strip().lower()
    if value in ("", "total", "all"):
        return None
    if value in NAMED_AGES:
        return NAMED_AGES[value]
    match = _RANGE.match(value)
    if not match:
        raise ValueError(
            f"age group {text!r}: use 'total', 'children', 'adults', 'A-B' (e.g. 18-24) or 'A+'"
        )
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else None
    if last is not None and last < first:
        raise ValueError(f"age group {text!r}: the range ends before it starts")
    return first, last


def _group_bounds(label: str) -> tuple[int, int]:
    if label.endswith("+"):
        first = int(label[:-1])
        return first, first + 4
    first, last = label.split("-")
    return int(first), int(last)


def _share(group: tuple[int, int], wanted: tuple[int, int | None]) -> float:
    """Share of a WPP group's years that fall in the wanted range (even spread within a group)."""
    low = max(group[0], wanted[0])
    high = group[1] if wanted[1] is None else min(group[1], wanted[1])
    return max(0, high - low + 1) / (group[1] - group[0] + 1)


@dataclass(frozen=True)
class PopulationFigure:
    value: float
    source: str
    method: str  # "exact", "interpolated between 2020 and 2025"


def _by_year(
    iso3: str, sex: str, ages: tuple[int, int | None] | None
) -> dict[int, tuple[float, str]]:
    """{year: (population, source)} for every year the reference holds for this disaggregation."""
    rows = Population.objects.filter(country__iso3=iso3)
    if sex == "total" and ages is None:
        out: dict[int, tuple[float, str]] = {}
        # WPP first, then World Bank over it: the annual World Bank series wins where it exists.
        for source in (WPP_SOURCE, WB_SOURCE):
            for year, value in rows.filter(
                source=source, sex=PopulationSex.TOTAL, age_group="total"
            ).values_list("year", "value"):
                out[year] = (float(value), source)
        return out
    sexes = [PopulationSex.FEMALE, PopulationSex.MALE] if sex == "total" else [sex]
    totals: dict[int, float] = {}
    wanted = ages or (0, None)
    for year, label, value in rows.filter(source=WPP_SOURCE, sex__in=sexes).values_list(
        "year", "age_group", "value"
    ):
        if label == "total":
            continue
        share = _share(_group_bounds(label), wanted)
        if share:
            totals[year] = totals.get(year, 0.0) + share * value
    return {year: (value, WPP_SOURCE) for year, value in totals.items()}


def population(
    iso3: str, year: int, sex: str = "total", age_group: str = "total"
) -> PopulationFigure | None:
    """The reference population matching a run's tags, or None when the reference has none."""
    series = _by_year(iso3.upper(), sex, parse_age_group(age_group))
    if year in series:
        value, source = series[year]
        return PopulationFigure(value, source, "exact")
    before = [y for y in series if y < year]
    after = [y for y in series if y > year]
    if not before or not after:
        return None
    y0, y1 = max(before), min(after)
    (v0, s0), (v1, _s1) = series[y0], series[y1]
    value = v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return PopulationFigure(value, s0, f"interpolated between {y0} and {y1}")


def rates(
    *,
    iso3: str,
    year: int | None,
    sex: str,
    age_group: str,
    observed: int | None,
    estimate: float | None,
    ci: list[float] | None,
) -> dict[str, Any]:
    """The SDG 16.2.2 block of a run: population used and victims per 100,000 (or why not)."""
    if not iso3 or year is None:
        return {"available": False, "reason": "the run has no country and year"}
    if estimate is None:
        return {"available": False, "reason": "the run has no estimate"}
    figure = population(iso3, year, sex, age_group)
    if figure is None or figure.value <= 0:
        return {
            "available": False,
            "reason": f"no reference population for {iso3} {year}, sex {sex}, age {age_group}",
        }

    def per(value: float) -> float:
        return value / figure.value * PER

    return {
        "available": True,
        "country_iso3": iso3.upper(),
        "year": year,
        "sex": sex,
        "age_group": age_group,
        "population": round(figure.value),
        "population_source": figure.source,
        "population_method": figure.method,
        "per_100k": per(estimate),
        "ci_per_100k": None if ci is None else [per(ci[0]), per(ci[1])],
        "observed_per_100k": None if observed is None else per(observed),
    }
