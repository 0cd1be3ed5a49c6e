"""Pages of the cases app: cases, sources, imports (upload, progress, report) and statistics.

Every list and detail starts from a scope function of queries.py (outside it: 404) and is audited;
every write goes through services.py or importer.py. The statistics page is public and shows only
aggregates through small-cell suppression; signed-in users may switch to their own scope.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
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
from palermo.cases import display, importer, queries, services, stats
from palermo.cases.forms import SourceForm, StatusForm, UploadForm
from palermo.cases.models import CaseRecord, ImportBatch, ImportStatus
from palermo.cases.readers import FileRejected, max_bytes

RUNNING = (ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.IMPORTING)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = queries.cases_visible_to(request.user).order_by("-pk")
    page = Paginator(cases, 100).get_page(request.GET.get("page"))
    audit(request, LogType.ACCESS, "cases.case.list", object_type="cases.CaseRecord")
    return render(
        request, "cases/list.html", {"page": page, "rows": display.list_rows(page.object_list)}
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    form = StatusForm(request.POST or None)
    writable = "case" in queries.writable_groups(request.user, case)
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.change_status(
                    request,
                    request.user,
                    case,
                    form.cleaned_data["status"],
                    form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form.add_error("status", exc.message_dict.get("status", exc.messages))
            else:
                return redirect("cases:detail", pk=case.pk)
    data = services.case_view(request, request.user, case)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "data": data,
            "shown": display.case_page(case, data),
            "form": form,
            "writable": writable,
        },
    )


@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not queries.can_import(request.user):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            source = services.create_source(
                request,
                request.user,
                data["organisation"],
                data["name"],
                data["retention_days"],
                data["mapping"],
                data["description"],
            )
            return redirect("cases:source", pk=source.pk)
    sources = queries.sources_visible_to(request.user)
    return render(
        request,
        "cases/sources.html",
        {"sources": sources, "form": form, "can_create": queries.can_import(request.user)},
    )


@login_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(queries.sources_visible_to(request.user), pk=pk)
    can_import = queries.sources_user_can_import(request.user).filter(pk=pk).exists()
    return render(
        request,
        "cases/source.html",
        {
            "source": source,
            "imports": source.imports.all()[:50],
            "form": UploadForm(),
            "can_import": can_import,
            "max_bytes": max_bytes(),
            "cases": source.cases.count(),
        },
    )


def _upload_dir() -> Path:
    path = Path(getattr(settings, "VAR_DIR", Path.cwd() / "var")) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _run_import(path: Path, batch_id: int, user_id: int | None) -> None:
    """The import itself, in a worker thread (or inline): removes the uploaded file afterwards."""
    batch = ImportBatch.objects.select_related("source").get(pk=batch_id)
    try:
        outcome = importer.import_file(path, batch.source, dry_run=batch.dry_run, batch=batch)
        audit(
            None,
            LogType.CHANGE,
            "cases.batch.import",
            obj=outcome.batch,
            user=batch.created_by,
            metadata={"status": outcome.batch.status, "created": outcome.batch.created},
        )
    except Exception as exc:  # the page must say it failed, whatever happened
        ImportBatch.objects.filter(pk=batch_id).update(status=ImportStatus.FAILED, message=str(exc))
        raise
    finally:
        path.unlink(missing_ok=True)


def _in_background(path: Path, batch_id: int, user_id: int | None) -> None:
    close_old_connections()
    try:
        _run_import(path, batch_id, user_id)
    finally:
        close_old_connections()


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(queries.sources_user_can_import(request.user), pk=pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "cases/source.html",
            {"source": source, "form": form, "can_import": True},
            status=400,
        )
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()
    if upload.size > max_bytes():
        form.add_error("file", f"{upload.name}: over the limit of {max_bytes():,} bytes")
        return render(
            request,
            "cases/source.html",
            {"source": source, "form": form, "can_import": True},
            status=400,
        )
    path = _upload_dir() / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as fh:
        for part in upload.chunks():
            fh.write(part)
    batch = ImportBatch.objects.create(
        source=source,
        filename=Path(upload.name).name[:255],
        sha256="",
        dry_run=form.cleaned_data["dry_run"],
        created_by=request.user,
    )
    try:
        if getattr(settings, "PALERMO_IMPORT_BACKGROUND", True):
            threading.Thread(
                target=_in_background, args=(path, batch.pk, request.user.pk), daemon=True
            ).start()
        else:
            _run_import(path, batch.pk, request.user.pk)
    except FileRejected as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.INVALID, message=str(exc)
        )
    return redirect("cases:import", pk=batch.pk)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(queries.imports_visible_to(request.user), pk=pk)
    audit(request, LogType.ACCESS, "cases.batch.read", obj=batch)
    problems = batch.report.get("problems", [])
    return render(
        request,
        "cases/import.html",
        {
            "batch": batch,
            "problems": problems[:200],
            "more": max(0, len(problems) - 200),
            "running": batch.status in RUNNING,
        },
    )


@login_required
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    batch = get_object_or_404(queries.imports_visible_to(request.user), pk=pk)
    progress = importer.read_progress(batch.pk) or {}
    return JsonResponse(
        {
            "status": batch.status,
            "running": batch.status in RUNNING,
            "phase": progress.get("phase", batch.status),
            "done": progress.get("done", 0),
            "total": progress.get("total", 0),
            "rows": batch.rows,
            "created": batch.created,
            "problem_count": batch.problem_count,
        }
    )


@login_required
def import_report(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in ("csv", "json"):
        raise Http404
    batch = get_object_or_404(queries.imports_visible_to(request.user), pk=pk)
    problems: list[dict[str, Any]] = batch.report.get("problems", [])
    header = ["row", "column", "field", "value", "rule", "message"]
    if kind == "json":
        response: HttpResponse = JsonResponse({"file": batch.filename, "problems": problems})
    else:
        body = tabular.to_csv(header, ([p[h] for h in header] for p in problems))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-problems.{kind}"'
    audit(request, LogType.EXPORT, "cases.report.download", obj=batch, metadata={"format": kind})
    return response


def statistics(request: HttpRequest) -> HttpResponse:
    """Public by default (all records, small cells suppressed); ``?scope=mine`` for signed-in users."""
    mine = request.GET.get("scope") == "mine" and request.user.is_authenticated
    cases = queries.cases_visible_to(request.user) if mine else CaseRecord.objects.all()
    public = not mine
    if mine:
        audit(request, LogType.ACCESS, "cases.statistics.read", object_type="cases.CaseRecord")
    return render(
        request,
        "cases/statistics.html",
        {
            "public": public,
            "mine": mine,
            "tables": stats.breakdowns(cases, public),
            "map": stats.country_map(cases, public),
        },
    )
