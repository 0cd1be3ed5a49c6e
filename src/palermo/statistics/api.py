"""Read API of the statistics: every statistic with its definition, figures as published (no count under 5)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.statistics import engine
from palermo.statistics.queries import NoRelease, frame, releases
from palermo.statistics.registry import STATISTICS

# "source" would shadow Field.source on a Serializer class: these two are built inline.
RELEASE_FIELDS: dict[str, serializers.Field[Any, Any, Any, Any]] = {
    "date": serializers.DateField(),
    "source": serializers.CharField(),
    "rows": serializers.IntegerField(),
    "file": serializers.CharField(),
}


class StatisticInfoSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    needs_year = serializers.BooleanField()


class StatisticListSerializer(serializers.Serializer[Any]):
    """The answer of StatisticList, for the OpenAPI schema."""

    releases = inline_serializer(
        "StatisticRelease", RELEASE_FIELDS, many=True, help_text="releases loaded"
    )
    method = serializers.CharField(help_text="how figures are protected (small cells)")
    statistics = StatisticInfoSerializer(many=True)


StatisticTableSerializer = inline_serializer(
    "StatisticTable",
    {
        "slug": serializers.CharField(),
        "title": serializers.CharField(),
        "definition": serializers.CharField(),
        "method": serializers.CharField(),
        "release": serializers.CharField(),
        "source": serializers.ChoiceField(choices=["glotip", "submissions", "combined"]),
        "year": serializers.IntegerField(allow_null=True),
        "columns": serializers.ListField(child=serializers.CharField()),
        "rows": serializers.ListField(child=serializers.ListField(child=serializers.JSONField())),
    },
)


class StatisticList(APIView):
    """The statistics on offer, with their definitions and the releases loaded."""

    permission_classes = [AllowAny]  # GLOTIP figures are public, small cells already hidden

    @extend_schema(operation_id="statistics_list", responses=StatisticListSerializer)
    def get(self, request: Request) -> Response:
        return Response({
            "releases": releases(), "method": engine.METHOD,
            "statistics": [
                {"slug": s.slug, "title": str(s.title), "definition": str(s.definition),
                 "needs_year": s.needs_year}
                for s in STATISTICS.values()
            ],
        })  # fmt: skip


class StatisticDetail(APIView):
    """One statistic for ?year=, ?release= (default: the latest of each) and ?source=glotip|
    submissions|combined (&round=CODE for one round's submissions)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="statistics_retrieve",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="default: the latest"),
            OpenApiParameter("release", OpenApiTypes.STR, description="default: the latest"),
            OpenApiParameter(
                "source", OpenApiTypes.STR, enum=["glotip", "submissions", "combined"]
            ),
            OpenApiParameter("round", OpenApiTypes.STR, description="one round's submissions"),
        ],
        responses={
            200: StatisticTableSerializer,
            400: OpenApiResponse(description="year is not a number"),
            404: OpenApiResponse(description="no such statistic or release"),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        statistic = STATISTICS.get(slug)
        if statistic is None:
            raise Http404(slug)
        try:
            f = frame(
                request.query_params.get("release") or None,
                request.query_params.get("source") or "glotip",
                request.query_params.get("round") or None,
            )
        except NoRelease as exc:
            raise Http404(str(exc)) from None
        try:
            year = int(request.query_params.get("year") or f.data["year"].max())
        except ValueError:
            return Response({"detail": "year must be a number"}, status=400)
        header, rows = statistic.table(f, year)
        body: dict[str, Any] = {
            "slug": slug, "title": str(statistic.title), "definition": str(statistic.definition),
            "method": engine.METHOD, "release": f.release,
            "source": request.query_params.get("source") or "glotip",
            "year": year if statistic.needs_year else None,
            "columns": header, "rows": rows,
        }  # fmt: skip
        return Response(body)
