"""Country pages (list and one page per country): public reference data, shown by the web floor.

They live in `palermo.web`, not in `palermo.reference`, because they use the web's table and chart
components and the import-linter layers forbid `reference` from importing `web`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, OuterRef, QuerySet, Subquery, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from palermo.graphics.charts import line_chart
from palermo.reference.models import (
    ActionType,
    Country,
    LegislationStatus,
    Population,
    PopulationSex,
    Region,
    TipTier,
    Treaty,
    TreatyAction,
)
from palermo.reference.queries import treaty_status
from palermo.ui.tables import Column, Table

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_LABELS = dict(YES_NO)

# One source per series, so that a chart never zigzags between two estimates: World Bank totals
# (annual, what most national figures cite) where the Bank has any, otherwise WPP.
TOTAL_POPULATION = {"sex": PopulationSex.TOTAL, "age_group": "total"}
PREFERRED_SOURCE = Case(When(source__startswith="World Bank", then=Value(0)), default=Value(1))


def _observed_population() -> QuerySet[Population]:
    """Total population up to this year: WPP's projections (to 2100) are not figures to show."""
    return Population.objects.filter(year__lte=dt.date.today().year, **TOTAL_POPULATION)


def _latest_population() -> Subquery:
    latest = (
        _observed_population()
        .filter(country=OuterRef("pk"))
        .annotate(preferred=PREFERRED_SOURCE)
        .order_by("preferred", "-year")
    )
    return Subquery(latest.values("value")[:1])


def _latest(model: Any, field: str, year_field: str = "year") -> Subquery:
    rows = model.objects.filter(country=OuterRef("pk")).order_by(f"-{year_field}")
    return Subquery(rows.values(field)[:1])


def country_list(request: HttpRequest) -> HttpResponse:
    """Every country or area with its region, Protocol status, population, tier and law."""
    countries = (
        Country.objects.select_related("region", "subregion")
        .annotate(
            population_latest=_latest_population(),
            tier_latest=_latest(TipTier, "tier", "report_year"),
            law_latest=_latest(LegislationStatus, "criminalisation"),
        )
        .order_by("iso3")
    )
    parties = {p.iso3: p for p in treaty_status("tip")}
    tiers = dict(TipTier.Tier.choices)
    laws = {"full": _("Full"), "partial": _("Partial"), "none": _("None")}
    rows = []
    for c in countries:
        party = parties.get(c.iso3)
        rows.append(
            {
                "name": c.name(),
                "iso3": c.iso3,
                "m49": c.m49,
                "region": c.region.name() if c.region else "",
                "region_code": c.region.m49 if c.region else "",
                "subregion": c.subregion.name() if c.subregion else "",
                "party": party.date if party else None,
                "is_party": "yes" if party else "no",
                "population": c.population_latest,
                "tier": str(tiers.get(c.tier_latest, c.tier_latest or "")),
                "law": str(laws.get(c.law_latest, c.law_latest or "")),
            }
        )
    regions = [(r.m49, r.name()) for r in Region.objects.filter(level="region").order_by("m49")]
    table = Table(
        request=request,
        name="countries",
        columns=[
            Column(
                "name",
                _("Country or area"),
                link=lambda r: reverse("web:country", args=[r["iso3"]]),
            ),
            Column("iso3", _("ISO3")),
            Column("m49", _("M49")),
            Column("region", _("Region"), searchable=True),
            Column("subregion", _("Sub-region")),
            Column("region_code", _("Region code"), choices=regions, searchable=False),
            Column("party", _("Party to the Protocol since"), searchable=False),
            Column(
                "is_party",
                _("Party to the Protocol"),
                choices=YES_NO,
                searchable=False,
                display=lambda r: YES_NO_LABELS[r["is_party"]],
            ),
            Column("population", _("Population (latest)"), numeric=True, searchable=False),
            Column("tier", _("US TIP tier (latest)")),
            Column("law", _("Criminalisation (latest)")),
        ],
        rows=rows,
        default_sort="name",
        caption=_("Countries and areas"),
    )
    if export := table.export_response():
        return export
    return render(request, "web/country_list.html", {"table": table})


def _treaty_grid(country: Country) -> list[dict[str, Any]]:
    """For each of the four treaties: signature date, consent action and date."""
    actions: dict[str, list[TreatyAction]] = {}
    for act in country.treaty_actions.select_related("treaty").order_by("date"):
        actions.setdefault(act.treaty.code, []).append(act)
    grid = []
    for treaty in Treaty.objects.all():
        acts = actions.get(treaty.code, [])
        signature = next((a for a in acts if a.action == ActionType.SIGNATURE), None)
        consent = next((a for a in acts if a.is_consent), None)
        grid.append(
            {
                "treaty": treaty,
                "signature": signature.date if signature else None,
                "consent": consent,
                "consent_label": ActionType(consent.action).label if consent else "",
                "actions": acts,
            }
        )
    return grid


def country_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    """One country: treaty actions, legislation, population, US TIP tiers and the 3P index."""
    country = get_object_or_404(
        Country.objects.select_related("region", "subregion", "intermediate_region"),
        iso3=iso3.upper(),
    )
    rows = _observed_population().filter(country=country)
    preferred = (
        rows.annotate(preferred=PREFERRED_SOURCE)
        .order_by("preferred", "source")
        .values_list("source", flat=True)
        .first()
    )
    population = list(
        rows.filter(source=preferred).order_by("year").values_list("year", "value", "source")
    )
    by_year = {year: (value, source) for year, value, source in population}
    series = [(year, value) for year, value, _source in population]
    legislation = list(country.legislation.order_by("year"))
    tiers = list(country.tip_tiers.order_by("report_year"))
    policy = list(country.policy_index.order_by("year"))
    policy_points = [(p.year, float(p.total)) for p in policy if p.total is not None]
    context = {
        "country": country,
        "treaties": _treaty_grid(country),
        "population_latest": (series[-1] if series else None),
        "population_rows": [(y, v, by_year[y][1]) for y, v in series],
        "population_chart": line_chart([(y, float(v)) for y, v in series]),
        "legislation": legislation,
        "tiers": tiers,
        "policy": policy,
        "policy_chart": line_chart(policy_points, y_min=0, y_max=15),
    }
    return render(request, "web/country_detail.html", context)
