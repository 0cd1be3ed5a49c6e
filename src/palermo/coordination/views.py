"""Pages of the coordination app: ICAT, the activities registry (with totals), campaigns.

The pages are public (the data are published in the Secretary-General's report); the activity form
is for editors and UN entity members, and every write goes through ``services``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from palermo.coordination import queries, services
from palermo.coordination.forms import ActivityForm
from palermo.coordination.models import (
    Activity,
    ActivityKind,
    IcatMember,
    Meeting,
    Pillar,
    Publication,
    WorkingGroupSeat,
)
from palermo.graphics import charts
from palermo.ui.tables import Column, Table


def icat(request: HttpRequest) -> HttpResponse:
    members = IcatMember.objects.select_related("organisation")
    seats: dict[int, list[str]] = {}
    for seat in WorkingGroupSeat.objects.select_related("organisation"):
        seats.setdefault(seat.year, []).append(str(seat.organisation))
    context = {
        "members": members,
        "working_group": sorted(seats.items(), reverse=True),
        "chairs": list(reversed(queries.icat_chairs())),
        "meetings": Meeting.objects.prefetch_related("participants")[:50],
        "publications": Publication.objects.all()[:100],
    }
    return render(request, "coordination/icat.html", context)


def _period(request: HttpRequest) -> tuple[dt.date | None, dt.date | None, str]:
    values = []
    for name in ("from", "to"):
        raw = request.GET.get(name, "")
        try:
            values.append(dt.date.fromisoformat(raw) if raw else None)
        except ValueError:
            return None, None, _("Dates are written YYYY-MM-DD; the period filter was ignored.")
    return values[0], values[1], ""


def activity_list(request: HttpRequest) -> HttpResponse:
    start, end, error = _period(request)
    qs = queries.activities_in_period(start, end).select_related("organisation")
    editable = set(queries.activities_editable_by(request.user).values_list("id", flat=True))
    entities = sorted({(str(a.organisation), str(a.organisation)) for a in qs})
    rows = [
        {
            "title": a.title,
            "entity": str(a.organisation),
            "kind": a.kind,
            "pillar": a.pillar,
            "start_date": a.start_date,
            "end_date": a.end_date,
            "activities": a.activity_count,
            "trained": a.participants_trained,
            "countries": a.countries_reached,
            "victims": a.victims_identified,
            "assisted": a.victims_assisted,
            "arrested": a.suspects_arrested,
            "source": a.source,
            "demo": _("demo") if a.is_demo else "",
            "pk": a.pk,
            "editable": a.pk in editable,
        }
        for a in qs
    ]
    kinds, pillars = dict(ActivityKind.choices), dict(Pillar.choices)
    table = Table(
        request=request,
        name="activities",
        columns=[
            Column(
                "title",
                _("Activity"),
                link=lambda r: (
                    reverse("coordination:activity_edit", args=[r["pk"]]) if r["editable"] else ""
                ),
            ),
            Column("entity", _("Entity"), choices=entities),
            Column(
                "kind", _("Kind"), choices=list(kinds.items()), display=lambda r: kinds[r["kind"]]
            ),
            Column(
                "pillar",
                _("Pillar"),
                choices=list(pillars.items()),
                display=lambda r: pillars[r["pillar"]],
            ),
            Column("start_date", _("Start"), searchable=False),
            Column("end_date", _("End"), searchable=False),
            Column("activities", _("Activities"), numeric=True, searchable=False),
            Column("trained", _("Trained"), numeric=True, searchable=False),
            Column("countries", _("Countries"), numeric=True, searchable=False),
            Column("victims", _("Victims identified"), numeric=True, searchable=False),
            Column("assisted", _("Victims assisted"), numeric=True, searchable=False),
            Column("arrested", _("Suspects arrested"), numeric=True, searchable=False),
            Column("source", _("Source")),
            Column("demo", _("Demo"), searchable=False),
        ],
        rows=rows,
        default_sort="-start_date",
        caption=_("Activities of the UN entities and other ICAT members"),
    )
    if export := table.export_response():
        return export
    totals = queries.activity_totals(start, end)
    chart = charts.bar_chart(
        [(e.short_name, e.activities) for e in totals.entities if e.activities]
    )
    context = {
        "table": table,
        "totals": totals,
        "chart": chart,
        "date_from": start,
        "date_to": end,
        "period_error": error,
        "can_add": queries.can_add_activities(request.user),
    }
    return render(request, "coordination/activities.html", context)


@login_required
def activity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    activity = (
        get_object_or_404(queries.activities_editable_by(request.user), pk=pk) if pk else None
    )
    if activity is None and not queries.can_add_activities(request.user):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        obj: Activity = form.save(commit=False)
        try:
            services.save_activity(request, request.user, obj, form.cleaned_data["countries"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("coordination:activities")
    return render(request, "coordination/activity_form.html", {"form": form, "activity": activity})


def campaigns(request: HttpRequest) -> HttpResponse:
    summary = queries.campaign_summary()
    resources = queries.resources_summary()
    context: dict[str, Any] = {
        "summary": summary,
        "world_days": [
            {
                **d,
                "theme": d["themes"].get((request.LANGUAGE_CODE or "en")[:2])
                or d["themes"].get("en", ""),
            }
            for d in summary["world_days"]
        ],
        "resources": resources,
    }
    return render(request, "coordination/campaigns.html", context)
