"""Open-data package of the platform's public statistics (Frictionless Data Package v1).

One CSV per statistic with a Table Schema, sources and licences in ``datapackage.json``
(https://specs.frictionlessdata.io/data-package/). Only public figures go in: reference data
(treaty parties, criminalisation), the SDG 16.2.2 series as exported to SDMX, and nothing at case
level. Validated with the ``frictionless`` library when it is installed.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from palermo.tabular import safe_cell

LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


def _write(
    directory: Path, name: str, fields: list[tuple[str, str, str]], rows: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    path = directory / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([f[0] for f in fields])
        count = 0
        for row in rows:
            writer.writerow(
                [safe_cell(row.get(f[0])) if f[1] == "string" else row.get(f[0]) for f in fields]
            )
            count += 1
    return {
        "name": name,
        "path": path.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields]},
        "_rows": count,
    }


def _treaty_parties() -> list[dict[str, Any]]:
    from palermo.reference.queries import treaty_status

    return [
        {"treaty": "tip", "iso3": p.iso3, "m49": p.m49, "name": p.name, "action": p.action,
         "date": p.date.isoformat(), "signature": p.signature.isoformat() if p.signature else None}
        for p in treaty_status("tip")
    ]  # fmt: skip


def _criminalisation() -> Iterable[dict[str, Any]]:
    from palermo.reference.models import LegislationStatus

    for iso3, year, level, source in LegislationStatus.objects.order_by(
        "country__iso3", "year", "source"
    ).values_list("country__iso3", "year", "criminalisation", "source"):
        yield {"iso3": iso3, "year": year, "criminalisation": level, "source": source}


def build(directory: Path, sdmx_rows: list[dict[str, str]]) -> dict[str, Any]:
    """Write the CSVs and datapackage.json into ``directory``; return the descriptor."""
    from palermo.reference.queries import parties_by_year

    directory.mkdir(parents=True, exist_ok=True)
    resources = [
        _write(directory, "tip-protocol-parties", [
            ("treaty", "string", "treaty code (tip = Trafficking in Persons Protocol, UNTC XVIII-12-a)"),
            ("iso3", "string", "ISO 3166-1 alpha-3"), ("m49", "string", "UN M49 code"),
            ("name", "string", "UN short name"), ("action", "string", "act of consent"),
            ("date", "date", "date of the act"), ("signature", "date", "date of signature"),
        ], _treaty_parties()),
        _write(directory, "tip-protocol-parties-by-year", [
            ("year", "integer", "year"), ("parties", "integer", "parties at the end of the year"),
        ], ({"year": y, "parties": n} for y, n in parties_by_year("tip"))),
        _write(directory, "criminalisation", [
            ("iso3", "string", "ISO 3166-1 alpha-3"), ("year", "integer", "year"),
            ("criminalisation", "string", "full, partial or none"), ("source", "string", "source"),
        ], _criminalisation()),
        _write(directory, "sdg-16-2-2", [
            (c, "number" if c == "OBS_VALUE" else "string", f"SDMX component {c}")
            for c in ("SERIES", "REF_AREA", "SEX", "AGE", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "COMMENT_OBS")
        ], sdmx_rows),
    ]  # fmt: skip
    counts = {r["name"]: r.pop("_rows") for r in resources}
    descriptor = {
        "profile": "tabular-data-package",
        "name": "palermo-public-statistics",
        "title": "Palermo: public statistics on trafficking in persons",
        "licenses": [LICENCE],
        "sources": [
            {"title": "UN Treaty Collection, chapter XVIII (via the Palermo reference data)"},
            {
                "title": "Kelley & Simmons (2015); Kelley & Heiss, Scorecard Diplomacy (criminalisation)"
            },
            {"title": "Palermo estimation runs (SDG indicator 16.2.2)"},
        ],
        "resources": resources,
    }
    (directory / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (directory / "LICENSE.md").write_text(
        "The data in this package are published under the Creative Commons Attribution 4.0 "
        "licence (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/. Credit each source as "
        "listed in datapackage.json.\n",
        encoding="utf-8",
    )
    return {"out": str(directory), "resources": counts}


def validate(directory: Path) -> list[str]:
    """Problems found by frictionless (empty: valid); a structural check when it is absent."""
    try:
        from frictionless import validate as fl_validate
    except ImportError:
        descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
        return [f"resource {r['name']}: file missing" for r in descriptor["resources"]
                if not (directory / r["path"]).is_file()]  # fmt: skip
    # frictionless resolves the resources' relative paths from the working directory's descriptor
    previous = Path.cwd()
    try:
        os.chdir(directory)
        report = fl_validate("datapackage.json")
    finally:
        os.chdir(previous)
    if report.valid:
        return []
    return [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors][:50] or [
        str(e) for e in report.errors
    ]
