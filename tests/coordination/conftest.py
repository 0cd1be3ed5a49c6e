"""Fixtures of the coordination tests: two UN entities, a State authority, users, a few countries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from palermo.accounts.models import Membership, Organisation, User
from palermo.reference.models import Country


@pytest.fixture
def entities() -> dict[str, Organisation]:
    return {
        "UNODC": Organisation.objects.create(
            name="United Nations Office on Drugs and Crime", short_name="UNODC", kind="un"
        ),
        "IOM": Organisation.objects.create(
            name="International Organization for Migration", short_name="IOM", kind="un"
        ),
        "STATE": Organisation.objects.create(name="Ministry of Interior", kind="state"),
    }


@pytest.fixture
def member(entities: dict[str, Organisation]) -> Callable[..., User]:
    """member(role, entity short name) -> a user holding ``role`` there."""

    def make(role: str, entity: str = "UNODC") -> User:
        user = User.objects.create(username=f"{role}-{entity}")
        Membership.objects.create(user=user, organisation=entities[entity], role=role)
        return user

    return make


@pytest.fixture
def countries() -> dict[str, Country]:
    rows = [("ETH", "ET"), ("TUN", "TN"), ("SDN", "SD"), ("PAK", "PK"), ("AFG", "AF")]
    return {
        iso3: Country.objects.create(iso3=iso3, iso2=iso2, names={"en": iso3})
        for iso3, iso2 in rows
    }
