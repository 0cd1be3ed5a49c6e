"""Django's ``flush``, able to empty the fund's append-only tables on SQLite.

Same options and behaviour as ``django-admin flush``; on SQLite its DELETE statements run with
the fund's flush guard open (see ``palermo.fund.dbguard``). ``call_command("flush")``, hence
TransactionTestCase and pytest-django's ``transactional_db``, resolve to this command because an
installed app's command takes precedence over Django's own.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from palermo.fund.dbguard import flush_allowed


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with flush_allowed(connection):
            super().handle(**options)
