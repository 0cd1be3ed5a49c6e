"""Shared machinery of the reference loaders: file reading, errors by file/row/column, sync."""

from __future__ import annotations

import csv
import gzip
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

Progress = Callable[[int], None]


class LoadError(Exception):
    """A bad value in a reference file, located by file, row (1 = header line) and column."""

    def __init__(self, file: Path | str, row: int | None, column: str | None, message: str):
        self.file, self.row, self.column, self.message = str(file), row, column, message
        where = f"{Path(self.file).name}"
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


@dataclass
class LoadReport:
    """What one loader did: counts of rows read and of database rows inserted/updated/..."""

    name: str
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0
    unmatched: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "skipped": self.skipped,
            "unmatched": dict(sorted(self.unmatched.items())),
            "notes": self.notes,
        }


def open_text(path: Path) -> io.TextIOBase:
    """Open a CSV file, gzip-compressed or not; ``utf-8-sig`` drops the BOM some UN files carry."""
    if not path.exists():
        raise LoadError(path, None, None, "file not found")
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def read_rows(path: Path, required: Iterable[str] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, row) where row number is the line's number in the file (header = 1)."""
    with open_text(path) as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise LoadError(path, 1, missing[0], f"missing column(s) {', '.join(missing)}")
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None}


def sync(
    model: type[models.Model],
    key_fields: tuple[str, ...],
    desired: dict[tuple[Any, ...], dict[str, Any]],
    scope: models.QuerySet[Any],
    report: LoadReport,
    prune: bool = True,
    batch_size: int = 2000,
) -> None:
    """Make ``scope`` equal ``desired`` ({natural key: field values}) with the fewest writes.

    Compares in Python against one query of the existing values, so a re-run writes nothing.
    With ``prune``, rows of ``scope`` that the files no longer contain are deleted.
    """
    value_fields = sorted({f for values in desired.values() for f in values})
    existing: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row in scope.values_list("pk", *key_fields, *value_fields).iterator(chunk_size=5000):
        existing[tuple(row[1 : 1 + len(key_fields)])] = (row[0], *row[1 + len(key_fields) :])
    to_create, to_update = [], []
    for key, values in desired.items():
        current = existing.get(key)
        if current is None:
            to_create.append(model(**dict(zip(key_fields, key, strict=True)), **values))
            continue
        old = dict(zip(value_fields, current[1:], strict=True))
        if any(old.get(f) != v for f, v in values.items()):
            to_update.append(
                model(pk=current[0], **dict(zip(key_fields, key, strict=True)), **values)
            )
        else:
            report.unchanged += 1
    if to_create:
        model.objects.bulk_create(to_create, batch_size=batch_size)
    if to_update:
        model.objects.bulk_update(to_update, value_fields, batch_size=batch_size)
    report.inserted += len(to_create)
    report.updated += len(to_update)
    if prune:
        stale = [existing[k][0] for k in existing.keys() - desired.keys()]
        for i in range(0, len(stale), batch_size):
            model.objects.filter(pk__in=stale[i : i + batch_size]).delete()
        report.deleted += len(stale)
