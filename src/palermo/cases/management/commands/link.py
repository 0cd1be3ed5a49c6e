"""`palermo link FILE... --out CLUSTERS.csv --json` and `palermo link encode FILE --key-file K --out ENCODED.csv`.

The first links person records (clear text, or encodings made by `link encode`) into persons; the
second is what an agency runs on its own machine so that names never leave it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo import linkage, tabular


def _probability(text: str) -> float:
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("a probability in (0, 1]")
    return value


def _write_csv(path: str, frame: pd.DataFrame) -> None:
    rows = frame.astype(object).where(frame.notna(), "").itertuples(index=False)
    Path(path).write_bytes(tabular.to_csv(list(frame.columns), rows))


class Command(BaseCommand):
    help = (
        "Link person records from several agencies into persons (Splink on DuckDB), or, as "
        "`link encode`, turn an agency's records into keyed Bloom-filter encodings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="CSV/Parquet files, or: encode FILE")
        parser.add_argument("--out", required=True, help="CLUSTERS.csv (or ENCODED.csv)")
        parser.add_argument("--json", action="store_true", help="print the run's figures as JSON")
        parser.add_argument("--key-file", help="encode: the secret shared by the agencies")
        parser.add_argument("--threshold", type=_probability, default=None)
        parser.add_argument("--review-low", type=_probability, default=None)
        parser.add_argument(
            "--link-only", action="store_true", help="sources hold no duplicates of their own"
        )
        parser.add_argument("--pairs", help="also write the scored pairs to this CSV")
        parser.add_argument("--review", help="also write the uncertain band to this CSV")
        parser.add_argument("--capture", help="also write the MSE capture table to this CSV")
        parser.add_argument("--backend", choices=("duckdb", "spark"), default="duckdb")

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[str] = options["files"]
        try:
            if files[0] == "encode":
                self._encode(files[1:], options)
            else:
                self._link(files, options)
        except (linkage.RecordError, ValueError, OSError) as exc:
            raise CommandError(str(exc)) from None

    def _encode(self, files: list[str], options: dict[str, Any]) -> None:
        if len(files) != 1:
            raise CommandError("link encode takes one FILE")
        if not options["key_file"]:
            raise CommandError("link encode needs --key-file K")
        key = linkage.read_key(options["key_file"])
        records = linkage.load_records(files)
        encoded = linkage.encode(records, key)
        _write_csv(options["out"], encoded)
        summary = {"records": len(encoded), "out": options["out"], "fields": linkage.FIELDS}
        self.stdout.write(
            json.dumps(summary)
            if options["json"]
            else f"{len(encoded)} records encoded -> {options['out']}"
        )

    def _link(self, files: list[str], options: dict[str, Any]) -> None:
        heads = [
            pd.read_csv(f, nrows=0).columns
            for f in files
            if f.endswith(".csv") and Path(f).is_file()
        ]
        if heads and all("clk" in h for h in heads):
            encoded = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files])
            result = linkage.link_encodings(
                encoded.reset_index(drop=True),
                link_only=options["link_only"],
                threshold=options["threshold"],
                review_low=options["review_low"],
            )
            records = None
        else:
            records = linkage.load_records(files)
            opts = linkage.LinkageOptions(
                link_only=options["link_only"], backend=options["backend"]
            )
            if options["backend"] == "spark":
                opts.spark = linkage.local_spark()
            if options["threshold"] is not None:
                opts.threshold = options["threshold"]
            if options["review_low"] is not None:
                opts.review_low = options["review_low"]
            result = linkage.link(records, opts)
        _write_csv(options["out"], result.clusters[["record_id", "cluster_id", "source"]])
        if options["pairs"]:
            _write_csv(options["pairs"], result.pairs)
        if options["review"]:
            _write_csv(options["review"], result.review)
        if options["capture"]:
            _write_csv(options["capture"], linkage.capture_table(result.clusters))
        stats = dict(result.stats, alerts=result.alerts, out=options["out"])
        if options["json"]:
            self.stdout.write(json.dumps(stats))
        else:
            self.stdout.write(
                f"{stats['records']} records -> {stats['clusters']} persons "
                f"({stats['pairs_scored']} pairs scored, {stats['seconds']} s) -> {options['out']}"
            )
            for alert in result.alerts:
                self.stderr.write(f"alert: {alert}")
