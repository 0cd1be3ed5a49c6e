"""Fixtures of the estimation app's tests: organisations, users by role, reference population."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from palermo.accounts.models import Membership, Organisation, User
from palermo.reference.models import Country, Population

DATA = Path(__file__).resolve().parent.parent / "mse" / "data"
UK_POPULATION = {2013: 64_128_226, 2014: 64_602_298}  # World Bank SP.POP.TOTL (illustrative)


@pytest.fixture
def orgs() -> tuple[Organisation, Organisation]:
    return (
        Organisation.objects.create(name="Home Office", kind="state", country_iso3="GBR"),
        Organisation.objects.create(name="Other Ministry", kind="state"),
    )


@pytest.fixture
def member(orgs: tuple[Organisation, Organisation]):  # type: ignore[no-untyped-def]
    """member(role, org_index=0) -> a user holding ``role`` in that organisation."""

    def make(role: str, index: int = 0) -> User:
        user = User.objects.create(username=f"{role}-{index}")
        Membership.objects.create(user=user, organisation=orgs[index], role=role)
        return user

    return make


@pytest.fixture
def gbr() -> Country:
    country = Country.objects.create(iso3="GBR", iso2="GB", m49="826", names={"en": "UK"})
    for year, value in UK_POPULATION.items():
        Population.objects.create(
            country=country, year=year, value=value, source="World Bank SP.POP.TOTL"
        )
    # WPP by sex and 5-year age group, two fifth years, so 2012 is interpolated.
    for year, scale in ((2010, 1.0), (2015, 1.1)):
        for sex in ("female", "male"):
            for first in range(0, 100, 5):
                Population.objects.create(
                    country=country,
                    year=year,
                    sex=sex,
                    age_group=f"{first}-{first + 4}",
                    value=round(500_000 * scale),
                    source="WPP 2024",
                )
            Population.objects.create(
                country=country, year=year, sex=sex, age_group="100+", value=100, source="WPP 2024"
            )
    return country


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_bytes(name: str) -> bytes:
    return (DATA / f"{name}.csv").read_bytes()
