"""Trust fund API (read-only; writes go through the pages and services.py).

- ``/api/fund/donors/``, ``/api/fund/contributions/``, ``/api/fund/ledger/``: fund officers and
  platform administrators only (403 for anyone else). An individual donor's personal data is in
  ``personal`` for them, and each such read is audited.
- ``/api/fund/calls/``: signed-in users see open and closed calls (drafts: managers only).
- ``/api/fund/applications/``, ``/api/fund/grants/``: scoped (queries.py): managers all, applicants
  their organisations', reviewers the applications assigned to them. Outside the scope: 404.
- ``/api/fund/summary/?from=&to=``: ``queries.fund_summary`` (aggregates) for signed-in members.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.fund import ledger, queries
from palermo.fund.models import Application, Call, Contribution, Donor, Grant


class IsFundManager(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return queries.is_manager(request.user)


class IsFundMember(BasePermission):
    """Signed in with a role somewhere; the scope functions decide which rows."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return queries.may_see_dashboard(request.user)


class DonorSerializer(serializers.ModelSerializer[Donor]):
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    personal = serializers.SerializerMethodField()

    class Meta:
        model = Donor
        fields = ["id", "kind", "name", "country", "is_anonymous", "is_demo", "personal"]

    def get_personal(self, donor: Donor) -> dict[str, str] | None:
        request = self.context["request"]
        data = queries.donor_personal_data(request, request.user, donor)
        if data is None:
            return None
        return {
            "full_name": data.full_name,
            "email": data.email,
            "phone": data.phone,
            "address": data.address,
        }


class ContributionSerializer(serializers.ModelSerializer[Contribution]):
    class Meta:
        model = Contribution
        fields = [
            "id",
            "donor",
            "received_on",
            "amount",
            "currency",
            "usd_rate",
            "rate_date",
            "rate_source",
            "amount_usd",
            "earmark",
            "earmark_call",
            "receipt_number",
            "reverses",
            "reason",
        ]


class CallSerializer(serializers.ModelSerializer[Call]):
    class Meta:
        model = Call
        fields = [
            "id",
            "title",
            "year",
            "status",
            "opens_on",
            "closes_on",
            "priorities",
            "eligibility",
            "eligible_kinds",
            "max_amount_usd",
            "rubric",
            "is_demo",
        ]


class ApplicationSerializer(serializers.ModelSerializer[Application]):
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "organisation",
            "title",
            "summary",
            "theme",
            "country",
            "requested_usd",
            "status",
            "submitted_at",
        ]


class GrantSerializer(serializers.ModelSerializer[Grant]):
    class Meta:
        model = Grant
        fields = ["id", "number", "application", "amount_usd", "starts_on", "ends_on"]


class AuditedReadOnly(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """List and retrieve, each audited under ``audit_name``."""

    audit_name = ""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        model = self.get_queryset().model
        audit(request, LogType.ACCESS, f"{self.audit_name}.list", object_type=model._meta.label)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        audit(request, LogType.ACCESS, f"{self.audit_name}.read", obj=obj)
        return Response(self.get_serializer(obj).data)


class DonorViewSet(AuditedReadOnly):
    queryset = Donor.objects.all()
    serializer_class = DonorSerializer
    permission_classes = [IsFundManager]
    audit_name = "fund.donor"
    filterset_fields = ["kind", "is_demo"]

    def get_queryset(self) -> QuerySet[Donor]:
        return queries.donors_visible_to(self.request.user)


class ContributionViewSet(AuditedReadOnly):
    queryset = Contribution.objects.all()
    serializer_class = ContributionSerializer
    permission_classes = [IsFundManager]
    audit_name = "fund.contribution"
    filterset_fields = ["donor", "currency"]

    def get_queryset(self) -> QuerySet[Contribution]:
        return queries.contributions_visible_to(self.request.user)


class CallViewSet(AuditedReadOnly):
    queryset = Call.objects.all()
    serializer_class = CallSerializer
    permission_classes = [IsFundMember]
    audit_name = "fund.call"
    filterset_fields = ["year", "status"]

    def get_queryset(self) -> QuerySet[Call]:
        return queries.calls_visible_to(self.request.user)


class ApplicationViewSet(AuditedReadOnly):
    queryset = Application.objects.all()
    serializer_class = ApplicationSerializer
    permission_classes = [IsFundMember]
    audit_name = "fund.application"
    filterset_fields = ["call", "status", "organisation"]

    def get_queryset(self) -> QuerySet[Application]:
        return queries.applications_visible_to(self.request.user)


class GrantViewSet(AuditedReadOnly):
    queryset = Grant.objects.all()
    serializer_class = GrantSerializer
    permission_classes = [IsFundMember]
    audit_name = "fund.grant"

    def get_queryset(self) -> QuerySet[Grant]:
        return queries.grants_visible_to(self.request.user)


# Response shapes of the two figure endpoints, for the OpenAPI schema only (the views return the
# dicts of ledger.check() and summary.fund_summary()). many=False: a ``list`` action that returns
# one object, not an array.
def _usd() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)


@extend_schema_serializer(many=False)
class LedgerCheckSerializer(serializers.Serializer[Any]):
    reconciles = serializers.BooleanField(help_text="True when the ledger has no problem")
    contributions_usd = _usd()
    payments_usd = _usd()
    balance_usd = _usd()
    ledger_balance_usd = _usd()
    entries = serializers.IntegerField()
    head = serializers.CharField(help_text="hash at the head of the ledger chain")
    problems = serializers.ListField(
        child=serializers.DictField(), help_text="{table, id, problem, ...details}"
    )


class DonorsOfKindSerializer(serializers.Serializer[Any]):
    donors = serializers.IntegerField()
    usd = _usd()


class CallSummarySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    title = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    priorities = serializers.ListField(child=serializers.CharField())
    applications = serializers.IntegerField()
    grants = serializers.IntegerField()


class GrantTotalsSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    amount_usd = _usd()


class PeopleAssistedSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    per_year = serializers.DictField(child=serializers.IntegerField(), help_text="year -> people")
    average_per_year = serializers.IntegerField()
    by_sex = serializers.DictField(child=serializers.IntegerField())
    by_age_group = serializers.DictField(child=serializers.IntegerField())
    by_service = serializers.DictField(child=serializers.IntegerField())


class BoardMemberSummarySerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    chair = serializers.BooleanField()
    term = serializers.CharField(help_text="first-last year")


@extend_schema_serializer(many=False)
class FundSummarySerializer(serializers.Serializer[Any]):
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField()
    currency = serializers.CharField()
    contributions_usd = _usd()
    contributions_usd_cumulative = _usd()
    donors_by_type = serializers.DictField(
        child=DonorsOfKindSerializer(), help_text="donor kind -> donors and USD"
    )
    donors_by_type_period = serializers.DictField(child=DonorsOfKindSerializer())
    payments_usd_cumulative = _usd()
    balance_usd = _usd()
    calls = CallSummarySerializer(many=True)
    grants = GrantTotalsSerializer()
    ngos_funded = serializers.IntegerField()
    people_assisted = PeopleAssistedSerializer()
    board = BoardMemberSummarySerializer(many=True)


class LedgerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """``GET /api/fund/ledger/``: the reconciliation (balances and problems), as ledger-check."""

    queryset = Contribution.objects.none()
    permission_classes = [IsFundManager]

    @extend_schema(operation_id="fund_ledger_check", responses=LedgerCheckSerializer)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit(request, LogType.ACCESS, "fund.ledger.read", object_type="fund.LedgerEntry")
        return Response(ledger.check().as_dict())


def _date(text: str, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({name: f"{name}: not a date (YYYY-MM-DD): {text!r}"}) from None


class SummaryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """``GET /api/fund/summary/?from=YYYY-MM-DD&to=YYYY-MM-DD``: the fund in figures."""

    queryset = Contribution.objects.none()
    permission_classes = [IsFundMember]

    @extend_schema(
        operation_id="fund_summary",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="first day (YYYY-MM-DD)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="last day (default: today)"),
        ],
        responses=FundSummarySerializer,
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = request.query_params
        summary = queries.fund_summary(
            _date(params.get("from", ""), "from"), _date(params.get("to", ""), "to")
        )
        return Response(summary)


def register(router: BaseRouter) -> None:
    router.register("fund/donors", DonorViewSet, basename="funddonor")
    router.register("fund/contributions", ContributionViewSet, basename="fundcontribution")
    router.register("fund/calls", CallViewSet, basename="fundcall")
    router.register("fund/applications", ApplicationViewSet, basename="fundapplication")
    router.register("fund/grants", GrantViewSet, basename="fundgrant")
    router.register("fund/ledger", LedgerViewSet, basename="fundledger")
    router.register("fund/summary", SummaryViewSet, basename="fundsummary")
