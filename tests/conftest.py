"""Shared fixtures. The same tests run on SQLite and on PostgreSQL (DATABASE_URL decides)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("PALERMO_SHARED_DATA", ROOT.parent / "shared" / "data"))


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if on_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def shared_data() -> Path:
    """`../shared/data/` (large real fixtures); tests that need it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (set PALERMO_SHARED_DATA)")
    return SHARED_DATA


# Shared reference data ---------------------------------------------------------------------------
# Loading every reference file takes seconds, so tests that need it share one committed load
# (`reference_db`). Committed rows would leak into tests that build their own small reference
# tables, so before any other database test the committed data are flushed again. pytest runs the
# tests of one directory together, so the load happens about once per directory that needs it.


def _reference_committed() -> bool:
    from palermo.reference.models import Country, Treaty

    return Country.objects.exists() or Treaty.objects.exists()


@pytest.fixture
def reference_db(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The shipped reference data (all but the 300k-row WPP age/sex table), committed."""
    from palermo.reference.loaders import LOADERS, load

    with django_db_blocker.unblock():
        if not _reference_committed():
            load([name for name in LOADERS if name != "population_age_sex"])  # = SESSION_LOADERS


@pytest.fixture(autouse=True)
def _no_leaked_reference_data(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """Other database tests start from an empty database, as pytest-django promises them."""
    if "reference_db" in request.fixturenames:
        return
    if not ({"db", "transactional_db", "live_server"} & set(request.fixturenames)) and not (
        request.node.get_closest_marker("django_db")
    ):
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        if _reference_committed():
            call_command("flush", interactive=False, verbosity=0)
