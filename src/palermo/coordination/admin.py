"""Django admin for coordination records: read-only, because writes must go through services
(validated and audited); edit in the app's pages or the API."""

from typing import Any

from django.contrib import admin

from palermo.coordination import models


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


for model in (
    models.IcatMember,
    models.WorkingGroupSeat,
    models.IcatChair,
    models.Meeting,
    models.Publication,
    models.Activity,
    models.Campaign,
    models.CampaignAdoption,
    models.CampaignResult,
    models.WorldDay,
    models.Resource,
):
    admin.site.register(model, ReadOnlyAdmin)
