"""Reference data API: public reads (paginated, filtered, ordered) and audited admin writes."""

from __future__ import annotations

from typing import Any

from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets
from rest_framework.routers import BaseRouter

from palermo.accounts.permissions import IsPlatformAdminOrReadOnly
from palermo.reference import services
from palermo.reference.models import (
    Country,
    LegislationStatus,
    PolicyIndex,
    Population,
    Region,
    TipTier,
    Treaty,
    TreatyAction,
)

# --- serializers -------------------------------------------------------------------------------


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="m49", queryset=Region.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Region
        fields = ["id", "m49", "level", "parent", "names"]


class CountrySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="m49", queryset=Region.objects.all(), allow_null=True, required=False
    )
    subregion = serializers.SlugRelatedField(
        slug_field="m49", queryset=Region.objects.all(), allow_null=True, required=False
    )
    intermediate_region = serializers.SlugRelatedField(
        slug_field="m49", queryset=Region.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Country
        fields = [
            "id",
            "iso3",
            "iso2",
            "m49",
            "names",
            "un_names",
            "formal_names",
            "region",
            "subregion",
            "intermediate_region",
            "ldc",
            "lldc",
            "sids",
            "is_un_member",
            "is_observer_state",
            "is_regional_organisation",
        ]


class PopulationSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())

    class Meta:
        model = Population
        fields = ["id", "country", "year", "sex", "age_group", "value", "source"]


class TreatySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=Treaty.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Treaty
        fields = [
            "id",
            "code",
            "untc_id",
            "names",
            "short_names",
            "adopted",
            "entry_into_force",
            "url",
            "parent",
        ]


class TreatyActionSerializer(serializers.ModelSerializer):
    treaty = serializers.SlugRelatedField(slug_field="code", queryset=Treaty.objects.all())
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())

    class Meta:
        model = TreatyAction
        fields = [
            "id",
            "treaty",
            "country",
            "action",
            "date",
            "source",
            "source_url",
            "note",
            "loaded_from",
        ]
        read_only_fields = ["loaded_from"]

    def validate_source(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("every treaty action must cite its source")
        return value


class LegislationSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())

    class Meta:
        model = LegislationStatus
        fields = ["id", "country", "year", "criminalisation", "source", "note"]


class PolicyIndexSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())

    class Meta:
        model = PolicyIndex
        fields = [
            "id",
            "country",
            "year",
            "prosecution",
            "prevention",
            "protection",
            "total",
            "source",
        ]


class TipTierSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())

    class Meta:
        model = TipTier
        fields = ["id", "country", "report_year", "tier", "source"]


# --- filters -----------------------------------------------------------------------------------


class CountryFilter(filters.FilterSet):
    iso3 = filters.CharFilter(field_name="iso3", lookup_expr="iexact")
    region = filters.CharFilter(
        method="filter_region", help_text="M49 code of any enclosing region"
    )

    class Meta:
        model = Country
        fields = ["iso3", "iso2", "m49", "ldc", "lldc", "sids", "is_un_member", "is_observer_state"]

    def filter_region(self, queryset: Any, name: str, value: str) -> Any:
        from django.db.models import Q

        return queryset.filter(
            Q(region__m49=value) | Q(subregion__m49=value) | Q(intermediate_region__m49=value)
        )


class _CountryYearFilter(filters.FilterSet):
    iso3 = filters.CharFilter(field_name="country__iso3", lookup_expr="iexact")
    region = filters.CharFilter(
        method="filter_region", help_text="M49 code of any enclosing region"
    )
    year_min = filters.NumberFilter(field_name="year", lookup_expr="gte")
    year_max = filters.NumberFilter(field_name="year", lookup_expr="lte")

    def filter_region(self, queryset: Any, name: str, value: str) -> Any:
        from django.db.models import Q

        return queryset.filter(
            Q(country__region__m49=value)
            | Q(country__subregion__m49=value)
            | Q(country__intermediate_region__m49=value)
        )


class PopulationFilter(_CountryYearFilter):
    class Meta:
        model = Population
        fields = ["iso3", "year", "sex", "age_group", "source"]


class LegislationFilter(_CountryYearFilter):
    class Meta:
        model = LegislationStatus
        fields = ["iso3", "year", "criminalisation", "source"]


class PolicyIndexFilter(_CountryYearFilter):
    class Meta:
        model = PolicyIndex
        fields = ["iso3", "year", "source"]


class TipTierFilter(_CountryYearFilter):
    year_min = filters.NumberFilter(field_name="report_year", lookup_expr="gte")
    year_max = filters.NumberFilter(field_name="report_year", lookup_expr="lte")

    class Meta:
        model = TipTier
        fields = ["iso3", "report_year", "tier", "source"]


class TreatyActionFilter(filters.FilterSet):
    iso3 = filters.CharFilter(field_name="country__iso3", lookup_expr="iexact")
    treaty = filters.CharFilter(field_name="treaty__code")
    action = filters.MultipleChoiceFilter(choices=TreatyAction._meta.get_field("action").choices)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    region = filters.CharFilter(
        method="filter_region", help_text="M49 code of any enclosing region"
    )

    class Meta:
        model = TreatyAction
        fields = ["iso3", "treaty", "action", "date_from", "date_to"]

    filter_region = _CountryYearFilter.filter_region


# --- viewsets ----------------------------------------------------------------------------------


class _AuditedViewSet(viewsets.ModelViewSet):
    """Anyone reads; platform admins write, every write through services (audited)."""

    permission_classes = [IsPlatformAdminOrReadOnly]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.create(
            self.request, self.queryset.model, serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.update(
            self.request, serializer.instance, serializer.validated_data
        )

    def perform_destroy(self, instance: Any) -> None:
        services.delete(self.request, instance)


class RegionViewSet(_AuditedViewSet):
    queryset = Region.objects.select_related("parent").order_by("m49")
    serializer_class = RegionSerializer
    filterset_fields = ["m49", "level"]
    ordering_fields = ["m49", "level"]


class CountryViewSet(_AuditedViewSet):
    queryset = Country.objects.select_related(
        "region", "subregion", "intermediate_region"
    ).order_by("iso3")
    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    ordering_fields = ["iso3", "m49"]
    search_fields = ["iso3", "names", "un_names"]


class PopulationViewSet(_AuditedViewSet):
    queryset = Population.objects.select_related("country").order_by(
        "country__iso3", "year", "sex", "age_group"
    )
    serializer_class = PopulationSerializer
    filterset_class = PopulationFilter
    ordering_fields = ["year", "value", "country__iso3"]


class TreatyViewSet(_AuditedViewSet):
    queryset = Treaty.objects.select_related("parent").order_by("untc_id")
    serializer_class = TreatySerializer
    filterset_fields = ["code", "untc_id"]
    ordering_fields = ["untc_id", "code"]


class TreatyActionViewSet(_AuditedViewSet):
    queryset = TreatyAction.objects.select_related("treaty", "country").order_by(
        "date", "country__iso3"
    )
    serializer_class = TreatyActionSerializer
    filterset_class = TreatyActionFilter
    ordering_fields = ["date", "country__iso3", "action"]


class LegislationViewSet(_AuditedViewSet):
    queryset = LegislationStatus.objects.select_related("country").order_by("country__iso3", "year")
    serializer_class = LegislationSerializer
    filterset_class = LegislationFilter
    ordering_fields = ["year", "country__iso3"]


class PolicyIndexViewSet(_AuditedViewSet):
    queryset = PolicyIndex.objects.select_related("country").order_by("country__iso3", "year")
    serializer_class = PolicyIndexSerializer
    filterset_class = PolicyIndexFilter
    ordering_fields = ["year", "total", "country__iso3"]


class TipTierViewSet(_AuditedViewSet):
    queryset = TipTier.objects.select_related("country").order_by("country__iso3", "report_year")
    serializer_class = TipTierSerializer
    filterset_class = TipTierFilter
    ordering_fields = ["report_year", "tier", "country__iso3"]


def register(router: BaseRouter) -> None:
    router.register("reference/regions", RegionViewSet, basename="region")
    router.register("reference/countries", CountryViewSet, basename="country")
    router.register("reference/population", PopulationViewSet, basename="population")
    router.register("reference/treaties", TreatyViewSet, basename="treaty")
    router.register("reference/treaty-actions", TreatyActionViewSet, basename="treatyaction")
    router.register("reference/legislation", LegislationViewSet, basename="legislation")
    router.register("reference/policy-index", PolicyIndexViewSet, basename="policyindex")
    router.register("reference/tip-tiers", TipTierViewSet, basename="tiptier")
