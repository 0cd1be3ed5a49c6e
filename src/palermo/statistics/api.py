"""Read API of the statistics: every statistic with its definition, figures as published (no count under 5)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.statistics import engine
from palermo.statistics.queries import NoRelease, frame, releases
from palermo.statistics.registry import STATISTICS


class StatisticList(APIView):
    """The statistics on offer, with their definitions and the releases loaded."""

    permission_classes = [AllowAny]  # GLOTIP figures are public, small cells already hidden

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
