"""Fixtures of the statistics tests: GLOTIP releases as DuckDB frames, straight from the shipped files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from palermo.statistics.engine import Frame, frame_from
from palermo.statistics.glotip import read_export

DATA = Path(__file__).parents[2] / "src" / "palermo" / "statistics" / "data"


@lru_cache(maxsize=2)
def release_frame(date: str) -> Frame:
    export = read_export(DATA / f"glotip_{date}.csv.gz")
    data = pd.DataFrame([r.__dict__ for r in export.records])
    data["iso3"] = data["iso3"].where(data["iso3"] != "", data["country"])
    data["value"] = data["value"].astype("float64")
    return frame_from(data.drop(columns=["row"]), export.release.isoformat())


@pytest.fixture(scope="session")
def frame_2023() -> Frame:
    return release_frame("2023-05-30")


@pytest.fixture(scope="session")
def frame_2025() -> Frame:
    return release_frame("2025-04-14")
