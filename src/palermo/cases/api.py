"""Cases API: case records, sources and imports, each within the caller's scope (queries.py).

- ``GET /api/cases/records/``: pseudonymous summaries of the cases in scope (audited as a list);
  ``GET /api/cases/records/{id}/``: one case, field groups by role, identifiers only for case
  workers of the owning organisation (audited as a read); ``PATCH``: fields of writable groups.
  A case outside the scope is a 404 for every method.
- ``GET /api/cases/sources/`` (and ``{id}/``); ``POST`` creates a source for an organisation where
  the caller is a case worker or national focal point.
- ``GET /api/cases/imports/`` (and ``{id}/``): an import's status, counts and every problem.
- Record linkage: ``GET /api/cases/linkage-runs/`` (runs whose scope is within the caller's
  linkage organisations), ``GET /api/cases/review-pairs/`` (undecided pairs of the run in force,
  ``?run=``), ``GET|POST /api/cases/match-decisions/`` (decide a pair: case_l, case_r, decision).
Nothing here is public: anonymous callers get 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Organisation
from palermo.cases import linkage, queries, review, services
from palermo.cases.models import (
    CaseRecord,
    ImportBatch,
    LinkageRun,
    MatchDecision,
    ReviewPair,
    Source,
)

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
    register_linkage(router)


# --- Record linkage (linkage.py, review.py): list-only reads and the one write, a decision ------


class LinkageRunSerializer(serializers.ModelSerializer[LinkageRun]):
    class Meta:
        model = LinkageRun
        fields = [
            "id",
            "scope",
            "organisations",
            "status",
            "phase",
            "done",
            "total",
            "records",
            "persons",
            "review_pairs",
            "threshold",
            "is_current",
            "alerts",
            "started_at",
            "finished_at",
        ]


class LinkageRunViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Runs whose whole scope lies within the caller's linkage organisations."""

    queryset = LinkageRun.objects.all()
    serializer_class = LinkageRunSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[LinkageRun]:
        return linkage.runs_visible_to(self.request.user).prefetch_related("organisations")


class ReviewPairSerializer(serializers.ModelSerializer[ReviewPair]):
    pid_l = serializers.CharField(source="case_l.pid", read_only=True)
    pid_r = serializers.CharField(source="case_r.pid", read_only=True)
    source_l = serializers.CharField(source="case_l.source.name", read_only=True)
    source_r = serializers.CharField(source="case_r.source.name", read_only=True)

    class Meta:
        model = ReviewPair
        fields = ["id", "run", "case_l", "case_r", "pid_l", "pid_r", "source_l", "source_r"]
        fields += ["probability"]


class ReviewPairViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Undecided pairs of the run in force (``?run=ID`` for another), both records in scope."""

    queryset = ReviewPair.objects.all()
    serializer_class = ReviewPairSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[ReviewPair]:
        param = self.request.query_params.get("run", "")
        run = linkage.current_run_for(self.request.user, int(param) if param.isdigit() else None)
        if run is None:
            return ReviewPair.objects.none()
        audit(self.request, LogType.ACCESS, "cases.review.list", obj=run)
        return review.review_queue(self.request.user, run)


class MatchDecisionSerializer(serializers.ModelSerializer[MatchDecision]):
    class Meta:
        model = MatchDecision
        fields = ["id", "case_l", "case_r", "decision", "probability", "note", "decided_at"]
        read_only_fields = fields


class DecisionInput(serializers.Serializer[Any]):
    # plain ids, not related fields: a case outside the scope must look like one that does not exist
    case_l = serializers.IntegerField()
    case_r = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    probability = serializers.FloatField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class MatchDecisionViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Decisions on pairs whose two records are in the caller's linkage scope; POST decides."""

    queryset = MatchDecision.objects.all()
    serializer_class = MatchDecisionSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[MatchDecision]:
        return review.decisions_visible_to(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not linkage.can_link(request.user):
            raise PermissionDenied("only case workers, focal points and analysts review matches")
        body = DecisionInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        scope = linkage.linkage_cases(request.user)
        left = scope.filter(pk=data["case_l"]).first()
        right = scope.filter(pk=data["case_r"]).first()
        if left is None or right is None:
            raise NotFound("no such case in your scope")
        try:
            made = review.decide(
                request,
                request.user,
                left,
                right,
                data["decision"],
                data.get("probability"),
                data.get("note", ""),
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(MatchDecisionSerializer(made).data, status=status.HTTP_201_CREATED)


def register_linkage(router: BaseRouter) -> None:
    router.register("cases/linkage-runs", LinkageRunViewSet, basename="caselinkagerun")
    router.register("cases/review-pairs", ReviewPairViewSet, basename="casereviewpair")
    router.register("cases/match-decisions", MatchDecisionViewSet, basename="casematchdecision")
