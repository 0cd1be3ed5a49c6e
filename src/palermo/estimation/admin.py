"""Admin of estimation runs: list and delete only (a run records what was computed), audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.estimation.models import EstimationRun


@admin.register(EstimationRun)
class EstimationRunAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "status", "observed", "estimate", "created_at"]
    list_filter = ["status", "method", "organisation"]
    search_fields = ["name", "country_iso3"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        audit(
            request, LogType.ACCESS, "estimation.run.list", object_type="estimation.EstimationRun"
        )
        return super().changelist_view(request, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        audit(
            request,
            LogType.ACCESS,
            "estimation.run.read",
            object_type="estimation.EstimationRun",
            object_id=object_id,
        )
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_model(self, request: HttpRequest, obj: EstimationRun) -> None:
        audit(request, LogType.CHANGE, "estimation.run.delete", obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit(request, LogType.CHANGE, "estimation.run.delete", obj=obj)
        super().delete_queryset(request, queryset)
