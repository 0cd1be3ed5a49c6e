"""Pages of the grant workflow: calls, applications (apply, assign, score, decide), grants, reports.

Every page reads through the scope functions of queries.py (outside the scope: 404) and writes
through workflow.py / services.py, which hold the rules (conflict of interest, remaining amount).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.fund import queries, rubric, services, workflow
from palermo.fund.forms import (
    ApplicationForm,
    AssignForm,
    CallForm,
    DecisionForm,
    GrantReportForm,
    PaymentForm,
    ReviewForm,
    ScheduleReportForm,
)
from palermo.fund.models import Review
from palermo.fund.money_views import form_errors


@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    calls = queries.calls_visible_to(request.user)
    return render(
        request, "fund/calls.html", {"calls": calls, "is_manager": queries.is_manager(request.user)}
    )


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    if not queries.is_manager(request.user):
        raise PermissionDenied
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["priorities"] = [p.strip() for p in data["priorities"].splitlines() if p.strip()]
        if data["rubric"] is None:
            data.pop("rubric")
        try:
            call = workflow.create_call(request, request.user, workflow.CallSpec(**data))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("fund:call", pk=call.pk)
    return render(request, "fund/form.html", {"form": form, "title": _("New call for proposals")})


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(queries.calls_visible_to(request.user), pk=pk)
    return render(
        request,
        "fund/call.html",
        {"call": call, "can_apply": queries.can_apply_for(request.user).exists()},
    )


@login_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(queries.calls_visible_to(request.user), pk=pk)
    form = ApplicationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            application = workflow.submit_application(
                request, request.user, call, data.pop("organisation"), **data
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("fund:application", pk=application.pk)
    return render(
        request, "fund/form.html", {"form": form, "title": _("Apply to: %s") % call, "files": True}
    )


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    applications = queries.applications_visible_to(request.user)[:500]
    audit(request, LogType.ACCESS, "fund.application.list", object_type="fund.Application")
    return render(request, "fund/applications.html", {"applications": applications})


def _application_context(request: HttpRequest, application) -> dict:
    user = request.user
    manager = queries.is_manager(user)
    assigned = queries.is_assigned(user, application)
    reviews = Review.objects.filter(assignment__application=application).select_related(
        "assignment__reviewer"
    )
    if not manager:  # a reviewer sees their own review; applicants see no reviews
        reviews = reviews.filter(assignment__reviewer=user)
    decided = hasattr(application, "decision")
    return {
        "a": application,
        "manager": manager,
        "reviews": reviews,
        "assignments": application.assignments.select_related("reviewer") if manager else [],
        "assign_form": AssignForm() if manager and not decided else None,
        "review_form": ReviewForm(rubric=application.call.rubric)
        if assigned and not decided and not reviews.filter(assignment__reviewer=user).exists()
        else None,
        "decision_form": DecisionForm(initial={"amount_usd": application.requested_usd})
        if manager and not decided
        else None,
        "rubric": application.call.rubric,
    }


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(queries.applications_visible_to(request.user), pk=pk)
    context = _application_context(request, application)
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "assign":
                form = AssignForm(request.POST)
                context["assign_form"] = form
                if form.is_valid():
                    workflow.assign_reviewer(
                        request, request.user, application, form.cleaned_data["reviewer"]
                    )
                    return redirect("fund:application", pk=pk)
            elif step == "review":
                form = ReviewForm(request.POST, rubric=application.call.rubric)
                context["review_form"] = form
                if form.is_valid():
                    workflow.submit_review(
                        request,
                        request.user,
                        application,
                        form.scores(),
                        form.cleaned_data["comment"],
                    )
                    return redirect("fund:application", pk=pk)
            elif step == "decide":
                form = DecisionForm(request.POST)
                context["decision_form"] = form
                if form.is_valid():
                    _decide(request, application, form.cleaned_data)
                    return redirect("fund:application", pk=pk)
            else:
                return HttpResponse(status=400)
        except (ValidationError, rubric.RubricError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            context["errors"] = messages
    audit(request, LogType.ACCESS, "fund.application.read", obj=application)
    return render(request, "fund/application.html", context)


def _decide(request: HttpRequest, application, data: dict) -> None:
    meeting = workflow.record_meeting(request, request.user, data["held_on"], data["minutes"])
    amount = data["amount_usd"]
    plan = None
    if data["approved"] and amount:
        n = data["instalments"]
        share = (amount / n).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        plan = [
            (
                data["held_on"] + dt.timedelta(days=182 * i),
                share if i < n - 1 else amount - share * (n - 1),
            )
            for i in range(n)
        ]
    workflow.decide(
        request,
        request.user,
        application,
        meeting,
        approved=data["approved"],
        amount_usd=amount,
        instalments=plan,
    )


@login_required
def attachment(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    application = get_object_or_404(queries.applications_visible_to(request.user), pk=pk)
    item = get_object_or_404(application.files, pk=file_pk)
    audit(
        request,
        LogType.EXPORT,
        "fund.attachment.download",
        obj=application,
        metadata={"file": item.name},
    )
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(queries.grants_visible_to(request.user), pk=pk)
    manager = queries.is_manager(request.user)
    pay_form = PaymentForm(request.POST if request.POST.get("step") == "pay" else None)
    schedule_form = ScheduleReportForm(
        request.POST if request.POST.get("step") == "schedule" else None
    )
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        try:
            if pay_form.is_bound and pay_form.is_valid():
                services.record_payment(request, request.user, grant, **pay_form.cleaned_data)
                return redirect("fund:grant", pk=pk)
            if schedule_form.is_bound and schedule_form.is_valid():
                workflow.schedule_report(request, request.user, grant, **schedule_form.cleaned_data)
                return redirect("fund:grant", pk=pk)
        except ValidationError as exc:
            form_errors(pay_form if pay_form.is_bound else schedule_form, exc)
    audit(request, LogType.ACCESS, "fund.grant.read", obj=grant)
    return render(
        request,
        "fund/grant.html",
        {
            "grant": grant,
            "manager": manager,
            "paid": services.paid_usd(grant),
            "remaining": services.remaining_usd(grant),
            "pay_form": pay_form if manager else None,
            "schedule_form": schedule_form if manager else None,
            "can_report": queries.can_apply_for(request.user)
            .filter(organisation_id=grant.application.organisation_id)
            .exists(),
        },
    )


@login_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(queries.reports_visible_to(request.user), pk=pk)
    form = GrantReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.submit_report(
                request,
                request.user,
                report,
                narrative=form.cleaned_data["narrative"],
                spent_usd=form.cleaned_data["spent_usd"],
                people=form.people(),
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("fund:grant", pk=report.grant_id)
    title = _("Report on %(grant)s, %(start)s to %(end)s") % {
        "grant": report.grant,
        "start": report.period_start,
        "end": report.period_end,
    }
    return render(request, "fund/form.html", {"form": form, "title": title, "files": True})
