"""An estimation run from the platform's own linked case records (issue 5), not from an upload.

Estimation sits above cases: it calls the read the cases app exports for this purpose,
``palermo.cases.linkage.capture_table_for(user, strata, filters)`` (persons of the linkage run in
force, 0/1 per source, ``count``), turns it into the CSV that ``services.run_estimate`` reads,
and lets that function validate, estimate, store and audit the run as for an uploaded table.
The run's disaggregation (year, country, sex, age group, form of exploitation) becomes the
filter of the capture table, so the estimate describes exactly the persons it says it does.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from palermo import tabular
from palermo.cases.linkage import capture_table_for, current_run_for
from palermo.estimation import queries, services
from palermo.estimation.forms import RunForm
from palermo.estimation.models import EstimationRun
from palermo.reference.models import Country


def filters_for(spec: services.RunSpec) -> dict[str, str]:
    """The capture-table filters that match a run's disaggregation."""
    filters: dict[str, str] = {}
    if spec.year is not None:
        filters["year"] = str(spec.year)
    if spec.sex != "total":
        filters["sex"] = spec.sex
    age = spec.age_group.strip().lower() or "total"
    if age in ("children", "adults"):
        filters["age_group"] = age
    elif age != "total":
        # case records carry HTCDS age bands, not ages: only minors / adults can be told apart
        raise ValidationError({"age_group": "from case records: total, children or adults only"})
    if spec.exploitation != "all":
        filters["exploitation"] = spec.exploitation
    if spec.country_iso3:
        iso2 = (
            Country.objects.filter(iso3=spec.country_iso3.upper())
            .values_list("iso2", flat=True)
            .first()
        )
        if not iso2:
            raise ValidationError({"country_iso3": f"unknown country code {spec.country_iso3!r}"})
        filters["country"] = iso2
    return filters


def estimate_from_cases(
    request: HttpRequest | None, user: Any, spec: services.RunSpec, linkage_run: int | None = None
) -> EstimationRun:
    """Capture table of the user's linked cases -> a stored estimation run."""
    run = current_run_for(user, linkage_run)
    if run is None:
        raise ValidationError({"run": "no linkage run in force for your organisations"})
    table = capture_table_for(user, (), filters_for(spec), run=run)
    lists = [c for c in table.columns if c != "count"]
    if len(lists) < 2 or table.empty:
        raise ValidationError(
            {"run": "the linked cases give fewer than two sources for this selection"}
        )
    body = tabular.to_csv([*lists, "count"], table[[*lists, "count"]].astype(int).values.tolist())
    data = body if isinstance(body, bytes) else body.encode("utf-8")
    return services.run_estimate(request, user, spec, f"cases-linkage-run-{run.pk}.csv", data)


class FromCasesForm(RunForm):
    """The run form without the upload: the table comes from the linked cases."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["file"]


@login_required
def from_cases_view(request: HttpRequest) -> HttpResponse:
    if not queries.can_run(request.user):
        raise PermissionDenied
    run_param = request.GET.get("run", "")
    linkage_run = int(run_param) if run_param.isdigit() else None
    form = FromCasesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["terms"] = data["terms"] or ""
        data["country_iso3"] = data["country_iso3"] or ""
        try:
            run = estimate_from_cases(request, request.user, services.RunSpec(**data), linkage_run)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("estimation:detail", pk=run.pk)
    current = current_run_for(request.user, linkage_run)
    return render(request, "estimation/from_cases.html", {"form": form, "linkage_run": current})
