"""Raw bulk inserts for imports: one prepared INSERT run with executemany, no ORM per-value work.

Why not ``bulk_create``: profiling an import of 4,000 synthetic decisions showed Django compiling
every value of every row (``SQLInsertCompiler.as_sql`` / ``prepare_value``) as a quarter of the
import time. The records reaching here are validated (importer.to_record, forms, API), so only the
few fields whose database form differs from the Python value (dates, date-times, JSON) go through
the field's own ``get_db_prep_save``; the rest are passed as they are.

On PostgreSQL the rows go in with ``COPY ... FROM STDIN`` (psycopg 3 ``cursor.copy``: one stream,
no statement per row), the weighted search vector sent as a ready tsvector literal built in Python
(text.tsvector_literal) in the same row: the server neither parses the text again (``to_tsvector``
was most of its CPU per decision) nor writes the row twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any

from django.db import connection, models
from django.utils import timezone

from palermo.caselaw import index, text
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


def _copy(table: str, columns: list[str], rows: Iterable[Sequence[Any]]) -> None:
    """PostgreSQL: ``COPY table (columns) FROM STDIN`` of ``rows`` (names from model metadata)."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    # Django's wrapper turns the driver's errors into django.db ones (IntegrityError...) as for
    # the statements it runs itself.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        write = copy.write_row
        for row in rows:
            write(row)


def insert(objs: Sequence[models.Model]) -> None:
    """INSERT rows of one model (without reading back their ids): tags, parties."""
    if not objs:
        return
    model = type(objs[0])
    fields = _fields(model)
    columns = [connection.ops.quote_name(str(f.column)) for f in fields]
    if index.is_postgres():
        _copy(model._meta.db_table, columns, _rows(objs, fields))
        return
    # Table and column names come from the model's metadata; values are bound parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        model._meta.db_table, ", ".join(columns), ", ".join(["%s"] * len(fields))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, _rows(objs, fields))


def insert_decisions(decisions: Sequence[Decision]) -> None:
    """INSERT new decisions, set their pk, and index them."""
    if not decisions:
        return
    fields = _fields(Decision)
    columns = [connection.ops.quote_name(str(f.column)) for f in fields]
    rows = _rows(decisions, fields)
    if index.is_postgres():
        # Each row's vector is made as COPY consumes the rows: psycopg (3.3) writes the stream
        # from this thread into libpq's buffer, flushed to the socket every 1 MB, so the server
        # stores the rows sent while Python stems the next ones (a worker-thread writer,
        # psycopg.copy.QueuedLibpqWriter, measured no faster).
        literal, stems_of = text.tsvector_literal, index.stems_of
        streamed = ([*row, literal(stems_of(d))] for row, d in zip(rows, decisions, strict=True))
        _copy("caselaw_decision", [*columns, "search_vector"], streamed)
    else:
        stems = [index.fields_of(d) for d in decisions]
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO caselaw_decision ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    with connection.cursor() as cursor:
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
