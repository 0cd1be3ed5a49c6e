"""Totals by entity and period: overlap, sums, countries not double counted, demo filter."""

from __future__ import annotations

import datetime as dt

import pytest

from palermo.coordination.models import Activity
from palermo.coordination.queries import activities_in_period, activity_totals

D = dt.date


def _activity(org, title, start, end=None, **kw):  # type: ignore[no-untyped-def]
    countries = kw.pop("countries", [])
    a = Activity.objects.create(
        organisation=org,
        title=title,
        kind=kw.pop("kind", "training"),
        pillar=kw.pop("pillar", "prosecution"),
        start_date=start,
        end_date=end,
        **kw,
    )
    a.countries.set(countries)
    return a


@pytest.mark.django_db
def test_totals_by_entity_and_period(entities, countries) -> None:  # type: ignore[no-untyped-def]
    unodc, iom = entities["UNODC"], entities["IOM"]
    c = countries
    _activity(
        unodc,
        "A",
        D(2018, 3, 1),
        D(2018, 3, 5),
        participants_trained=30,
        countries=[c["ETH"], c["TUN"]],
    )
    _activity(unodc, "B", D(2018, 6, 1), participants_trained=20, countries=[c["TUN"], c["PAK"]])
    _activity(
        unodc,
        "Agg",
        D(2017, 1, 1),
        D(2018, 12, 31),
        activity_count=10,
        is_aggregate=True,
        kind="technical_assistance",
        participants_trained=500,
        countries_reached=2,
    )
    _activity(
        iom,
        "Op",
        D(2018, 8, 1),
        D(2018, 8, 31),
        kind="operation",
        victims_identified=94,
        suspects_arrested=14,
        countries=[c["SDN"]],
    )
    _activity(iom, "Old", D(2015, 1, 1), D(2015, 2, 1), victims_identified=1000)

    totals = activity_totals(D(2018, 1, 1), D(2018, 12, 31))
    u = totals.entity("UNODC")
    assert u is not None
    assert (u.records, u.activities, u.participants_trained) == (3, 12, 550)
    # Three distinct linked countries (TUN counted once) beat the aggregate's stated 2.
    assert u.countries_reached == 3
    assert u.by_kind == {"training": 2, "technical_assistance": 10}
    i = totals.entity("IOM")
    assert i is not None
    assert (i.activities, i.victims_identified, i.suspects_arrested) == (1, 94, 14)
    assert totals.total.activities == 13
    assert totals.total.countries_reached == 4
    assert [e.short_name for e in totals.entities] == ["UNODC", "IOM"]

    # A period that only the aggregate overlaps.
    only_2017 = activity_totals(D(2017, 5, 1), D(2017, 5, 31))
    assert [e.activities for e in only_2017.entities] == [10]
    # Open periods include everything; the 2015 operation counts then.
    assert activity_totals().total.victims_identified == 1094
    assert activity_totals(organisation_ids=[iom.pk]).total.records == 2
    assert activities_in_period(D(2018, 8, 31), D(2018, 9, 30)).count() == 2  # Op and Agg


@pytest.mark.django_db
def test_totals_can_leave_demo_records_out(entities) -> None:  # type: ignore[no-untyped-def]
    _activity(entities["UNODC"], "Real", D(2018, 1, 1), participants_trained=5)
    _activity(entities["UNODC"], "Demo", D(2018, 1, 1), participants_trained=7, is_demo=True)
    assert activity_totals().total.participants_trained == 12
    assert activity_totals(include_demo=False).total.participants_trained == 5
    assert activity_totals(include_demo=False).as_dict()["total"]["records"] == 1


@pytest.mark.django_db
def test_unknown_counts_are_not_zeros_in_records_but_sum_as_zero(entities) -> None:  # type: ignore[no-untyped-def]
    a = _activity(entities["IOM"], "No counts", D(2018, 1, 1))
    assert a.victims_identified is None
    assert activity_totals().entity("IOM").victims_identified == 0  # type: ignore[union-attr]
