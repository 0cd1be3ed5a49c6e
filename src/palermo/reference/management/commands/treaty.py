"""`palermo treaty status|changes`: parties to a treaty on a date, and the actions in a period."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.reference.models import ActionType, Treaty
from palermo.reference.queries import CONSENT_ACTIONS, treaty_changes, treaty_status


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Treaty status (parties as of a date) and changes (actions in a period) from UNTC data."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        st = sub.add_parser("status", help="the parties on a date, with how and when they joined")
        st.add_argument("--treaty", default="tip", help="untoc, tip, smuggling or firearms")
        st.add_argument("--as-of", default=None, help="YYYY-MM-DD (default: today)")
        st.add_argument("--json", action="store_true")
        ch = sub.add_parser("changes", help="the actions dated in [--from, --to]")
        ch.add_argument("--treaty", default="tip")
        ch.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        ch.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        ch.add_argument("--signatures", action="store_true", help="include signatures")
        ch.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["treaty"]
        if not Treaty.objects.filter(code=code).exists():
            known = ", ".join(Treaty.objects.values_list("code", flat=True)) or "none loaded"
            raise CommandError(
                f"unknown treaty {code!r} (known: {known}; run 'palermo reference load')"
            )
        if options["action"] == "status":
            self._status(code, options)
        else:
            self._changes(code, options)

    def _status(self, code: str, options: dict[str, Any]) -> None:
        as_of = _date(options["as_of"]) if options["as_of"] else dt.date.today()
        parties = treaty_status(code, as_of)
        if options["json"]:
            doc = {
                "treaty": code,
                "as_of": as_of.isoformat(),
                "count": len(parties),
                "parties": [
                    {
                        "iso3": p.iso3,
                        "m49": p.m49,
                        "name": p.name,
                        "action": p.action,
                        "date": p.date.isoformat(),
                        "signature": p.signature.isoformat() if p.signature else None,
                    }
                    for p in parties
                ],
            }
            self.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{len(parties)} parties to {code} as of {as_of}")
        self.stdout.write(f"{'ISO3':<6}{'party':<45}{'action':<14}{'date':<12}signature")
        for p in parties:
            self.stdout.write(
                f"{p.iso3:<6}{p.name[:44]:<45}{p.action:<14}{p.date!s:<12}{p.signature or ''}"
            )

    def _changes(self, code: str, options: dict[str, Any]) -> None:
        start, end = _date(options["date_from"]), _date(options["date_to"])
        if start > end:
            raise CommandError(f"--from {start} is after --to {end}")
        actions = (
            (*CONSENT_ACTIONS, ActionType.SIGNATURE) if options["signatures"] else CONSENT_ACTIONS
        )
        rows = list(treaty_changes(code, start, end, actions=actions))
        if options["json"]:
            doc = {
                "treaty": code,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "count": len(rows),
                "actions": [
                    {
                        "iso3": a.country.iso3,
                        "name": a.country.name(),
                        "action": a.action,
                        "date": a.date.isoformat(),
                        "source": a.source,
                        "source_url": a.source_url,
                    }
                    for a in rows
                ],
            }
            self.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{len(rows)} action(s) on {code} from {start} to {end}")
        for a in rows:
            self.stdout.write(
                f"{a.date!s:<12}{a.country.iso3:<6}{a.country.name()[:40]:<41}{a.action:<14}{a.source}"
            )
