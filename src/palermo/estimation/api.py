"""Estimation API: list, read and start runs (upload a capture table); export a run as JSON/CSV.

- ``GET /api/estimation/runs/``, ``GET /api/estimation/runs/{id}/``: runs in the caller's scope
  (queries.runs_visible_to); anything else is a 404. Every list and read is audited.
- ``POST /api/estimation/runs/`` (multipart: ``file`` plus the settings and tags of RunSerializer):
  platform administrators, secretariat analysts and national focal points, for an organisation
  where they hold that role. The estimate runs synchronously within the limits of services.py.
- ``GET /api/estimation/run-exports/{id}/?as=csv|json``: the run as a download, audited as an
  export. It is its own endpoint (not an action of the runs) so that the permission matrix covers
  it like every other read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Organisation
from palermo.estimation import export, queries, services
from palermo.estimation.models import EstimationRun, Exploitation, IntervalKind, Method, Sex


class CanReadOrRunEstimates(BasePermission):
    """Signed in to read (scope does the rest); a run role somewhere to start a run."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not getattr(request.user, "is_authenticated", False):
            return False
        if view.action == "create":
            return queries.can_run(request.user)
        return True


class RunSerializer(serializers.Serializer[EstimationRun]):
    """The body of POST /api/estimation/runs/ (multipart)."""

    file = serializers.FileField()
    name = serializers.CharField(max_length=200)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    method = serializers.ChoiceField(Method.choices, default="stepwise")
    threshold = serializers.FloatField(default=0.02, min_value=0, max_value=1)
    terms = serializers.CharField(required=False, allow_blank=True, default="")
    bootstrap = serializers.IntegerField(default=0, min_value=0)
    ci = serializers.ChoiceField(IntervalKind.choices, default="conditional")
    seed = serializers.IntegerField(required=False, allow_null=True, default=None)
    level = serializers.FloatField(default=0.95)
    country_iso3 = serializers.CharField(required=False, allow_blank=True, default="")
    year = serializers.IntegerField(required=False, allow_null=True, default=None)
    sex = serializers.ChoiceField(Sex.choices, default="total")
    age_group = serializers.CharField(required=False, default="total", max_length=16)
    exploitation = serializers.ChoiceField(Exploitation.choices, default="all")


def _summary(run: EstimationRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "name": run.name,
        "organisation": run.organisation_id,
        "created_at": run.created_at.isoformat(),
        "status": run.status,
        "observed": run.observed,
        "estimate": run.estimate,
        "ci": run.ci,
        "model": run.model_terms,
        "country_iso3": run.country_iso3,
        "year": run.year,
        "per_100k": run.sdg.get("per_100k"),
    }


class EstimationRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Estimation runs in the caller's scope; POST starts one from an uploaded table."""

    # The class-level queryset names the model (schema, permission matrix); reads use the scope.
    queryset = EstimationRun.objects.all()
    permission_classes = [CanReadOrRunEstimates]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = RunSerializer
    filterset_fields = ["organisation", "status", "country_iso3", "year", "method"]
    ordering_fields = ["created_at", "name", "estimate"]

    def get_queryset(self) -> QuerySet[EstimationRun]:
        return queries.runs_visible_to(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        runs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(runs)
        rows = [_summary(run) for run in (page if page is not None else runs)]
        audit(
            request, LogType.ACCESS, "estimation.run.list", object_type="estimation.EstimationRun"
        )
        return self.get_paginated_response(rows) if page is not None else Response(rows)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        run = self.get_object()
        audit(request, LogType.ACCESS, "estimation.run.read", obj=run)
        return Response(run.as_dict())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RunSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        upload = data.pop("file")
        try:
            run = services.run_estimate(
                request,
                request.user,
                services.RunSpec(**data),
                upload.name or "upload.csv",
                upload.read(services.limit("PALERMO_MSE_MAX_UPLOAD_BYTES") + 1),
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(run.as_dict(), status=status.HTTP_201_CREATED)


class EstimationRunExportViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A run as a JSON or CSV download (``?as=csv|json``, JSON by default)."""

    queryset = EstimationRun.objects.all()
    permission_classes = [CanReadOrRunEstimates]

    def get_queryset(self) -> QuerySet[EstimationRun]:
        return queries.runs_visible_to(self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("as", OpenApiTypes.STR, enum=list(export.CONTENT_TYPES))],
        responses={200: OpenApiTypes.BINARY},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = request.query_params.get("as", "json")
        if kind not in export.CONTENT_TYPES:
            raise ValidationError({"as": f"choose one of {', '.join(export.CONTENT_TYPES)}"})
        run = self.get_object()
        response = HttpResponse(export.render(run, kind), content_type=export.CONTENT_TYPES[kind])
        response["Content-Disposition"] = f'attachment; filename="{export.filename(run, kind)}"'
        audit(request, LogType.EXPORT, "estimation.run.export", obj=run, metadata={"format": kind})
        return response


def register(router: BaseRouter) -> None:
    router.register("estimation/runs", EstimationRunViewSet, basename="estimationrun")
    router.register(
        "estimation/run-exports", EstimationRunExportViewSet, basename="estimationrunexport"
    )
