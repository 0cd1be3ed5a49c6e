"""The one door through the fund's SQLite DELETE triggers: Django's ``flush``.

The money tables refuse DELETE at the database (migrations 0002 and 0003). On PostgreSQL the
triggers are row triggers and ``flush`` empties tables with TRUNCATE, which row triggers do not
see, so flush works there as it is. On SQLite ``flush`` issues ``DELETE FROM <table>`` for every
table, and each DELETE trigger aborts it once a money row exists.

Why a guard table rather than another way round:

* Dropping the triggers around the flush and creating them again would work too (DDL is
  transactional on SQLite), but it puts the trigger definitions in two places (the migrations and
  this module) and runs DDL on every test teardown; a guard row keeps the triggers as migrated.
* A condition the trigger could read from the statement itself (e.g. "the whole table is being
  emptied") does not exist in SQLite: a trigger sees one row at a time.
* A trigger can read a PRAGMA (``pragma_foreign_keys``...), but none means "flush in progress":
  ``foreign_keys`` is also turned off by Django's schema editor and by any client, and
  ``user_version`` is committed state. A table written only inside flush's transaction is.

So migration 0003 makes each SQLite DELETE trigger fire only ``WHEN NOT EXISTS (SELECT 1 FROM
fund_flush_guard)``, and :func:`flush_allowed` (used by the ``flush`` command of this app, which
is Django's flush otherwise) runs flush's SQL in one transaction that first inserts the guard row
and removes it before committing. No other connection ever sees the guard row (it is never
committed), and if the flush fails the transaction rolls back with it. UPDATE of a money column
stays refused unconditionally: flush does not update.

Like dropping a trigger, inserting the guard row by hand is possible for whoever can write the
file; what stays is the ledger's hash chain and ``palermo fund ledger-check``, which report
deleted rows (sequence gap, broken chain link, a money row not in the ledger).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

GUARD_TABLE = "fund_flush_guard"
OPEN_SQL = "INSERT OR REPLACE INTO fund_flush_guard (id) VALUES (1)"
CLOSE_SQL = "DELETE FROM fund_flush_guard"


def _guarded(connection: Any, execute: Callable[[list[str]], None]) -> Callable[[list[str]], None]:
    def execute_sql_flush(sql_list: list[str]) -> None:
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                guarded = GUARD_TABLE in connection.introspection.table_names(cursor)
                if guarded:  # absent before the fund's migration 0003 has run
                    cursor.execute(OPEN_SQL)
            execute(sql_list)
            if guarded:
                with connection.cursor() as cursor:
                    cursor.execute(CLOSE_SQL)

    return execute_sql_flush


@contextmanager
def flush_allowed(connection: Any) -> Iterator[None]:
    """While inside, ``connection``'s flush SQL passes the fund's SQLite DELETE triggers."""
    if connection.vendor != "sqlite":
        yield
        return
    ops = connection.ops
    had_own = "execute_sql_flush" in vars(ops)
    previous = ops.execute_sql_flush
    ops.execute_sql_flush = _guarded(connection, previous)
    try:
        yield
    finally:
        if had_own:
            ops.execute_sql_flush = previous
        else:
            del ops.execute_sql_flush
