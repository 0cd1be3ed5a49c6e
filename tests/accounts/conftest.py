"""Fixtures for the accounts tests: organisations, one user per role, a TOTP code generator."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from palermo.accounts.models import Membership, Organisation, OrganisationKind, User

PASSWORD = "Tr4fficking-Report-2019"


@pytest.fixture
def org() -> Organisation:
    return Organisation.objects.create(name="Ministry of Justice", kind=OrganisationKind.STATE)


@pytest.fixture
def other_org() -> Organisation:
    return Organisation.objects.create(name="Shelter NGO", kind=OrganisationKind.NGO)


@pytest.fixture
def make_user(org: Organisation) -> Callable[..., User]:
    def make(
        username: str, role: str | None = None, organisation: Organisation | None = None
    ) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD)
        if role:
            Membership.objects.create(user=user, organisation=organisation or org, role=role)
            if role == "platform_admin":
                user.is_staff = True
                user.save()
        return user

    return make


def totp_token(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now (or ``steps_ahead`` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"
