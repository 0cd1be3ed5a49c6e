"""Reference data loaders: each reads shipped files and makes its tables match them, idempotently.

``load(only=[...])`` runs the named loaders in dependency order inside one transaction, so a bad
row anywhere leaves the database exactly as it was, and writes one audit row per loader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import transaction

from palermo.accounts.events import audit
from palermo.reference.loaders.base import DATA_DIR, LoadError, LoadReport
from palermo.reference.loaders.countries import load_countries
from palermo.reference.loaders.policy import load_legislation, load_policy_index, load_tip_tiers
from palermo.reference.loaders.population import load_population, load_population_age_sex
from palermo.reference.loaders.treaties import load_treaty_actions

__all__ = ["DATA_DIR", "LOADERS", "LoadError", "LoadReport", "load"]

# name -> loader(data_dir); order matters: everything else refers to countries.
LOADERS: dict[str, Callable[[Path], LoadReport]] = {
    "countries": load_countries,
    "population": load_population,
    "population_age_sex": load_population_age_sex,
    "treaties": load_treaty_actions,
    "legislation": load_legislation,
    "policy_index": load_policy_index,
    "tip_tiers": load_tip_tiers,
}


def load(
    only: Iterable[str] | None = None,
    data_dir: Path = DATA_DIR,
    on_step: Callable[[str, LoadReport | None], None] | None = None,
) -> list[LoadReport]:
    """Run the loaders named in ``only`` (all by default); all or nothing."""
    names = list(only) if only else list(LOADERS)
    unknown = [n for n in names if n not in LOADERS]
    if unknown:
        raise ValueError(
            f"unknown loader(s) {', '.join(unknown)}; choose from {', '.join(LOADERS)}"
        )
    reports = []
    with transaction.atomic():
        for name in LOADERS:  # registry order, whatever order the caller gave
            if name not in names:
                continue
            if on_step:
                on_step(name, None)
            report = LOADERS[name](data_dir)
            audit(
                None,
                "change",
                "reference.load",
                object_type=f"reference.{name}",
                metadata=report.as_dict() | {"data_dir": str(data_dir)},
            )
            reports.append(report)
            if on_step:
                on_step(name, report)
    return reports
