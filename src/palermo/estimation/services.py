"""Every write of the estimation app: run an estimate from an uploaded capture table and store it.

Validation is all or nothing: a bad file or setting raises ``ValidationError`` (a dict keyed by the
form field, the message naming the file, row and column) and nothing is stored. A valid request is
estimated synchronously, inside the request, so the limits below keep it short; they are settings
(environment variables in palermo.web.settings) with these defaults:

- ``PALERMO_MSE_MAX_UPLOAD_BYTES`` (1 MB): the uploaded CSV/XLSX;
- ``PALERMO_MSE_MAX_LISTS`` (10): lists in the table (the engine takes 12, but stepwise selection
  over 66 pairs is too slow for a web request);
- ``PALERMO_MSE_MAX_BOOTSTRAP`` (2000): bootstrap replicates (1000 stepwise replicates of a 5-list
  table take a few seconds on one core);
- ``PALERMO_MSE_WORKERS`` (1): processes for the bootstrap; more forks the web worker.
Beyond these, use `palermo mse estimate` on the command line.
"""

from __future__ import annotations

import csv
import io
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from palermo import mse
from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Organisation
from palermo.estimation import sdg
from palermo.estimation.models import (
    EstimationRun,
    Exploitation,
    IntervalKind,
    Method,
    Sex,
    Status,
)
from palermo.estimation.queries import organisations_user_can_run
from palermo.mse.estimate import term_names
from palermo.reference.models import Country

DEFAULT_LIMITS = {
    "PALERMO_MSE_MAX_UPLOAD_BYTES": 1_000_000,
    "PALERMO_MSE_MAX_LISTS": 10,
    "PALERMO_MSE_MAX_BOOTSTRAP": 2000,
    "PALERMO_MSE_WORKERS": 1,
}


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULT_LIMITS[name]))


@dataclass
class RunSpec:
    """What a user asks for: the run's name, owner, settings and tags."""

    name: str
    organisation: Organisation
    method: str = "stepwise"
    threshold: float = 0.02
    terms: str = ""
    bootstrap: int = 0
    ci: str = "conditional"
    seed: int | None = None
    level: float = 0.95
    country_iso3: str = ""
    year: int | None = None
    sex: str = "total"
    age_group: str = "total"
    exploitation: str = "all"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_to_csv(data: bytes, filename: str) -> str:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise mse.MSEInputError(f"not a readable XLSX workbook ({exc})", source=filename) from None
    sheet = workbook.worksheets[0]
    out = io.StringIO()
    writer = csv.writer(out)
    for row in sheet.iter_rows(values_only=True):
        writer.writerow([_cell(v) for v in row])
    workbook.close()
    return out.getvalue()


def read_table(filename: str, data: bytes) -> mse.CaptureTable:
    """A capture table from an uploaded CSV or XLSX (first sheet); errors name row and column.

    Rows are numbered from 1 after the header line, as `palermo mse estimate` numbers them.
    """
    max_bytes = limit("PALERMO_MSE_MAX_UPLOAD_BYTES")
    if len(data) > max_bytes:
        raise mse.MSEInputError(
            f"{len(data)} bytes; the limit is {max_bytes} (PALERMO_MSE_MAX_UPLOAD_BYTES)",
            source=filename,
        )
    if filename.lower().endswith(".xlsx"):
        text = _xlsx_to_csv(data, filename)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise mse.MSEInputError(
                "not UTF-8 text; save the table as UTF-8 CSV", source=filename
            ) from None
    table = mse.parse_csv(text, source=filename)
    max_lists = limit("PALERMO_MSE_MAX_LISTS")
    if table.nlists > max_lists:
        raise mse.MSEInputError(
            f"{table.nlists} lists; the web limit is {max_lists} (PALERMO_MSE_MAX_LISTS): "
            "use `palermo mse estimate` for larger tables",
            source=filename,
        )
    return table


def _validate(spec: RunSpec, user: Any, table: mse.CaptureTable) -> mse.Model:
    """Check the settings and tags; return the fixed model's terms. Raises ValidationError."""
    errors: dict[str, str] = {}
    if not spec.name.strip():
        errors["name"] = "a run needs a name"
    if spec.method not in Method.values:
        errors["method"] = f"unknown method {spec.method!r}"
    if spec.ci not in IntervalKind.values:
        errors["ci"] = f"unknown interval {spec.ci!r}"
    if not 0 <= spec.threshold <= 1:
        errors["threshold"] = "the p-value threshold must be between 0 and 1"
    if not 0 < spec.level < 1:
        errors["level"] = "the confidence level must be between 0 and 1"
    max_boot = limit("PALERMO_MSE_MAX_BOOTSTRAP")
    if not 0 <= spec.bootstrap <= max_boot:
        errors["bootstrap"] = (
            f"between 0 and {max_boot} replicates (PALERMO_MSE_MAX_BOOTSTRAP); "
            "use `palermo mse estimate` for more"
        )
    elif spec.ci != "conditional" and spec.bootstrap < 1:
        errors["bootstrap"] = "a bootstrap interval needs at least 1 replicate"
    terms: mse.Model = ()
    if spec.terms.strip():
        try:
            terms = mse.parse_terms(table, spec.terms)
        except mse.MSEInputError as exc:
            errors["terms"] = str(exc)
    if spec.method == "fixed" and not spec.terms.strip():
        errors["terms"] = "a fixed model needs its terms, e.g. A:B,C:D"
    if spec.sex not in Sex.values:
        errors["sex"] = f"unknown sex {spec.sex!r}"
    if spec.exploitation not in Exploitation.values:
        errors["exploitation"] = f"unknown form of exploitation {spec.exploitation!r}"
    try:
        sdg.parse_age_group(spec.age_group)
    except ValueError as exc:
        errors["age_group"] = str(exc)
    if spec.country_iso3 and not Country.objects.filter(iso3=spec.country_iso3.upper()).exists():
        errors["country_iso3"] = f"unknown country code {spec.country_iso3!r}"
    if spec.year is not None and not 1950 <= spec.year <= 2100:
        errors["year"] = "the year must be between 1950 and 2100"
    if not organisations_user_can_run(user).filter(pk=spec.organisation.pk).exists():
        raise PermissionDenied("you may not run estimates for this organisation")
    if errors:
        raise ValidationError(errors)
    return terms


def _clean(value: Any) -> Any:
    """JSON columns hold no NaN or infinity (PostgreSQL refuses them): store null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _results(run: EstimationRun, result: mse.Estimate) -> None:
    run.observed = result.observed
    run.model_terms = result.model
    run.exists, run.identifiable = result.exists, result.identifiable
    run.check_code = (0 if result.exists else 1) + (0 if result.identifiable else 2)
    if result.estimate is None:
        run.status, run.error = Status.NOT_ESTIMABLE, result.status
        return
    run.status = Status.OK
    run.estimate, run.dark_figure = result.estimate, result.dark_figure
    if result.ci is not None:
        run.ci_low, run.ci_high = result.ci
    run.ci_method = result.ci_method
    if result.conditional_ci is not None:
        run.conditional_low, run.conditional_high = result.conditional_ci
    run.deviance, run.aic, run.bic = result.deviance, result.aic, result.bic
    run.diagnostics = _clean(
        {
            "patterns": result.patterns,
            "steps": result.steps,
            "sensitivity": result.sensitivity,
            "empty_overlaps": result.empty_overlaps,
            "se_log_dark": result.se_log_dark,
            "bootstrap": None if result.bootstrap is None else result.bootstrap.as_dict(),
            "engine_status": result.status,
        }
    )
    second = result.as_dict()["second_estimator"]
    if second:
        run.second = _clean(second)
        run.second_estimate = second["estimate"]
        run.estimators_disagree = bool(second["disagrees"])


def run_estimate(
    request: HttpRequest | None, user: Any, spec: RunSpec, filename: str, data: bytes
) -> EstimationRun:
    """Validate, estimate, store and audit one run. Raises ValidationError or PermissionDenied.

    An estimate that the engine refuses (a fixed model whose estimate does not exist or is not
    identifiable) is stored with status ``not_estimable``: that is a result, not bad input.
    """
    try:
        table = read_table(filename, data)
    except mse.MSEInputError as exc:
        raise ValidationError({"file": str(exc)}) from None
    terms = _validate(spec, user, table)
    run = EstimationRun(
        name=spec.name.strip(),
        organisation=spec.organisation,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        source_filename=filename[:255],
        lists=list(table.lists),
        table=[{"pattern": label, "count": count} for label, count in table.rows()],
        country_iso3=spec.country_iso3.upper(),
        year=spec.year,
        sex=spec.sex,
        age_group=spec.age_group.strip().lower() or "total",
        exploitation=spec.exploitation,
        method=spec.method,
        threshold=spec.threshold,
        terms=term_names(table, terms) if terms else [],
        bootstrap=spec.bootstrap,
        ci_kind=spec.ci,
        seed=spec.seed,
        level=spec.level,
    )
    started = time.perf_counter()
    try:
        result = mse.estimate(
            table,
            spec.method,
            threshold=spec.threshold,
            terms=terms,
            level=spec.level,
            ci=spec.ci,
            nboot=spec.bootstrap,
            seed=spec.seed,
            workers=limit("PALERMO_MSE_WORKERS"),
            second_estimator=True,
        )
        _results(run, result)
    except (ValueError, ArithmeticError) as exc:
        # The input was valid; what failed is the computation: keep the run and say why.
        run.status, run.error = Status.FAILED, f"{type(exc).__name__}: {exc}"
    run.seconds = time.perf_counter() - started
    run.sdg = _clean(
        sdg.rates(
            iso3=run.country_iso3,
            year=run.year,
            sex=run.sex,
            age_group=run.age_group,
            observed=run.observed,
            estimate=run.estimate,
            ci=run.ci,
        )
    )
    with transaction.atomic():
        run.save()
        audit(
            request,
            LogType.CHANGE,
            "estimation.run.create",
            obj=run,
            user=user,
            metadata={
                "status": run.status,
                "observed": run.observed,
                "estimate": run.estimate,
                "method": run.method,
                "bootstrap": run.bootstrap,
                "seconds": run.seconds,
            },
        )
    return run
