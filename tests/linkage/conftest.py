"""Small linkage fixtures: a hard multi-agency set of a few thousand records, generated once."""

from __future__ import annotations

import pytest

from palermo.linkage import HardSet, generate_hard_set


@pytest.fixture(scope="session")
def hard_small() -> HardSet:
    return generate_hard_set(3000, seed=5)
