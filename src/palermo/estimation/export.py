"""A run as a download: JSON (everything) or CSV (one flat table), through palermo.tabular."""

from __future__ import annotations

import json
from typing import Any

from palermo import tabular
from palermo.estimation.models import EstimationRun

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
CSV_HEADER = ("section", "item", "value", "low", "high", "detail")


def csv_rows(run: EstimationRun) -> list[tuple[Any, ...]]:
    """Long format: one line per figure, so the file opens as one table in any spreadsheet."""
    rows: list[tuple[Any, ...]] = [
        ("run", "name", run.name, None, None, run.source_filename),
        ("run", "organisation", run.organisation.name, None, None, ""),
        ("run", "created_at", run.created_at.isoformat(), None, None, ""),
        ("run", "status", run.status, None, None, run.error),
    ]
    for key in ("country_iso3", "year", "sex", "age_group", "exploitation"):
        rows.append(("tag", key, getattr(run, key), None, None, ""))
    for key, value in (
        ("method", run.method),
        ("threshold", run.threshold),
        ("terms", " ".join(run.terms)),
        ("bootstrap", run.bootstrap),
        ("ci", run.ci_kind),
        ("seed", run.seed),
        ("level", run.level),
    ):
        rows.append(("setting", key, value, None, None, ""))
    rows += [
        ("result", "observed", run.observed, None, None, ""),
        ("result", "estimate", run.estimate, run.ci_low, run.ci_high, run.ci_method),
        ("result", "dark_figure", run.dark_figure, None, None, ""),
        (
            "result",
            "conditional_interval",
            None,
            run.conditional_low,
            run.conditional_high,
            "model-conditional",
        ),
        ("result", "exists", run.exists, None, None, ""),
        ("result", "identifiable", run.identifiable, None, None, ""),
        ("result", "deviance", run.deviance, None, None, ""),
        ("result", "aic", run.aic, None, None, ""),
        ("result", "bic", run.bic, None, None, ""),
        ("result", "second_estimate", run.second_estimate, None, None, "latent class"),
        ("result", "estimators_disagree", run.estimators_disagree, None, None, ""),
    ]
    rows += [("model", term, None, None, None, "") for term in run.model_terms]
    for row in run.diagnostics.get("patterns", []):
        rows.append(("pattern", row["pattern"], row["observed"], None, None, row["fitted"]))
    for row in run.diagnostics.get("sensitivity", []):
        label = row["method"] + (f" p={row['threshold']}" if row["threshold"] is not None else "")
        low, high = row["ci"] or (None, None)
        rows.append(("sensitivity", label, row["estimate"], low, high, " ".join(row["model"])))
    if run.sdg.get("available"):
        ci = run.sdg.get("ci_per_100k") or (None, None)
        rows.append(("sdg_16_2_2", "per_100k", run.sdg["per_100k"], ci[0], ci[1], ""))
        rows.append(
            (
                "sdg_16_2_2",
                "population",
                run.sdg["population"],
                None,
                None,
                f"{run.sdg['population_source']} ({run.sdg['population_method']})",
            )
        )
    return rows


def render(run: EstimationRun, kind: str) -> bytes:
    if kind == "json":
        return json.dumps(run.as_dict(), indent=2, ensure_ascii=False).encode("utf-8")
    if kind == "csv":
        return tabular.to_csv(CSV_HEADER, csv_rows(run))
    raise ValueError(f"unknown export format {kind!r}")


def filename(run: EstimationRun, kind: str) -> str:
    return f"estimation-run-{run.pk}.{kind}"
