"""`palermo fund ledger-check|remind|summary`: prove the books reconcile, remind grantees, figures.

- ``palermo fund ledger-check [--json]``: exit 0 and the balances when the ledger reconciles;
  exit 2 and the offending rows when it does not (a changed row, a broken hash chain, a money row
  without its ledger entry...).
- ``palermo fund remind [--days N] [--dry-run] [--json]``: e-mail the grantee organisations whose
  reports are due within N days (default 14) or overdue; at most one reminder per report per week.
- ``palermo fund summary [--from DATE] [--to DATE] --json``: ``queries.fund_summary`` as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.fund import ledger, reminders
from palermo.fund.queries import fund_summary

EXIT_UNRECONCILED = 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {text!r}") from None


class Command(BaseCommand):
    help = "Trust fund: check the ledger, send report reminders, print the fund's figures."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("ledger-check", help="prove contributions - payments = balance")
        check.add_argument("--json", action="store_true", help="print one JSON document")
        remind = sub.add_parser("remind", help="e-mail grantees whose reports are due")
        remind.add_argument("--days", type=int, default=14, help="due within N days (default 14)")
        remind.add_argument("--dry-run", action="store_true", help="list, send nothing")
        remind.add_argument("--json", action="store_true", help="print one JSON document")
        summary = sub.add_parser("summary", help="the fund's figures for a period")
        summary.add_argument("--from", dest="date_from", default="", help="YYYY-MM-DD")
        summary.add_argument("--to", dest="date_to", default="", help="YYYY-MM-DD (default today)")
        summary.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _ledger_check(self, options: dict[str, Any]) -> None:
        result = ledger.check()
        doc = result.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(doc, indent=2))
        else:
            for key in ("contributions_usd", "payments_usd", "balance_usd", "entries", "head"):
                self.stdout.write(f"{key}: {doc[key]}")
            for problem in result.problems:
                self.stderr.write(json.dumps(problem))
        if not result.ok:
            self.stderr.write(f"ledger does NOT reconcile: {len(result.problems)} problem(s)")
            raise SystemExit(EXIT_UNRECONCILED)

    def _remind(self, options: dict[str, Any]) -> None:
        if options["days"] < 0:
            raise CommandError("--days must be >= 0")
        sent = reminders.send_due(days=options["days"], dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps({"dry_run": options["dry_run"], "reminders": sent}))
        else:
            for item in sent:
                self.stdout.write(f"{item['grant']} report due {item['due_on']}: {item['to']}")
            self.stdout.write(
                f"{len(sent)} reminder(s){' (dry run)' if options['dry_run'] else ''}"
            )

    def _summary(self, options: dict[str, Any]) -> None:
        date_from = _date(options["date_from"]) if options["date_from"] else None
        date_to = _date(options["date_to"]) if options["date_to"] else None
        self.stdout.write(json.dumps(fund_summary(date_from, date_to), indent=2))
