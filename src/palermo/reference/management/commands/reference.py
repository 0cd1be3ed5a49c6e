"""`palermo reference load [--only NAME ...] [--json]`: load the shipped reference data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.reference.loaders import DATA_DIR, LOADERS, LoadError, LoadReport, load


class Command(BaseCommand):
    help = (
        "Load reference data (M49 countries and regions, population, treaties and treaty actions, "
        "legislation, 3P index, TIP tiers) from the files shipped in palermo/reference/data/. "
        "Idempotent; all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("load", help="load (or re-load) the shipped files")
        p.add_argument(
            "--only",
            nargs="+",
            choices=list(LOADERS),
            metavar="NAME",
            help=f"loaders to run, among: {', '.join(LOADERS)}",
        )
        p.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="a folder laid out like the shipped data (default: the shipped one)",
        )
        p.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = options["json"]
        bar = None
        if not as_json:
            from tqdm import tqdm

            names = options["only"] or list(LOADERS)
            bar = tqdm(total=len(names), unit="loader", file=self.stderr._out, leave=False)

        def on_step(name: str, report: LoadReport | None) -> None:
            if bar is not None:
                if report is None:
                    bar.set_description(name)
                else:
                    bar.update(1)

        try:
            reports = load(options["only"], data_dir=options["data_dir"], on_step=on_step)
        except LoadError as exc:
            raise CommandError(f"nothing loaded: {exc}") from exc
        finally:
            if bar is not None:
                bar.close()
        if as_json:
            self.stdout.write(
                json.dumps(
                    {"loaders": [r.as_dict() for r in reports]}, indent=2, ensure_ascii=False
                )
            )
            return
        header = f"{'loader':<20}{'read':>9}{'inserted':>10}{'updated':>9}{'unchanged':>11}{'deleted':>9}{'skipped':>9}"
        self.stdout.write(header)
        for r in reports:
            self.stdout.write(
                f"{r.name:<20}{r.read:>9}{r.inserted:>10}{r.updated:>9}{r.unchanged:>11}"
                f"{r.deleted:>9}{r.skipped:>9}"
            )
        # Regional aggregates (World Bank, WPP) and areas outside M49 (Kosovo, Channel Islands) are
        # expected not to match: list them only when asked (-v 2), count them otherwise.
        for r in reports:
            if not r.unmatched:
                continue
            self.stdout.write(
                f"{r.name}: {sum(r.unmatched.values())} row(s) of aggregates or areas outside M49 "
                "not loaded (expected; -v 2 lists them)"
            )
            if options.get("verbosity", 1) >= 2:
                for what, n in sorted(r.unmatched.items()):
                    self.stdout.write(f"  {n:>6}  {what}")
        countries = next((r for r in reports if r.name == "countries"), None)
        if countries is not None and countries.inserted > countries.read:
            self.stdout.write(
                "countries: 'inserted' counts regions and the European Union as well as the "
                "country rows read"
            )
