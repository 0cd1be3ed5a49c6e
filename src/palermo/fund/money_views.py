"""Pages of the fund's money: dashboard, donors (personal data audited), receipts, the ledger."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.fund import ledger, queries, services
from palermo.fund.forms import ContributionForm, DonorForm
from palermo.fund.models import DonorKind, LedgerEntry
from palermo.fund.templatetags.fund_money import amount
from palermo.graphics import charts
from palermo.ui.tables import Column, Table


def _manager(request: HttpRequest) -> None:
    if not queries.is_manager(request.user):
        raise PermissionDenied


def _money_column(key: str, label: str) -> Column:
    """A USD column shown in the reader's language (``1,234.50`` / ``1 234,50``), sorted on the
    Decimal and exported as it is stored (``1234.50``), so spreadsheets read a number. The shown
    text starts with at most three digits, which the table's ``intcomma`` leaves as it is."""
    return Column(
        key,
        label,
        numeric=True,
        display=lambda row: amount(row[key]),
        export=lambda row: row[key],
    )


def form_errors(form: Any, exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not queries.may_see_dashboard(request.user):
        raise PermissionDenied
    data = queries.dashboard()
    summary = queries.fund_summary()
    people = [(y, float(n)) for y, n in data["people_per_year"].items()]
    kinds = dict(DonorKind.choices)
    # One cell per donor kind, in the header's order; amounts stay Decimal and are formatted per
    # language in the template.
    money_rows = [
        {"year": year, "cells": [by_kind.get(k) for k in kinds]}
        for year, by_kind in data["money_in"].items()
    ]
    audit(request, LogType.ACCESS, "fund.dashboard.read", object_type="fund.Summary")
    return render(
        request,
        "fund/dashboard.html",
        {
            "summary": summary,
            "money_chart": charts.bar_chart([(y, float(v)) for y, v in data["money_in_totals"]]),
            "people_chart": charts.bar_chart(people),
            "money_rows": money_rows,
            "kinds": kinds,
            "by_region": data["grants_by_region"],
            "by_theme": data["grants_by_theme"],
            "is_manager": queries.is_manager(request.user),
        },
    )


@login_required
def donor_list(request: HttpRequest) -> HttpResponse:
    _manager(request)
    rows = []
    for donor in queries.donors_visible_to(request.user).prefetch_related("contributions"):
        rows.append(
            {
                "pk": donor.pk,
                "name": donor.name,
                "kind": donor.kind,
                "country": donor.country.iso3 if donor.country else "",
                "total": sum(c.amount_usd for c in donor.contributions.all()),
                "demo": _("yes") if donor.is_demo else "",
            }
        )
    kinds = dict(DonorKind.choices)
    table = Table(
        request=request,
        name="fund-donors",
        caption=_("Donors"),
        default_sort="name",
        rows=rows,
        columns=[
            Column("name", _("Donor"), link=lambda r: reverse("fund:donor", args=[r["pk"]])),
            Column(
                "kind", _("Kind"), choices=DonorKind.choices, display=lambda r: kinds[r["kind"]]
            ),
            Column("country", _("Country")),
            _money_column("total", _("Contributions (USD)")),
            Column("demo", _("Demo")),
        ],
    )
    if export := table.export_response():
        return export
    audit(request, LogType.ACCESS, "fund.donor.list", object_type="fund.Donor")
    return render(request, "fund/donors.html", {"table": table})


@login_required
def donor_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = DonorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            donor = services.create_donor(
                request, request.user, services.DonorSpec(**form.cleaned_data)
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("fund:donor", pk=donor.pk)
    return render(request, "fund/form.html", {"form": form, "title": _("New donor")})


@login_required
def donor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    donor = get_object_or_404(queries.donors_visible_to(request.user), pk=pk)
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        received_on, earmark = data.pop("received_on"), data.pop("earmark")
        try:
            c = services.record_contribution(
                request,
                request.user,
                donor,
                services.MoneySpec(**data),
                received_on,
                earmark=earmark,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("fund:receipt", pk=c.pk)
    audit(request, LogType.ACCESS, "fund.donor.read", obj=donor)
    personal = queries.donor_personal_data(request, request.user, donor)
    return render(
        request,
        "fund/donor.html",
        {
            "donor": donor,
            "personal": personal,
            "form": form,
            "contributions": donor.contributions.order_by("-received_on", "-id"),
        },
    )


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable receipt (HTML; print to PDF from the browser)."""
    contribution = get_object_or_404(queries.contributions_visible_to(request.user), pk=pk)
    personal = queries.donor_personal_data(request, request.user, contribution.donor)
    audit(request, LogType.ACCESS, "fund.receipt.read", obj=contribution)
    return render(request, "fund/receipt.html", {"c": contribution, "personal": personal})


@login_required
def ledger_page(request: HttpRequest) -> HttpResponse:
    _manager(request)
    result = ledger.check()
    rows = [
        {
            "seq": e.seq,
            "booked_on": e.booked_on,
            "kind": e.kind,
            "amount": e.amount_usd,
            "memo": e.memo,
            "hash": e.hash[:16],
        }
        for e in LedgerEntry.objects.order_by("-seq")[:5000]
    ]
    table = Table(
        request=request,
        name="fund-ledger",
        caption=_("Ledger entries, newest first"),
        rows=rows,
        columns=[
            Column("seq", "#", numeric=True),
            Column("booked_on", _("Booked on")),
            Column("kind", _("Kind")),
            _money_column("amount", _("Amount (USD)")),
            Column("memo", _("Receipt or grant")),
            Column("hash", _("Hash (start)")),
        ],
    )
    if export := table.export_response():
        return export
    audit(request, LogType.ACCESS, "fund.ledger.read", object_type="fund.LedgerEntry")
    return render(request, "fund/ledger.html", {"table": table, "check": result.as_dict()})
