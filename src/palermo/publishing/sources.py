"""The report's data, read through the functions other apps export for it, with their provenance.

Each reader returns what a section needs plus the query that produced it, or raises ``Unavailable``
naming the function it waits for: the section then says in the text that its data are missing
(never a made-up number). Apps are imported when a reader runs, so a function that lands later
lights its section up without a change here.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class Unavailable(LookupError):
    """The data a section needs are not on the platform (yet)."""

    def __init__(self, waits_for: str, reason: str = "") -> None:
        super().__init__(f"{waits_for}: {reason}" if reason else waits_for)
        self.waits_for = waits_for
        self.reason = reason


@dataclass
class Sourced:
    value: Any
    query: str


def function(dotted: str) -> Callable[..., Any]:
    """The function ``module.name``, or Unavailable when its app has not exported it."""
    module_name, _, name = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise Unavailable(dotted, f"module not available ({exc})") from None
    func = getattr(module, name, None)
    if func is None:
        raise Unavailable(dotted, "function not exported yet")
    return func  # type: ignore[no-any-return]


def call(dotted: str, *args: Any, **kwargs: Any) -> Sourced:
    """Call an exported function; the query string records the call for the provenance annex."""
    func = function(dotted)
    shown = [repr(a) if not isinstance(a, dt.date) else a.isoformat() for a in args]
    shown += [
        f"{k}={v.isoformat() if isinstance(v, dt.date) else repr(v)}" for k, v in kwargs.items()
    ]
    return Sourced(func(*args, **kwargs), f"{dotted}({', '.join(shown)})")


# Reference (ratifications, criminalisation) ------------------------------------------------------


def ratifications(date_from: dt.date, date_to: dt.date, treaty: str = "tip") -> Sourced:
    """Acts of consent to ``treaty`` in the period, as rows with the country's status flags."""
    result = call("palermo.reference.queries.treaty_changes", treaty, date_from, date_to)
    rows = [
        {
            "iso3": act.country.iso3,
            "name_en": act.country.name("en"),
            "name_fr": act.country.name("fr"),
            "action": act.action,
            "date": act.date,
            "member": act.country.is_un_member,
            "observer": act.country.is_observer_state,
            "organisation": act.country.is_regional_organisation,
            "source": act.source,
        }
        for act in result.value
    ]
    return Sourced(rows, result.query)


def criminalisation(year_to: int) -> Sourced:
    """Countries by criminalisation level in the latest year with data up to ``year_to``, and the
    one before it (to count the countries that moved to full criminalisation between the two)."""
    from palermo.reference.models import LegislationStatus

    years = sorted(
        set(LegislationStatus.objects.filter(year__lte=year_to).values_list("year", flat=True))
    )
    if not years:
        raise Unavailable("palermo.reference.models.LegislationStatus", "no legislation data")
    latest, previous = years[-1], (years[-2] if len(years) > 1 else None)

    def level(year: int) -> dict[str, str]:
        rows = LegislationStatus.objects.filter(year=year).order_by("country__iso3", "source")
        # One level per country: the first source in order (the loader keeps one source per year).
        out: dict[str, str] = {}
        for iso3, value in rows.values_list("country__iso3", "criminalisation"):
            out.setdefault(iso3, value)
        return out

    now = level(latest)
    before = level(previous) if previous else {}
    sources = sorted(
        set(LegislationStatus.objects.filter(year=latest).values_list("source", flat=True))
    )
    moved = sorted(
        iso for iso, v in now.items() if v == "full" and before.get(iso, "full") != "full"
    )
    value = {
        "year": latest,
        "previous_year": previous,
        "levels": now,
        "moved_to_full": moved,
        "sources": sources,
    }
    query = (
        f"LegislationStatus.objects.filter(year in ({latest}, {previous})) "
        f"-- latest year with data up to {year_to}"
    )
    return Sourced(value, query)


# Other apps: reporting, statistics, fund, coordination -------------------------------------------


def responders(date_from: dt.date, date_to: dt.date, lang: str) -> Sourced:
    """The States that answered the reporting round that covers the report's period."""
    find = function("palermo.reporting.queries.responders")
    from palermo.reporting.models import Round  # the app exists once responders is exported

    round_ = (
        Round.objects.filter(period_start__lte=date_to, period_end__gte=date_from)
        .order_by("-period_end", "-deadline")
        .first()
    )
    if round_ is None:
        raise Unavailable(
            "palermo.reporting.queries.responders", "no reporting round in the period"
        )
    rows = find(round_, lang)
    return Sourced(
        {"round": round_, "responders": rows},
        f"palermo.reporting.queries.responders(Round {round_.code!r}, {lang!r})",
    )


def glotip(year: int | None) -> Sourced:
    """Global Report shares (sex/age and form) and conviction bands from the latest release."""
    frame = function("palermo.statistics.queries.frame")
    sex_age = function("palermo.statistics.engine.victims_sex_age")
    form = function("palermo.statistics.engine.victims_form")
    bands = function("palermo.statistics.engine.conviction_bands")
    try:
        f = frame()
    except LookupError as exc:  # NoRelease
        raise Unavailable("palermo.statistics.queries.frame", str(exc)) from None
    years = sorted(int(y) for y in f.data["year"].unique()) if len(f.data) else []
    if not years:
        raise Unavailable("palermo.statistics.queries.frame", "the release holds no observation")
    chosen = max(y for y in years if year is None or y <= year) if year else years[-1]
    value = {
        "release": f.release,
        "year": chosen,
        "sex_age": sex_age(f, chosen),
        "form": form(f, chosen),
        "convictions": bands(f),
    }
    return Sourced(
        value,
        f"palermo.statistics.engine.victims_sex_age / victims_form (release {f.release}, "
        f"year {chosen}); conviction_bands (release {f.release})",
    )


def fund(date_from: dt.date, date_to: dt.date) -> Sourced:
    return call("palermo.fund.summary.fund_summary", date_from, date_to)


def activities(date_from: dt.date, date_to: dt.date) -> Sourced:
    return call("palermo.coordination.queries.activity_totals", date_from, date_to)


def icat(year_from: int, year_to: int) -> Sourced:
    return call("palermo.coordination.queries.icat_chairs", year_from, year_to)


def icat_members(year: int) -> Sourced:
    return call("palermo.coordination.queries.icat_summary", year)


def campaigns(year_from: int, year_to: int) -> Sourced:
    return call("palermo.coordination.queries.campaign_summary", year_from, year_to)


def resources(year_from: int, year_to: int) -> Sourced:
    return call("palermo.coordination.queries.resources_summary", year_from, year_to)
