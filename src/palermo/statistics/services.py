"""Writes to the statistics store: importing a GLOTIP release, and copying accepted submissions in."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from palermo.reporting.queries import accepted_answers
from palermo.statistics import citizenship
from palermo.statistics.glotip import GlotipError, Record, read_export
from palermo.statistics.models import (
    Observation,
    Release,
    SubmissionObservation,
    SubmissionSync,
)
from palermo.statistics.submissions import convert, load_mapping

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


def _fingerprint(answers: list[Any]) -> str:
    """A digest of the accepted number-table answers: equal digests, nothing to copy again."""
    digest = hashlib.sha256()
    for a in answers:
        if a.type == "number_table":
            cell = [a.round, a.version, a.organisation, a.country_iso3, a.question,
                    sorted(a.dims.items()), a.year, a.value]  # fmt: skip
            digest.update(json.dumps(cell, default=str).encode())
    return digest.hexdigest()


def sync_submissions(questionnaire: str = "global-report", force: bool = False) -> dict[str, Any]:
    """Copy the accepted answers of ``questionnaire`` (every round) into the store, as GLOTIP-shaped
    lines (mapping: ``data/submission_mapping.csv``). Statistics pulls from reporting (the floor
    below), so this runs on ``palermo stats sync-submissions`` and lazily before any statistic asked
    of the submissions; it rewrites the lines only when the accepted answers changed."""
    answers = accepted_answers(questionnaire=questionnaire)
    fingerprint = _fingerprint(answers)
    sync = SubmissionSync.objects.filter(questionnaire=questionnaire).first()
    if sync is not None and sync.fingerprint == fingerprint and not force:
        return {**sync.report, "changed": False}
    converted = convert(answers, load_mapping(), citizenship.regions())
    names = dict(
        Observation.objects.filter(valid_to__isnull=True).values_list("iso3", "country").distinct()
    )
    rounds = sorted({line["round"] for line in converted.lines})
    report: dict[str, Any] = {
        "questionnaire": questionnaire, "rounds": rounds,
        "countries": len({line["iso3"] for line in converted.lines}),
        "lines": len(converted.lines), "unknown": converted.unknown,
        "unmapped": converted.unmapped, "without_country": converted.without_country,
        "duplicates": converted.duplicates, "repeated": converted.repeated,
    }  # fmt: skip
    with transaction.atomic():
        sync, _created = SubmissionSync.objects.select_for_update().get_or_create(
            questionnaire=questionnaire, defaults={"fingerprint": ""}
        )
        SubmissionObservation.objects.filter(sync=sync).delete()
        SubmissionObservation.objects.bulk_create(
            [
                SubmissionObservation(
                    sync=sync, country=names.get(line["iso3"], line["iso3"]), **line
                )
                for line in converted.lines
            ],
            batch_size=2000,
        )
        sync.fingerprint, sync.rows, sync.rounds, sync.report = (
            fingerprint, len(converted.lines), rounds, report,
        )  # fmt: skip
        sync.save()
    return {**report, "changed": True}
