"""`palermo glotip import FILE [--release DATE] --json`: load a UNODC GLOTIP portal export (xlsx or CSV)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.statistics.glotip import GlotipError
from palermo.statistics.services import import_glotip


class Command(BaseCommand):
    help = "Load a UNODC GLOTIP data portal export (data_glotip.xlsx or its CSV), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import one release (idempotent)")
        imp.add_argument("file", help="data_glotip.xlsx or .csv (.csv.gz)")
        imp.add_argument("--release", type=dt.date.fromisoformat, default=None,
                         help="release date, when neither the header lines nor the name give it")  # fmt: skip
        imp.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_glotip(options["file"], options["release"])
        except GlotipError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(
                "{file}: release {release}: {read} read, {inserted} inserted, {updated} updated, "
                "{unchanged} unchanged, {removed} removed".format(**report)
            )
