"""`palermo publish sdmx|datapackage`: SDG 16.2.2 as SDMX-CSV and the open-data package."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.publishing import exports, sdmx


class Command(BaseCommand):
    help = "Publish open data: SDG 16.2.2 as SDMX-CSV, or a Frictionless data package."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        one = sub.add_parser("sdmx", help="SDG 16.2.2 series as SDMX-CSV (validated)")
        one.add_argument("--out", required=True)
        one.add_argument("--json", action="store_true")
        check = sub.add_parser("validate-sdmx", help="check an SDMX-CSV file against the structure")
        check.add_argument("file")
        check.add_argument("--json", action="store_true")
        pkg = sub.add_parser(
            "datapackage", help="public statistics as a data package (CSV + schema)"
        )
        pkg.add_argument("--out", required=True, help="directory")
        pkg.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "sdmx":
            result = exports.write_sdmx(Path(options["out"]))
        elif action == "validate-sdmx":
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            problems = sdmx.validate(path.read_text(encoding="utf-8"))
            result = {"file": str(path), "valid": not problems,
                      "problems": [f"{path}, {p}" for p in problems]}  # fmt: skip
        else:
            result = exports.write_datapackage(Path(options["out"]))
        if options["json"]:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        if not result.get("valid", True):
            raise CommandError("invalid: " + "; ".join(result.get("problems", [])[:5]))
