"""Writes of the fund's money: donors, pledges, contributions, payments and their reversals.

Every write checks the caller's right (fund officers and platform administrators), runs in one
transaction with its ledger entry, and is audited. Money is Decimal all the way; a foreign-currency
amount keeps the rate used, and its USD value is computed here, once. The call -> grant workflow
lives in ``workflow.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.fund import ledger
from palermo.fund.models import (
    Contribution,
    Donor,
    DonorKind,
    DonorPersonalData,
    Grant,
    Instalment,
    Payment,
    Pledge,
)
from palermo.fund.queries import is_manager
from palermo.reference.models import Country


def require_manager(user: Any) -> None:
    if not is_manager(user):
        raise PermissionDenied("only fund officers and platform administrators manage the fund")


def _decimal(value: Any, name: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({name: f"{name}: not a number: {value!r}"}) from None
    if not number.is_finite():
        raise ValidationError({name: f"{name}: not a finite number"})
    return number


@dataclass
class DonorSpec:
    kind: str
    name: str
    country_iso3: str = ""
    is_anonymous: bool = False
    notes: str = ""
    is_demo: bool = False
    # Individuals only: stored apart, shown to fund officers only.
    full_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@transaction.atomic
def create_donor(request: HttpRequest | None, user: Any, spec: DonorSpec) -> Donor:
    require_manager(user)
    if spec.kind not in DonorKind.values:
        raise ValidationError({"kind": f"unknown donor kind {spec.kind!r}"})
    country = None
    if spec.country_iso3:
        country = Country.objects.filter(iso3=spec.country_iso3.upper()).first()
        if country is None:
            raise ValidationError({"country_iso3": f"unknown country {spec.country_iso3!r}"})
    if spec.kind == DonorKind.INDIVIDUAL and not spec.full_name:
        raise ValidationError({"full_name": "an individual donor needs a full name"})
    if spec.kind != DonorKind.INDIVIDUAL and (spec.full_name or spec.email or spec.phone):
        raise ValidationError({"full_name": "personal data is kept for individual donors only"})
    donor = Donor.objects.create(
        kind=spec.kind,
        name=spec.name,
        country=country,
        is_anonymous=spec.is_anonymous,
        notes=spec.notes,
        is_demo=spec.is_demo,
    )
    if spec.kind == DonorKind.INDIVIDUAL:
        DonorPersonalData.objects.create(
            donor=donor,
            full_name=spec.full_name,
            email=spec.email,
            phone=spec.phone,
            address=spec.address,
        )
    audit(request, LogType.CHANGE, "fund.donor.create", obj=donor, user=user)
    return donor


@dataclass
class MoneySpec:
    amount: Decimal
    currency: str = "USD"
    usd_rate: Decimal = Decimal(1)
    rate_date: dt.date | None = None
    rate_source: str = ""

    def checked(self) -> dict[str, Any]:
        amount = _decimal(self.amount, "amount")
        rate = _decimal(self.usd_rate, "usd_rate")
        currency = (self.currency or "").upper()
        if len(currency) != 3 or not currency.isalpha():
            raise ValidationError(
                {"currency": f"currency: not an ISO 4217 code: {self.currency!r}"}
            )
        if rate <= 0:
            raise ValidationError({"usd_rate": "usd_rate: must be positive"})
        if currency == "USD" and rate != 1:
            raise ValidationError({"usd_rate": "usd_rate: must be 1 for USD"})
        if currency != "USD" and not (self.rate_date and self.rate_source):
            raise ValidationError(
                {"rate_source": "a foreign-currency amount needs the rate's date and source"}
            )
        return {
            "amount": amount,
            "currency": currency,
            "usd_rate": rate,
            "rate_date": self.rate_date,
            "rate_source": self.rate_source,
            "amount_usd": ledger.usd(amount, rate),
        }


@transaction.atomic
def create_pledge(
    request: HttpRequest | None,
    user: Any,
    donor: Donor,
    money: MoneySpec,
    pledged_on: dt.date,
    earmark: str = "",
) -> Pledge:
    require_manager(user)
    values = money.checked()
    if values["amount"] <= 0:
        raise ValidationError({"amount": "a pledge is a positive amount"})
    pledge = Pledge.objects.create(donor=donor, pledged_on=pledged_on, earmark=earmark, **values)
    audit(request, LogType.CHANGE, "fund.pledge.create", obj=pledge, user=user)
    return pledge


def _receipt_number(year: int) -> str:
    count = Contribution.objects.filter(receipt_number__startswith=f"VTF-{year}-").count()
    return f"VTF-{year}-{count + 1:06d}"


@transaction.atomic
def record_contribution(
    request: HttpRequest | None,
    user: Any,
    donor: Donor,
    money: MoneySpec,
    received_on: dt.date,
    *,
    earmark: str = "",
    earmark_call: Any = None,
    pledge: Pledge | None = None,
) -> Contribution:
    """Record money received, issue its receipt number, and book it in the ledger."""
    require_manager(user)
    values = money.checked()
    if values["amount"] <= 0:
        raise ValidationError(
            {"amount": "a contribution is positive; use a reversal to cancel one"}
        )
    if pledge is not None and pledge.donor_id != donor.pk:
        raise ValidationError({"pledge": "the pledge belongs to another donor"})
    contribution = Contribution.objects.create(
        donor=donor,
        pledge=pledge,
        received_on=received_on,
        earmark=earmark,
        earmark_call=earmark_call,
        receipt_number=_receipt_number(received_on.year),
        created_by=user if getattr(user, "pk", None) else None,
        **values,
    )
    ledger.append(contribution=contribution)
    audit(request, LogType.CHANGE, "fund.contribution.create", obj=contribution, user=user)
    return contribution


@transaction.atomic
def reverse_contribution(
    request: HttpRequest | None, user: Any, original: Contribution, reason: str, on: dt.date
) -> Contribution:
    """Cancel a contribution by a negative row (same currency and rate); the original stays."""
    require_manager(user)
    if not reason.strip():
        raise ValidationError({"reason": "say why the contribution is reversed"})
    if original.reverses_id is not None:
        raise ValidationError({"reverses": "a reversal cannot itself be reversed"})
    if Contribution.objects.filter(reverses=original).exists():
        raise ValidationError({"reverses": "this contribution is already reversed"})
    reversal = Contribution.objects.create(
        donor=original.donor,
        received_on=on,
        amount=-original.amount,
        currency=original.currency,
        usd_rate=original.usd_rate,
        rate_date=original.rate_date,
        rate_source=original.rate_source,
        amount_usd=-original.amount_usd,
        earmark=original.earmark,
        receipt_number=_receipt_number(on.year),
        reverses=original,
        reason=reason,
        created_by=user if getattr(user, "pk", None) else None,
    )
    ledger.append(contribution=reversal)
    audit(
        request,
        LogType.CHANGE,
        "fund.contribution.revoke",
        obj=reversal,
        user=user,
        metadata={"reverses": original.pk, "reason": reason},
    )
    return reversal


def paid_usd(grant: Grant) -> Decimal:
    """What has been paid on ``grant`` so far (reversals netted), summed as Decimal in Python."""
    return sum(grant.payments.values_list("amount_usd", flat=True), Decimal("0.00"))


def remaining_usd(grant: Grant) -> Decimal:
    return grant.amount_usd - paid_usd(grant)


@transaction.atomic
def record_payment(
    request: HttpRequest | None,
    user: Any,
    grant: Grant,
    amount_usd: Decimal | str,
    paid_on: dt.date,
    *,
    instalment: Instalment | None = None,
    reference: str = "",
) -> Payment:
    """Pay a grantee. Refused above the grant's remaining amount or the fund's balance."""
    require_manager(user)
    amount = _decimal(amount_usd, "amount_usd").quantize(Decimal("0.01"))
    if amount <= 0:
        raise ValidationError({"amount_usd": "a payment is positive; use a reversal to cancel one"})
    # Lock the grant so two officers paying at once cannot both pass the remaining-amount test.
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    remaining = remaining_usd(grant)
    if amount > remaining:
        raise ValidationError(
            {"amount_usd": f"{amount} USD is more than the grant's remaining {remaining} USD"}
        )
    if instalment is not None:
        if instalment.grant_id != grant.pk:
            raise ValidationError({"instalment": "the instalment belongs to another grant"})
        on_instalment = sum(
            instalment.payments.values_list("amount_usd", flat=True), Decimal("0.00")
        )
        if amount > instalment.amount_usd - on_instalment:
            raise ValidationError(
                {
                    "amount_usd": f"{amount} USD is more than what remains of instalment "
                    f"{instalment.number}: {instalment.amount_usd - on_instalment} USD"
                }
            )
    available = ledger.balance_usd()
    if amount > available:
        raise ValidationError(
            {"amount_usd": f"{amount} USD is more than the fund's balance of {available} USD"}
        )
    payment = Payment.objects.create(
        grant=grant,
        instalment=instalment,
        amount_usd=amount,
        paid_on=paid_on,
        reference=reference,
        created_by=user if getattr(user, "pk", None) else None,
    )
    ledger.append(payment=payment)
    audit(request, LogType.CHANGE, "fund.payment.create", obj=payment, user=user)
    return payment


@transaction.atomic
def reverse_payment(
    request: HttpRequest | None, user: Any, original: Payment, reason: str, on: dt.date
) -> Payment:
    """Cancel a payment (e.g. returned by the bank) by a negative row; the original stays."""
    require_manager(user)
    if not reason.strip():
        raise ValidationError({"reason": "say why the payment is reversed"})
    if original.reverses_id is not None or Payment.objects.filter(reverses=original).exists():
        raise ValidationError({"reverses": "this payment is a reversal or is already reversed"})
    reversal = Payment.objects.create(
        grant=original.grant,
        instalment=original.instalment,
        amount_usd=-original.amount_usd,
        paid_on=on,
        reference=original.reference,
        reverses=original,
        reason=reason,
        created_by=user if getattr(user, "pk", None) else None,
    )
    ledger.append(payment=reversal)
    audit(
        request,
        LogType.CHANGE,
        "fund.payment.revoke",
        obj=reversal,
        user=user,
        metadata={"reverses": original.pk, "reason": reason},
    )
    return reversal
