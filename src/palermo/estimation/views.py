"""Pages of the estimation app: the runs list, the upload form, a run's page and its export.

Reads go through queries.runs_visible_to (a run outside the caller's scope is a 404) and are
audited; the upload goes through services.run_estimate.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.estimation import export, queries, services
from palermo.estimation.forms import RunForm
from palermo.estimation.models import EstimationRun
from palermo.graphics import charts


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    runs = queries.runs_visible_to(request.user)[:200]
    audit(request, LogType.ACCESS, "estimation.run.list", object_type="estimation.EstimationRun")
    return render(
        request,
        "estimation/list.html",
        {"runs": runs, "can_run": queries.can_run(request.user)},
    )


@login_required
def run_new(request: HttpRequest) -> HttpResponse:
    if not queries.can_run(request.user):
        raise PermissionDenied
    form = RunForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        data["terms"] = data["terms"] or ""
        data["country_iso3"] = data["country_iso3"] or ""
        try:
            run = services.run_estimate(
                request,
                request.user,
                services.RunSpec(**data),
                upload.name,
                upload.read(services.limit("PALERMO_MSE_MAX_UPLOAD_BYTES") + 1),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("estimation:detail", pk=run.pk)
    limits = {name: services.limit(name) for name in services.DEFAULT_LIMITS}
    return render(request, "estimation/new.html", {"form": form, "limits": limits})


def sensitivity(rows: list[dict[str, Any]], method: str, threshold: float) -> list[charts.Interval]:
    """The estimate of each model choice tried (stepwise at each threshold, AIC, BIC...) with its
    interval; the run's own choice is highlighted."""
    out = []
    for row in rows:
        if row.get("estimate") is None:
            continue
        is_step = row["method"] == "stepwise"
        label = f"stepwise p={row['threshold']:g}" if is_step else row["method"].upper()
        chosen = row["method"] == method and (not is_step or row["threshold"] == threshold)
        low, high = row.get("ci") or (None, None)
        out.append(charts.Interval(label, float(row["estimate"]), low, high, chosen))
    return out


def _context(run: EstimationRun) -> dict[str, Any]:
    data = sensitivity(run.diagnostics.get("sensitivity", []), run.method, run.threshold)
    chart = charts.interval_chart(data, reference=run.observed)
    patterns = [
        {**row, "lists": [run.lists[i] for i, bit in enumerate(row["pattern"]) if bit == "1"]}
        for row in run.diagnostics.get("patterns", [])
    ]
    return {
        "run": run,
        "chart": chart,
        "points": data,
        "patterns": patterns,
        "steps": run.diagnostics.get("steps", []),
        "bootstrap": run.diagnostics.get("bootstrap"),
        "sdg": run.sdg,
    }


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(queries.runs_visible_to(request.user), pk=pk)
    audit(request, LogType.ACCESS, "estimation.run.read", obj=run)
    return render(request, "estimation/run.html", _context(run))


@login_required
def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    kind = request.GET.get("as", "csv")
    if kind not in export.CONTENT_TYPES:
        return HttpResponseBadRequest("as= csv or json")
    run = get_object_or_404(queries.runs_visible_to(request.user), pk=pk)
    response = HttpResponse(export.render(run, kind), content_type=export.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{export.filename(run, kind)}"'
    audit(request, LogType.EXPORT, "estimation.run.export", obj=run, metadata={"format": kind})
    return response
