"""Aggregate figures of the fund: ``fund_summary`` for the report generator, ``dashboard`` for pages.

Aggregates only: no donor is named, individuals are counted as one group. Sums are Decimal, added
in Python from the rows (SQLite sums decimals as floats); the row counts are small (thousands).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from palermo.fund.models import (
    Application,
    BoardMember,
    Call,
    Contribution,
    DonorKind,
    Grant,
    Payment,
    PeopleAssisted,
    Service,
)

ZERO = Decimal("0.00")


def theme_label(code: str) -> str:
    """A project theme (Application.theme, a Service code such as "legal") in words of the active
    language; a code outside the services is shown as it is, no theme as "—"."""
    if not code:
        return "—"
    return str(Service(code).label) if code in Service.values else code


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _contributions(date_from: dt.date | None, date_to: dt.date) -> list[tuple[Any, ...]]:
    rows = Contribution.objects.filter(received_on__lte=date_to)
    if date_from:
        rows = rows.filter(received_on__gte=date_from)
    return list(rows.values_list("donor_id", "donor__kind", "amount_usd", "received_on"))


def _by_type(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, Any]]:
    usd: dict[str, Decimal] = defaultdict(lambda: ZERO)
    net: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for donor_id, kind, amount, _on in rows:
        usd[kind] += amount
        net[(kind, donor_id)] += amount
    out = {}
    for kind in DonorKind.values:
        donors = sum(1 for (k, _d), total in net.items() if k == kind and total > 0)
        out[kind] = {"donors": donors, "usd": _money(usd[kind])}
    return out


def _people(date_from: dt.date | None, date_to: dt.date) -> dict[str, Any]:
    cells = PeopleAssisted.objects.filter(
        report__submitted_at__isnull=False, report__period_end__lte=date_to
    )
    if date_from:
        cells = cells.filter(report__period_end__gte=date_from)
    per_year: dict[int, int] = defaultdict(int)
    by: dict[str, dict[str, int]] = {"sex": {}, "age_group": {}, "service": {}}
    total = 0
    for end, sex, age, service, count in cells.values_list(
        "report__period_end", "sex", "age_group", "service", "count"
    ):
        total += count
        per_year[end.year] += count
        for name, value in (("sex", sex), ("age_group", age), ("service", service)):
            by[name][value] = by[name].get(value, 0) + count
    years = sorted(per_year)
    return {
        "total": total,
        "per_year": {str(y): per_year[y] for y in years},
        "average_per_year": round(total / len(years)) if years else 0,
        **{f"by_{name}": values for name, values in by.items()},
    }


def fund_summary(
    date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    """The fund in figures for a report covering ``date_from``..``date_to`` (inclusive).

    Money and donors are given both for the period and cumulatively up to ``date_to`` (the seed
    report states cumulative totals: "by March 2019, $6.7M from 30 Member States..."). Calls,
    grants and NGOs funded are cumulative up to ``date_to``; people assisted come from submitted
    grantee reports whose period ends within the range. Amounts are USD strings with two decimals.
    """
    date_to = date_to or dt.date.today()
    period = _contributions(date_from, date_to)
    cumulative = _contributions(None, date_to) if date_from else period
    payments = sum(
        Payment.objects.filter(paid_on__lte=date_to).values_list("amount_usd", flat=True), ZERO
    )
    contributed = sum((r[2] for r in cumulative), ZERO)
    grants = Grant.objects.filter(starts_on__lte=date_to).select_related("application")
    calls = []
    for call in Call.objects.filter(opens_on__lte=date_to).order_by("year", "opens_on"):
        calls.append(
            {
                "year": call.year,
                "title": call.title,
                "opens_on": call.opens_on.isoformat(),
                "closes_on": call.closes_on.isoformat(),
                "priorities": call.priorities,
                "applications": Application.objects.filter(call=call).count(),
                "grants": grants.filter(application__call=call).count(),
            }
        )
    board = BoardMember.objects.filter(term_start__lte=date_to.year, term_end__gte=date_to.year)
    return {
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat(),
        "currency": "USD",
        "contributions_usd": _money(sum((r[2] for r in period), ZERO)),
        "contributions_usd_cumulative": _money(contributed),
        "donors_by_type": _by_type(cumulative),
        "donors_by_type_period": _by_type(period),
        "payments_usd_cumulative": _money(payments),
        "balance_usd": _money(contributed - payments),
        "calls": calls,
        "grants": {
            "count": grants.count(),
            "amount_usd": _money(sum(grants.values_list("amount_usd", flat=True), ZERO)),
        },
        "ngos_funded": grants.values("application__organisation").distinct().count(),
        "people_assisted": _people(date_from, date_to),
        "board": [
            {"name": m.name, "chair": m.is_chair, "term": f"{m.term_start}-{m.term_end}"}
            for m in board
        ],
    }


def dashboard() -> dict[str, Any]:
    """Money in by donor type and year, grants by region and by theme, people assisted per year."""
    money: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for kind, amount, on in Contribution.objects.values_list(
        "donor__kind", "amount_usd", "received_on"
    ):
        money[on.year][kind] += amount
    by_region: dict[str, dict[str, Any]] = defaultdict(lambda: {"grants": 0, "usd": ZERO})
    by_theme: dict[str, dict[str, Any]] = defaultdict(lambda: {"grants": 0, "usd": ZERO})
    for grant in Grant.objects.select_related("application__country__region"):
        country = grant.application.country
        region = country.region.name() if country and country.region else "—"
        for bucket, key in ((by_region, region), (by_theme, theme_label(grant.application.theme))):
            bucket[key]["grants"] += 1
            bucket[key]["usd"] += grant.amount_usd
    people = fund_summary()["people_assisted"]
    return {
        "money_in": {
            year: {kind: money[year][kind] for kind in DonorKind.values} for year in sorted(money)
        },
        "money_in_totals": [(str(y), sum(money[y].values(), ZERO)) for y in sorted(money)],
        "grants_by_region": dict(sorted(by_region.items())),
        "grants_by_theme": dict(sorted(by_theme.items())),
        "people_per_year": people["per_year"],
    }
