"""The open exports behind `palermo publish` and the downloads page: SDMX-CSV and the data package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from palermo.publishing import datapackage, sdmx


def sdmx_rows(runs: Any = None) -> tuple[list[dict[str, str]], list[str]]:
    """SDMX rows of ``runs`` (default: every run that has a result, newest first)."""
    from palermo.estimation.models import EstimationRun
    from palermo.reference.models import Country

    if runs is None:
        runs = EstimationRun.objects.filter(status="ok").order_by("-created_at", "-id")
    m49 = dict(Country.objects.exclude(m49="").values_list("iso3", "m49"))
    return sdmx.rows_from_runs(runs, m49)


def write_sdmx(out: Path, runs: Any = None) -> dict[str, Any]:
    rows, skipped = sdmx_rows(runs)
    text = sdmx.to_csv(rows)
    problems = sdmx.validate(text)
    if problems:  # never write a file that breaks its own declared structure
        raise ValueError("SDMX export invalid: " + "; ".join(map(str, problems[:10])))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return {"out": str(out), "dataflow": sdmx.DATAFLOW, "observations": len(rows),
            "skipped": skipped, "valid": True}  # fmt: skip


def write_datapackage(out: Path, runs: Any = None) -> dict[str, Any]:
    rows, _skipped = sdmx_rows(runs)
    result = datapackage.build(out, rows)
    problems = datapackage.validate(out)
    return {**result, "valid": not problems, "problems": problems}
