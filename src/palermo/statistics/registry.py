"""The published statistics, each with its definition: one allow-list for pages, downloads and the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.utils.translation import gettext_lazy as _

from palermo.disclosure.cells import suppress_small_cells
from palermo.statistics import engine
from palermo.statistics.engine import Frame

Table = tuple[list[str], list[list[Any]]]


@dataclass(frozen=True)
class Statistic:
    slug: str
    title: Any
    definition: Any
    table: Callable[[Frame, int], Table]
    needs_year: bool = True


def _public(counts: dict[str, float]) -> dict[str, Any]:
    """Counts as they may be published: under 5 hidden, and partners so none can be recomputed."""
    if not counts:
        return {}
    series = pd.Series({k: round(v) for k, v in counts.items()})
    return suppress_small_cells(series).published.iloc[:, 0].to_dict()


def _shares_table(result: dict[str, Any]) -> Table:
    counts = _public(result["counts"])
    rows = [[k, v, counts.get(k, "")] for k, v in result["shares"].items()]
    return ["category", "share", "count"], rows


def _sex_age(f: Frame, year: int) -> Table:
    return _shares_table(engine.victims_sex_age(f, year))


def _form(f: Frame, year: int) -> Table:
    return _shares_table(engine.victims_form(f, year))


def _flows(f: Frame, year: int) -> Table:
    return _shares_table(engine.flows(f, year))


def _regions(f: Frame, year: int) -> Table:
    rows = engine.by_area(f, year, "subregion")
    counts = _public({r["area"]: r["total"] for r in rows})
    return ["subregion", "victims", "countries"], [
        [r["area"], counts[r["area"]], r["countries"]] for r in rows
    ]


def _trend(f: Frame, year: int) -> Table:
    rows = engine.totals_by_year(f)
    return ["year", "victims", "countries"], [
        [r["year"], r["total"] if r["total"] >= 5 else "<5", r["countries"]] for r in rows
    ]


def _justice(f: Frame, year: int) -> Table:
    pros = {r["year"]: r for r in engine.totals_by_year(f, "Persons prosecuted")}
    conv = {r["year"]: r for r in engine.totals_by_year(f, "Persons convicted")}
    years = sorted(set(pros) | set(conv))

    def cell(table: dict[int, dict[str, Any]], y: int, key: str) -> Any:
        value = table.get(y, {}).get(key, "")
        return "<5" if key == "total" and value != "" and value < 5 else value

    return ["year", "prosecuted", "countries_prosecuted", "convicted", "countries_convicted"], [
        [
            y,
            cell(pros, y, "total"),
            cell(pros, y, "countries"),
            cell(conv, y, "total"),
            cell(conv, y, "countries"),
        ]
        for y in years
    ]


def _convictions(f: Frame, year: int) -> Table:
    header = ["year", "countries", *engine.CONVICTION_BANDS, "under5"]
    return header, [
        [r["year"], r["countries"], *r["shares"].values(), r["under5"]]
        for r in engine.conviction_bands(f)
    ]


def _map(f: Frame, year: int) -> Table:
    data = engine.by_country(f, year)
    return ["iso3", "country", "region", "subregion", "victims"], [
        [r.iso3, r.country, r.region, r.subregion, "<5" if r.under5 else int(r.value)]
        for r in data.itertuples()
    ]


def _reporting(f: Frame, year: int) -> Table:
    return ["year", "indicator", "countries"], [
        [r["year"], r["indicator"], r["countries"]] for r in engine.countries_reporting(f)
    ]


STATISTICS: dict[str, Statistic] = {
    s.slug: s
    for s in [
        Statistic("victims-sex-age", _("Detected victims by sex and age"),
                  _("Shares of women, girls, men and boys among detected victims, pooled over the "
                    "countries reporting sex and age; unknown sex or age left out."), _sex_age),
        Statistic("victims-form", _("Detected victims by form of exploitation"),
                  _("Shares of sexual exploitation, forced labour and other forms, pooled over the "
                    "countries reporting the form; unknown form left out."), _form),
        Statistic("flows", _("Detected victims by geographical reach of the flow"),
                  _("Domestic, within the sub-region, within the region, trans-regional, from the "
                    "victims' citizenship (cleaned labels); unknown citizenship left out."), _flows),
        Statistic("victims-by-subregion", _("Detected victims by sub-region"),
                  _("Sum of detected victims per M49 sub-region, regional groups included."), _regions),
        Statistic("victims-map", _("Detected victims by country"),
                  _("Detected victims per country as published; '<5' is 0 to 4."), _map),
        Statistic("victims-trend", _("Detected victims per year"),
                  _("Sum of detected victims per year over the countries reporting that year."),
                  _trend, needs_year=False),
        Statistic("prosecuted-convicted", _("Persons prosecuted and convicted"),
                  _("Persons prosecuted and persons convicted per year, with countries reporting."),
                  _justice, needs_year=False),
        Statistic("conviction-bands", _("Countries by number of persons convicted"),
                  _("Share of reporting countries with 0, 1-10, 11-50 and more than 50 persons "
                    "convicted per year, and its change; '<5' counts in 1-10."), _convictions,
                  needs_year=False),
        Statistic("countries-reporting", _("Countries reporting"),
                  _("Countries (regional groups excluded) with any figure, per year and indicator."),
                  _reporting, needs_year=False),
    ]
}  # fmt: skip
