"""Fixtures of the MSE engine's tests: the small tables shipped in tests/mse/data/."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from palermo.mse import CaptureTable, read_csv

DATA = Path(__file__).parent / "data"
DATASETS = sorted(p.stem for p in DATA.glob("*.csv") if "_stepwise_" not in p.stem)


def load(name: str) -> CaptureTable:
    return read_csv(DATA / f"{name}.csv")


def reference_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(params=DATASETS)
def dataset(request: pytest.FixtureRequest) -> tuple[str, CaptureTable]:
    return request.param, load(request.param)
