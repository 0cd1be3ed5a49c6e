"""`palermo activities export-iati --out FILE`: the activities registry as validated IATI 2.03 XML."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.accounts.events import audit
from palermo.coordination import iati, queries


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Activities registry: export as IATI activity XML (validated against the 2.03 schema)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ex = sub.add_parser("export-iati", help="write IATI 2.03 XML, validated, to --out")
        ex.add_argument("--out", required=True, help="the XML file to write")
        ex.add_argument("--entity", action="append", default=[], help="short name (repeatable)")
        ex.add_argument("--from", dest="date_from", default=None, help="YYYY-MM-DD")
        ex.add_argument("--to", dest="date_to", default=None, help="YYYY-MM-DD")
        ex.add_argument("--no-demo", action="store_true", help="leave demo records out")
        ex.add_argument("--json", action="store_true", help="print a JSON summary")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["date_from"], "--from") if options["date_from"] else None
        end = _date(options["date_to"], "--to") if options["date_to"] else None
        qs = queries.activities_in_period(start, end).select_related("organisation")
        if options["entity"]:
            qs = qs.filter(organisation__short_name__in=options["entity"])
        if options["no_demo"]:
            qs = qs.filter(is_demo=False)
        activities = list(qs.prefetch_related("countries").order_by("organisation__name", "pk"))
        try:
            xml = iati.export(activities)
        except iati.IatiValidationError as exc:
            raise CommandError(
                "\n".join(["the IATI export does not validate:", *exc.errors])
            ) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        out = Path(options["out"])
        try:
            out.write_bytes(xml)
        except OSError as exc:
            raise CommandError(f"{out}: {exc.strerror}") from None
        summary = {
            "out": str(out),
            "activities": len(activities),
            "entities": len({a.organisation_id for a in activities}),
            "iati_version": iati.IATI_VERSION,
            "valid": True,
            "bytes": len(xml),
        }
        audit(
            None,
            "export",
            "coordination.activity.export",
            object_type="coordination.Activity",
            metadata={k: v for k, v in summary.items() if k != "out"} | {"format": "iati"},
        )
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"{summary['activities']} activities of {summary['entities']} entities written to "
                f"{out} (IATI {iati.IATI_VERSION}, schema-valid)"
            )
