"""Reads of the statistics store: a GLOTIP release, the accepted submissions or both, as a cached DuckDB frame."""

from __future__ import annotations

import datetime as dt
import threading

import pandas as pd
from django.db.models import Max

from palermo.statistics.engine import Frame, frame_from
from palermo.statistics.models import (
    Observation,
    Release,
    SubmissionObservation,
    SubmissionSync,
)
from palermo.statistics.services import sync_submissions, valid_at

_COLUMNS = ["iso3", "country", "region", "subregion", "indicator", "dimension", "category",
            "sex", "age", "year", "seq", "value", "under5", "text"]  # fmt: skip
_CACHE: dict[tuple[str, str, object, str], Frame] = {}
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


SOURCES = ("glotip", "submissions", "combined")
_KEEP = 6  # frames cached (source x release x round); each release is a few MB


def _glotip_data(release: Release) -> pd.DataFrame:
    rows = Observation.objects.filter(valid_at(release.date)).values_list(*_COLUMNS)
    return pd.DataFrame.from_records(list(rows), columns=_COLUMNS)


def _submission_data(round_code: str | None) -> pd.DataFrame:
    """Accepted submissions' lines; for each country, indicator and year, the latest round only."""
    lines = SubmissionObservation.objects.all()
    if round_code:
        lines = lines.filter(round=round_code)
    data = pd.DataFrame.from_records(
        list(lines.values_list(*_COLUMNS, "round_order")), columns=[*_COLUMNS, "round_order"]
    )
    if data.empty:
        return data.drop(columns=["round_order"])
    latest = data.groupby(["iso3", "indicator", "year"])["round_order"].transform("max")
    return data[data["round_order"] == latest].drop(columns=["round_order"])


def combine(glotip: pd.DataFrame, submitted: pd.DataFrame) -> pd.DataFrame:
    """GLOTIP with the submissions laid over it: where a submission gives any figure of an
    indicator for a country and year, it replaces every GLOTIP line of that indicator, country and
    year (never a mix of the two sources inside one country-year breakdown)."""
    if submitted.empty:
        return glotip
    keys = ["iso3", "indicator", "year"]
    covered = submitted[keys].drop_duplicates().assign(_sub=True)
    merged = glotip.merge(covered, on=keys, how="left")
    kept = glotip[merged["_sub"].isna().to_numpy()]
    return pd.concat([kept, submitted], ignore_index=True)


def frame(
    date: str | dt.date | None = None, source: str = "glotip", round_code: str | None = None
) -> Frame:
    """The observations of a GLOTIP release (``glotip``), of the accepted submissions
    (``submissions``, optionally of one round) or of both (``combined``: submissions override
    GLOTIP per country, indicator and year), in DuckDB; rebuilt only when the store changed.
    Asking for submissions first copies any newly accepted answers in (statistics pulls)."""
    if source not in SOURCES:
        raise NoRelease(f"unknown source {source!r}: one of {', '.join(SOURCES)}")
    stamp: object = Release.objects.aggregate(m=Max("imported_at"))["m"]
    release = release_for(date) if source != "submissions" else None
    fingerprint = ""
    if source != "glotip":
        sync_submissions()
        fingerprint = "".join(SubmissionSync.objects.values_list("fingerprint", flat=True))
        if round_code and not SubmissionObservation.objects.filter(round=round_code).exists():
            raise NoRelease(f"no accepted submission with figures in round {round_code!r}")
    label = release.date.isoformat() if release else ""
    if source != "glotip":
        suffix = f"submissions:{round_code}" if round_code else "submissions"
        label = f"{label}+{suffix}" if label else suffix
    key = (source, label, stamp, fingerprint)
    with _LOCK:
        if key not in _CACHE:
            if source == "glotip":
                data = _glotip_data(release)  # type: ignore[arg-type]
            elif source == "submissions":
                data = _submission_data(round_code)
                if data.empty:
                    raise NoRelease("no accepted submission has figures yet")
            else:
                data = combine(_glotip_data(release), _submission_data(round_code))  # type: ignore[arg-type]
            data["value"] = data["value"].astype("float64")
            data["under5"] = data["under5"].astype(bool)
            while len(_CACHE) >= _KEEP:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = frame_from(data.reset_index(drop=True), label)
        return _CACHE[key]


def releases() -> list[dict[str, object]]:
    return [
        {"date": r.date.isoformat(), "source": r.source, "rows": r.rows, "file": r.file_name}
        for r in Release.objects.order_by("date")
    ]
