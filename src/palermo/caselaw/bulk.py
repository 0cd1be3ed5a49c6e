"""Raw bulk inserts for imports: one prepared INSERT run with executemany, no ORM per-value work.

Why not ``bulk_create``: profiling an import of 4,000 synthetic decisions showed Django compiling
every value of every row (``SQLInsertCompiler.as_sql`` / ``prepare_value``) as a quarter of the
import time. The records reaching here are validated (importer.to_record, forms, API), so only the
few fields whose database form differs from the Python value (dates, date-times, JSON) go through
the field's own ``get_db_prep_save``; the rest are passed as they are. On PostgreSQL the weighted
search vector is computed in the same INSERT (no second UPDATE of 100,000 fresh rows, which would
write every row and GIN entry twice).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from django.db import connection, models
from django.utils import timezone

from palermo.caselaw import index
from palermo.caselaw.models import Decision

# Field classes whose Python value is already what the database driver takes.
PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
CHUNK = 1000  # refs per "WHERE ref IN (...)" when reading back the new ids


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f for f in model._meta.concrete_fields if not f.primary_key and f.attname != "search_vector"
    ]


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(field, models.ForeignKey) or (
        isinstance(field, PLAIN) and not isinstance(field, models.JSONField)
    ):
        return None
    if isinstance(field, models.DateField):  # DateTimeField too: every row has the same "now"
        memo: dict[Any, Any] = {}

        def convert(value: Any) -> Any:
            if value not in memo:
                memo[value] = field.get_db_prep_save(value, connection)
            return memo[value]

        return convert
    return lambda value: field.get_db_prep_save(value, connection)


def _rows(objs: Sequence[models.Model], fields: list[models.Field[Any, Any]]) -> list[list[Any]]:
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for o in objs:
                setattr(o, f.attname, now)
    get = attrgetter(*[f.attname for f in fields])
    converters = [(i, c) for i, c in enumerate(map(_converter, fields)) if c is not None]
    rows = []
    for o in objs:
        row = list(get(o))
        for i, convert in converters:
            row[i] = convert(row[i])
        rows.append(row)
    return rows


def insert(objs: Sequence[models.Model]) -> None:
    """INSERT rows of one model (without reading back their ids): tags, parties."""
    if not objs:
        return
    model = type(objs[0])
    fields = _fields(model)
    # Table and column names come from the model's metadata; values are bound parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        model._meta.db_table,
        ", ".join(connection.ops.quote_name(str(f.column)) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, _rows(objs, fields))


def insert_decisions(decisions: Sequence[Decision], stems: Sequence[tuple[str, str, str]]) -> None:
    """INSERT new decisions, set their pk, and index them (``stems``: their index fields)."""
    if not decisions:
        return
    fields = _fields(Decision)
    columns = [connection.ops.quote_name(str(f.column)) for f in fields]
    marks = ["%s"] * len(fields)
    rows = _rows(decisions, fields)
    if index.is_postgres():
        columns.append("search_vector")
        marks.append(index.PG_VECTOR)
        rows = [[*row, *fields_] for row, fields_ in zip(rows, stems, strict=True)]
    sql = f"INSERT INTO caselaw_decision ({', '.join(columns)}) VALUES ({', '.join(marks)})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        refs = [d.ref for d in decisions]
        ids: dict[str, int] = {}
        for start in range(0, len(refs), CHUNK):
            part = refs[start : start + CHUNK]
            cursor.execute(
                "SELECT ref, id FROM caselaw_decision WHERE ref IN ({})".format(  # noqa: S608
                    ", ".join(["%s"] * len(part))
                ),
                part,
            )
            ids.update(cursor.fetchall())
    for d in decisions:
        d.pk = ids[d.ref]
        d._state.adding = False
    if not index.is_postgres():
        # Django gives SQLite tables AUTOINCREMENT ids, never reused: no stale FTS row to delete.
        index.add_rows([(d.pk, *s) for d, s in zip(decisions, stems, strict=True)])
