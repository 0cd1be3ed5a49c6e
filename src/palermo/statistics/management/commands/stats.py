"""`palermo stats victims|flows|convictions|trend|countries ... --json`: Global Report statistics."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.statistics import engine
from palermo.statistics.queries import NoRelease, frame


class Command(BaseCommand):
    help = "Global-Report statistics from the GLOTIP store (shares as UNODC computes them)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        vic = sub.add_parser("victims", help="shares of detected victims by sex-age or form")
        vic.add_argument("--year", type=int, required=True)
        vic.add_argument("--by", choices=["sex-age", "form"], default="sex-age")
        vic.add_argument("--region", default=None)
        vic.add_argument("--subregion", default=None)
        flo = sub.add_parser("flows", help="victims by geographical reach of their flow")
        flo.add_argument("--year", type=int, required=True)
        sub.add_parser("convictions", help="share of countries by number of persons convicted")
        tre = sub.add_parser("trend", help="an indicator's total per year")
        tre.add_argument("--indicator", default=engine.VICTIMS)
        sub.add_parser("countries", help="countries reporting, per year and indicator")
        for p in sub.choices.values():
            p.add_argument("--release", default=None, help="release date (default: latest)")
            p.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            f = frame(options["release"])
        except NoRelease as exc:
            raise CommandError(str(exc)) from None
        action = options["action"]
        result: dict[str, Any]
        if action == "victims":
            func = engine.victims_sex_age if options["by"] == "sex-age" else engine.victims_form
            result = func(f, options["year"], options["region"], options["subregion"])
            if not result["countries"]:
                raise CommandError(
                    f"no country reports victims by {options['by']} in {options['year']}"
                )
            result.update(year=options["year"], by=options["by"])
        elif action == "flows":
            result = engine.flows(f, options["year"])
            result["pairs"] = result["pairs"][:50]
            result["year"] = options["year"]
        elif action == "convictions":
            result = {"years": engine.conviction_bands(f)}
        elif action == "trend":
            result = {
                "indicator": options["indicator"],
                "years": engine.totals_by_year(f, options["indicator"]),
            }
        else:
            result = {"rows": engine.countries_reporting(f)}
        result.update(release=f.release, method=engine.METHOD)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
