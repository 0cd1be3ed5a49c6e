"""`palermo mse estimate FILE.csv [--json]`: Multiple Systems Estimation from a capture-history CSV."""

from __future__ import annotations

import json
import math
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo import mse

EXIT_NOT_ESTIMABLE = 3


def _threshold(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise ValueError
    return value


class Command(BaseCommand):
    help = (
        "Multiple Systems Estimation of a hidden population from a capture-history CSV (a 0/1 "
        "column per list, then `count`), as the R package SparseMSE computes it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        est = sub.add_parser("estimate", help="estimate the population and the dark figure")
        est.add_argument("file", help="capture-history CSV")
        est.add_argument("--json", action="store_true", help="print one JSON document")
        est.add_argument("--method", choices=mse.METHODS, default="stepwise")
        est.add_argument(
            "--threshold", type=_threshold, default=0.02, help="stepwise p-value (default 0.02)"
        )
        est.add_argument("--terms", default="", help="fixed model terms, e.g. A:B,C:D")
        est.add_argument("--bootstrap", type=int, default=0, metavar="N", help="replicates")
        est.add_argument("--ci", choices=mse.CI_METHODS, default="conditional")
        est.add_argument("--level", type=float, default=0.95)
        est.add_argument("--seed", type=int, default=None)
        est.add_argument("--parametric", action="store_true", help="parametric bootstrap")
        est.add_argument("--workers", type=int, default=None, help="processes (default: all)")
        est.add_argument(
            "--second", action="store_true", help="also run the latent-class second estimator"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            table = mse.read_csv(options["file"])
            terms = mse.parse_terms(table, options["terms"]) if options["terms"] else ()
            if options["method"] == "fixed" and not options["terms"]:
                raise CommandError("--method fixed needs --terms A:B,...")
            if options["bootstrap"] < 0:
                raise CommandError("--bootstrap must be >= 0")
            result = self._run(table, terms, options)
        except mse.MSEInputError as exc:
            raise CommandError(str(exc)) from None
        except ValueError as exc:
            raise CommandError(f"{options['file']}: {exc}") from None
        if options["json"]:
            self.stdout.write(json.dumps(_clean(result.as_dict()), indent=2))
        else:
            self._print(result)
        if result.estimate is None:
            self.stderr.write(f"{options['file']}: {result.status}")
            raise SystemExit(EXIT_NOT_ESTIMABLE)

    def _run(self, table: mse.CaptureTable, terms: mse.Model, options: Any) -> mse.Estimate:
        nboot = options["bootstrap"]
        bar = None
        progress = None
        if nboot >= 50:
            from tqdm import tqdm

            # stderr, so that --json output on stdout stays one clean document
            bar = tqdm(total=nboot, desc="bootstrap", unit="rep", file=self.stderr._out)
            progress = bar.update
        try:
            return mse.estimate(
                table,
                options["method"],
                threshold=options["threshold"],
                terms=terms,
                level=options["level"],
                ci=options["ci"],
                nboot=nboot,
                seed=options["seed"],
                parametric=options["parametric"],
                workers=options["workers"],
                progress=progress,
                second_estimator=options["second"],
            )
        finally:
            if bar is not None:
                bar.close()

    def _print(self, r: mse.Estimate) -> None:
        out = self.stdout.write
        out(f"lists        {', '.join(r.lists)}")
        out(f"observed     {r.observed}")
        out(
            f"method       {r.method}"
            + (f" (threshold {r.threshold})" if r.method == "stepwise" else "")
        )
        out(f"model        {', '.join(r.model) or 'main effects only'}")
        out(f"exists       {r.exists}   identifiable {r.identifiable}")
        if r.estimate is None or r.ci is None:
            return
        out(f"estimate     {r.estimate:,.1f}")
        out(f"dark figure  {r.dark_figure:,.1f}")
        out(f"{r.level:.0%} CI       [{r.ci[0]:,.1f}, {r.ci[1]:,.1f}]  ({r.ci_method})")
        if r.sensitivity:
            out("sensitivity")
            for row in r.sensitivity:
                label = row["method"] + (f" p={row['threshold']}" if row["threshold"] else "")
                out(f"  {label:<18} {row['estimate']:>12,.1f}  {', '.join(row['model']) or '-'}")
        if r.second is not None:
            out(f"latent-class {r.second.estimate:,.1f} ({r.second.chosen.classes} classes)")


def _clean(value: Any) -> Any:
    """JSON has no NaN or infinity: report them as null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value
