"""The audit log page for platform administrators: search, page through, export to CSV/XLSX.

Reading the page writes an "access" row and exporting writes an "export" row, so the log also says
who looked at the log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from palermo import tabular
from palermo.accounts.events import audit
from palermo.accounts.forms import AUDIT_COLUMNS, AuditLogFilter, audit_rows
from palermo.accounts.models import AuditLog, LogType
from palermo.accounts.permissions import is_platform_admin
from palermo.accounts.queries import audit_visible_to

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PAGE_SIZE = 100


def _used_filters(filterset: AuditLogFilter) -> dict[str, str]:
    return {k: str(v) for k, v in filterset.form.cleaned_data.items() if v not in (None, "")}


def export_audit(
    request: HttpRequest, queryset: QuerySet[AuditLog], kind: str, filters: dict[str, str]
) -> HttpResponse:
    """The rows of ``queryset`` as a CSV or XLSX download, itself audited as an export."""
    limit = settings.PALERMO_EXPORT_MAX_ROWS
    count = queryset.count()
    if count > limit:
        return HttpResponse(
            f"{count} rows match; the export limit is {limit} (PALERMO_EXPORT_MAX_ROWS). "
            "Narrow the search.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = audit_rows(queryset)
    body = (
        tabular.to_csv(AUDIT_COLUMNS, rows)
        if kind == "csv"
        else tabular.to_xlsx(AUDIT_COLUMNS, rows, sheet="audit")
    )
    audit(
        request,
        LogType.EXPORT,
        "audit.export",
        object_type="accounts.AuditLog",
        metadata={"format": kind, "rows": count, "filters": filters},
    )
    response = HttpResponse(body, content_type=EXPORT_TYPES[kind])
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = f'attachment; filename="palermo-audit-{stamp}.{kind}"'
    return response


@login_required
def audit_view(request: HttpRequest) -> HttpResponse:
    if not is_platform_admin(request.user):
        raise PermissionDenied
    filterset = AuditLogFilter(request.GET or None, queryset=audit_visible_to(request.user))
    if filterset.is_bound and not filterset.is_valid():
        queryset = AuditLog.objects.none()
        filters: dict[str, str] = {}
    else:
        queryset = filterset.qs
        filters = _used_filters(filterset) if filterset.is_bound else {}
    kind = request.GET.get("export", "")
    if kind in EXPORT_TYPES:
        return export_audit(request, queryset, kind, filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    audit(
        request,
        LogType.ACCESS,
        "audit.search",
        object_type="accounts.AuditLog",
        metadata={"filters": filters, "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context: dict[str, Any] = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "count": page.paginator.count,
    }
    return render(request, "accounts/audit.html", context)
