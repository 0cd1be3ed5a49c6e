"""Reads of the statistics store: the release in force and its DuckDB frame (cached per store state)."""

from __future__ import annotations

import datetime as dt
import threading

import pandas as pd
from django.db.models import Max

from palermo.statistics.engine import Frame, frame_from
from palermo.statistics.models import Observation, Release
from palermo.statistics.services import valid_at

_COLUMNS = ["iso3", "country", "region", "subregion", "indicator", "dimension", "category",
            "sex", "age", "year", "seq", "value", "under5", "text"]  # fmt: skip
_CACHE: dict[tuple[str, object], Frame] = {}
_LOCK = threading.Lock()


class NoRelease(LookupError):
    """No release is loaded, or not the one asked for."""


def release_for(date: str | dt.date | None = None) -> Release:
    """The release of that date, or the latest."""
    releases = Release.objects.order_by("-date")
    if date:
        found = releases.filter(date=str(date)).first()
        if found is None:
            known = ", ".join(r.date.isoformat() for r in releases) or "none"
            raise NoRelease(f"no release dated {date} (loaded: {known})")
        return found
    latest = releases.first()
    if latest is None:
        raise NoRelease("no GLOTIP release loaded: run `palermo glotip import FILE`")
    return latest


def frame(date: str | dt.date | None = None) -> Frame:
    """The release's observations in DuckDB; rebuilt only when an import changed the store."""
    release = release_for(date)
    stamp = Release.objects.aggregate(m=Max("imported_at"))["m"]
    key = (release.date.isoformat(), stamp)
    with _LOCK:
        if key not in _CACHE:
            rows = Observation.objects.filter(valid_at(release.date)).values_list(*_COLUMNS)
            data = pd.DataFrame.from_records(list(rows), columns=_COLUMNS)
            data["value"] = data["value"].astype("float64")
            data["under5"] = data["under5"].astype(bool)
            _CACHE.clear()
            _CACHE[key] = frame_from(data, release.date.isoformat())
        return _CACHE[key]


def releases() -> list[dict[str, object]]:
    return [
        {"date": r.date.isoformat(), "source": r.source, "rows": r.rows, "file": r.file_name}
        for r in Release.objects.order_by("date")
    ]
