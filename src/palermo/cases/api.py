"""Cases API: case records, sources and imports, each within the caller's scope (queries.py).

- ``GET /api/cases/records/``: pseudonymous summaries of the cases in scope (audited as a list);
  ``GET /api/cases/records/{id}/``: one case, field groups by role, identifiers only for case
  workers of the owning organisation (audited as a read); ``PATCH``: fields of writable groups.
  A case outside the scope is a 404 for every method.
- ``GET /api/cases/sources/`` (and ``{id}/``); ``POST`` creates a source for an organisation where
  the caller is a case worker or national focal point.
- ``GET /api/cases/imports/`` (and ``{id}/``): an import's status, counts and every problem.
Nothing here is public: anonymous callers get 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Organisation
from palermo.cases import queries, services
from palermo.cases.models import CaseRecord, ImportBatch, Source

SUMMARY = ("id", "pid", "status", "gender", "age_band", "citizenship", "year", "exploitation_types")


class CaseSummarySerializer(serializers.ModelSerializer[CaseRecord]):
    source = serializers.CharField(source="source.name", read_only=True)

    class Meta:
        model = CaseRecord
        fields = [*SUMMARY, "source"]


class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Case records in scope; reads and writes audited; field groups per role."""

    queryset = CaseRecord.objects.all()
    serializer_class = CaseSummarySerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]
    filterset_fields = ["source", "status", "gender", "age_band", "citizenship", "year"]
    ordering_fields = ["id", "year"]

    def get_queryset(self) -> QuerySet[CaseRecord]:
        return queries.cases_visible_to(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit(request, LogType.ACCESS, "cases.case.list", object_type="cases.CaseRecord")
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        return Response(services.case_view(request, request.user, case))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()  # 404 outside the scope, before any permission question
        if "case" not in queries.writable_groups(request.user, case):
            raise PermissionDenied("your role may not change this case")
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": "an object of field -> value"})
        try:
            services.update_case(request, request.user, case, dict(request.data))
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(services.case_view(request, request.user, case))


class SourceSerializer(serializers.ModelSerializer[Source]):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())

    class Meta:
        model = Source
        fields = ["id", "name", "organisation", "description", "retention_days", "mapping"]


class SourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Source]:
        return queries.sources_visible_to(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not queries.can_import(request.user):
            raise PermissionDenied("only case workers and focal points create sources")
        serializer = SourceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            source = services.create_source(
                request,
                request.user,
                data["organisation"],
                data["name"],
                data.get("retention_days", 3650),
                data.get("mapping") or {},
                data.get("description", ""),
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        return Response(SourceSerializer(source).data, status=status.HTTP_201_CREATED)


class ImportBatchSerializer(serializers.ModelSerializer[ImportBatch]):
    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "source",
            "filename",
            "sha256",
            "status",
            "dry_run",
            "scheme",
            "rows",
            "created",
            "unchanged",
            "problem_count",
            "message",
            "started_at",
            "finished_at",
            "report",
        ]


class ImportBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = ImportBatch.objects.all()
    serializer_class = ImportBatchSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[ImportBatch]:
        return queries.imports_visible_to(self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        batch = self.get_object()
        audit(request, LogType.ACCESS, "cases.batch.read", obj=batch)
        return Response(ImportBatchSerializer(batch).data)


def register(router: BaseRouter) -> None:
    router.register("cases/records", CaseViewSet, basename="caserecord")
    router.register("cases/sources", SourceViewSet, basename="casesource")
    router.register("cases/imports", ImportBatchViewSet, basename="caseimport")
