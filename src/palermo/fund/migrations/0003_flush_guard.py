"""SQLite: the DELETE triggers of the money tables let Django's ``flush`` through, nothing else.

Each ``<table>_no_delete`` trigger now fires ``WHEN NOT EXISTS (SELECT 1 FROM fund_flush_guard)``.
Only the fund's ``flush`` command inserts that row, inside the transaction that runs flush's
DELETEs, and removes it before committing (``palermo.fund.dbguard``). The UPDATE triggers are
unchanged. PostgreSQL needs nothing: flush uses TRUNCATE there, which row triggers do not see,
while a row DELETE is still refused.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

GUARD = "fund_flush_guard"
TABLES = ["fund_contribution", "fund_payment", "fund_ledgerentry"]


def _trigger(table: str, guarded: bool) -> str:
    message = f"fund: {table} rows are append-only: book a reversal"
    when = f"WHEN NOT EXISTS (SELECT 1 FROM {GUARD}) " if guarded else ""
    return (
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} {when}"
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    # One row at most; present only inside flush's own transaction.
    schema_editor.execute(f"CREATE TABLE {GUARD} (id INTEGER PRIMARY KEY CHECK (id = 1))")
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        schema_editor.execute(_trigger(table, guarded=True))


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        schema_editor.execute(_trigger(table, guarded=False))
    schema_editor.execute(f"DROP TABLE IF EXISTS {GUARD}")


class Migration(migrations.Migration):
    dependencies = [("fund", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
