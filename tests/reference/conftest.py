"""Reference data loaded once per test session (all loaders but the 300k-row WPP age/sex table)."""

from __future__ import annotations

from typing import Any

import pytest

from palermo.reference.loaders import LOADERS, load

SESSION_LOADERS = [name for name in LOADERS if name != "population_age_sex"]


@pytest.fixture(scope="session")
def reference_db(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Committed once into the test database; each test's transaction rolls back over it."""
    with django_db_blocker.unblock():
        load(SESSION_LOADERS)


@pytest.fixture
def ref(reference_db: None, db: None) -> None:
    """Use in a test to get the loaded reference data inside the test's transaction."""
