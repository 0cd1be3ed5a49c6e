"""Accounts API: organisations, users, memberships, the caller's own profile, and the audit log.

Querysets come from the scope functions in queries.py (so a row outside the caller's scope is a
404, never a filtered-out 200), role gates from permissions.py (403 before any lookup), and every
write goes through services.py, which audits it. Reads of users, memberships and audit rows are
audited as "access".
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.serializers import BaseSerializer

from palermo.accounts import queries, services
from palermo.accounts.audit_views import EXPORT_TYPES, export_audit
from palermo.accounts.events import audit
from palermo.accounts.forms import AuditLogFilter
from palermo.accounts.models import AuditLog, LogType, Membership, Organisation, User
from palermo.accounts.permissions import IsPlatformAdmin, IsSignedInReadPlatformAdminWrite
from palermo.accounts.serializers import (
    AuditLogSerializer,
    MembershipSerializer,
    OrganisationSerializer,
    UserCreateSerializer,
    UserSerializer,
)


class AuditedReadsMixin:
    """Write an "access" audit row for each list and each detail read."""

    audit_name = ""
    audit_object_type = ""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)  # type: ignore[misc]
        audit(
            request,
            LogType.ACCESS,
            f"{self.audit_name}.list",
            object_type=self.audit_object_type,
            metadata={"query": {k: request.query_params.getlist(k) for k in request.query_params}},
        )
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()  # type: ignore[attr-defined]
        audit(request, LogType.ACCESS, f"{self.audit_name}.read", obj=instance)
        return Response(self.get_serializer(instance).data)  # type: ignore[attr-defined]


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations: signed-in users read those in their scope; platform administrators write.

    There is no DELETE: memberships and other apps' records point at organisations; set
    ``is_active`` to false instead.
    """

    serializer_class = OrganisationSerializer
    permission_classes = [IsSignedInReadPlatformAdminWrite]
    filterset_fields = ["kind", "is_active", "country_iso3"]
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return queries.organisations_visible_to(self.request.user)

    def perform_create(self, serializer: BaseSerializer[Organisation]) -> None:
        serializer.instance = services.create_organisation(
            self.request, **serializer.validated_data
        )

    def perform_update(self, serializer: BaseSerializer[Organisation]) -> None:
        assert serializer.instance is not None
        serializer.instance = services.update_organisation(
            self.request, serializer.instance, **serializer.validated_data
        )


class UserViewSet(
    AuditedReadsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """User accounts, for platform administrators. No DELETE: deactivate with ``is_active``."""

    permission_classes = [IsPlatformAdmin]
    filterset_fields = ["is_active", "memberships__organisation", "memberships__role"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering_fields = ["username", "date_joined", "last_login"]
    audit_name = "user"
    audit_object_type = "accounts.User"

    def get_queryset(self) -> QuerySet[User]:
        return (
            queries.users_visible_to(self.request.user)
            .prefetch_related("memberships__organisation")
            .order_by("username")
            .distinct()
        )

    def get_serializer_class(self) -> type[BaseSerializer[User]]:
        return UserCreateSerializer if self.action == "create" else UserSerializer

    def perform_create(self, serializer: BaseSerializer[User]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.create_user(
            self.request, data.pop("username"), data.pop("password", None), **data
        )

    def perform_update(self, serializer: BaseSerializer[User]) -> None:
        assert serializer.instance is not None
        serializer.instance = services.update_user(
            self.request, serializer.instance, **serializer.validated_data
        )


class MembershipViewSet(
    AuditedReadsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Roles of users in organisations: POST grants, DELETE revokes (platform administrators)."""

    serializer_class = MembershipSerializer
    permission_classes = [IsPlatformAdmin]
    filterset_fields = ["user", "organisation", "role"]
    ordering_fields = ["created_at"]
    audit_name = "membership"
    audit_object_type = "accounts.Membership"

    def get_queryset(self) -> QuerySet[Membership]:
        return queries.memberships_visible_to(self.request.user).order_by("id")

    def perform_create(self, serializer: BaseSerializer[Membership]) -> None:
        data = serializer.validated_data
        serializer.instance = services.grant_membership(
            self.request, data["user"], data["organisation"], data["role"]
        )

    def perform_destroy(self, instance: Membership) -> None:
        services.revoke_membership(self.request, instance)


class MeViewSet(viewsets.GenericViewSet):
    """The signed-in user's own profile, memberships and two-factor status: GET /api/me/."""

    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[User]:
        return queries.users_visible_to(self.request.user)

    def list(self, request: Request) -> Response:
        return Response(self.get_serializer(request.user).data)


class AuditLogViewSet(AuditedReadsMixin, viewsets.ReadOnlyModelViewSet):
    """The audit log, read-only, for platform administrators; filter with the query parameters."""

    serializer_class = AuditLogSerializer
    permission_classes = [IsPlatformAdmin]
    filterset_class = AuditLogFilter
    ordering_fields = ["created_at", "action", "username"]
    audit_name = "audit"
    audit_object_type = "accounts.AuditLog"

    def get_queryset(self) -> QuerySet[AuditLog]:
        return queries.audit_visible_to(self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, enum=list(EXPORT_TYPES))],
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> HttpResponse:
        """The filtered rows as CSV or XLSX (``?kind=csv|xlsx``); the export itself is audited."""
        kind = request.query_params.get("kind", "csv")
        if kind not in EXPORT_TYPES:
            raise ValidationError({"kind": f"one of {sorted(EXPORT_TYPES)}"})
        queryset = self.filter_queryset(self.get_queryset())
        filters = {k: str(v) for k, v in request.query_params.items() if k != "kind"}
        return export_audit(request, queryset, kind, filters)


def register(router: BaseRouter) -> None:
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("users", UserViewSet, basename="user")
    router.register("memberships", MembershipViewSet, basename="membership")
    router.register("me", MeViewSet, basename="me")
    router.register("audit", AuditLogViewSet, basename="auditlog")
