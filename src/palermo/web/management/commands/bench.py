"""`palermo bench [--quick] [--only NAME] --json`: run the registered benchmarks."""

from __future__ import annotations

import importlib
import json
import platform
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from palermo import bench

# Pure engines have no AppConfig; their benchmarks are imported by name.
ENGINE_BENCHMARK_MODULES = [
    "palermo.mse.benchmarks",
    "palermo.htcds.benchmarks",
    "palermo.disclosure.benchmarks",
    "palermo.linkage.benchmarks",
]


def discover() -> None:
    names = [
        f"{c.name}.benchmarks" for c in apps.get_app_configs() if c.name.startswith("palermo.")
    ]
    for module in [*names, *ENGINE_BENCHMARK_MODULES]:
        try:
            found = find_spec(module)
        except ModuleNotFoundError:
            found = None
        if found:
            importlib.import_module(module)


class Command(BaseCommand):
    help = (
        "Run the benchmark suite. Each figure comes with a baseline measured in the same run and "
        "their ratio (>1 means better than the baseline), so results compare across noisy machines."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quick", action="store_true", help="smaller workloads (seconds, not minutes)"
        )
        parser.add_argument(
            "--only", action="append", help="run benchmarks whose name contains this"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        discover()
        progress = (
            None if options["json"] else (lambda name: self.stderr.write(f"running {name}..."))
        )
        results = bench.run_all(quick=options["quick"], only=options["only"], progress=progress)
        if options["json"]:
            doc = {
                "when": timezone.now().isoformat(),
                "quick": options["quick"],
                "machine": {"python": platform.python_version(), "platform": platform.platform()},
                "benchmarks": [r.as_dict() for r in results],
            }
            self.stdout.write(json.dumps(doc, indent=2))
            return
        for r in results:
            ratio = "n/a" if r.ratio is None else f"{r.ratio:.2f}x"
            self.stdout.write(
                f"{r.name}: {r.figure:.4g} {r.unit} vs {r.baseline:.4g} ({r.baseline_label}): {ratio}"
            )
