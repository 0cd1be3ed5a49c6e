"""`palermo stats victims|flows|convictions|trend|countries|sync-submissions ... --json`: Global Report statistics."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.statistics import engine
from palermo.statistics.queries import SOURCES, NoRelease, frame
from palermo.statistics.services import sync_submissions


class Command(BaseCommand):
    help = "Global-Report statistics from the GLOTIP store (shares as UNODC computes them)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        vic = sub.add_parser("victims", help="shares of detected victims by sex-age or form")
        vic.add_argument("--year", type=int, required=True)
        vic.add_argument("--by", choices=["sex-age", "form"], default="sex-age")
        vic.add_argument("--region", default=None)
        vic.add_argument("--subregion", default=None)
        vic.add_argument(
            "--window", type=int, default=engine.WINDOW,
            help="years back a country without figures for --year may take its latest from "
            f"(default {engine.WINDOW}; 0: that year only)",
        )  # fmt: skip
        flo = sub.add_parser("flows", help="victims by geographical reach of their flow")
        flo.add_argument("--year", type=int, required=True)
        sub.add_parser("convictions", help="share of countries by number of persons convicted")
        tre = sub.add_parser("trend", help="an indicator's total per year")
        tre.add_argument("--indicator", default=engine.VICTIMS)
        sub.add_parser("countries", help="countries reporting, per year and indicator")
        syn = sub.add_parser("sync-submissions", help="copy accepted submissions into the store")
        syn.add_argument("--questionnaire", default="global-report")
        syn.add_argument("--force", action="store_true", help="rewrite even if nothing changed")
        for name, p in sub.choices.items():
            p.add_argument("--json", action="store_true", help="print one JSON document")
            if name == "sync-submissions":
                continue
            p.add_argument("--release", default=None, help="GLOTIP release date (default: latest)")
            p.add_argument(
                "--source", choices=SOURCES, default="glotip",
                help="GLOTIP, accepted submissions, or both (submissions override GLOTIP for "
                "the indicator, country and year they give)",
            )  # fmt: skip
            p.add_argument("--round", default=None, help="submissions of this round only")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "sync-submissions":
            self._print(sync_submissions(options["questionnaire"], options["force"]), options)
            return
        try:
            f = frame(options["release"], options["source"], options["round"])
        except NoRelease as exc:
            raise CommandError(str(exc)) from None
        result: dict[str, Any]
        if action == "victims":
            if options["window"] < 0:
                raise CommandError("--window is a number of years back, 0 or more")
            func = engine.victims_sex_age if options["by"] == "sex-age" else engine.victims_form
            result = func(
                f, options["year"], options["region"], options["subregion"], options["window"]
            )
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
        result.update(release=f.release, source=options["source"], method=engine.METHOD)
        self._print(result, options)

    def _print(self, result: dict[str, Any], options: dict[str, Any]) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
