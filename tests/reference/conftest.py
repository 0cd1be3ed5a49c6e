"""Fixtures of the reference tests: the shipped reference data, loaded once and shared."""

from __future__ import annotations

import pytest

from palermo.reference.loaders import LOADERS

# What `reference_db` (tests/conftest.py) loads: all but the 300k-row WPP age/sex table.
SESSION_LOADERS = [name for name in LOADERS if name != "population_age_sex"]


@pytest.fixture
def ref(reference_db: None, db: None) -> None:
    """Use in a test to get the loaded reference data inside the test's transaction."""
