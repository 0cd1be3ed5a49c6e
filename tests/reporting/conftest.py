"""Fixtures of the reporting tests: two regions, four countries, State focal points, the secretariat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from palermo.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from palermo.reference.models import Country, Region
from palermo.reporting import services
from palermo.reporting.models import Round, RoundStatus


@dataclass
class World:
    egypt: Organisation
    estonia: Organisation
    unodc: Organisation
    focal_egypt: User
    focal_estonia: User
    analyst: User
    round: Round


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _user(name: str, org: Organisation, role: str) -> User:
    user = User.objects.create(username=name, email=f"{name}@example.org")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def countries() -> dict[str, Country]:
    africa = Region.objects.create(
        m49="002", level="region", names={"en": "Africa", "fr": "Afrique"}
    )
    europe = Region.objects.create(
        m49="150", level="region", names={"en": "Europe", "fr": "Europe"}
    )
    asia = Region.objects.create(m49="142", level="region", names={"en": "Asia", "fr": "Asie"})
    americas = Region.objects.create(
        m49="019", level="region", names={"en": "Americas", "fr": "Amériques"}
    )
    rows = {
        "EGY": ("Egypt", "Égypte", africa),
        "ARE": ("United Arab Emirates", "Émirats arabes unis", asia),
        "EST": ("Estonia", "Estonie", europe),
        "USA": ("United States of America", "États-Unis d’Amérique", americas),
    }
    return {
        iso3: Country.objects.create(
            iso3=iso3, names={"en": en, "fr": fr}, un_names={"en": en, "fr": fr}, region=region
        )
        for iso3, (en, fr, region) in rows.items()
    }


@pytest.fixture
def make_round() -> Callable[..., Round]:
    def make(code: str = "gr-2024", questionnaire: str = "global-report", **kw: object) -> Round:
        kw.setdefault("status", RoundStatus.OPEN)
        spec = services.RoundSpec(
            code=code,
            name=f"Round {code}",
            questionnaire=questionnaire,
            period_start=dt.date(2021, 1, 1),
            period_end=dt.date(2023, 12, 31),
            deadline=dt.date(2024, 6, 30),
            **kw,  # type: ignore[arg-type]
        )
        return services.create_round(None, None, spec)

    return make


@pytest.fixture
def world(countries: dict[str, Country], make_round: Callable[..., Round]) -> World:
    egypt = Organisation.objects.create(
        name="Egypt NCCPIM", kind=OrganisationKind.STATE, country_iso3="EGY"
    )
    estonia = Organisation.objects.create(
        name="Estonia Ministry of Justice", kind=OrganisationKind.STATE, country_iso3="EST"
    )
    unodc = Organisation.objects.create(name="UNODC", kind=OrganisationKind.UN)
    round_ = make_round()
    services.invite(None, None, round_, [egypt, estonia, unodc])
    return World(
        egypt=egypt,
        estonia=estonia,
        unodc=unodc,
        focal_egypt=_user("focal-egy", egypt, Role.NATIONAL_FOCAL_POINT),
        focal_estonia=_user("focal-est", estonia, Role.NATIONAL_FOCAL_POINT),
        analyst=_user("analyst", unodc, Role.SECRETARIAT_ANALYST),
        round=round_,
    )
