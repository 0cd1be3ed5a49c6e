"""Pages of the reporting app: the rounds list, a new round, a round's page (completion by region,
responders, reminders, review queue) and a submission's page with the review form.

The answer form and the XLSX template are in answer_views.py. Every read goes through the scope
functions of queries.py (out of scope is a 404) and every read of a submission is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.graphics import charts
from palermo.reporting import queries, services
from palermo.reporting.forms import ReviewForm, RoundForm
from palermo.reporting.models import RESPONDED, RoundStatus, Submission
from palermo.ui.tables import Column, Table


def _lang() -> str:
    return (translation.get_language() or "en")[:2]


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = queries.rounds_visible_to(request.user).annotate(
        invited=Count("invitations", distinct=True),
        responded=Count("submissions", filter=Q(submissions__status__in=RESPONDED), distinct=True),
    )
    lang = _lang()
    rows = [
        {
            "name": r.name,
            "pk": r.pk,
            "code": r.code,
            "questionnaire": r.questionnaire.name(lang),
            "period": f"{r.period_start.isoformat()} – {r.period_end.isoformat()}",
            "deadline": r.deadline,
            "status": r.status,
            "status_label": r.get_status_display(),
            "invited": r.invited,
            "responded": r.responded,
        }
        for r in rounds
    ]
    table = Table(
        request,
        [
            Column(
                "name", _("Round"), link=lambda row: reverse("reporting:round", args=[row["pk"]])
            ),
            Column("code", _("Code")),
            Column("questionnaire", _("Questionnaire")),
            Column("period", _("Period")),
            Column("deadline", _("Deadline")),
            Column(
                "status",
                _("Status"),
                choices=RoundStatus.choices,
                display=lambda row: row["status_label"],
            ),
            Column("invited", _("Invited"), numeric=True),
            Column("responded", _("Responded"), numeric=True),
        ],
        rows,
        name="reporting-rounds",
        default_sort="-deadline",
        caption=_("Reporting rounds"),
    )
    if (response := table.export_response()) is not None:
        return response
    audit(request, LogType.ACCESS, "reporting.round.list", object_type="reporting.Round")
    return render(
        request,
        "reporting/list.html",
        {"table": table, "can_manage": queries.can_manage(request.user)},
    )


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    if not queries.can_manage(request.user):
        raise PermissionDenied
    services.sync_questionnaires()
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = services.RoundSpec(
            code=data["code"],
            name=data["name"],
            questionnaire=data["questionnaire"].code,
            version=data["questionnaire"].version,
            period_start=data["period_start"],
            period_end=data["period_end"],
            deadline=data["deadline"],
            change_factor=data["change_factor"],
            previous=data["previous"].code if data["previous"] else None,
            status=data["status"],
        )
        try:
            round_ = services.create_round(request, request.user, spec)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if data["invite_all"]:
                services.invite(request, request.user, round_, queries.eligible_respondents())
            return redirect("reporting:round", pk=round_.pk)
    return render(request, "reporting/new.html", {"form": form})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(queries.rounds_visible_to(request.user), pk=pk)
    lang = _lang()
    manager = queries.can_manage(request.user)
    lines = queries.completion(round_, lang)
    chart = charts.bar_chart([(line.region, line.rate) for line in lines])
    mine = list(queries.respondent_organisations(request.user, round_))
    own_subs = {
        s.organisation_id: s
        for s in queries.submissions_visible_to(request.user).filter(
            round=round_, organisation__in=mine
        )
    }
    audit(request, LogType.ACCESS, "reporting.round.read", obj=round_)
    return render(
        request,
        "reporting/round.html",
        {
            "round": round_,
            "lines": lines,
            "totals": {
                "invited": sum(line.invited for line in lines),
                "responded": sum(line.responded for line in lines),
                "accepted": sum(line.accepted for line in lines),
            },
            "chart": chart,
            "responders": queries.responders(round_, lang),
            "manager": manager,
            "review_queue": queries.submissions_visible_to(request.user).filter(
                round=round_, status="submitted"
            )
            if manager
            else [],
            "mine": [(org, own_subs.get(org.pk)) for org in mine],
            "is_open": round_.status == RoundStatus.OPEN,
            "statuses": RoundStatus.choices,
        },
    )


@login_required
@require_POST
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(queries.rounds_visible_to(request.user), pk=pk)
    result = services.remind(request, request.user, round_)
    messages.success(
        request,
        _("%(n)d reminder(s) sent; %(m)d organisation(s) without an e-mail address.")
        % {"n": len(result["reminded"]), "m": len(result["without_address"])},
    )
    return redirect("reporting:round", pk=round_.pk)


@login_required
@require_POST
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(queries.rounds_visible_to(request.user), pk=pk)
    try:
        services.set_status(request, request.user, round_, request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("reporting:round", pk=round_.pk)


def answer_rows(sub: Submission, lang: str) -> list[dict[str, Any]]:
    """A submission's answers laid out for reading: sections, questions, tables."""
    definition = sub.round.questionnaire.parsed()
    years = sub.round.years()
    flags = {(f["question"], f.get("cell", "")): f["message"] for f in sub.flags}
    out = []
    for section in definition.sections:
        questions = []
        for q in section.questions:
            value = sub.answers.get(q.id)
            item: dict[str, Any] = {"q": q, "label": q.text(lang), "type": q.type}
            if q.type == "number_table":
                table = value or {}
                item["years"] = years
                item["dims"] = [d.text(lang) for d in q.dimensions]
                item["rows"] = [
                    {
                        "labels": q.row_label(row, lang),
                        "cells": [
                            (
                                table.get("/".join([*row, str(y)])),
                                flags.get((q.id, "/".join([*row, str(y)]))),
                            )
                            for y in years
                        ],
                    }
                    for row in q.rows()
                ]
            elif q.type in ("single_choice", "multiple_choice"):
                labels = {c.id: c.text(lang) for c in q.choices}
                chosen = value if isinstance(value, list) else [value] if value else []
                item["value"] = ", ".join(labels.get(v, v) for v in chosen)
            elif q.type == "attachment":
                item["files"] = [a for a in sub.attachments.all() if a.question == q.id]
            else:
                item["value"] = value
            questions.append(item)
        out.append({"title": section.text(lang), "questions": questions})
    return out


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(queries.submissions_visible_to(request.user), pk=pk)
    manager = queries.can_manage(request.user)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.review(
                    request,
                    request.user,
                    sub,
                    form.cleaned_data["decision"],
                    form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect("reporting:round", pk=sub.round_id)
    audit(request, LogType.ACCESS, "reporting.submission.read", obj=sub)
    return render(
        request,
        "reporting/submission.html",
        {
            "sub": sub,
            "sections": answer_rows(sub, _lang()),
            "warnings": [f for f in sub.flags if f.get("severity") == "warning"],
            "form": form if manager and sub.status == "submitted" else None,
            "can_edit": sub.editable
            and queries.submissions_editable_by(request.user).filter(pk=sub.pk).exists(),
        },
    )


@login_required
def attachment_download(request: HttpRequest, pk: int, att: int) -> HttpResponse:
    sub = get_object_or_404(queries.submissions_visible_to(request.user), pk=pk)
    attachment = get_object_or_404(sub.attachments, pk=att)
    audit(
        request,
        LogType.EXPORT,
        "reporting.attachment.download",
        obj=sub,
        metadata={"file": attachment.filename},
    )
    response = HttpResponse(bytes(attachment.content), content_type="application/octet-stream")
    response["Content-Disposition"] = (
        f'attachment; filename="{attachment.filename.replace(chr(34), "")}"'
    )
    return response
