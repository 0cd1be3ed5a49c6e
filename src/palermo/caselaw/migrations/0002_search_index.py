"""The full-text index: an FTS5 virtual table on SQLite, a GIN index on the tsvector on PostgreSQL."""

from typing import Any

from django.db import migrations

SQLITE_FORWARD = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS caselaw_fts USING fts5("
    "title, summary, body, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_BACKWARD = "DROP TABLE IF EXISTS caselaw_fts"
PG_FORWARD = (
    "CREATE INDEX IF NOT EXISTS caselaw_decision_search_gin"
    " ON caselaw_decision USING gin (search_vector)"
)
PG_BACKWARD = "DROP INDEX IF EXISTS caselaw_decision_search_gin"


def forward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)
    elif vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def backward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)
    elif vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("caselaw", "0001_initial")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
