"""Coordination API: anyone reads; editors write; UN entity members write their entity's activities.

- ``/api/coordination/activities/``: the activities registry (filters: organisation, kind,
  pillar, is_demo; ``?from=`` / ``?to=`` keep the activities overlapping the period). POST by
  editors and by members of a UN entity / IGO for that entity; PUT/PATCH/DELETE of another
  entity's activity answers 403.
- ``/api/coordination/activity-totals/``: totals by entity (``queries.activity_totals``).
- ``/api/coordination/{icat-members,working-group,icat-chairs,meetings,publications,world-days,
  campaigns,campaign-adoptions,campaign-results,resources}/``: public read, editor write.
Every write goes through ``services`` (validated, audited).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from palermo.coordination import models as m
from palermo.coordination import queries, services
from palermo.reference.models import Country


class CanEditCoordination(BasePermission):
    """Anyone reads; platform administrators and secretariat analysts write."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in SAFE_METHODS or queries.is_editor(request.user)


class CanRecordActivities(BasePermission):
    """Anyone reads; editors and members of a UN entity / IGO write (their scope is checked later)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in SAFE_METHODS or queries.can_add_activities(request.user)


def _drf_errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class ActivitySerializer(serializers.ModelSerializer[m.Activity]):
    countries = serializers.SlugRelatedField(
        slug_field="iso3", queryset=Country.objects.all(), many=True, required=False
    )

    class Meta:
        model = m.Activity
        exclude = ["created_by"]
        read_only_fields = ["created_at", "updated_at", "is_demo"]


class ActivityViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """The activities registry."""

    queryset = m.Activity.objects.all()
    serializer_class = ActivitySerializer
    permission_classes = [CanRecordActivities]
    filterset_fields = ["organisation", "kind", "pillar", "is_demo", "is_aggregate"]
    ordering_fields = ["start_date", "title"]

    def get_queryset(self) -> QuerySet[m.Activity]:
        params = self.request.query_params
        try:
            start = dt.date.fromisoformat(params["from"]) if params.get("from") else None
            end = dt.date.fromisoformat(params["to"]) if params.get("to") else None
        except ValueError:
            raise ValidationError({"from/to": "dates as YYYY-MM-DD"}) from None
        qs = queries.activities_in_period(start, end)
        return (
            qs.select_related("organisation")
            .prefetch_related("countries")
            .order_by("-start_date", "pk")
        )

    def _save(self, serializer: ActivitySerializer) -> None:
        data = dict(serializer.validated_data)
        countries = data.pop("countries", None)
        activity = serializer.instance or m.Activity()
        for name, value in data.items():
            setattr(activity, name, value)
        try:
            services.save_activity(self.request, self.request.user, activity, countries)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from None
        serializer.instance = activity

    def perform_create(self, serializer: ActivitySerializer) -> None:  # type: ignore[override]
        self._save(serializer)

    def perform_update(self, serializer: ActivitySerializer) -> None:  # type: ignore[override]
        self._save(serializer)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Refuse before validating the body, so a stranger learns nothing from a 400.
        activity = self.get_object()
        try:
            services.check_can_write_activity(request.user, activity.organisation_id, activity)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        return super().update(request, *args, **kwargs)

    def perform_destroy(self, instance: m.Activity) -> None:
        try:
            services.delete_activity(self.request, self.request.user, instance)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None


class EntityTotalsSerializer(serializers.Serializer[Any]):
    """One entity's totals (queries.EntityTotals), for the OpenAPI schema."""

    organisation_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    short_name = serializers.CharField()
    records = serializers.IntegerField()
    activities = serializers.IntegerField()
    participants_trained = serializers.IntegerField()
    victims_identified = serializers.IntegerField()
    victims_assisted = serializers.IntegerField()
    suspects_arrested = serializers.IntegerField()
    countries_reached = serializers.IntegerField(help_text="not additive: a lower bound")
    by_kind = serializers.DictField(child=serializers.IntegerField(), help_text="kind -> records")


# many=False: the ``list`` action returns one object, not an array.
@extend_schema_serializer(many=False)
class ActivityTotalsSerializer(serializers.Serializer[Any]):
    """queries.ActivityTotals.as_dict(), for the OpenAPI schema."""

    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    entities = EntityTotalsSerializer(many=True)
    total = EntityTotalsSerializer()


class ActivityTotalsViewSet(viewsets.ViewSet):
    """Totals by entity for ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (section III B of the report)."""

    permission_classes = [CanEditCoordination]

    @extend_schema(
        operation_id="coordination_activity_totals",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="first day (YYYY-MM-DD)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="last day (YYYY-MM-DD)"),
        ],
        responses=ActivityTotalsSerializer,
    )
    def list(self, request: Request) -> Response:
        try:
            start = (
                dt.date.fromisoformat(request.query_params["from"])
                if request.query_params.get("from")
                else None
            )
            end = (
                dt.date.fromisoformat(request.query_params["to"])
                if request.query_params.get("to")
                else None
            )
        except ValueError:
            raise ValidationError({"from/to": "dates as YYYY-MM-DD"}) from None
        return Response(queries.activity_totals(start, end).as_dict())


def record_viewset(
    model: type[models.Model], fields: Any = "__all__"
) -> type[viewsets.ModelViewSet]:  # type: ignore[type-arg]
    """A public-read, editor-write viewset for one coordination model, writing through services."""
    m2m = [f.name for f in model._meta.many_to_many]
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": ["is_demo"]})
    serializer = type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta})

    class RecordViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
        queryset = model.objects.all()  # type: ignore[attr-defined]
        serializer_class = serializer
        permission_classes = [CanEditCoordination]

        def _save(self, ser: serializers.ModelSerializer[Any]) -> None:
            data = dict(ser.validated_data)
            related = {name: data.pop(name) for name in m2m if name in data}
            obj = ser.instance or model()
            for name, value in data.items():
                setattr(obj, name, value)
            try:
                services.save_record(self.request, self.request.user, obj, m2m=related)
            except DjangoPermissionDenied as exc:
                raise PermissionDenied(str(exc)) from None
            except DjangoValidationError as exc:
                raise _drf_errors(exc) from None
            ser.instance = obj

        def perform_create(self, ser: Any) -> None:
            self._save(ser)

        def perform_update(self, ser: Any) -> None:
            self._save(ser)

        def perform_destroy(self, instance: Any) -> None:
            try:
                services.delete_record(self.request, self.request.user, instance)
            except DjangoPermissionDenied as exc:
                raise PermissionDenied(str(exc)) from None

    RecordViewSet.__name__ = f"{model.__name__}ViewSet"
    RecordViewSet.__qualname__ = RecordViewSet.__name__
    return RecordViewSet


# prefix -> (model, basename): the basenames are the permission matrix's keys.
RECORDS: dict[str, tuple[type[models.Model], str]] = {
    "icat-members": (m.IcatMember, "icatmember"),
    "working-group": (m.WorkingGroupSeat, "icatworkinggroup"),
    "icat-chairs": (m.IcatChair, "icatchair"),
    "meetings": (m.Meeting, "icatmeeting"),
    "publications": (m.Publication, "icatpublication"),
    "world-days": (m.WorldDay, "worldday"),
    "campaigns": (m.Campaign, "campaign"),
    "campaign-adoptions": (m.CampaignAdoption, "campaignadoption"),
    "campaign-results": (m.CampaignResult, "campaignresult"),
    "resources": (m.Resource, "coordinationresource"),
}


def register(router: BaseRouter) -> None:
    router.register("coordination/activities", ActivityViewSet, basename="coordinationactivity")
    router.register(
        "coordination/activity-totals", ActivityTotalsViewSet, basename="coordinationtotals"
    )
    for prefix, (model, basename) in RECORDS.items():
        router.register(f"coordination/{prefix}", record_viewset(model), basename=basename)
