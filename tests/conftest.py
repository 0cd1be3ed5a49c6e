"""Shared fixtures. The same tests run on SQLite and on PostgreSQL (DATABASE_URL decides)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

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
