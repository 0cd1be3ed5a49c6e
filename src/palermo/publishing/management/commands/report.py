"""`palermo report build`: the Secretary-General's report from the platform's data (FR/EN; HTML, PDF, DOCX)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.publishing.build import FORMATS, build_report, parse_period, write
from palermo.publishing.grammar import LANGS
from palermo.publishing.sections import ReportSpec


class Command(BaseCommand):
    help = (
        "Build the Secretary-General's report on trafficking in persons from the platform's data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="build the report in one language and format")
        build.add_argument("--lang", choices=LANGS, required=True)
        build.add_argument("--period", required=True, help="FROM:TO, e.g. 2015-12-17:2019-04-15")
        build.add_argument("--format", choices=FORMATS, default="html", dest="fmt")
        build.add_argument("--out", required=True, help="file to write")
        build.add_argument(
            "--symbol", default="A/74/127", help="document symbol (default A/74/127)"
        )
        build.add_argument("--resolution", default="72/195", help="resolution the report answers")
        build.add_argument("--session", type=int, default=74, help="General Assembly session")
        build.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            date_from, date_to = parse_period(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        spec = ReportSpec(
            date_from=date_from,
            date_to=date_to,
            symbol=options["symbol"],
            resolution=options["resolution"],
            session=options["session"],
        )
        report = build_report(spec, options["lang"])
        result = write(report, options["fmt"], Path(options["out"]))
        if options["json"]:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            return
        self.stdout.write(
            f"{result['out']}: {result['bytes']} bytes, {result['paragraphs']} paragraphs"
        )
        for key, waits in result["missing"].items():
            self.stderr.write(f"section {key}: data missing (waits for {', '.join(waits)})")
