"""`palermo audit purge [--days N] [--dry-run] --json`: apply the audit log's retention period.

Rows older than PALERMO_AUDIT_RETENTION_DAYS (or ``--days``) are deleted, and the purge writes its
own audit row ("change", "audit.purge") saying how many rows went and up to when. Run it daily from
cron or a systemd timer.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.accounts.services import purge_audit


class Command(BaseCommand):
    help = "Audit log maintenance: 'purge' deletes rows older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["purge"], help="purge: apply the retention period")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep this many days instead of PALERMO_AUDIT_RETENTION_DAYS",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would go, delete nothing"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = purge_audit(days=options["days"], dry_run=options["dry_run"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report, sort_keys=True))
            return
        verb = "would delete" if report["dry_run"] else "deleted"
        count = report["matched"] if report["dry_run"] else report["deleted"]
        self.stdout.write(
            f"{verb} {count} audit row(s) older than {report['cutoff']} "
            f"(retention {report['retention_days']} days)"
        )
