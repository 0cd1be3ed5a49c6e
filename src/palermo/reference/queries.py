"""Reads of reference data that pages, the API, the CLI and the report share.

Reference data is public, so there is no user scope here; every function returns data, not HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, QuerySet

from palermo.reference.models import CONSENT_ACTIONS, ActionType, TreatyAction


@dataclass(frozen=True)
class Party:
    """A State party to a treaty as of a date: how and when it consented to be bound."""

    iso3: str
    m49: str
    name: str
    action: str
    date: dt.date
    signature: dt.date | None


def treaty_status(treaty: str = "tip", as_of: dt.date | None = None) -> list[Party]:
    """The parties to ``treaty`` (its code) on ``as_of`` (default: today), sorted by ISO3.

    A State is a party from the date of its first act of consent (ratification, accession...).
    """
    as_of = as_of or dt.date.today()
    consents = (
        TreatyAction.objects.filter(
            treaty__code=treaty, action__in=CONSENT_ACTIONS, date__lte=as_of
        )
        .select_related("country")
        .order_by("country__iso3", "date", "id")
    )
    signatures = dict(
        TreatyAction.objects.filter(
            treaty__code=treaty, action=ActionType.SIGNATURE, date__lte=as_of
        ).values_list("country__iso3", "date")
    )
    parties: dict[str, Party] = {}
    for act in consents:
        iso3 = act.country.iso3
        if iso3 not in parties:  # the first consent makes the party; later ones don't change it
            parties[iso3] = Party(
                iso3=iso3,
                m49=act.country.m49,
                name=act.country.name(),
                action=act.action,
                date=act.date,
                signature=signatures.get(iso3),
            )
    return list(parties.values())


def treaty_changes(
    treaty: str, date_from: dt.date, date_to: dt.date, actions: tuple[str, ...] = CONSENT_ACTIONS
) -> QuerySet[TreatyAction]:
    """Actions on ``treaty`` dated in [date_from, date_to], oldest first."""
    return (
        TreatyAction.objects.filter(
            treaty__code=treaty, action__in=actions, date__gte=date_from, date__lte=date_to
        )
        .select_related("country", "treaty")
        .order_by("date", "country__iso3")
    )


def parties_by_year(treaty: str = "tip") -> list[tuple[int, int]]:
    """(year, number of parties at the end of that year), from the first consent to the last year."""
    firsts = (
        TreatyAction.objects.filter(treaty__code=treaty, action__in=CONSENT_ACTIONS)
        .values("country")
        .annotate(first=Min("date"))
        .values_list("first", flat=True)
    )
    years = sorted(d.year for d in firsts)
    if not years:
        return []
    out, total, i = [], 0, 0
    for year in range(years[0], max(years[-1], dt.date.today().year) + 1):
        while i < len(years) and years[i] == year:
            total, i = total + 1, i + 1
        out.append((year, total))
    return out
