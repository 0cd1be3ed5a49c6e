"""Writes to the statistics store: importing a GLOTIP release, all or nothing, idempotent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from palermo.statistics.glotip import GlotipError, Record, read_export
from palermo.statistics.models import Observation, Release

Key = tuple[str, str, str, str, str, str, int, int]
_FIELDS = ("iso3", "indicator", "dimension", "category", "sex", "age", "year", "seq")


def _key(item: Record | Observation) -> Key:
    values = [getattr(item, f) for f in _FIELDS]
    # Lines without an ISO3 code (GLOTIP's "Aruba/Curacao") are stored under their country name.
    values[0] = values[0] or item.country
    values[3] = values[3][:255]
    return tuple(values)  # type: ignore[return-value]


def valid_at(date: dt.date) -> Q:
    """Observations in force at a release date: started at or before it, not yet replaced."""
    return Q(valid_from__date__lte=date) & (Q(valid_to__isnull=True) | Q(valid_to__date__gt=date))


def import_glotip(path: Path | str, release: dt.date | None = None) -> dict[str, Any]:
    """Load one release; reports read, inserted, updated, unchanged (and removed) lines.

    Releases are versions of one store: a line equal to the one in force is unchanged; a revised
    value closes the old version and opens a new one; a line the release no longer has is closed.
    Re-importing a release changes nothing. Releases must come in date order.
    """
    export = read_export(path, release)
    name = Path(path).name
    latest = Release.objects.order_by("-date").first()
    if latest is not None and export.release < latest.date:
        raise GlotipError(
            name, None, None,
            f"release {export.release} is older than {latest.date}, already loaded: "
            "import releases in date order",
        )  # fmt: skip
    counts = {"read": len(export.records), "inserted": 0, "updated": 0, "unchanged": 0}
    counts["removed"] = 0
    with transaction.atomic():
        rel, _created = Release.objects.get_or_create(
            date=export.release, defaults={"source": "UNODC GLOTIP"}
        )
        current = {_key(o): o for o in Observation.objects.filter(valid_at(export.release))}
        to_insert: list[Observation] = []
        to_update: list[Observation] = []
        to_close: list[int] = []
        for record in export.records:
            old = current.pop(_key(record), None)
            if old is not None and old.text == record.text and old.value == record.value:
                counts["unchanged"] += 1
                continue
            if old is not None and old.valid_from_id == rel.pk:
                old.value, old.under5, old.text = record.value, record.under5, record.text
                to_update.append(old)
                counts["updated"] += 1
                continue
            if old is not None:
                to_close.append(old.pk)
                counts["updated"] += 1
            else:
                counts["inserted"] += 1
            to_insert.append(_observation(record, rel))
        for gone in current.values():
            to_close.append(gone.pk)
            counts["removed"] += 1
        for start in range(0, len(to_close), 5000):
            Observation.objects.filter(pk__in=to_close[start : start + 5000]).update(valid_to=rel)
        Observation.objects.bulk_update(to_update, ["value", "under5", "text"], batch_size=2000)
        Observation.objects.bulk_create(to_insert, batch_size=2000)
        rel.file_name = name
        rel.rows = len(export.records)
        rel.save()
    return {"file": name, "release": export.release.isoformat(), **counts}


def _observation(record: Record, rel: Release) -> Observation:
    return Observation(
        iso3=record.iso3 or record.country, country=record.country, region=record.region,
        subregion=record.subregion, indicator=record.indicator, dimension=record.dimension,
        category=record.category[:255], sex=record.sex, age=record.age, year=record.year,
        seq=record.seq, value=record.value, under5=record.under5, text=record.text[:32],
        valid_from=rel,
    )  # fmt: skip
