"""Pages of record linkage: runs (start, progress), the review queue, persons, capture histories.

Every page needs a linkage role (``linkage.LINKAGE_ROLES``) and reads through the scope functions
of linkage.py and review.py: a run, pair or person outside the user's scope is a 404. Progress is
polled by ``static/cases/progress.js`` (the CSP forbids inline scripts); without scripts the page
offers a Refresh link.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import close_old_connections
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from palermo import tabular
from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.cases import linkage, review
from palermo.cases.models import Decision, LinkageRun, LinkageStatus

RUNNING = (LinkageStatus.PENDING, LinkageStatus.RUNNING)


def _require_linker(request: HttpRequest) -> None:
    if not linkage.can_link(request.user):
        raise PermissionDenied


def _run_param(request: HttpRequest) -> int | None:
    value = request.GET.get("run", "")
    return int(value) if value.isdigit() else None


@login_required
def linkage_home(request: HttpRequest) -> HttpResponse:
    _require_linker(request)
    runs = linkage.runs_visible_to(request.user).prefetch_related("organisations")[:30]
    current = linkage.current_run_for(request.user, _run_param(request))
    counts = review.reviewed_or_pending(request.user, current) if current else {}
    return render(
        request,
        "cases/linkage/home.html",
        {
            "runs": runs,
            "current": current,
            "counts": counts,
            "organisations": linkage.linkage_organisations(request.user),
        },
    )


def _in_background(run_id: int, user_id: int) -> None:
    from palermo.accounts.models import User

    close_old_connections()
    try:
        run = LinkageRun.objects.get(pk=run_id)
        linkage.execute_run(run, User.objects.get(pk=user_id))
    except Exception:  # recorded on the run by execute_run; a thread has nobody to tell
        linkage.log.exception("linkage run %s failed", run_id)
    finally:
        close_old_connections()


@login_required
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    _require_linker(request)
    org_id = request.POST.get("organisation", "")
    organisation = None
    if org_id:
        organisation = linkage.linkage_organisations(request.user).filter(pk=org_id).first()
        if organisation is None:
            raise Http404
    try:
        run = linkage.create_run(request.user, organisation)
    except linkage.LinkageRefused as exc:
        return render(request, "cases/linkage/refused.html", {"message": str(exc)}, status=409)
    if getattr(settings, "PALERMO_LINKAGE_BACKGROUND", True):
        threading.Thread(target=_in_background, args=(run.pk, request.user.pk), daemon=True).start()
    else:
        try:
            linkage.execute_run(run, request.user)
        except Exception:  # the run page shows the failure
            linkage.log.exception("linkage run %s failed", run.pk)
    return redirect("cases:linkage-run", pk=run.pk)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(linkage.runs_visible_to(request.user), pk=pk)
    audit(request, LogType.ACCESS, "cases.linkage.read", obj=run)
    return render(
        request,
        "cases/linkage/run.html",
        {"run": run, "running": run.status in RUNNING, "stalled": linkage.stalled(run)},
    )


@login_required
def run_status(request: HttpRequest, pk: int) -> JsonResponse:
    run = get_object_or_404(linkage.runs_visible_to(request.user), pk=pk)
    return JsonResponse(
        {
            "status": run.status,
            "running": run.status in RUNNING and not linkage.stalled(run),
            "phase": run.phase or run.status,
            "done": run.done,
            "total": run.total,
            "persons": run.persons,
            "review_pairs": run.review_pairs,
        }
    )


def _current_or_404(request: HttpRequest) -> LinkageRun:
    _require_linker(request)
    run = linkage.current_run_for(request.user, _run_param(request))
    if run is None:
        raise Http404("no linkage run in force for your organisations")
    return run


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    run = _current_or_404(request)
    page = Paginator(review.review_queue(request.user, run), 50).get_page(request.GET.get("page"))
    audit(request, LogType.ACCESS, "cases.review.list", obj=run)
    return render(
        request,
        "cases/linkage/review.html",
        {"run": run, "page": page, "counts": review.reviewed_or_pending(request.user, run)},
    )


@login_required
def review_pair(request: HttpRequest, pk: int) -> HttpResponse:
    _require_linker(request)
    pair = review.pair_for(request.user, pk)
    if pair is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            review.decide(
                request,
                request.user,
                pair.case_l,
                pair.case_r,
                request.POST.get("decision", ""),
                pair.probability,
                request.POST.get("note", "")[:2000],
            )
        except ValidationError as exc:
            error = "; ".join(exc.messages)
        else:
            following = review.review_queue(request.user, pair.run).first()
            if following is not None:
                return redirect("cases:review-pair", pk=following.pk)
            return redirect("cases:review")
    records = review.compare(request, request.user, pair)
    fields = sorted({k for r in records for k in r.get("identifiers", {})})
    decision = (
        review.decisions_visible_to(request.user)
        .filter(case_l=pair.case_l.pk, case_r=pair.case_r.pk)
        .first()
    )
    return render(
        request,
        "cases/linkage/pair.html",
        {
            "pair": pair,
            "records": records,
            "identifier_fields": [
                (f, [r.get("identifiers", {}).get(f, "") for r in records]) for f in fields
            ],
            "profile_rows": _profile_rows(records),
            "decision": decision,
            "choices": Decision.choices,
            "error": error,
        },
        status=400 if error else 200,
    )


PROFILE = (
    "source",
    "gender",
    "age_band",
    "citizenship_all",
    "year_text",
    "exploitation_types",
    "exploitation_country",
    "status",
)


def _profile_rows(records: list[dict[str, Any]]) -> list[tuple[str, list[Any]]]:
    return [(name, [r.get(name, "") for r in records]) for name in PROFILE]


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    run = _current_or_404(request)
    page = Paginator(review.persons(request.user, run), 100).get_page(request.GET.get("page"))
    audit(request, LogType.ACCESS, "cases.person.list", obj=run)
    return render(request, "cases/linkage/persons.html", {"run": run, "page": page})


@login_required
def person_detail(request: HttpRequest, person: str) -> HttpResponse:
    run = _current_or_404(request)
    records = list(review.person_records(request.user, run, person))
    if not records:
        raise Http404
    audit(request, LogType.ACCESS, "cases.person.read", obj=run, metadata={"person": person})
    by_source: dict[str, list[Any]] = {}
    for case in records:
        by_source.setdefault(case.source.name, []).append(case)
    return render(
        request,
        "cases/linkage/person.html",
        {"run": run, "person": person, "by_source": sorted(by_source.items())},
    )


@login_required
def capture(request: HttpRequest) -> HttpResponse:
    run = _current_or_404(request)
    strata = tuple(s for s in request.GET.getlist("by") if s in linkage.STRATA)
    filters = {s: request.GET[s] for s in linkage.STRATA if request.GET.get(s)}
    table = linkage.capture_table_for(request.user, strata, filters, run=run)
    header = [str(c) for c in table.columns]
    rows = table.astype(object).values.tolist()
    if request.GET.get("format") == "csv":
        audit(request, LogType.EXPORT, "cases.capture.export", obj=run, metadata={"by": strata})
        response = HttpResponse(
            tabular.to_csv(header, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="capture-run-{run.pk}.csv"'
        return response
    audit(request, LogType.ACCESS, "cases.capture.read", obj=run, metadata={"by": strata})
    return render(
        request,
        "cases/linkage/capture.html",
        {
            "run": run,
            "header": header,
            "rows": rows,
            "persons": int(table["count"].sum()) if len(table) else 0,
            "strata": linkage.STRATA,
            "chosen": strata,
            "filters": filters,
            "query": request.GET.urlencode(),
        },
    )
