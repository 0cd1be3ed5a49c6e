"""Database-level protection of the money tables: no DELETE, no UPDATE of a money column.

Contributions, payments and ledger entries are append-only (corrections are reversal rows). The
model layer refuses updates and deletes too (models.AppendOnly); these triggers also stop raw SQL
and other programs. Only ``created_by_id`` may change, so that deleting a user (SET NULL) still
works. A DBA can still drop a trigger: the ledger's hash chain is what makes that detectable.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

PROTECTED = {
    "fund_contribution": [
        "id", "amount", "currency", "usd_rate", "rate_date", "rate_source", "amount_usd",
        "donor_id", "pledge_id", "received_on", "earmark", "earmark_call_id", "receipt_number",
        "reverses_id", "reason", "created_at",
    ],
    "fund_payment": [
        "id", "amount_usd", "grant_id", "instalment_id", "paid_on", "reference", "reverses_id",
        "reason", "created_at",
    ],
    "fund_ledgerentry": [
        "id", "seq", "kind", "amount_usd", "booked_on", "contribution_id", "payment_id", "memo",
        "prev_hash", "hash", "created_at",
    ],
}


def statements(vendor: str, create: bool) -> list[str]:
    out: list[str] = []
    if vendor == "postgresql":
        if create:
            out.append(
                "CREATE OR REPLACE FUNCTION fund_append_only() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'fund: % rows are append-only: book a reversal', TG_TABLE_NAME; "
                "END; $$ LANGUAGE plpgsql"
            )
        for table, columns in PROTECTED.items():
            if create:
                out.append(
                    f"CREATE TRIGGER {table}_append_only BEFORE DELETE OR UPDATE OF "
                    f"{', '.join(columns)} ON {table} FOR EACH ROW EXECUTE FUNCTION fund_append_only()"
                )
            else:
                out.append(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        if not create:
            out.append("DROP FUNCTION IF EXISTS fund_append_only()")
    elif vendor == "sqlite":
        for table, columns in PROTECTED.items():
            if create:
                message = f"fund: {table} rows are append-only: book a reversal"
                out.append(
                    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
                )
                out.append(
                    f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OF {', '.join(columns)} "
                    f"ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END"
                )
            else:
                out.append(f"DROP TRIGGER IF EXISTS {table}_no_delete")
                out.append(f"DROP TRIGGER IF EXISTS {table}_no_update")
    return out


def forwards(apps: Any, schema_editor: Any) -> None:
    for sql in statements(schema_editor.connection.vendor, create=True):
        schema_editor.execute(sql, params=None)


def backwards(apps: Any, schema_editor: Any) -> None:
    for sql in statements(schema_editor.connection.vendor, create=False):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("fund", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
