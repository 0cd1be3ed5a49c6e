"""Fixtures of the fund tests: a UN secretariat with a fund officer, a donor-side reviewer, an NGO."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from palermo.accounts.models import Membership, Organisation, Role, User
from palermo.fund import services, workflow
from palermo.fund.models import Call, Donor, DonorKind


@dataclass
class People:
    secretariat: Organisation
    ngo: Organisation
    other_ngo: Organisation
    panel: Organisation
    officer: User
    reviewer: User
    ngo_reviewer: User
    applicant: User
    other_applicant: User
    analyst: User
    readonly: User


def _user(name: str, org: Organisation, role: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.org", "x")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def people(db: None) -> People:
    un = Organisation.objects.create(name="UN Secretariat", kind="un")
    ngo = Organisation.objects.create(name="Safe Harbour", kind="ngo")
    other = Organisation.objects.create(name="Open Door", kind="ngo")
    panel = Organisation.objects.create(name="Review Panel", kind="donor")
    ngo_reviewer = _user("ngoreviewer", panel, Role.REVIEWER)
    Membership.objects.create(user=ngo_reviewer, organisation=ngo, role=Role.READ_ONLY)
    return People(
        secretariat=un,
        ngo=ngo,
        other_ngo=other,
        panel=panel,
        officer=_user("officer", un, Role.FUND_OFFICER),
        reviewer=_user("reviewer", panel, Role.REVIEWER),
        ngo_reviewer=ngo_reviewer,
        applicant=_user("applicant", ngo, Role.CASE_WORKER),
        other_applicant=_user("otherapplicant", other, Role.CASE_WORKER),
        analyst=_user("analyst", un, Role.SECRETARIAT_ANALYST),
        readonly=_user("readonly", un, Role.READ_ONLY),
    )


@pytest.fixture
def funded(people: People) -> Donor:
    """A State donor that gave 1,000,000 USD, so payments have money to draw on."""
    donor = services.create_donor(None, people.officer, services.DonorSpec("state", "Examplia"))
    services.record_contribution(
        None, people.officer, donor, services.MoneySpec(Decimal("1000000")), dt.date(2024, 1, 10)
    )
    return donor


@pytest.fixture
def open_call(people: People) -> Call:
    return workflow.create_call(
        None,
        people.officer,
        workflow.CallSpec(
            title="Call 2026",
            year=2026,
            opens_on=dt.date(2020, 1, 1),
            closes_on=dt.date(2099, 12, 31),
            priorities=["armed conflict", "mixed migration flows"],
            max_amount_usd=Decimal("100000"),
        ),
    )


__all__ = ["DonorKind", "People"]
