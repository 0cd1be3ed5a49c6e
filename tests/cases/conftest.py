"""Fixtures of the cases tests: keys from settings, two organisations, users per role, sources."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from palermo.accounts.models import Membership, Organisation, User
from palermo.cases.models import Source

KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def field_keys(tmp_path: Path) -> Iterator[list[str]]:
    """Identifier keys and a blind-index key from settings (never from the database)."""
    keys = [KEY]
    with override_settings(
        PALERMO_FIELD_KEYS=keys,
        PALERMO_BLIND_INDEX_KEY="test-index-key",
        PALERMO_IMPORT_BACKGROUND=False,
        VAR_DIR=tmp_path / "var",
    ):
        yield keys


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    source_a: Source
    source_b: Source
    users: dict[str, User]


def member(name: str, org: Organisation, role: str) -> User:
    user = User.objects.create(username=name)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def world(db: None) -> World:
    a = Organisation.objects.create(name="Police A", short_name="A", kind="state")
    b = Organisation.objects.create(name="Shelter B", short_name="B", kind="ngo")
    users = {
        "worker_a": member("worker_a", a, "case_worker"),
        "worker_b": member("worker_b", b, "case_worker"),
        "analyst_a": member("analyst_a", a, "secretariat_analyst"),
        "focal_a": member("focal_a", a, "national_focal_point"),
        "admin_a": member("admin_a", a, "platform_admin"),
        "fund_a": member("fund_a", a, "fund_officer"),
    }
    return World(
        a,
        b,
        Source.objects.create(organisation=a, name="police-a"),
        Source.objects.create(organisation=b, name="shelter-b"),
        users,
    )


HTCDS_HEADER = "record_id,prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,ext_AgeBand,ext_YearOfRegistration,vic_TypeOfExploitation,vic_LocationOfExploitation\n"


def write_htcds(path: Path, rows: list[str]) -> Path:
    path.write_text(HTCDS_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


GOOD_ROWS = [
    "R1,Olena,Kovalenko,1990-04-02,Feminine,UA,30--38,2019,SexualExploitation,PL",
    "R2,Mohammed,Rahman,1985-11-30,Masculine,BD,30--38,2020,ForcedLabour,MY",
    "R3,Elena,Petrova,2004-01-15,Feminine,MD;RO,18--20,2021,ForcedLabour;SexualExploitation,IT",
]
