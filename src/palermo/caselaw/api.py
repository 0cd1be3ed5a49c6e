"""Case-law API: public read of published decisions, editor writes, search with facets and export.

- ``GET /api/caselaw/decisions/`` and ``/{id}/``: published decisions (editors: all). Filters as in
  the search (``country``, ``year``...).
- ``POST``, ``PUT``, ``PATCH``, ``DELETE``: platform administrators and secretariat analysts. The
  body has the fields of the import format (docs/caselaw.md); ``PATCH {"status": ...}`` moves a
  decision through draft -> in_review -> published. Every write is audited.
- ``GET /api/caselaw/search/?q=...&country=...&sort=...&limit=&offset=&as=json|csv``: ranked hits
  with snippets, the total and the facet counts; ``as=csv|json`` downloads the result set.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.caselaw import export, importer, queries, services
from palermo.caselaw.models import Decision, Source


class EditorWriteOrReadOnly(BasePermission):
    """Anyone reads (queries decide what); case-law editors write."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in SAFE_METHODS or queries.is_editor(request.user)


def filters_of(request: Request) -> dict[str, list[str]]:
    return {name: request.query_params.getlist(name) for name in queries.FILTER_NAMES}


def _record(row: dict[str, Any]) -> dict[str, Any]:
    problems: dict[str, list[str]] = {}

    def fail(column: str, message: str) -> None:
        problems.setdefault(column, []).append(message)

    countries = importer._countries()
    record = importer.to_record(row, fail, countries, "draft")
    if problems:
        raise ValidationError(problems)
    return record


_DECISION = {"request": OpenApiTypes.OBJECT, "responses": OpenApiTypes.OBJECT}


# The rows are the import format's fields (docs/caselaw.md), built by the importer rather than a
# serializer, so the schema declares free-form objects and distinct operation ids.
@extend_schema_view(
    list=extend_schema(operation_id="caselaw_decisions_list", responses=OpenApiTypes.OBJECT),
    retrieve=extend_schema(
        operation_id="caselaw_decisions_retrieve", responses=OpenApiTypes.OBJECT
    ),
    create=extend_schema(operation_id="caselaw_decisions_create", **_DECISION),
    update=extend_schema(operation_id="caselaw_decisions_update", **_DECISION),
    partial_update=extend_schema(operation_id="caselaw_decisions_partial_update", **_DECISION),
    destroy=extend_schema(operation_id="caselaw_decisions_destroy", responses={204: None}),
)
class DecisionViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """Court decisions (published ones for the public)."""

    queryset = Decision.objects.all()
    permission_classes = [EditorWriteOrReadOnly]

    def get_queryset(self) -> QuerySet[Decision]:
        qs = queries.decisions_visible_to(self.request.user).select_related("country")
        return queries.apply_filters(qs, filters_of(self.request)).order_by("-year", "id")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        qs = self.get_queryset()
        page = self.paginate_queryset(qs)
        rows = [queries.Hit(d, None, "").as_dict() for d in (page if page is not None else qs)]
        for row in rows:
            row.pop("snippet")
        return self.get_paginated_response(rows) if page is not None else Response(rows)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        return Response({"id": decision.pk, **importer.row_of(decision)})

    def _save(self, request: Request, row: dict[str, Any], decision: Decision | None) -> Response:
        record = _record(row)
        if decision is None:
            record["source"] = Source.EDITOR
        try:
            saved = services.save_decision(request, request.user, record, decision)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        code = status.HTTP_200_OK if decision else status.HTTP_201_CREATED
        return Response({"id": saved.pk, **importer.row_of(saved)}, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = dict(request.data)
        if not row.get("ref"):
            row["ref"] = f"palermo:{uuid.uuid4()}"
        elif Decision.objects.filter(ref=row["ref"]).exists():
            raise ValidationError({"ref": ["a decision with this reference exists"]})
        row.pop("status", None)  # new decisions start as drafts: publication needs review
        return self._save(request, row, None)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        partial = kwargs.get("partial", False)
        data = dict(request.data)
        wanted_status = data.pop("status", None)
        row = {**importer.row_of(decision), **data} if partial else {**data}
        row["ref"] = decision.ref
        if partial and not data:
            response = Response({"id": decision.pk, **importer.row_of(decision)})
        else:
            response = self._save(request, row, decision)
        if wanted_status and wanted_status != decision.status:
            try:
                services.set_status(request, request.user, decision, str(wanted_status))
            except DjangoValidationError as exc:
                raise ValidationError(exc.message_dict) from None
            decision.refresh_from_db()
            response = Response({"id": decision.pk, **importer.row_of(decision)})
        return response

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.delete_decision(request, request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class SearchViewSet(viewsets.ViewSet):
    """Full-text search with facets; ``as=csv|json`` downloads the whole result set."""

    permission_classes = [EditorWriteOrReadOnly]

    @extend_schema(
        operation_id="caselaw_search",
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("q", str, description="words to find (stemmed in EN, FR, ES)"),
            OpenApiParameter("sort", str, enum=["relevance", "date", "oldest", "title"]),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
            OpenApiParameter(
                "as", str, enum=["json", "csv"], description="download the result set"
            ),
            *[OpenApiParameter(name, str, many=True) for name in queries.FILTER_NAMES],
        ],
    )
    def list(self, request: Request) -> Response | HttpResponse:
        params = request.query_params
        kind = params.get("as", "")
        if kind and kind not in export.CONTENT_TYPES:
            raise ValidationError({"as": f"choose one of {', '.join(export.CONTENT_TYPES)}"})
        try:
            limit = int(params.get("limit", export.MAX_EXPORT if kind else 20))
            offset = int(params.get("offset", 0))
        except ValueError:
            raise ValidationError({"limit": "whole numbers only"}) from None
        sort = params.get("sort", "relevance")
        if sort not in queries.SORTS:
            raise ValidationError({"sort": f"choose one of {', '.join(queries.SORTS)}"})
        result = queries.search(
            request.user,
            params.get("q", ""),
            filters_of(request),
            sort=sort,
            limit=min(limit, export.MAX_EXPORT),
            offset=offset,
            facets=not kind,
        )
        if not kind:
            return Response(result.as_dict())
        response = HttpResponse(
            export.render(result, kind), content_type=export.CONTENT_TYPES[kind]
        )
        response["Content-Disposition"] = f'attachment; filename="caselaw-search.{kind}"'
        audit(request, LogType.EXPORT, "caselaw.search.export", object_type="caselaw.Decision",
              metadata={"format": kind, "q": params.get("q", ""), "rows": len(result.hits)})  # fmt: skip
        return response


def register(router: BaseRouter) -> None:
    router.register("caselaw/decisions", DecisionViewSet, basename="caselawdecision")
    router.register("caselaw/search", SearchViewSet, basename="caselawsearch")
