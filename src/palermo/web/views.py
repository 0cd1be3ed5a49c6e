"""Site-wide views: the home dashboard (what section II of the Secretary-General's report needs)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django import forms
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from palermo.graphics import charts, maps
from palermo.reference.models import ActionType, Country, LegislationStatus, Treaty
from palermo.reference.queries import parties_by_year, treaty_changes, treaty_status
from palermo.ui.tables import Column, Table

# The reporting period of A/74/127, the report this dashboard was first built for.
DEFAULT_FROM = dt.date(2015, 12, 17)
DEFAULT_TO = dt.date(2019, 4, 15)
DEFAULT_TREATY = "tip"


class PeriodForm(forms.Form):
    """The dashboard's choice of treaty and period; bad input falls back to the defaults."""

    treaty = forms.ChoiceField(label=_("Treaty"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, treaties: list[Treaty], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [(t.code, t.short_name()) for t in treaties]
        treaty_field = self.fields["treaty"]
        assert isinstance(treaty_field, forms.ChoiceField)
        treaty_field.choices = choices or [(DEFAULT_TREATY, _("Protocol"))]
        # Dates travel in ISO format whatever the language, as <input type="date"> sends them.
        for name in ("date_from", "date_to"):
            self.fields[name].widget.format = "%Y-%m-%d"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data


def _period(
    request: HttpRequest, treaties: list[Treaty]
) -> tuple[PeriodForm, str, dt.date, dt.date]:
    initial = {"treaty": DEFAULT_TREATY, "date_from": DEFAULT_FROM, "date_to": DEFAULT_TO}
    data = {k: request.GET[k] for k in ("treaty", "date_from", "date_to") if k in request.GET}
    form = PeriodForm({**{k: str(v) for k, v in initial.items()}, **data}, treaties=treaties)
    if form.is_valid():
        cleaned = form.cleaned_data
        return (
            form,
            cleaned.get("treaty") or DEFAULT_TREATY,
            cleaned.get("date_from") or DEFAULT_FROM,
            cleaned.get("date_to") or DEFAULT_TO,
        )
    return form, DEFAULT_TREATY, DEFAULT_FROM, DEFAULT_TO


def _map_context(treaty: str, request: HttpRequest) -> dict[str, Any]:
    """Shapes with each country's first year as a party, and the year shown first."""
    parties = treaty_status(treaty)
    first_year = {p.m49: p.date.year for p in parties if p.m49}
    this_year = dt.date.today().year
    years = sorted({p.date.year for p in parties}) or [this_year]
    start = years[0]
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    # The previous/next buttons submit ?step=-1|1 with the slider's year when scripts are off.
    if request.GET.get("step") in ("-1", "1"):
        year += int(request.GET["step"])
    year = min(max(year, start), this_year)
    # Names in the reader's language where the country is known; Natural Earth's English otherwise.
    names = {c.m49: c.name() for c in Country.objects.exclude(m49="").only("m49", "names")}
    shapes = [
        {
            "m49": s.m49,
            "name": names.get(s.m49, s.name),
            "path": s.path,
            "year": first_year.get(s.m49),
        }
        for s in maps.world_shapes()
    ]
    drawn = {s.m49 for s in maps.world_shapes()}
    party_list = sorted(
        (
            {
                "name": p.name,
                "iso3": p.iso3,
                "year": p.date.year,
                "date": p.date,
                "action": p.action,
            }
            for p in parties
        ),
        key=lambda p: (p["year"], p["name"]),
    )
    return {
        "map_shapes": shapes,
        "map_view_box": maps.view_box(),
        "map_year": year,
        "map_first_year": start,
        "map_last_year": this_year,
        "map_count": sum(1 for p in parties if p.date.year <= year),
        "map_parties": party_list,
        "map_not_drawn": sum(1 for p in parties if p.m49 not in drawn),
    }


def _legislation_summary() -> dict[str, Any] | None:
    """Counts of countries by criminalisation in the latest year with data (report section II.4).

    A country with rows from two sources in that year counts once, with the first source by name,
    so that the three counts add up to the number of countries covered.
    """
    latest = LegislationStatus.objects.aggregate(year=Max("year"))["year"]
    if latest is None:
        return None
    status: dict[int, str] = {}
    rows = LegislationStatus.objects.filter(year=latest).order_by("country_id", "source")
    for country_id, criminalisation in rows.values_list("country_id", "criminalisation"):
        status.setdefault(country_id, criminalisation)
    counts = Counter(status.values())
    return {
        "year": latest,
        "full": counts["full"],
        "partial": counts["partial"],
        "none": counts["none"],
        "total": len(status),
    }


def home(request: HttpRequest) -> HttpResponse:
    treaties = list(Treaty.objects.all())
    form, treaty_code, date_from, date_to = _period(request, treaties)
    treaty = next((t for t in treaties if t.code == treaty_code), None)
    actions = ActionType
    rows = [
        {
            "country": a.country.name(),
            "iso3": a.country.iso3,
            "action": actions(a.action).label if a.action in actions.values else a.action,
            "date": a.date,
            "source": a.source,
        }
        for a in treaty_changes(treaty_code, date_from, date_to)
    ]
    table = Table(
        request=request,
        name="treaty-actions",
        columns=[
            Column(
                "country",
                _("Country or area"),
                link=lambda r: reverse("web:country", args=[r["iso3"]]),
            ),
            Column("iso3", _("ISO3")),
            Column("action", _("Action")),
            Column("date", _("Date"), searchable=False),
        ],
        rows=rows,
        default_sort="date",
        caption=_("Treaty actions in the period"),
    )
    if export := table.export_response():
        return export
    by_year = parties_by_year(treaty_code)
    context = {
        "form": form,
        "treaty": treaty,
        "treaty_code": treaty_code,
        "date_from": date_from,
        "date_to": date_to,
        "table": table,
        "by_year": by_year,
        "chart": charts.bar_chart([(str(y), n) for y, n in by_year]),
        "legislation": _legislation_summary(),
        **_map_context(treaty_code, request),
    }
    return render(request, "web/home.html", context)
