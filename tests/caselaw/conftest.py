"""Fixtures of the case-law tests: a few countries and decisions built through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from palermo.accounts.models import Membership, Organisation, Role, User
from palermo.caselaw import importer, services
from palermo.caselaw.models import Decision
from palermo.reference.models import Country, Region


@pytest.fixture
def countries(db: Any) -> dict[str, Country]:
    europe = Region.objects.create(m49="150", level="region", names={"en": "Europe"})
    africa = Region.objects.create(m49="002", level="region", names={"en": "Africa"})
    out = {}
    for iso3, region in (("FRA", europe), ("ROU", europe), ("NGA", africa), ("GBR", europe)):
        out[iso3] = Country.objects.create(iso3=iso3, names={"en": iso3}, region=region)
    return out


@pytest.fixture
def make(countries: dict[str, Country]) -> Callable[..., int]:
    """make(ref, title, status="published", **row) -> decision id, through the importer."""

    def build(ref: str, title: str, status: str = "published", **row: Any) -> int:
        problems: list[str] = []
        rec = importer.to_record(
            {"ref": ref, "title": title, "status": status, **row},
            lambda c, m: problems.append(f"{c}: {m}"),
            importer._countries(),
            status,
        )
        assert not problems, problems
        services.write_records([rec])
        return Decision.objects.get(ref=ref).pk

    return build


@pytest.fixture
def editor(db: Any) -> User:
    org = Organisation.objects.create(name="UNODC", kind="un")
    user = User.objects.create(username="analyst", email="analyst@example.org")
    Membership.objects.create(user=user, organisation=org, role=Role.SECRETARIAT_ANALYST)
    return user
