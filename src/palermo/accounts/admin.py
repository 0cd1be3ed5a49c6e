"""Django admin for accounts: a read-only, searchable audit log page; audited account edits.

The admin's own login page is replaced by Palermo's (/accounts/login/) so that lockout, two-factor
and the audit trail apply there too. Platform administrators get ``is_staff`` from their membership
(services._sync_staff) so they can reach this page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url

from palermo.accounts.events import audit
from palermo.accounts.models import AuditLog, LogType, Membership, Organisation, User
from palermo.accounts.permissions import is_platform_admin
from palermo.accounts.queries import audit_visible_to


def _admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    target = request.GET.get("next", resolve_url("admin:index"))
    return HttpResponseRedirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': target})}")


admin.site.login = _admin_login  # type: ignore[method-assign]


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits are writes like any other: audit them (Django's LogEntry is not our audit)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        verb = "update" if change else "create"
        fields = sorted(f for f in form.changed_data if f != "password")
        name = obj._meta.model_name
        audit(request, LogType.CHANGE, f"{name}.{verb}", obj=obj, metadata={"fields": fields})

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        audit(request, LogType.CHANGE, f"{obj._meta.model_name}.delete", obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit(request, LogType.CHANGE, f"{obj._meta.model_name}.delete", obj=obj)
        super().delete_queryset(request, queryset)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "kind", "country_iso3", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "country_iso3"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class PalermoUserAdmin(AuditedAdmin, UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit(request, LogType.CHANGE, "membership.revoke", obj=obj)
            obj.delete()
        for obj in instances:
            obj.save()
            audit(request, LogType.CHANGE, "membership.grant", obj=obj, metadata={"role": obj.role})
        formset.save_m2m()


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Search the audit log. Nobody adds, changes or deletes rows here (only the purge deletes)."""

    list_display = [
        "created_at",
        "log_type",
        "action",
        "username",
        "object_type",
        "object_id",
        "ip_address",
    ]
    list_filter = ["log_type", "created_at", "object_type"]
    search_fields = [
        "username",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "ip_address",
        "path",
    ]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditLog._meta.fields]
    list_per_page = 100
    show_full_result_count = False  # a count over millions of rows on every page is slow

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditLog]:
        return audit_visible_to(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_platform_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            params = {k: request.GET.getlist(k) for k in request.GET}
            audit(
                request,
                LogType.ACCESS,
                "audit.search",
                object_type="accounts.AuditLog",
                metadata={"filters": params, "via": "admin"},
            )
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            audit(
                request,
                LogType.ACCESS,
                "audit.read",
                object_type="accounts.AuditLog",
                object_id=object_id,
                metadata={"via": "admin"},
            )
        return response
