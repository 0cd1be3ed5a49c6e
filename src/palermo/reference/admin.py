"""Django admin for reference data: search and filters; changes here are audited like API writes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from palermo.reference import models as m
from palermo.reference import services


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        values = {f: form.cleaned_data[f] for f in form.changed_data if f in form.cleaned_data}
        if change:
            services.update(request, obj, values)
        else:
            obj.save()
            services.audit_created(request, obj)

    def delete_model(self, request: Any, obj: Any) -> None:
        services.delete(request, obj)


@admin.register(m.Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["m49", "__str__", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["m49", "names"]


@admin.register(m.Country)
class CountryAdmin(AuditedAdmin):
    list_display = ["iso3", "iso2", "m49", "__str__", "region", "subregion", "is_un_member"]
    list_filter = [
        "region",
        "subregion",
        "ldc",
        "lldc",
        "sids",
        "is_un_member",
        "is_observer_state",
    ]
    search_fields = ["iso3", "iso2", "m49", "names", "un_names"]


@admin.register(m.Population)
class PopulationAdmin(AuditedAdmin):
    list_display = ["country", "year", "sex", "age_group", "value", "source"]
    list_filter = ["source", "sex", "year"]
    search_fields = ["country__iso3"]
    raw_id_fields = ["country"]


@admin.register(m.Treaty)
class TreatyAdmin(AuditedAdmin):
    list_display = ["code", "untc_id", "__str__", "entry_into_force"]


@admin.register(m.TreatyAction)
class TreatyActionAdmin(AuditedAdmin):
    list_display = ["country", "treaty", "action", "date", "source", "loaded_from"]
    list_filter = ["treaty", "action", "loaded_from"]
    search_fields = ["country__iso3", "source", "note"]
    date_hierarchy = "date"
    raw_id_fields = ["country"]


@admin.register(m.LegislationStatus)
class LegislationStatusAdmin(AuditedAdmin):
    list_display = ["country", "year", "criminalisation", "source"]
    list_filter = ["criminalisation", "source", "year"]
    search_fields = ["country__iso3"]
    raw_id_fields = ["country"]


@admin.register(m.PolicyIndex)
class PolicyIndexAdmin(AuditedAdmin):
    list_display = ["country", "year", "prosecution", "prevention", "protection", "total"]
    list_filter = ["year"]
    search_fields = ["country__iso3"]
    raw_id_fields = ["country"]


@admin.register(m.TipTier)
class TipTierAdmin(AuditedAdmin):
    list_display = ["country", "report_year", "tier", "source"]
    list_filter = ["tier", "report_year", "source"]
    search_fields = ["country__iso3"]
    raw_id_fields = ["country"]
