"""Reads of the coordination app: who may edit what, and the figures the report generator needs.

Coordination data are public (the Secretary-General's report publishes them), so every list is
readable by anyone; writes are scoped here, in the query:

- platform administrators and secretariat analysts edit every record;
- a member of a UN entity or IGO (any role but read-only) adds and edits that entity's activities;
- everyone else reads only.

The exported read functions, for ``palermo.publishing`` and ``palermo.statistics``:
``activity_totals``, ``icat_chairs``, ``icat_summary``, ``campaign_summary``, ``resources_summary``
(documented in docs/coordination.md). They take plain dates or years and return dataclasses or
dicts of plain values (no model instances), so a report template never touches the ORM.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from palermo.accounts.models import Organisation, OrganisationKind, Role
from palermo.accounts.permissions import has_role
from palermo.accounts.queries import user_organisation_ids
from palermo.coordination.models import (
    Activity,
    Campaign,
    IcatChair,
    IcatMember,
    Resource,
    WorkingGroupSeat,
    WorldDay,
)

EDITOR_ROLES = (Role.PLATFORM_ADMIN, Role.SECRETARIAT_ANALYST)
# Who, inside a UN entity or IGO, may record that entity's activities: anyone who works there.
ENTITY_ROLES = tuple(r for r in Role if r is not Role.READ_ONLY)
ENTITY_KINDS = (OrganisationKind.UN, OrganisationKind.IGO)
COUNT_FIELDS = (
    "participants_trained",
    "victims_identified",
    "victims_assisted",
    "suspects_arrested",
)


def is_editor(user: Any) -> bool:
    """Platform administrators and secretariat analysts edit all coordination data."""
    return has_role(user, *EDITOR_ROLES)


def entity_ids(user: Any) -> QuerySet[Any]:
    """Ids of the UN entities / IGOs whose activities ``user`` may record (a values queryset)."""
    return Organisation.objects.filter(
        id__in=user_organisation_ids(user, *ENTITY_ROLES), kind__in=ENTITY_KINDS
    ).values("id")


def can_add_activities(user: Any) -> bool:
    return is_editor(user) or entity_ids(user).exists()


def activities_editable_by(user: Any) -> QuerySet[Activity]:
    """Activities ``user`` may change: all for editors, their own entities' for entity members."""
    if is_editor(user):
        return Activity.objects.all()
    return Activity.objects.filter(organisation__in=entity_ids(user))


def activities_in_period(
    date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[Activity]:
    """Activities that overlap [date_from, date_to] (an open end is unbounded).

    An activity without an end date is taken to end on its start date. Overlap, not containment:
    an aggregate record that spans the reporting period counts in any period that touches it.
    """
    qs = Activity.objects.all()
    if date_to is not None:
        qs = qs.filter(start_date__lte=date_to)
    if date_from is not None:
        qs = qs.annotate(_end=Coalesce("end_date", "start_date")).filter(_end__gte=date_from)
    return qs


@dataclass
class EntityTotals:
    """What one entity (or all of them) did in a period."""

    organisation_id: int | None
    name: str
    short_name: str
    records: int = 0
    activities: int = 0
    participants_trained: int = 0
    victims_identified: int = 0
    victims_assisted: int = 0
    suspects_arrested: int = 0
    # Not additive: distinct countries linked to the activities, or the largest figure an
    # aggregate record states, whichever is larger (a lower bound of the true number).
    countries_reached: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass
class ActivityTotals:
    date_from: dt.date | None
    date_to: dt.date | None
    entities: list[EntityTotals]
    total: EntityTotals

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["date_from"] = self.date_from.isoformat() if self.date_from else None
        out["date_to"] = self.date_to.isoformat() if self.date_to else None
        return out

    def entity(self, short_name: str) -> EntityTotals | None:
        return next((e for e in self.entities if e.short_name == short_name), None)


def activity_totals(
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    organisation_ids: list[int] | None = None,
    include_demo: bool = True,
) -> ActivityTotals:
    """Totals by entity of the activities that overlap the period (section III B of the report)."""
    qs = activities_in_period(date_from, date_to)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    if not include_demo:
        qs = qs.filter(is_demo=False)
    ids = qs.values("id")
    # Sums without the M2M join (a join would repeat each row once per country).
    sums = (
        Activity.objects.filter(id__in=ids)
        .values("organisation_id")
        .annotate(
            records=Count("id"),
            activities=Sum("activity_count"),
            stated_countries=Max("countries_reached"),
            **{name: Sum(name) for name in COUNT_FIELDS},
        )
    )
    linked = dict(
        Activity.countries.through.objects.filter(activity_id__in=ids)
        .values("activity__organisation_id")
        .annotate(n=Count("country_id", distinct=True))
        .values_list("activity__organisation_id", "n")
    )
    kinds: dict[int, dict[str, int]] = defaultdict(dict)
    for org_id, kind, n in (
        Activity.objects.filter(id__in=ids)
        .values("organisation_id", "kind")
        .annotate(n=Sum("activity_count"))
        .values_list("organisation_id", "kind", "n")
    ):
        kinds[org_id][kind] = int(n or 0)
    orgs = Organisation.objects.in_bulk([row["organisation_id"] for row in sums])
    entities = []
    for row in sums:
        org = orgs[row["organisation_id"]]
        entities.append(
            EntityTotals(
                organisation_id=org.pk,
                name=org.name,
                short_name=org.short_name or org.name,
                records=row["records"],
                activities=int(row["activities"] or 0),
                countries_reached=max(linked.get(org.pk, 0), row["stated_countries"] or 0),
                by_kind=kinds[org.pk],
                **{name: int(row[name] or 0) for name in COUNT_FIELDS},
            )
        )
    entities.sort(key=lambda e: (-e.activities, e.short_name))
    all_linked = (
        Activity.countries.through.objects.filter(activity_id__in=ids)
        .values("country_id")
        .distinct()
        .count()
    )
    total = EntityTotals(None, "All entities", "ALL")
    for e in entities:
        total.records += e.records
        total.activities += e.activities
        for name in COUNT_FIELDS:
            setattr(total, name, getattr(total, name) + getattr(e, name))
        for kind, n in e.by_kind.items():
            total.by_kind[kind] = total.by_kind.get(kind, 0) + n
    total.countries_reached = max([all_linked, *(e.countries_reached for e in entities)])
    return ActivityTotals(date_from, date_to, entities, total)


@dataclass(frozen=True)
class ChairYear:
    year: int
    short_names: list[str]
    names: list[str]

    @property
    def co_chaired(self) -> bool:
        return len(self.short_names) > 1


def icat_chairs(year_from: int | None = None, year_to: int | None = None) -> list[ChairYear]:
    """The ICAT chair(s) of each year, oldest first; co-chairs share a year."""
    qs = IcatChair.objects.select_related("organisation").order_by("year", "organisation__name")
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(year__lte=year_to)
    by_year: dict[int, list[Organisation]] = defaultdict(list)
    for chair in qs:
        by_year[chair.year].append(chair.organisation)
    return [
        ChairYear(year, [o.short_name or o.name for o in orgs], [o.name for o in orgs])
        for year, orgs in sorted(by_year.items())
    ]


def icat_summary(year: int | None = None) -> dict[str, Any]:
    """Members (on 31 December of ``year`` when given), the working group and chairs of a year."""
    members = IcatMember.objects.select_related("organisation")
    if year is not None:
        members = members.filter(Q(since_year__isnull=True) | Q(since_year__lte=year)).filter(
            Q(left__isnull=True) | Q(left__year__gt=year)
        )
    seats = WorkingGroupSeat.objects.select_related("organisation")
    if year is not None:
        seats = seats.filter(year=year)
    chairs = icat_chairs(year, year) if year is not None else icat_chairs()
    return {
        "year": year,
        "members": len(members),
        "member_names": [m.organisation.short_name or m.organisation.name for m in members],
        "working_group": sorted({s.organisation.short_name or s.organisation.name for s in seats}),
        "chairs": {c.year: c.short_names for c in chairs},
    }


def _money(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def campaign_summary(year_from: int | None = None, year_to: int | None = None) -> dict[str, Any]:
    """World Day themes, campaign adopters (as of the end of ``year_to``), reach and funds raised."""
    days = WorldDay.objects.all()
    if year_from is not None:
        days = days.filter(year__gte=year_from)
    if year_to is not None:
        days = days.filter(year__lte=year_to)
    campaigns = []
    for campaign in Campaign.objects.order_by("name"):
        adoptions = campaign.adoptions.select_related("country")
        if year_to is not None:
            adoptions = adoptions.filter(
                Q(adopted_on__isnull=True) | Q(adopted_on__year__lte=year_to)
            )
        results = campaign.results.all()
        if year_from is not None:
            results = results.filter(year__gte=year_from)
        if year_to is not None:
            results = results.filter(year__lte=year_to)
        agg = results.aggregate(reach=Sum("reach"), funds=Sum("funds_raised_usd"))
        campaigns.append(
            {
                "code": campaign.code,
                "name": campaign.name,
                "launched": campaign.launched,
                "adopters": sum(a.count for a in adoptions),
                "adopting_countries": [a.country.iso3 for a in adoptions if a.country_id],
                "reach": agg["reach"],
                "funds_raised_usd": _money(agg["funds"]),
                "results": [
                    {
                        "year": r.year,
                        "description": r.description,
                        "reach": r.reach,
                        "funds_raised_usd": _money(r.funds_raised_usd),
                        "source": r.source,
                    }
                    for r in results
                ],
            }
        )
    return {
        "world_days": [
            {"year": d.year, "themes": dict(d.themes), "hashtags": d.hashtags, "source": d.source}
            for d in days
        ],
        "campaigns": campaigns,
        "reach": sum(c["reach"] or 0 for c in campaigns),
        "funds_raised_usd": sum(c["funds_raised_usd"] or 0.0 for c in campaigns),
    }


def resources_summary(year_from: int | None = None, year_to: int | None = None) -> dict[str, Any]:
    """Posts and extrabudgetary funding by entity and year, with totals by year."""
    qs = Resource.objects.select_related("organisation").order_by("year", "organisation__name")
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(year__lte=year_to)
    rows = [
        {
            "organisation": r.organisation.short_name or r.organisation.name,
            "year": r.year,
            "regular_budget_posts": _money(r.regular_budget_posts),
            "extrabudgetary_posts": _money(r.extrabudgetary_posts),
            "extrabudgetary_usd": _money(r.extrabudgetary_usd),
            "donor": r.donor,
            "note": r.note,
            "source": r.source,
        }
        for r in qs
    ]
    by_year: dict[int, dict[str, float]] = {}
    for row in rows:
        year = by_year.setdefault(
            row["year"], {"regular_budget_posts": 0.0, "extrabudgetary_usd": 0.0}
        )
        year["regular_budget_posts"] += row["regular_budget_posts"] or 0.0
        year["extrabudgetary_usd"] += row["extrabudgetary_usd"] or 0.0
    return {"rows": rows, "by_year": by_year}
